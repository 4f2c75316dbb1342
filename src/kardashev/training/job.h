// A training job's progress between events, computed analytically: no per-step
// events. A job runs in segments (from a restart to the next interruption).
// Within a segment it alternates `interval_s` of training with a blocking
// checkpoint of `checkpoint_s`. An interruption loses the work done since the
// last completed checkpoint (and any checkpoint being written); the job then
// waits for its gang of nodes to be whole, pays `restart_s` to reload the
// checkpoint, and starts a new segment.
//
// The checkpoint interval is fixed, or the Young/Daly optimum for the job's
// mean time between interruptions (J. W. Young, CACM 1974; J. T. Daly, FGCS
// 2006, eq. 37).
#ifndef KARDASHEV_TRAINING_JOB_H_
#define KARDASHEV_TRAINING_JOB_H_

#include <cstdint>
#include <map>
#include <string>

#include "kardashev/perf/training_step.h"
#include "kardashev/training/fault_tolerance.h"

namespace kardashev::training {

// Daly's higher-order optimum checkpoint interval (compute time between
// checkpoints) for a checkpoint of `checkpoint_s` and a mean time between
// interruptions `mtbi_s`:
//   sqrt(2 d M) [1 + sqrt(d / 2M) / 3 + (d / 2M) / 9] - d   when d < 2M, else
//   M.
// REQUIRES: checkpoint_s > 0, mtbi_s > 0.
double DalyOptimalIntervalS(double checkpoint_s, double mtbi_s);

// The job as the simulation configures it.
struct JobTiming {
  double interval_s = 0;    // training time between checkpoints
  double checkpoint_s = 0;  // blocking checkpoint write
  double restart_s = 0;     // reload and resume after an interruption
};

// What one segment of `elapsed_s` (since the restart finished) achieved.
struct SegmentProgress {
  double saved_s = 0;    // training time secured by completed checkpoints
  double unsaved_s = 0;  // training time since the last completed checkpoint
  double checkpoint_s =
      0;  // time spent writing checkpoints (including a partial one)
};

SegmentProgress ProgressAfter(const JobTiming& timing, double elapsed_s);

// Wall time a segment needs to accumulate `training_s` of training, counting
// the checkpoints completed on the way (the last stretch needs no checkpoint to
// count at the end).
double WallTimeFor(const JobTiming& timing, double training_s);

// Wall time from `elapsed_s` into a segment until `training_s` more of
// training is done (at the end of a stretch of training, never in a
// checkpoint). WallTimeAfter(t, 0, x) == WallTimeFor(t, x).
double WallTimeAfter(const JobTiming& timing, double elapsed_s,
                     double training_s);

// A training job as the fleet simulation runs it: a gang of whole nodes of one
// cluster.
struct TrainingJobConfig {
  std::string name;
  std::string tenant;
  std::string model;
  int cluster = 0;  // index into the fleet's clusters
  std::int64_t gpus = 0;
  perf::TrainingStep step;  // step time, tokens per step, MFU, memory
  double checkpoint_bytes = 0;
  double checkpoint_write_bytes_per_s = 0;
  double checkpoint_interval_s = 0;  // 0: the Young/Daly optimum
  // Blocking cost of one checkpoint; 0: checkpoint_bytes /
  // checkpoint_write_bytes_per_s (to storage).
  double checkpoint_save_s = 0;
  // What one checkpoint moves through its narrowest link, and that link's
  // bandwidth: each GPU's own state over its host copy bandwidth (memory), or
  // one model copy over the storage bandwidth. CheckpointWriteS() is at least
  // their quotient.
  double checkpoint_copy_bytes = 0;
  double checkpoint_copy_bytes_per_s = 0;
  // The blocking cost of one checkpoint, in seconds, by the rule above.
  double CheckpointWriteS() const {
    return checkpoint_save_s > 0
               ? checkpoint_save_s
               : checkpoint_bytes / checkpoint_write_bytes_per_s;
  }
  double restart_s = 0;  // a whole-job restart
  // The parts of a whole-job restart (scaled to sum to restart_s) and of a
  // replica group rejoining from a peer group.
  RestartBreakdown restart;
  RestartBreakdown rejoin;
  FaultTolerance fault_tolerance = FaultTolerance::kGang;
  // Failure domains: the whole-node units whose failure stops the same replica
  // groups (a group of whole nodes, or one node holding several groups).
  std::int64_t domains = 1;
  std::int64_t domain_nodes = 1;   // nodes per domain
  std::string recovery;            // the catalog recovery set
  bool memory_checkpoint = false;  // to peers' host memory, not storage
  double target_tokens = 0;        // 0: train until the horizon
  double gpu_utilization = 1;  // power draw while training, idle-to-TDP share
  int priority = 0;  // a service of higher priority may preempt the job
};

struct TrainingOutcome {
  std::string name;
  std::string tenant;
  std::string model;
  std::int64_t gpus = 0;
  double mfu = 0;
  double hfu = 0;
  double step_time_s = 0;
  double tokens_per_s = 0;  // while training, without interruptions
  double tokens_trained = 0;
  double ettr = 0;  // training time kept / wall time the job existed
  double time_to_train_s =
      0;  // to target_tokens; extrapolated at this ETTR if not reached
  bool finished = false;
  double checkpoint_interval_s = 0;
  double checkpoint_write_s = 0;
  double checkpoint_copy_bytes = 0;  // as TrainingJobConfig
  double checkpoint_copy_bytes_per_s = 0;
  double mtbi_s =
      0;  // expected mean time between interruptions, from the failure rates
  std::int64_t interruptions = 0;
  std::int64_t unexpected = 0;
  std::int64_t planned = 0;
  std::map<std::string, std::int64_t> by_cause;
  double training_s = 0;  // kept training time
  double lost_work_s = 0;
  double checkpointing_s = 0;
  double restarting_s = 0;
  double waiting_s = 0;  // for a whole gang or group (replacement nodes)
  double power_throttled_s =
      0;             // training time lost to power shedding (node-share x time)
  int min_pods = 1;  // the fewest network pods its nodes could fill
  int max_pods_spanned = 0;      // the most pods its nodes spanned at once
  int pods_spanned_end = 0;      // at the end of the horizon
  std::int64_t preemptions = 0;  // stopped whole for a higher-priority service
  // What preemptions cost: work since the last checkpoint, time waiting to be
  // whole again, and restarts.
  double preemption_lost_work_s = 0;
  double preemption_waiting_s = 0;
  double preemption_restart_s = 0;
  // Fault tolerance. Time figures above are in job-equivalent seconds (GPU
  // time / the job's GPUs), so that they sum to the time the job existed.
  FaultTolerance fault_tolerance = FaultTolerance::kGang;
  std::string recovery;
  bool memory_checkpoint = false;
  std::int64_t domains = 1;
  std::int64_t job_restarts = 0;   // whole-job restarts begun
  std::int64_t group_rejoins = 0;  // replica groups rejoined from a peer
  RestartBreakdown restart;        // one whole-job restart
  RestartBreakdown rejoin;         // one group rejoin
  double restarting_job_s = 0;     // of restarting_s: whole-job restarts
  double restarting_rejoin_s = 0;  // of restarting_s: group rejoins
  double reduced_width_share = 0;  // of the running time, below full width
  double mean_width = 1;           // fielded share of groups while running
};

// Where the time the job existed went, as shares of it. The states are
// disjoint and cover that time, so the shares sum to 1 (all 0 for a job that
// never existed): kept training, work lost since the last checkpoint,
// checkpoint writes, restarts and rejoins, waiting for nodes, and training
// time lost to power shedding.
struct TimeShares {
  double training = 0;
  double lost_work = 0;
  double checkpointing = 0;
  double restarting = 0;
  double waiting = 0;
  double power_throttled = 0;
};
TimeShares TimeSharesOf(const TrainingOutcome& outcome);

}  // namespace kardashev::training

#endif  // KARDASHEV_TRAINING_JOB_H_
