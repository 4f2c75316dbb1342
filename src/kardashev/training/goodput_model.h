// The effective training time ratio (ETTR) of a training job under failures,
// analytically, per fault-tolerance mode (training/fault_tolerance.h): the
// share of wall time that becomes kept training progress. Goodput is the
// job's tokens/s times its ETTR. A pure function of plain inputs.
//
// Failures arrive as Poisson processes with rates per GPU-hour of two scopes:
// node scope (a node's hardware, maintenance: the node must be replaced) and
// job scope (software, dependencies, unknown causes: the whole job stops
// whatever its mode). Per failure, the job pays:
//  - gang: every failure stops the job. It loses the work since its last
//    checkpoint, (interval + checkpoint_s) / 2 on average, waits for a node
//    and restarts. Checkpoints cost checkpoint_s / interval, with the interval
//    the Young/Daly optimum for the total rate unless given.
//  - replica: a node failure stops only the groups on that node, max(group,
//    node GPUs) of the N GPUs, for the wait for a node plus a group restart
//    from a peer; the rest of the job stalls until the failure is detected
//    (the group restart's detection time) and loses the step in flight.
//    Job-scope failures act as in gang mode, and the Daly interval follows
//    their rate only (no checkpoint cost when there are none).
//  - elastic: as replica, except when no spare is free: then the job
//    re-forms its groups without the failed node at once (the group restart
//    it pays anyway), and only the node's own GPUs wait for the repair rather
//    than the whole stopped group. GPU-seconds lost per node failure:
//    G * R_group + G * (1 - p) * swap + node * p * repair, G = max(group,
//    node GPUs), p = no_spare_share. Regrowing when the node returns is taken
//    as free (it joins as a spare for the next failure).
// The wait for a node is the spare swap time when a spare is free and the mean
// repair time when none is (`no_spare_share` of failures).
//
// First-order model: the waste terms add, and at most one failure is handled
// at a time. It holds while the mean time between interruptions is well above
// the interval + checkpoint + restart + wait, i.e. while the waste is small
// (first_order_valid says whether the waste is under 30%); beyond it the ETTR
// is clamped at 0.
#ifndef KARDASHEV_TRAINING_GOODPUT_MODEL_H_
#define KARDASHEV_TRAINING_GOODPUT_MODEL_H_

#include <cstdint>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/training/fault_tolerance.h"

namespace kardashev::training {

struct GoodputInput {
  FaultTolerance mode = FaultTolerance::kGang;
  std::int64_t gpus = 0;        // N
  std::int64_t group_gpus = 0;  // tp x pp x cp: one copy of the model
  int node_gpus = 1;
  double node_failures_per_gpu_h = 0;
  double job_failures_per_gpu_h = 0;
  double spare_swap_s = 0;    // to bring in a free spare node
  double repair_s = 0;        // mean repair time of a failed node
  double no_spare_share = 0;  // of node failures that find no free spare
  RestartBreakdown gang_restart;
  RestartBreakdown group_restart;  // one group, state from a peer
  double checkpoint_write_s = 0;
  double checkpoint_interval_s = 0;  // 0: the Young/Daly optimum
  double step_time_s = 0;
};

struct Goodput {
  double ettr = 0;    // in [0, 1]
  double mtbi_s = 0;  // between interruptions of the whole job (0: none)
  double checkpoint_interval_s = 0;  // 0 when no checkpoint is needed
  // Shares of wall time (first order; they add up to 1 - ettr unclamped).
  double checkpoint_share = 0;
  double lost_work_share = 0;  // work since the last checkpoint, steps lost
  double restart_share = 0;    // restarts, of the job or of groups
  double waiting_share = 0;    // waiting for a node
  bool first_order_valid = true;
};

// REQUIRES: gpus >= group_gpus >= 1, node_gpus >= 1, rates >= 0, times >= 0,
// no_spare_share in [0, 1].
Goodput EstimateGoodput(const GoodputInput& input);

// What a failure of a catalog component stops: its node, or the whole job.
enum class FailureScope : std::uint8_t { kNode, kJob };

// The scope of a component: "Dependency" and "Unknown" causes (software,
// storage, collective timeouts) stop the whole job; the others a node.
FailureScope ScopeOf(const catalog::FailureComponent& component);

struct FailureRatesByScope {
  double node_per_gpu_h = 0;
  double job_per_gpu_h = 0;
};

// The components' rates by scope, scaled by `config.rate_scale`, planned
// maintenance included only when `config.include_planned`.
FailureRatesByScope RatesByScope(
    const std::vector<catalog::FailureComponent>& components,
    const fleet::FailureModelConfig& config);

// Above this waste the first-order model is no longer a good approximation.
inline constexpr double kFirstOrderMaxWaste = 0.3;

}  // namespace kardashev::training

#endif  // KARDASHEV_TRAINING_GOODPUT_MODEL_H_
