// The economics of one simulated fleet: what its clusters and sites cost to
// build, what it earned (lease bills net of SLA credits, and services' token
// revenue), what its training output is worth as the user values it, and
// what its energy cost, month by month as the simulation saw it, turned into
// econ::ComputeEconomics's totals, ledger and NPV. A pure function: the same
// plan and outcome give the same figures.
#ifndef KARDASHEV_EVALUATE_FLEET_ECONOMICS_H_
#define KARDASHEV_EVALUATE_FLEET_ECONOMICS_H_

#include "kardashev/econ/economics.h"
#include "kardashev/sched/fleet_simulation.h"

namespace kardashev::evaluate {

// REQUIRES: `outcome` is SimulateFleet(plan, ...)'s.
econ::EconomicsOutcome EvaluateFleetEconomics(
    const econ::EconomicsConfig& config, const sched::FleetPlan& plan,
    const sched::FleetOutcome& outcome);

}  // namespace kardashev::evaluate

#endif  // KARDASHEV_EVALUATE_FLEET_ECONOMICS_H_
