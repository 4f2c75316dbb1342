#include "kardashev/training/job_run.h"

#include <algorithm>
#include <cmath>

namespace kardashev::training {

JobRun::JobRun(const TrainingJobConfig& cfg, double interruption_rate_per_gpu_s,
               double horizon_s, double job_scope_rate_per_gpu_s) {
  out_.name = cfg.name;
  out_.tenant = cfg.tenant;
  out_.model = cfg.model;
  out_.gpus = cfg.gpus;
  out_.mfu = cfg.step.mfu;
  out_.hfu = cfg.step.hfu;
  out_.step_time_s = cfg.step.step_time_s;
  out_.tokens_per_s = cfg.step.tokens_per_s;
  out_.checkpoint_write_s = cfg.CheckpointWriteS();
  out_.checkpoint_copy_bytes = cfg.checkpoint_copy_bytes;
  out_.checkpoint_copy_bytes_per_s = cfg.checkpoint_copy_bytes_per_s;
  mode_ = cfg.fault_tolerance;
  out_.fault_tolerance = cfg.fault_tolerance;
  out_.recovery = cfg.recovery;
  out_.memory_checkpoint = cfg.memory_checkpoint;
  out_.domains = std::max<std::int64_t>(1, cfg.domains);
  out_.restart = cfg.restart;
  out_.rejoin = cfg.rejoin;
  step_s_ = cfg.step.step_time_s;
  fielded_ = out_.domains;
  const double rate =
      (replica() ? job_scope_rate_per_gpu_s : interruption_rate_per_gpu_s) *
      static_cast<double>(cfg.gpus);
  out_.mtbi_s = rate > 0 ? 1.0 / rate : horizon_s;
  out_.checkpoint_interval_s =
      cfg.checkpoint_interval_s > 0
          ? cfg.checkpoint_interval_s
          : DalyOptimalIntervalS(out_.checkpoint_write_s, out_.mtbi_s);
  // An in-memory checkpoint is cheap enough that the optimum can fall below
  // a step; checkpoints are taken between steps, so at least one apart.
  if (cfg.memory_checkpoint) {
    out_.checkpoint_interval_s =
        std::max(out_.checkpoint_interval_s, cfg.step.step_time_s);
  }
  timing_.interval_s = out_.checkpoint_interval_s;
  timing_.checkpoint_s = out_.checkpoint_write_s;
  timing_.restart_s = cfg.restart_s;
  target_tokens_ = cfg.target_tokens;
  target_training_s_ =
      cfg.target_tokens > 0 ? cfg.target_tokens / cfg.step.tokens_per_s : 0;
}

void JobRun::CloseSegment(double now_s, bool keep_unsaved) {
  const auto p = ProgressAfter(timing_, now_s - segment_start_s_);
  out_.training_s += p.saved_s + (keep_unsaved ? p.unsaved_s : 0.0);
  if (!keep_unsaved) out_.lost_work_s += p.unsaved_s;
  out_.checkpointing_s += p.checkpoint_s;
}

void JobRun::CountInterruption(const std::string& cause, bool planned) {
  ++out_.interruptions;
  ++(planned ? out_.planned : out_.unexpected);
  ++out_.by_cause[cause];
}

void JobRun::Interrupt(double now_s, const std::string& cause, bool planned) {
  if (phase_ == JobPhase::kDone) return;
  if (phase_ == JobPhase::kWaiting) return;  // not training: nothing is lost
  if (replica()) {
    Accrue(now_s);
    if (phase_ == JobPhase::kRunning) LoseUnsaved();
    CountInterruption(cause, planned);
    ++epoch_;
    phase_ = JobPhase::kWaiting;
    return;
  }
  if (phase_ == JobPhase::kRunning) {
    CloseSegment(now_s, false);
  } else {
    out_.restarting_s += now_s - phase_start_s_;
  }
  ++out_.interruptions;
  ++(planned ? out_.planned : out_.unexpected);
  ++out_.by_cause[cause];
  ++epoch_;
  phase_ = JobPhase::kWaiting;
  phase_start_s_ = now_s;
}

bool JobRun::Preempt(double now_s) {
  if (replica()) {
    if (phase_ == JobPhase::kDone) return false;
    Accrue(now_s);
    if (phase_ == JobPhase::kRunning) {
      const double lost_before = out_.lost_work_s;
      LoseUnsaved();
      out_.preemption_lost_work_s += out_.lost_work_s - lost_before;
    }
    ++out_.preemptions;
    ++epoch_;
    phase_ = JobPhase::kWaiting;
    preempted_ = true;
    return true;
  }
  switch (phase_) {
    case JobPhase::kRunning: {
      const double lost_before = out_.lost_work_s;
      CloseSegment(now_s, false);
      out_.preemption_lost_work_s += out_.lost_work_s - lost_before;
      break;
    }
    case JobPhase::kRestarting:
      out_.restarting_s += now_s - phase_start_s_;
      if (preempted_) out_.preemption_restart_s += now_s - phase_start_s_;
      break;
    case JobPhase::kWaiting:
      out_.waiting_s += now_s - phase_start_s_;
      if (preempted_) out_.preemption_waiting_s += now_s - phase_start_s_;
      break;
    case JobPhase::kDone:
      return false;
  }
  ++out_.preemptions;
  ++epoch_;
  phase_ = JobPhase::kWaiting;
  phase_start_s_ = now_s;
  preempted_ = true;
  return true;
}

std::optional<double> JobRun::BeginRestart(double now_s) {
  if (phase_ != JobPhase::kWaiting) return std::nullopt;
  ++out_.job_restarts;
  if (replica()) {
    Accrue(now_s);
    phase_ = JobPhase::kRestarting;
    return timing_.restart_s;
  }
  out_.waiting_s += now_s - phase_start_s_;
  if (preempted_) out_.preemption_waiting_s += now_s - phase_start_s_;
  phase_ = JobPhase::kRestarting;
  phase_start_s_ = now_s;
  return timing_.restart_s;
}

void JobRun::EndRestart(double now_s) {
  if (replica()) {
    Accrue(now_s);
    preempted_ = false;
    phase_ = JobPhase::kRunning;
    segment_start_s_ = now_s;
    unsaved_w_s_ = 0;
    return;
  }
  out_.restarting_s += now_s - phase_start_s_;
  if (preempted_) {
    out_.preemption_restart_s += now_s - phase_start_s_;
    preempted_ = false;
  }
  phase_ = JobPhase::kRunning;
  segment_start_s_ = now_s;
}

std::optional<double> JobRun::WallTimeToTargetS(double now_s) const {
  if (target_training_s_ <= 0) return std::nullopt;
  const double remaining = target_training_s_ - EffectiveTrainingS();
  if (!replica()) return WallTimeFor(timing_, remaining);
  if (phase_ != JobPhase::kRunning || fielded_ == 0) return std::nullopt;
  return WallTimeAfter(timing_, now_s - segment_start_s_,
                       remaining / FieldedShare());
}

bool JobRun::Finish(double now_s) {
  if (replica()) {
    Accrue(now_s);
    if (EffectiveTrainingS() < target_training_s_ - 1.0) return false;
    training_w_s_ = target_training_s_ + throttled_s_;
    out_.finished = true;
    out_.time_to_train_s = now_s;
    phase_ = JobPhase::kDone;
    return true;
  }
  CloseSegment(now_s, true);
  if (EffectiveTrainingS() < target_training_s_ - 1.0) {
    // Power shedding slowed the job: it trains on for the time it lost.
    segment_start_s_ = now_s;
    return false;
  }
  out_.training_s = target_training_s_;  // exact, despite rounded event times
  out_.finished = true;
  out_.time_to_train_s = now_s;
  phase_ = JobPhase::kDone;
  return true;
}

TrainingOutcome JobRun::Close(double now_s, double horizon_s,
                              const fleet::ClusterConfig& cluster,
                              int max_pods_spanned, int pods_spanned_end) {
  auto& to = out_;
  const double end_s = to.finished ? to.time_to_train_s : horizon_s;
  if (replica()) {
    Accrue(now_s);
    to.training_s = to.finished ? target_training_s_ : training_w_s_;
    to.restarting_s = to.restarting_job_s + to.restarting_rejoin_s;
    to.mean_width = running_s_ > 0 ? width_s_ / running_s_ : 0;
    to.reduced_width_share = running_s_ > 0 ? narrow_s_ / running_s_ : 0;
    phase_ = JobPhase::kDone;
  }
  if (phase_ == JobPhase::kRunning) CloseSegment(now_s, true);
  if (phase_ == JobPhase::kWaiting) to.waiting_s += end_s - phase_start_s_;
  if (phase_ == JobPhase::kRestarting) {
    to.restarting_s += end_s - phase_start_s_;
  }
  if (!to.finished) to.training_s = std::max(0.0, to.training_s - throttled_s_);
  to.power_throttled_s = throttled_s_;
  if (!replica()) to.restarting_job_s = to.restarting_s;
  to.min_pods = cluster.pod_nodes > 0
                    ? static_cast<int>((to.gpus / cluster.node.gpus +
                                        cluster.pod_nodes - 1) /
                                       cluster.pod_nodes)
                    : 1;
  to.max_pods_spanned = max_pods_spanned;
  to.pods_spanned_end = pods_spanned_end;
  to.tokens_trained = to.training_s * to.tokens_per_s;
  to.ettr = end_s > 0 ? to.training_s / end_s : 0;
  if (!to.finished && target_tokens_ > 0 && to.tokens_trained > 0) {
    to.time_to_train_s = horizon_s * target_tokens_ / to.tokens_trained;
  }
  return std::move(out_);
}

}  // namespace kardashev::training

