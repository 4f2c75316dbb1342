// Whether a training plan can run at all, before its step time is estimated:
// consistent parallel degrees for the model and the GPU, and a global batch
// that is a whole number of micro-batches. Used by perf/training_step.cc; a
// failed check names its reason only when one is asked for, so a plan search
// pays for no string work.
#ifndef KARDASHEV_PERF_TRAINING_PLAN_CHECK_H_
#define KARDASHEV_PERF_TRAINING_PLAN_CHECK_H_

#include <string>

#include "kardashev/perf/training_step.h"

namespace kardashev::perf::internal {

// Holds the first reason a plan cannot run. The message is formatted only when
// the check fails and the caller asked for a reason (`why` not null).
class Checker {
 public:
  explicit Checker(std::string* why) : why_(why) {}

  // Returns `ok`; on failure records message() (a callable returning a
  // string) when a reason was asked for.
  template <typename Message>
  bool Require(bool ok, Message&& message) {
    if (!ok && why_ != nullptr) *why_ = message();
    return ok;
  }

 private:
  std::string* why_;
};

// Checks the plan against the model and the GPU; returns the peak FLOP/s of
// its precision, or 0 when the plan is inconsistent.
double CheckPlan(const TrainingStepInput& in, Checker& check);

// Micro-batches per step on each data-parallel rank, or 0 when the global
// batch is not a whole number of them.
int MicroBatches(const TrainingStepInput& in, Checker& check);

}  // namespace kardashev::perf::internal

#endif  // KARDASHEV_PERF_TRAINING_PLAN_CHECK_H_
