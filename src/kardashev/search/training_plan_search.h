// The search over parallel plans of a training job: every plan of the job's
// model on its GPUs (same GPU, fabric, GPU count, sequence length, global batch
// and precision) that the step model accepts and that fits in memory, ranked by
// goodput = tokens/s x ETTR (training/goodput_model.h).
//
// The space: tp (dividing the heads, within the scale-up domain), cp (dividing
// the sequence), pp (up to the layers; the step model does not need it to
// divide them), with tp x cp x pp dividing the job's GPUs; ep (dividing the
// experts and dp, mixture-of-experts models only); micro-batch sequences
// dividing each data-parallel rank's sequences; virtual stages from 1 to
// ceil(layers / pp) (more than 1 only with pp > 1 and a whole number of
// micro-batches per stage); recompute none/selective/full; ZeRO stage 0-3; and
// the fault-tolerance mode. Plans that break these divisibility rules are
// pruned before the step model runs. Replica and elastic modes need a full
// copy of the training state in every group (a group restarts from a peer), so
// they go with ZeRO stage 0 only: stages 1-3 shard the state across groups.
//
// The search is deterministic: ties keep the enumeration order.
#ifndef KARDASHEV_SEARCH_TRAINING_PLAN_SEARCH_H_
#define KARDASHEV_SEARCH_TRAINING_PLAN_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/perf/training_step.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/training/fault_tolerance.h"
#include "kardashev/training/goodput_model.h"

namespace kardashev::search {

// What stays fixed from plan to plan: the job's step-model input (its plan is
// replaced) and the failure and recovery inputs of the goodput model (its mode,
// group size and step time are replaced).
struct SearchJob {
  std::string name;
  std::string variant;
  std::int64_t gpus = 0;
  perf::TrainingStepInput step;
  training::GoodputInput goodput;
  training::FaultTolerance mode = training::FaultTolerance::kGang;  // its own
  // A rejoining group loads the model state from a peer group over the
  // fabric: state_bytes / (group GPUs x fabric_bytes_per_s_per_gpu).
  double state_bytes = 0;
  double fabric_bytes_per_s_per_gpu = 0;
};

// The job called `job` of `scenario`. Throws scenario::ScenarioError (at
// "--job") naming the job and the scenario's jobs when there is none.
SearchJob SearchJobOf(const scenario::Scenario& scenario,
                      const std::string& job);

struct RankedPlan {
  perf::ParallelPlan plan;
  training::FaultTolerance mode = training::FaultTolerance::kGang;
  perf::TrainingStep step;
  training::Goodput goodput;
  double goodput_tokens_per_s = 0;  // step.tokens_per_s x goodput.ettr
};

struct SearchResult {
  std::string job;
  std::string variant;
  std::int64_t gpus = 0;
  std::string gpu;   // catalog name, for the published figures of its class
  bool moe = false;  // a mixture-of-experts model
  std::int64_t parallel_plans = 0;  // step-model evaluations
  std::int64_t evaluated = 0;       // plans: parallel plan x mode
  std::int64_t fit = 0;             // of `evaluated`, those that fit in memory
  std::int64_t parallel_fit = 0;    // of `parallel_plans`, those that fit
  std::vector<RankedPlan> top;      // by goodput, best first
  // The job's own plan, in its own fault-tolerance mode, for
  // comparison; absent when the step model refuses it.
  std::optional<RankedPlan> job_plan;
  double elapsed_s = 0;  // wall time of the search
};

// The `top` best plans of `job`. REQUIRES: top >= 1.
SearchResult SearchTrainingPlans(const SearchJob& job, int top);

// The goodput inputs of `plan` in `mode`: `base` with its mode, group size and
// step time.
training::GoodputInput GoodputInputOf(const SearchJob& job,
                                      const perf::ParallelPlan& plan,
                                      training::FaultTolerance mode,
                                      double step_time_s);

std::string_view ModeName(training::FaultTolerance mode);
std::string_view RecomputeName(perf::Recompute recompute);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_TRAINING_PLAN_SEARCH_H_
