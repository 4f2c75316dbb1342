// A FleetPlan is everything the fleet simulation plays out: the sites and
// their clusters, the leases, training jobs and services that hold nodes, the
// failure model, the seed and the horizon. It is plain data that scenario/
// fills; SimulateFleet (sched/fleet_simulation.h) requires it valid.
#ifndef KARDASHEV_SCHED_FLEET_PLAN_H_
#define KARDASHEV_SCHED_FLEET_PLAN_H_

#include <cstdint>
#include <vector>

#include "kardashev/fleet/cluster.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/fleet/site.h"
#include "kardashev/sched/lease.h"
#include "kardashev/sched/service.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/job.h"

namespace kardashev::sched {

struct FleetPlan {
  std::vector<fleet::GroundSiteConfig> sites;
  std::vector<fleet::ClusterConfig> clusters;
  std::vector<LeaseConfig> leases;
  std::vector<training::TrainingJobConfig> jobs;
  std::vector<ServiceConfig> services;
  fleet::FailureModelConfig failures;
  // Time to bring a cold spare into a lease or job, where its cluster does not
  // set its own.
  double spare_swap_h = 0;
  std::uint64_t seed = 0;
  double horizon_s = 0;
  double timeseries_step_s = sim::kSecondsPerDay;

  // The cold-spare swap time of cluster `c`, in seconds.
  double ColdSwapS(int c) const {
    return clusters[c].cold_swap_s >= 0 ? clusters[c].cold_swap_s
                                        : spare_swap_h * sim::kSecondsPerHour;
  }
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_FLEET_PLAN_H_
