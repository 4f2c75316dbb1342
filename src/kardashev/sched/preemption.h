// Preemption: which training job a service stops when it needs nodes and no
// spare is free. The victim is the job of lowest priority, below the
// service's, on the service's cluster, that is not done and holds nodes
// (active or being swapped in); among equals, the first in the plan. The
// choice is a pure function; stopping the job is the caller's.
#ifndef KARDASHEV_SCHED_PREEMPTION_H_
#define KARDASHEV_SCHED_PREEMPTION_H_

#include <functional>
#include <vector>

#include "kardashev/sched/service.h"
#include "kardashev/training/job.h"

namespace kardashev::sched {

// The index of the job to preempt for `service`, or -1 when none may be.
// `preemptible(j)` says whether job j is not done and holds nodes.
int ChoosePreemptionVictim(const ServiceConfig& service,
                           const std::vector<training::TrainingJobConfig>& jobs,
                           const std::function<bool(int)>& preemptible);

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_PREEMPTION_H_
