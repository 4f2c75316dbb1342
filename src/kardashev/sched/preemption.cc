#include "kardashev/sched/preemption.h"

namespace kardashev::sched {

int ChoosePreemptionVictim(const ServiceConfig& service,
                           const std::vector<training::TrainingJobConfig>& jobs,
                           const std::function<bool(int)>& preemptible) {
  int victim = -1;
  for (int j = 0; j < static_cast<int>(jobs.size()); ++j) {
    const auto& job = jobs[j];
    if (job.cluster != service.cluster || job.priority >= service.priority ||
        !preemptible(j)) {
      continue;
    }
    if (victim < 0 || job.priority < jobs[victim].priority) victim = j;
  }
  return victim;
}

}  // namespace kardashev::sched
