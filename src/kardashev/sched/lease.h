// A lease: a tenant rents a fixed number of GPUs of one cluster for the whole
// horizon at a price per GPU-hour. The operator keeps the lease whole: when a
// leased node fails, a spare node from the cluster's pool replaces it after a
// swap time; when no spare is free, the lease runs short until a repaired node
// comes back. The tenant is billed for the contracted GPU-hours; in each
// billing period whose availability (delivered / contracted GPU-hours) falls
// below the SLA, the operator credits a share of that period's bill, as cloud
// SLAs do.
//
// A LeaseBook keeps one lease's accounts as the simulation runs: the GPU-hours
// delivered, the current billing period, and the credits of the periods that
// closed.
//
// BillPeriod is the one billing rule of a lease, at the event level (each
// billing period of a LeaseBook) and at the growth level (each month of a
// growth lease) alike: the period's contracted GPU-hours at the price
// (LeaseBilledUsd), and a credit of sla_credit_fraction of that bill when the
// period's availability (delivered / contracted GPU-hours) falls below
// availability_sla.
#ifndef KARDASHEV_SCHED_LEASE_H_
#define KARDASHEV_SCHED_LEASE_H_

#include <cstdint>
#include <string>

namespace kardashev::sched {

// The money terms of a lease, as both levels read them from the same keys.
struct LeaseTerms {
  double price_usd_per_gpu_hour = 0;
  double availability_sla = 0;     // of contracted GPU-hours per period
  double sla_credit_fraction = 0;  // of a period's bill, below the SLA
};

struct LeaseConfig {
  std::string name;
  std::string tenant;
  int cluster = 0;  // index into the fleet's clusters
  std::int64_t gpus = 0;
  double price_usd_per_gpu_hour = 0;
  double availability_sla =
      0;  // fraction of contracted GPU-hours per billing period
  double sla_credit_fraction =
      0;  // share of a period's bill credited when the SLA is missed
  double billing_period_days = 30;
  double gpu_utilization =
      0;  // the tenant's average GPU utilisation, for power

  LeaseTerms terms() const {
    return {price_usd_per_gpu_hour, availability_sla, sla_credit_fraction};
  }
};

struct LeaseOutcome {
  std::string name;
  std::string tenant;
  std::int64_t gpus = 0;
  double contracted_gpu_hours = 0;
  double delivered_gpu_hours = 0;
  double availability = 0;  // delivered / contracted
  double worst_period_availability = 1;
  int periods = 0;
  int periods_below_sla = 0;
  double revenue_usd = 0;  // billed: contracted GPU-hours x price
  double sla_penalty_usd = 0;
  std::int64_t interruptions = 0;  // leased nodes lost to failures
  double max_shortfall_gpus = 0;
};

// What the tenant is billed for `contracted_gpu_hours`.
inline double LeaseBilledUsd(const LeaseTerms& terms,
                             double contracted_gpu_hours) {
  return contracted_gpu_hours * terms.price_usd_per_gpu_hour;
}

// One billing period's bill and credit (see above).
struct PeriodBill {
  double billed_usd = 0;
  double credit_usd = 0;
  bool below_sla = false;
};
PeriodBill BillPeriod(const LeaseTerms& terms, double contracted_gpu_hours,
                      double delivered_gpu_hours);

class LeaseBook {
 public:
  // A lease over a horizon of `horizon_h`, billed in full from the start.
  LeaseBook(const LeaseConfig& lease, double horizon_h);

  // The lease delivered `working_gpu_h` in an interval while `short_gpus` of
  // its GPUs were missing.
  void Deliver(double working_gpu_h, double short_gpus);
  // A leased node failed.
  void CountInterruption() { ++out_.interruptions; }
  // Closes the billing period ending at `end_s` (from the start of the
  // horizon), crediting a share of its bill when it missed the SLA.
  void ClosePeriod(const LeaseConfig& lease, double end_s);
  // The outcome so far; Close() sets its availability and returns it.
  const LeaseOutcome& outcome() const { return out_; }
  LeaseOutcome Close();

 private:
  LeaseOutcome out_;
  double period_start_s_ = 0;
  double period_delivered_gpu_h_ = 0;
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_LEASE_H_
