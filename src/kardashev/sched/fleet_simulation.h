// SimulateFleet plays out a fleet over a horizon: nodes fail and are repaired,
// leases are kept whole from each cluster's pool of unleased nodes, and power
// is drawn. It is a discrete-event simulation on sim::EventLoop with one
// pending failure per working node; between events every quantity is constant
// (sites with an hourly price or generation curve get an event each hour, and a
// battery's charge is integrated piecewise up to full or empty), so GPU-hours
// and energy are integrated exactly.
//
// Power: each site's supply is dispatched by fleet::Dispatch. Demand no source
// can serve is shed: first the idle nodes are powered off, then working nodes;
// the GPU-hours of working nodes without power are "unpowered", and they
// deliver nothing (a lease counts them against its availability; a training
// job loses that share of its progress).
//
// Conservation holds by construction and is checked by tests: per cluster,
// active + stalled + unpowered + spare + provisioning + down GPU-hours = GPUs x
// horizon; energy = the integral of facility power; per site, served + charged
// = grid + generation + discharged.
//
// Services (sched/service.h) follow their demand hour by hour and may preempt
// lower-priority training jobs.
//
// Randomness: node i of cluster c draws its failures from the stream (seed,
// "failure", NodeEntityId(c, i)) and its repairs from (seed, "repair",
// NodeEntityId(c, i)), so two variants of a scenario see the same failures on
// the same nodes.
#ifndef KARDASHEV_SCHED_FLEET_SIMULATION_H_
#define KARDASHEV_SCHED_FLEET_SIMULATION_H_

#include <functional>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/sched/fleet_outcome.h"
#include "kardashev/sched/fleet_plan.h"
#include "kardashev/sched/trace_recorder.h"

namespace kardashev::sched {

// How much of the horizon has been simulated, in (0, 1).
using SimulatedShare = std::function<void(double share)>;

// REQUIRES: the plan is valid (as scenario/ guarantees): leases fit their
// clusters, indices in range, positive horizon and step. When `trace` is not
// null, the simulation records its jobs' phases, failures and leases' billing
// periods into it (sched/trace_recorder.h); the caller adds the counters and
// calls Finish. `progress`, when not null, is called after each hundredth of
// the horizon (not after the last); neither changes anything simulated.
FleetOutcome SimulateFleet(
    const FleetPlan& plan,
    const std::vector<catalog::FailureComponent>& components,
    TraceRecorder* trace = nullptr, const SimulatedShare& progress = nullptr);

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_FLEET_SIMULATION_H_
