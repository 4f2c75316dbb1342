// FleetAccounting sums what the fleet simulation measures between events:
// GPU-hours by state per cluster, the current time-series step, and the
// running totals the monthly ledger takes differences of.
//
// It promises conservation by construction: every interval's GPU-hours of a
// cluster go to exactly one of spare, provisioning, down (AddClusterInterval)
// or, for held nodes, stalled, active or unpowered (AddHeldInterval), so per
// cluster they sum to GPUs x horizon. Sums are taken in the order the caller
// adds, one term at a time.
#ifndef KARDASHEV_SCHED_ACCOUNTING_H_
#define KARDASHEV_SCHED_ACCOUNTING_H_

#include <cstdint>
#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/fleet/node_pool.h"
#include "kardashev/fleet/site.h"
#include "kardashev/fleet/site_energy.h"
#include "kardashev/sched/fleet_outcome.h"
#include "kardashev/sched/fleet_plan.h"
#include "kardashev/sched/lease.h"

namespace kardashev::sched {

// Sums over the current time-series step.
struct StepAccumulator {
  double up_gpu_h = 0;
  double down_gpu_h = 0;
  double active_gpu_h = 0;
  double short_gpu_h = 0;
  double unpowered_gpu_h = 0;
  double energy_mwh = 0;
  double grid_mwh = 0;
  std::int64_t failures = 0;
};

// GPU-hours of a holder's nodes over one interval.
struct HeldInterval {
  double held_gpu_h = 0;
  double working_gpu_h = 0;    // held, powered and working
  double unpowered_gpu_h = 0;  // held, working, but shed
};

// A site's outcome from its running totals and the energy stored at the end
// (batteries start the horizon full).
SiteOutcome MakeSiteOutcome(const fleet::GroundSiteConfig& site,
                            const fleet::SiteEnergyTotals& totals,
                            double stored_wh);

// The money to date at `end_s`: every lease billed for its contracted
// GPU-hours, every service for its tokens served, the SLA credits of the
// billing periods closed, and the energy cost of each site.
econ::MonthFlows MoneyToDate(double end_s, const FleetPlan& plan,
                             const std::vector<LeaseBook>& leases,
                             const std::vector<ServiceOutcome>& services,
                             const std::vector<fleet::SiteEnergyTotals>& sites);

class FleetAccounting {
 public:
  // Unheld nodes of a cluster (`nodes` counts) over `dt_h` hours.
  void AddClusterInterval(const fleet::ClusterNodes& nodes,
                          double gpus_per_node, double dt_h,
                          ClusterOutcome& out);

  // `active_nodes` held by one holder over `dt_h` hours: stalled when it is
  // not `working`, else working but for the `throttle_h` its site shed.
  HeldInterval AddHeldInterval(std::int64_t active_nodes, double gpus_per_node,
                               double dt_h, bool working, double throttle_h,
                               ClusterOutcome& out);

  // GPUs a lease lacked over `dt_h` hours.
  void AddShortfall(double short_gpus, double dt_h) {
    step_.short_gpu_h += short_gpus * dt_h;
  }
  // Energy served to facilities and imported, in one piece of a site's
  // integration.
  void AddEnergy(double served_mwh, double grid_mwh) {
    step_.energy_mwh += served_mwh;
    step_.grid_mwh += grid_mwh;
    cumulative_energy_mwh_ += served_mwh;
  }
  void CountFailure() { ++step_.failures; }

  // Closes the time-series step that ends at `now_s`, with `battery_mwh`
  // stored at its end, appending its row to `rows`; nothing when the step is
  // empty.
  void Sample(double now_s, double battery_mwh,
              std::vector<TimeseriesRow>& rows);

  // Closes the month ending at `totals.end_s`, given the running totals then,
  // and returns the month's flows (the differences from the last close).
  econ::MonthFlows CloseMonth(const econ::MonthFlows& totals);

 private:
  StepAccumulator step_;
  double last_sample_s_ = 0;
  double cumulative_energy_mwh_ = 0;
  econ::MonthFlows month_totals_;  // cumulative at the last month's end
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_ACCOUNTING_H_
