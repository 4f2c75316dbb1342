// The economics of one simulated fleet: what its clusters and sites cost to
// build, what it earned (lease bills net of SLA credits, and services' token
// revenue) and what its energy cost, month by month as the simulation saw it,
// turned into econ::ComputeEconomics's totals, ledger and NPV. Pure functions:
// the same plan and outcome give the same figures.
#ifndef KARDASHEV_ECON_FLEET_ECONOMICS_H_
#define KARDASHEV_ECON_FLEET_ECONOMICS_H_

#include "kardashev/econ/economics.h"
#include "kardashev/fleet/cluster.h"
#include "kardashev/sched/fleet_simulation.h"

namespace kardashev::econ {

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
