// TraceRecorder: records what a fleet simulation did, for `kardashev run
// --trace` (sched/trace_events.h). The simulation calls it only when tracing
// is on (a null pointer otherwise), so an untraced run pays one pointer check
// per hook and allocates nothing.
//
// Tracks: one per cluster (its nodes aggregated), then one per training job,
// then one per lease, in the plan's order.
//
// Events and the aggregation that bounds the trace's size:
// - A training job's phases are complete spans named train, restart and wait,
//   and each blocking checkpoint write a `checkpoint` span nested in its train
//   span (placed as the job timing places them: every interval of training
//   since the segment began, then one write). Spans of zero length are left
//   out.
// - A failure is an instant (args: component) on its cluster's track and on
//   the track of the job or lease whose node it hit.
// - Each track records its first `event_budget` events one by one. After
//   that, a job's phases are summed per bin (the larger of one hour and
//   horizon / 8,760) into one `phases (aggregated)` span per bin whose args
//   give the seconds spent training, checkpointing, restarting and waiting
//   (a train span's checkpoint time is spread over it evenly), and a track's
//   failures become the counter `failures per hour (TRACK)`, one value per
//   bin with failures (and 0 after it when the next bin has none).
// - A lease's billing periods are spans, one per period closed.
// - Counters: GPUs by state (up, active, unpowered, down, as the time
//   series' columns) and power drawn (served, grid), one value per
//   time-series step placed at the start of the step (AddCounters); a step
//   shorter than a bin is averaged over the steps that start in one bin.
// So a track holds at most event_budget + 3 x 8,760 events, and the counters
// 2 x 8,760, whatever the fleet's size, horizon and step (billing periods
// aside).
#ifndef KARDASHEV_SCHED_TRACE_RECORDER_H_
#define KARDASHEV_SCHED_TRACE_RECORDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kardashev/sched/fleet_outcome.h"
#include "kardashev/sched/fleet_plan.h"
#include "kardashev/sched/trace_events.h"
#include "kardashev/training/job.h"
#include "kardashev/training/job_run.h"

namespace kardashev::sched {

class TraceRecorder {
 public:
  static constexpr std::int64_t kDefaultEventBudget = 10000;

  // REQUIRES: `plan` is valid; event_budget >= 0.
  explicit TraceRecorder(const FleetPlan& plan,
                         std::int64_t event_budget = kDefaultEventBudget);

  // Job `job` is in `phase` from `now_s` on (every job runs from 0). A call
  // with the phase it is already in does nothing.
  void SetJobPhase(int job, training::JobPhase phase, double now_s,
                   const training::JobTiming& timing);

  // A node of `cluster` failed with `component`; it belonged to training job
  // `job` or lease `lease` (-1 for neither).
  void Failure(double now_s, int cluster, const std::string& component, int job,
               int lease);

  // Lease `lease` closed a billing period.
  void LeasePeriod(int lease, double start_s, double end_s);

  // GPUs by state and power, one value per row (rows as the timeseries).
  void AddCounters(const std::vector<TimeseriesRow>& rows);

  // Closes the open spans and bins at `end_s` and returns the events.
  TraceEvents Finish(double end_s);

 private:
  // Seconds per phase within one bin of a track in aggregated mode.
  struct PhaseBin {
    std::int64_t bin = -1;
    double from_s = 0;  // the bin's span begins here (not before aggregating)
    double train_s = 0, checkpoint_s = 0, restart_s = 0, wait_s = 0;
  };
  struct FailureBin {
    std::int64_t bin = -1;
    std::int64_t count = 0;
  };
  struct Track {
    std::int64_t events = 0;  // recorded one by one
    bool aggregated = false;
    PhaseBin phases;
    FailureBin failures;
  };
  struct JobState {
    training::JobPhase phase = training::JobPhase::kRunning;
    double since_s = 0;
    training::JobTiming timing;
  };

  bool Spend(int track, std::int64_t n);
  void Emit(TraceKind kind, int track, double ts_s, double dur_s,
            std::string name, std::vector<TraceArg> args = {});
  void CloseJobSpan(int job, double end_s);
  void EmitTrain(int track, double from_s, double to_s,
                 const training::JobTiming& timing);
  void AddToBins(int track, training::JobPhase phase, double from_s,
                 double to_s, double checkpoint_share);
  void FlushPhaseBin(int track, double end_s);
  void CountFailure(int track, double now_s);
  void FlushFailureBin(int track, std::int64_t next_bin);
  void Instant(int track, double now_s, const std::string& component);

  double BinStartS(std::int64_t bin) const {
    return static_cast<double>(bin) * bin_s_;
  }

  std::int64_t budget_;
  double horizon_s_;
  double bin_s_;
  int first_job_track_;
  int first_lease_track_;
  std::vector<Track> tracks_;
  std::vector<JobState> jobs_;
  TraceEvents out_;
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_TRACE_RECORDER_H_
