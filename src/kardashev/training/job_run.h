// A JobRun is one training job's phase machine in the fleet simulation, and
// the bookkeeping of its outcome. The job is running (training in a segment
// since its last restart), waiting (for its gang of nodes to be whole),
// restarting (reloading its checkpoint) or done (it reached its target).
//
// Every method takes the current simulated time and changes only the run; the
// caller owns the event loop and the nodes, and acts on what methods return:
// the delay after which to schedule a restart or a finish, or whether the gang
// is to be freed. Each interruption and preemption bumps the run's
// epoch; an event scheduled under an older epoch is stale, and the caller drops
// it with IsCurrent(). Epochs rather than EventLoop::Cancel: a stale event
// still runs (as a no-op), and the number of events run is part of a fleet's
// outcome, which must not change with how stale events are handled.
//
// Time conservation: at the end, training + power-throttled + lost work +
// checkpointing + restarting + waiting = the time the job existed (to within
// a second for a job that reached its target, whose training time is set to
// the target exactly).
#ifndef KARDASHEV_TRAINING_JOB_RUN_H_
#define KARDASHEV_TRAINING_JOB_RUN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "kardashev/fleet/cluster.h"
#include "kardashev/training/job.h"

namespace kardashev::training {

enum class JobPhase : std::uint8_t { kRunning, kWaiting, kRestarting, kDone };

class JobRun {
 public:
  // A job that starts running at time 0 on a whole gang. Its checkpoint
  // interval is the configured one or the Young/Daly optimum for
  // `interruption_rate_per_gpu_s` (per GPU, per second).
  JobRun(const TrainingJobConfig& cfg, double interruption_rate_per_gpu_s,
         double horizon_s);

  JobPhase phase() const { return phase_; }
  bool running() const { return phase_ == JobPhase::kRunning; }
  bool done() const { return phase_ == JobPhase::kDone; }
  std::uint32_t epoch() const { return epoch_; }
  // True when an event scheduled under `epoch` for `phase` still applies.
  bool IsCurrent(std::uint32_t epoch, JobPhase phase) const {
    return epoch == epoch_ && phase == phase_;
  }

  // A node of the gang failed with component `cause`: a running job loses its
  // work since the last checkpoint, and any job training or restarting waits
  // for its gang again.
  void Interrupt(double now_s, const std::string& cause, bool planned);

  // A service takes the job's nodes: it stops whole and waits. Returns false
  // (and does nothing) when the job is done; else the caller frees its gang.
  bool Preempt(double now_s);

  // The gang is whole again. When the job was waiting, it starts restarting;
  // returns the restart's duration, after which to call EndRestart under
  // the current epoch. Otherwise nothing.
  std::optional<double> BeginRestart(double now_s);

  // REQUIRES: IsCurrent(epoch scheduled, kRestarting).
  void EndRestart(double now_s);

  // The wall time from now after which, running without interruption, the job
  // reaches its target; nothing when it has none.
  std::optional<double> WallTimeToTargetS() const;

  // A scheduled finish arrived. Returns true when the job reached its target
  // (it is done; the caller frees its gang); false when power shedding slowed
  // it, and it trains on (the caller schedules the next finish).
  // REQUIRES: IsCurrent(epoch scheduled, kRunning).
  bool Finish(double now_s);

  // Running time lost to power shedding, as it accrues.
  void AddThrottledS(double throttled_s) { throttled_s_ += throttled_s; }

  // Closes the run at the end of the horizon (`now_s`) and returns its
  // outcome; `max_pods_spanned` and `pods_spanned_end` are its gang's.
  TrainingOutcome Close(double now_s, double horizon_s,
                        const fleet::ClusterConfig& cluster,
                        int max_pods_spanned, int pods_spanned_end);

 private:
  // Ends the running segment now: completed checkpoints are kept; the work
  // since the last one is kept only at the end of the horizon
  // (`keep_unsaved`), and lost otherwise.
  void CloseSegment(double now_s, bool keep_unsaved);
  double EffectiveTrainingS() const { return out_.training_s - throttled_s_; }

  TrainingOutcome out_;
  JobTiming timing_;
  double target_tokens_ = 0;
  double target_training_s_ = 0;  // reaches the target tokens (0: none)
  JobPhase phase_ = JobPhase::kRunning;
  double segment_start_s_ = 0;  // when the current running segment began
  double phase_start_s_ = 0;    // when the waiting or restarting phase began
  std::uint32_t epoch_ = 0;
  double throttled_s_ = 0;  // running time lost to power shedding
  bool preempted_ = false;  // waiting or restarting after a preemption
};

}  // namespace kardashev::training

#endif  // KARDASHEV_TRAINING_JOB_RUN_H_
