// The pieces of a fleet's economics that both levels price alike: a
// cluster's IT capex, a site's facility capex, and the value the user gives a
// training job's output, month by month. Pure functions. The event level's
// fleet economics are evaluate/fleet_economics.h.
#ifndef KARDASHEV_ECON_FLEET_ECONOMICS_H_
#define KARDASHEV_ECON_FLEET_ECONOMICS_H_

#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/fleet/cluster.h"
#include "kardashev/training/job.h"

namespace kardashev::econ {

// Adds each valued job's training value (config.training_values, matched by
// name) to `months` and returns the total. A value per million tokens is
// earned on the tokens the job trained; it is spread over the months in
// proportion to the wall time the job ran in each (from the start to its
// finish, or to the horizon), so the total is exact and the monthly split
// assumes an even pace. A value per run is credited whole in the month the
// job reached its target tokens, and never when it did not. With no months
// (`months` empty) only the total is returned.
double AddTrainingValue(const EconomicsConfig& config,
                        const std::vector<training::TrainingOutcome>& jobs,
                        double horizon_s, std::vector<MonthFlows>& months);

// Capex of a cluster's IT: its GPUs, servers and scale-out network.
double ClusterCapexUsd(const fleet::ClusterConfig& cluster);

// Capex of a site's facility: its built power times the price per MW.
double FacilityCapexUsd(const EconomicsConfig& config, double facility_w);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_FLEET_ECONOMICS_H_
