// SimulateGrowth plays a GrowthPlan month by month at the growth level: the
// expected value of each failure process, not its draws, so that ten years of
// a million GPUs take milliseconds. Each month, in this order:
//  1. installed GPUs: builds online and not retired, at sites online; orbital
//     shells launch at their cadence (whole launches, each when the shell's
//     expected working GPUs fall a launch's worth short of its target) at
//     the launch price of the month; working GPUs are the installed ones less
//     those in repair (ground: a node fails at node_gpus x rate x multiplier
//     and is down for the repair time, so the down share is r R / (1 + r R))
//     or failed (orbit: exact exponential decay since launch, integrated over
//     the month);
//  2. power: a ground site's facility power (busy GPUs at their utilisation,
//     idle ones at idle power, times the PUE) is capped at its supply; the
//     GPUs it cannot power are unpowered, taken from idle first;
//  3. leases take their GPUs, sites in their order;
//  4. products: each hour of a representative day, each region's requests
//     go to the reachable sites within the network budget, nearest first,
//     up to the free capacity (orbital sites also up to their ground link);
//     a site keeps the GPUs of its busiest hour for the month; requests no
//     site can take are dropped;
//  5. training jobs, in order, take the pool left, and the size in it, that
//     trains them fastest (the GPUs of the pool they leave are spares);
//  6. the rest is idle. Money follows: capex when spent, straight-line
//     depreciation of each purchase, energy at each site's price, lease and
//     token revenue, SLA credits, the training value the user states, and
//     NPV discounted from each month's mid-point (capex at the month's start).
#ifndef KARDASHEV_GROWTH_SIMULATE_GROWTH_H_
#define KARDASHEV_GROWTH_SIMULATE_GROWTH_H_

#include "kardashev/growth/growth_outcome.h"
#include "kardashev/growth/growth_plan.h"

namespace kardashev::growth {

// REQUIRES: the plan is valid (as scenario/ and prepare/ guarantee): indices
// in range, months > 0, each build at a ground site, positive cadences.
GrowthOutcome SimulateGrowth(const GrowthPlan& plan);

}  // namespace kardashev::growth

#endif  // KARDASHEV_GROWTH_SIMULATE_GROWTH_H_
