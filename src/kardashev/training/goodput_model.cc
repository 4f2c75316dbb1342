#include "kardashev/training/goodput_model.h"

#include <algorithm>

#include "kardashev/training/job.h"

namespace kardashev::training {

namespace {

constexpr double kSecondsPerHour = 3600;

// The wait for a node: a free spare's swap, else a repair.
double WaitForNodeS(const GoodputInput& in) {
  return (1 - in.no_spare_share) * in.spare_swap_s +
         in.no_spare_share * in.repair_s;
}

// Checkpointing, and failures that stop the whole job (each loses the work
// since the last checkpoint, restarts the job and waits for a node), at
// `rate_per_s` whole-job interruptions.
void AddWholeJobStops(const GoodputInput& in, double rate_per_s, Goodput& g) {
  double interval_s = in.checkpoint_interval_s;
  if (interval_s <= 0 && rate_per_s > 0 && in.checkpoint_write_s > 0) {
    interval_s = DalyOptimalIntervalS(in.checkpoint_write_s, 1 / rate_per_s);
  }
  g.checkpoint_interval_s = interval_s;
  g.mtbi_s = rate_per_s > 0 ? 1 / rate_per_s : 0;
  if (interval_s > 0) g.checkpoint_share = in.checkpoint_write_s / interval_s;
  g.lost_work_share += rate_per_s * (interval_s + in.checkpoint_write_s) / 2;
  g.restart_share += rate_per_s * in.gang_restart.total_s();
  g.waiting_share += rate_per_s * WaitForNodeS(in);
}

// Node failures that stop only the groups on the node (replica and elastic).
void AddGroupStops(const GoodputInput& in, double rate_per_s, Goodput& g) {
  const double n = static_cast<double>(in.gpus);
  const double stopped =
      static_cast<double>(std::max<std::int64_t>(in.group_gpus, in.node_gpus));
  const double restart_gpu_s = stopped * in.group_restart.total_s();
  double waiting_gpu_s = stopped * WaitForNodeS(in);
  if (in.mode == FaultTolerance::kElastic) {
    // Without a free spare, only the failed node's GPUs wait for its repair.
    waiting_gpu_s = stopped * (1 - in.no_spare_share) * in.spare_swap_s +
                    in.node_gpus * in.no_spare_share * in.repair_s;
  }
  g.restart_share += rate_per_s * restart_gpu_s / n;
  g.waiting_share += rate_per_s * waiting_gpu_s / n;
  // The other groups stall until the failure is detected, and lose the step
  // in flight.
  g.restart_share +=
      rate_per_s * (n - stopped) / n * in.group_restart.detection_s;
  g.lost_work_share += rate_per_s * in.step_time_s;
}

}  // namespace

FailureScope ScopeOf(const catalog::FailureComponent& component) {
  return component.job_scope ? FailureScope::kJob : FailureScope::kNode;
}

FailureRatesByScope RatesByScope(
    const std::vector<catalog::FailureComponent>& components,
    const fleet::FailureModelConfig& config) {
  FailureRatesByScope r;
  for (const auto& c : components) {
    if (c.planned && !config.include_planned) continue;
    const double rate = c.rate_per_gpu_hour * config.rate_scale;
    (ScopeOf(c) == FailureScope::kJob ? r.job_per_gpu_h : r.node_per_gpu_h) +=
        rate;
  }
  return r;
}

Goodput EstimateGoodput(const GoodputInput& in) {
  const double n = static_cast<double>(in.gpus);
  const double node_rate_per_s =
      in.node_failures_per_gpu_h * n / kSecondsPerHour;
  const double job_rate_per_s = in.job_failures_per_gpu_h * n / kSecondsPerHour;
  Goodput g;
  if (in.mode == FaultTolerance::kGang) {
    AddWholeJobStops(in, node_rate_per_s + job_rate_per_s, g);
  } else {
    AddWholeJobStops(in, job_rate_per_s, g);
    AddGroupStops(in, node_rate_per_s, g);
  }
  const double waste = g.checkpoint_share + g.lost_work_share +
                       g.restart_share + g.waiting_share;
  g.first_order_valid = waste <= kFirstOrderMaxWaste;
  g.ettr = std::clamp(1 - waste, 0.0, 1.0);
  return g;
}

}  // namespace kardashev::training
