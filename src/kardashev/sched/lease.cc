#include "kardashev/sched/lease.h"

#include <algorithm>

#include "kardashev/sim/time.h"

namespace kardashev::sched {

LeaseBook::LeaseBook(const LeaseConfig& l, double horizon_h) {
  out_.name = l.name;
  out_.tenant = l.tenant;
  out_.gpus = l.gpus;
  out_.contracted_gpu_hours = static_cast<double>(l.gpus) * horizon_h;
  out_.revenue_usd = LeaseBilledUsd(l.terms(), out_.contracted_gpu_hours);
}

PeriodBill BillPeriod(const LeaseTerms& terms, double contracted_gpu_hours,
                      double delivered_gpu_hours) {
  PeriodBill b;
  b.billed_usd = LeaseBilledUsd(terms, contracted_gpu_hours);
  const double availability = contracted_gpu_hours > 0
                                  ? delivered_gpu_hours / contracted_gpu_hours
                                  : 1.0;
  // A relative tolerance, so that a period delivered in full is not found
  // short by rounding.
  b.below_sla = availability < terms.availability_sla * (1 - 1e-12);
  if (b.below_sla) b.credit_usd = terms.sla_credit_fraction * b.billed_usd;
  return b;
}

void LeaseBook::Deliver(double working_gpu_h, double short_gpus) {
  period_delivered_gpu_h_ += working_gpu_h;
  out_.delivered_gpu_hours += working_gpu_h;
  out_.max_shortfall_gpus = std::max(out_.max_shortfall_gpus, short_gpus);
}

void LeaseBook::ClosePeriod(const LeaseConfig& lease, double end_s) {
  const double hours = (end_s - period_start_s_) / sim::kSecondsPerHour;
  if (hours <= 0) return;
  const double contracted = static_cast<double>(lease.gpus) * hours;
  const double availability =
      contracted > 0 ? period_delivered_gpu_h_ / contracted : 1.0;
  ++out_.periods;
  out_.worst_period_availability =
      std::min(out_.worst_period_availability, availability);
  const PeriodBill bill =
      BillPeriod(lease.terms(), contracted, period_delivered_gpu_h_);
  if (bill.below_sla) {
    ++out_.periods_below_sla;
    out_.sla_penalty_usd += bill.credit_usd;
  }
  period_start_s_ = end_s;
  period_delivered_gpu_h_ = 0;
}

LeaseOutcome LeaseBook::Close() {
  out_.availability = out_.contracted_gpu_hours > 0
                          ? out_.delivered_gpu_hours / out_.contracted_gpu_hours
                          : 1.0;
  return out_;
}

}  // namespace kardashev::sched
