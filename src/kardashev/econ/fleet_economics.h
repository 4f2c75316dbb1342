// The economics of one simulated fleet: what its clusters and sites cost to
// build, what it earned (lease bills net of SLA credits, and services' token
// revenue), what its training output is worth as the user values it, and
// what its energy cost, month by month as the simulation saw it,
// turned into econ::ComputeEconomics's totals, ledger and NPV. Pure functions:
// the same plan and outcome give the same figures.
#ifndef KARDASHEV_ECON_FLEET_ECONOMICS_H_
#define KARDASHEV_ECON_FLEET_ECONOMICS_H_

#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/fleet/cluster.h"
#include "kardashev/sched/fleet_simulation.h"
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

// REQUIRES: `outcome` is SimulateFleet(plan, ...)'s.
EconomicsOutcome EvaluateFleetEconomics(const EconomicsConfig& config,
                                        const sched::FleetPlan& plan,
                                        const sched::FleetOutcome& outcome);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_FLEET_ECONOMICS_H_
