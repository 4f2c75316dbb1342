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
// the target exactly). In replica and elastic modes these are job-equivalent
// seconds (GPU time / the job's GPUs), so the identity holds in GPU time.
//
// Replica and elastic modes (training/fault_tolerance.h). The job's failure
// domains (training/replica_groups.h) are fielded (training), rejoining (a
// group restarting from a peer's state) or stopped (short of a node). While
// the job runs, its fielded share w of the groups trains: the global batch
// shrinks with the data-parallel width (tokens per step fall to w times the
// full batch, the step time is unchanged), so the job trains w seconds of
// full-width work per second; rejoining groups' GPU time counts as
// restarting, stopped groups' as waiting. A node-scope failure stalls every
// fielded group for the recovery set's detection time (their next collective
// waits until the failed rank is detected and the quorum re-formed without
// it; Meta reports this stall at 3 minutes for fault-tolerant HSDP on
// O(100K) GPUs, Salpekar et al., arXiv 2602.00277), counted as restarting,
// and loses their step in flight (the all-reduce fails and the step is
// redone with the new quorum, as torchft does), not the work since the last
// checkpoint. A job-scope failure, or a node failure that
// leaves no group training, stops the job whole: it loses its work since its
// newest checkpoint (an in-memory one survives a node failure, as its peer
// holds a copy) and restarts with the groups that are whole.
#ifndef KARDASHEV_TRAINING_JOB_RUN_H_
#define KARDASHEV_TRAINING_JOB_RUN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "kardashev/fleet/cluster.h"
#include "kardashev/training/fault_tolerance.h"
#include "kardashev/training/job.h"

namespace kardashev::training {

enum class JobPhase : std::uint8_t { kRunning, kWaiting, kRestarting, kDone };

class JobRun {
 public:
  // A job that starts running at time 0 on a whole gang. Its checkpoint
  // interval is the configured one or the Young/Daly optimum for
  // `interruption_rate_per_gpu_s` (per GPU, per second).
  // In replica and elastic modes the optimum follows
  // `job_scope_rate_per_gpu_s` (the failures that stop the whole job) instead.
  JobRun(const TrainingJobConfig& cfg, double interruption_rate_per_gpu_s,
         double horizon_s, double job_scope_rate_per_gpu_s = 0);

  JobPhase phase() const { return phase_; }
  bool running() const { return phase_ == JobPhase::kRunning; }
  bool done() const { return phase_ == JobPhase::kDone; }
  std::uint32_t epoch() const { return epoch_; }
  // True when an event scheduled under `epoch` for `phase` still applies.
  bool IsCurrent(std::uint32_t epoch, JobPhase phase) const {
    return epoch == epoch_ && phase == phase_;
  }

  // Replica or elastic mode.
  bool replica() const { return mode_ != FaultTolerance::kGang; }
  // Its checkpoint interval, checkpoint write and restart times.
  const JobTiming& timing() const { return timing_; }
  // A group's rejoin restart (detection, rescheduling, peer copy, warm-up).
  double rejoin_s() const { return out_.rejoin.total_s(); }

  // Replica/elastic: `fielded` domains now train (or, while the job restarts
  // whole, restart with it) and `rejoining` ones rejoin; the time since the
  // last change is accounted at the old counts first.
  void SetDomains(double now_s, std::int64_t fielded, std::int64_t rejoining);
  // Replica/elastic: a node-scope failure stopped a fielded or rejoining
  // domain. A running job loses the step in flight of its fielded groups.
  void GroupFailed(double now_s, const std::string& cause, bool planned);
  // Replica/elastic: a group finished its rejoin.
  void CountRejoin() { ++out_.group_rejoins; }

  // The epoch a finish event is scheduled under: in replica and elastic modes
  // each change of width makes an earlier finish stale.
  std::uint32_t finish_epoch() const { return epoch_ + width_epoch_; }
  bool IsFinishCurrent(std::uint32_t epoch) const {
    return epoch == finish_epoch() && phase_ == JobPhase::kRunning;
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
  // reaches its target; nothing when it has none (or trains at width 0).
  // REQUIRES: called at a change of phase or width, at `now_s`.
  std::optional<double> WallTimeToTargetS(double now_s) const;

  // A scheduled finish arrived. Returns true when the job reached its target
  // (it is done; the caller frees its gang); false when power shedding slowed
  // it, and it trains on (the caller schedules the next finish).
  // REQUIRES: IsCurrent(epoch scheduled, kRunning).
  bool Finish(double now_s);

  // Running time lost to power shedding, as it accrues (of the fielded share
  // of groups in replica and elastic modes).
  void AddThrottledS(double throttled_s) {
    throttled_s_ += replica() ? throttled_s * FieldedShare() : throttled_s;
  }

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
  double EffectiveTrainingS() const {
    return (replica() ? training_w_s_ : out_.training_s) - throttled_s_;
  }
  double FieldedShare() const {
    return static_cast<double>(fielded_) / static_cast<double>(out_.domains);
  }
  // Replica/elastic: accounts the time from the last change to now at the
  // current phase and counts.
  void Accrue(double now_s);
  void AccrueRunning(double now_s, double dt_s);
  void LoseUnsaved();
  void CountInterruption(const std::string& cause, bool planned);

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
  // Replica and elastic modes.
  FaultTolerance mode_ = FaultTolerance::kGang;
  double step_s_ = 0;
  std::int64_t fielded_ = 0;
  std::int64_t rejoining_ = 0;
  double accrued_s_ = 0;     // time accounted up to
  double training_w_s_ = 0;  // training done, unsaved included
  double unsaved_w_s_ = 0;   // since the newest checkpoint
  double running_s_ = 0;     // wall time running
  double narrow_s_ = 0;      // of it, below full width
  double width_s_ = 0;       // fielded share x running time
  std::uint32_t width_epoch_ = 0;
};

}  // namespace kardashev::training

#endif  // KARDASHEV_TRAINING_JOB_RUN_H_