namespace kardashev::training {

void JobRun::SetDomains(double now_s, std::int64_t fielded,
                        std::int64_t rejoining) {
  Accrue(now_s);
  if (fielded != fielded_) ++width_epoch_;
  fielded_ = fielded;
  rejoining_ = rejoining;
}

void JobRun::GroupFailed(double now_s, const std::string& cause, bool planned) {
  if (phase_ == JobPhase::kDone || phase_ == JobPhase::kWaiting) return;
  Accrue(now_s);
  CountInterruption(cause, planned);
  if (phase_ != JobPhase::kRunning) return;
  // The surviving groups stall in their next collective until the failure is
  // detected and the quorum re-formed without the group: detection_s of
  // their training, counted as restarting.
  const double stall = std::min(std::max(0.0, training_w_s_ - unsaved_w_s_),
                                FieldedShare() * out_.rejoin.detection_s);
  training_w_s_ -= stall;
  out_.restarting_rejoin_s += stall;
  if (step_s_ <= 0) return;
  // The step in flight: from the last step boundary, unless the job is
  // writing a checkpoint (its last step completed before it).
  const double cycle_s = timing_.interval_s + timing_.checkpoint_s;
  const double in_cycle_s = std::fmod(now_s - segment_start_s_, cycle_s);
  if (in_cycle_s >= timing_.interval_s) return;
  const double lost =
      std::min(unsaved_w_s_, FieldedShare() * std::fmod(in_cycle_s, step_s_));
  training_w_s_ -= lost;
  unsaved_w_s_ -= lost;
  out_.lost_work_s += lost;
}

void JobRun::LoseUnsaved() {
  training_w_s_ -= unsaved_w_s_;
  out_.lost_work_s += unsaved_w_s_;
  unsaved_w_s_ = 0;
}

void JobRun::Accrue(double now_s) {
  const double dt_s = now_s - accrued_s_;
  accrued_s_ = std::max(accrued_s_, now_s);
  if (dt_s <= 0) return;
  const double domains = static_cast<double>(out_.domains);
  const double whole = static_cast<double>(fielded_ + rejoining_) / domains;
  const double short_of_nodes =
      static_cast<double>(out_.domains - fielded_ - rejoining_) / domains;
  switch (phase_) {
    case JobPhase::kRunning:
      AccrueRunning(now_s, dt_s);
      break;
    case JobPhase::kRestarting:
      out_.restarting_job_s += whole * dt_s;
      out_.waiting_s += short_of_nodes * dt_s;
      if (preempted_) out_.preemption_restart_s += dt_s;
      break;
    case JobPhase::kWaiting:
      out_.waiting_s += dt_s;
      if (preempted_) out_.preemption_waiting_s += dt_s;
      break;
    case JobPhase::kDone:
      break;
  }
}

// The fielded share trains (with checkpoints), rejoining groups restart, the
// rest wait for nodes.
void JobRun::AccrueRunning(double now_s, double dt_s) {
  const double w = FieldedShare();
  const double r =
      static_cast<double>(rejoining_) / static_cast<double>(out_.domains);
  const SegmentProgress p0 =
      ProgressAfter(timing_, now_s - dt_s - segment_start_s_);
  const SegmentProgress p1 = ProgressAfter(timing_, now_s - segment_start_s_);
  const double trained =
      (p1.saved_s + p1.unsaved_s) - (p0.saved_s + p0.unsaved_s);
  training_w_s_ += w * trained;
  out_.checkpointing_s += w * (p1.checkpoint_s - p0.checkpoint_s);
  if (p1.saved_s > p0.saved_s) {
    unsaved_w_s_ = w * p1.unsaved_s;  // a checkpoint completed on the way
  } else {
    unsaved_w_s_ += w * (p1.unsaved_s - p0.unsaved_s);
  }
  const double short_of_nodes =
      static_cast<double>(out_.domains - fielded_ - rejoining_) /
      static_cast<double>(out_.domains);
  out_.restarting_rejoin_s += r * dt_s;
  out_.waiting_s += short_of_nodes * dt_s;
  running_s_ += dt_s;
  width_s_ += w * dt_s;
  if (fielded_ < out_.domains) narrow_s_ += dt_s;
}

}  // namespace kardashev::training
