// A TrainingSpec is a training job as a scenario file describes it: where it
// runs and its plan (the step model's input), its checkpoints, restarts and
// fault tolerance, its target and the value its output is given. Plain data;
// prepare/ computes step times and checkpoint sizes from it.
#ifndef KARDASHEV_SCENARIO_TRAINING_SPEC_H_
#define KARDASHEV_SCENARIO_TRAINING_SPEC_H_

#include <cstdint>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/training/fault_tolerance.h"

namespace kardashev::scenario {

// A training job as the file describes it: where it runs and its plan.
struct TrainingSpec {
  std::string name;
  std::string tenant;  // "" for the owner
  std::string model;   // catalog name
  int cluster = 0;     // index into Scenario::clusters
  std::int64_t gpus = 0;
  int node_gpus = 1;  // of the cluster's nodes
  // The catalog model, GPU, fabric and efficiency set, the sequence length and
  // batch, and the parallel plan (dp = gpus / (tp x pp x cp)).
  perf::TrainingStepInput step;
  double checkpoint_write_bytes_per_s = 0;
  double checkpoint_interval_s = 0;  // 0: the Young/Daly optimum
  double restart_s = 0;  // > 0: replaces the recovery set's whole-job total
  training::FaultTolerance fault_tolerance = training::FaultTolerance::kGang;
  catalog::RecoverySpec recovery;  // the catalog set the job names
  bool memory_checkpoint = false;  // checkpoints to peers' host memory
  double target_tokens = 0;        // 0: train until the horizon
  double gpu_utilization = 0;  // power draw while training, idle-to-TDP share
  int priority = 0;
  // What the user says the output is worth (0: not valued); at most one set.
  double value_usd_per_million_tokens = 0;
  double value_usd_per_run = 0;  // REQUIRES target_tokens > 0 when set
};

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_TRAINING_SPEC_H_
