#include "kardashev/training/job.h"

#include <algorithm>
#include <cmath>

namespace kardashev::training {

double DalyOptimalIntervalS(double checkpoint_s, double mtbi_s) {
  if (checkpoint_s >= 2 * mtbi_s) return mtbi_s;
  const double x = checkpoint_s / (2 * mtbi_s);
  return std::sqrt(2 * checkpoint_s * mtbi_s) * (1 + std::sqrt(x) / 3 + x / 9) -
         checkpoint_s;
}

SegmentProgress ProgressAfter(const JobTiming& t, double elapsed_s) {
  SegmentProgress p;
  if (elapsed_s <= 0) return p;
  const double cycle = t.interval_s + t.checkpoint_s;
  const double cycles = std::floor(elapsed_s / cycle);
  const double rest = elapsed_s - cycles * cycle;
  p.saved_s = cycles * t.interval_s;
  p.unsaved_s = std::min(rest, t.interval_s);
  p.checkpoint_s = cycles * t.checkpoint_s + std::max(0.0, rest - t.interval_s);
  return p;
}

double WallTimeFor(const JobTiming& t, double training_s) {
  if (training_s <= 0) return 0;
  const double full = std::ceil(training_s / t.interval_s) - 1;
  return training_s + full * t.checkpoint_s;
}

double WallTimeAfter(const JobTiming& t, double elapsed_s, double training_s) {
  const SegmentProgress now = ProgressAfter(t, elapsed_s);
  const double done = now.saved_s + now.unsaved_s;
  const double goal = done + training_s;
  if (training_s <= 0) return 0;
  const double cycles = std::ceil(goal / t.interval_s) - 1;
  const double end =
      cycles * (t.interval_s + t.checkpoint_s) + (goal - cycles * t.interval_s);
  return std::max(0.0, end - elapsed_s);
}

TimeShares TimeSharesOf(const TrainingOutcome& j) {
  const double all = j.training_s + j.lost_work_s + j.checkpointing_s +
                     j.restarting_s + j.waiting_s + j.power_throttled_s;
  if (all <= 0) return {};
  return {j.training_s / all,   j.lost_work_s / all, j.checkpointing_s / all,
          j.restarting_s / all, j.waiting_s / all,   j.power_throttled_s / all};
}

}  // namespace kardashev::training
