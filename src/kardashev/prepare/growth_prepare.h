// PrepareGrowth turns the growth level of a Scenario (scenario/growth_spec.h)
// into a growth::GrowthPlan: every model figure the plan holds is computed
// here, once per generation (node type) rather than per month.
//  - generations: power per GPU (GPU TDP plus its share of the host; idle
//    likewise), capex per GPU (one node, with the first build's fabric),
//    failure rates by scope from the catalog failure table, the mean repair
//    time of node-scope failures, and the permanent (GPU and host hardware)
//    rate for orbit;
//  - per (generation, training job): the step model at the job's plan and
//    reference_gpus on the generation's GPU and fabric, 0 when the plan does
//    not fit in memory there;
//  - per (generation, product): serving::FindCapacity of one replica
//    (Poisson, the product's prompt and output lengths) divided by its GPUs,
//    0 when it does not fit or meets the SLO at no rate; computed once per
//    (product, GPU);
//  - sites: ground sites then orbital shells; a shell's satellite from the
//    orbital preparation (econ::EvaluateOrbitalShell);
//  - per (training job, orbital site): tokens per GPU-second with the
//    inter-satellite gradient exchange added to the step.
// A pure function of the Scenario: the same Scenario gives the same plan.
#ifndef KARDASHEV_PREPARE_GROWTH_PREPARE_H_
#define KARDASHEV_PREPARE_GROWTH_PREPARE_H_

#include "kardashev/growth/growth_plan.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::prepare {

// Requests per trial of a product's capacity search: enough for a steady p99
// at a fraction of the 8,000 of a [[serving]] deployment's, since a growth
// plan searches one per product and GPU.
inline constexpr int kGrowthCapacityRequests = 2000;

// ASSUMPTION: gradients cross satellites in BF16, 2 bytes per parameter (the
// precision Megatron-LM reduces them in by default).
inline constexpr double kGradientBytesPerParameter = 2.0;

// REQUIRES: scenario.growth is set (LoadScenario validated it).
growth::GrowthPlan PrepareGrowth(const scenario::Scenario& scenario);

}  // namespace kardashev::prepare

#endif  // KARDASHEV_PREPARE_GROWTH_PREPARE_H_
