#include "kardashev/training/job_run.h"

#include <algorithm>

namespace kardashev::training {

JobRun::JobRun(const TrainingJobConfig& cfg, double interruption_rate_per_gpu_s,
               double horizon_s) {
  out_.name = cfg.name;
  out_.tenant = cfg.tenant;
  out_.model = cfg.model;
  out_.gpus = cfg.gpus;
  out_.mfu = cfg.step.mfu;
  out_.hfu = cfg.step.hfu;
  out_.step_time_s = cfg.step.step_time_s;
  out_.tokens_per_s = cfg.step.tokens_per_s;
  out_.checkpoint_write_s =
      cfg.checkpoint_bytes / cfg.checkpoint_write_bytes_per_s;
  const double rate =
      interruption_rate_per_gpu_s * static_cast<double>(cfg.gpus);
  out_.mtbi_s = rate > 0 ? 1.0 / rate : horizon_s;
  out_.checkpoint_interval_s =
      cfg.checkpoint_interval_s > 0
          ? cfg.checkpoint_interval_s
          : DalyOptimalIntervalS(out_.checkpoint_write_s, out_.mtbi_s);
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

void JobRun::Interrupt(double now_s, const std::string& cause, bool planned) {
  if (phase_ == JobPhase::kDone) return;
  if (phase_ == JobPhase::kWaiting) return;  // not training: nothing is lost
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
  out_.waiting_s += now_s - phase_start_s_;
  if (preempted_) out_.preemption_waiting_s += now_s - phase_start_s_;
  phase_ = JobPhase::kRestarting;
  phase_start_s_ = now_s;
  return timing_.restart_s;
}

void JobRun::EndRestart(double now_s) {
  out_.restarting_s += now_s - phase_start_s_;
  if (preempted_) {
    out_.preemption_restart_s += now_s - phase_start_s_;
    preempted_ = false;
  }
  phase_ = JobPhase::kRunning;
  segment_start_s_ = now_s;
}

std::optional<double> JobRun::WallTimeToTargetS() const {
  if (target_training_s_ <= 0) return std::nullopt;
  const double remaining = target_training_s_ - EffectiveTrainingS();
  return WallTimeFor(timing_, remaining);
}

bool JobRun::Finish(double now_s) {
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
  if (phase_ == JobPhase::kRunning) CloseSegment(now_s, true);
  if (phase_ == JobPhase::kWaiting) to.waiting_s += end_s - phase_start_s_;
  if (phase_ == JobPhase::kRestarting) {
    to.restarting_s += end_s - phase_start_s_;
  }
  if (!to.finished) to.training_s = std::max(0.0, to.training_s - throttled_s_);
  to.power_throttled_s = throttled_s_;
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
