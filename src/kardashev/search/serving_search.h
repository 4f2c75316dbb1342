// The search over serving configurations of a deployment: `kardashev search
// serving`. It takes a [[serving]] deployment of a scenario (its model, SLO,
// request length mix and burstiness) and ranks every configuration of
// serving_space.h by goodput per GPU (requests per second within the SLO, per
// GPU) or per dollar (the same per GPU-hour of cost, serving_cost.h).
//
// Capacity within the SLO comes from iteration-level simulation with the one
// capacity rule (serving/capacity.h: steady-state trials, never above the
// roofline bound), which is the expensive part, so the search:
//   1. drops configurations that cannot run the mix (weights beyond memory,
//      a KV cache smaller than the longest request, a vLLM prompt budget
//      below the longest prompt) and those whose steady-state trial would
//      exceed serving::kMaxTrialRequests;
//   2. orders the rest by the bound of their capacity, best first, and
//      screens them in that order on a 4% rate grid below the bound, with the
//      same trial as the full measurement; once the best bound left is no
//      better than the F-th best screened score (F = 2 x top), no
//      configuration left can enter the top F, and screening stops; a
//      configuration screened while F are known starts at that score's rate
//      and stops at once when it fails there;
//   3. measures the F best screened configurations at full precision
//      (bisection to 0.1%), then every other screened configuration whose
//      score could still reach the top (screened score / 0.96 above the
//      top-th measured score), until none can. Since a measured capacity lies
//      between the screened rate and the next grid point, and never above the
//      bound, the top list is the best `top` by measured score of every
//      configuration: rank 1 does not depend on `top`.
// With prune = false, step 2 screens every configuration that fits without a
// floor: the same top, for checking that pruning loses nothing.
//
// The mix leaves out requests the model cannot take (prompt plus output beyond
// its context, catalog max_seq_len); the result says how many. Arrivals are
// gamma with the coefficient of variation of the trace's inter-arrival times
// (or the deployment's arrival_cv; Poisson for Poisson arrivals).
//
// Deterministic: the same scenario and seed give the same result (ties keep
// the enumeration order); only elapsed_s varies.
#ifndef KARDASHEV_SEARCH_SERVING_SEARCH_H_
#define KARDASHEV_SEARCH_SERVING_SEARCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/search/serving_capacity.h"
#include "kardashev/search/serving_cost.h"
#include "kardashev/search/serving_space.h"

namespace kardashev::search {

enum class ServingRank { kPerGpu, kPerDollar };

// What stays fixed from configuration to configuration.
struct ServingSearchInput {
  std::string deployment;
  std::string variant;
  serving::ServingConfig base;  // the deployment as written, one replica
  std::vector<serving::LengthSample> mix;
  std::int64_t requests = 0;        // of the deployment, before the filter
  std::int64_t beyond_context = 0;  // left out of the mix
  // The requests within the model's context, in arrival order, when the
  // deployment replays a trace (the search replays it, as `run` does); empty
  // for synthetic arrivals.
  std::vector<serving::Request> trace;
  double arrival_cv = 1;
  std::uint64_t seed = 0;
  ServingSpace space;
  // Per GPU of the space; none for a GPU no catalog node holds (left out).
  std::vector<std::optional<econ::GpuHourPrice>> cost;
  CostBasis cost_basis;
};

// The deployment called `name` of `scenario`, with the whole catalog as its
// space. Throws scenario::ScenarioError (at "--deployment") naming the
// scenario's deployments when there is none, or when none of its requests
// fits the model's context.
ServingSearchInput ServingSearchInputOf(const scenario::Scenario& scenario,
                                        const catalog::Catalog& catalog,
                                        const std::string& name);

struct ServingSearchOptions {
  int top = 10;
  ServingRank rank = ServingRank::kPerGpu;
  bool prune = true;
  // Requests per trial at least (serving::SteadyStateRequests raises it for
  // configurations that hold many requests at once).
  int min_requests = 8000;
};

struct RankedServing {
  ServingCandidate candidate;
  serving::Capacity capacity;  // per decode replica and its prefill replicas
  double bound_per_s = 0;      // the analytic upper bound
  double cost_usd_per_gpu_hour = 0;
  std::string cost_node;  // the catalog node whose share is costed, or ""
  double requests_per_s_per_gpu = 0;
  double output_tokens_per_s_per_gpu = 0;
  double output_tokens_per_usd = 0;
  double score = 0;  // the ranking metric
};

struct ServingSearchResult {
  std::string deployment;
  std::string variant;
  std::string model;
  ServingRank rank = ServingRank::kPerGpu;
  serving::Slo slo;
  std::int64_t requests = 0;
  std::int64_t beyond_context = 0;
  double arrival_cv = 1;
  CostBasis cost_basis;
  std::int64_t considered = 0;     // configurations enumerated
  std::int64_t fit = 0;            // of those, that can run the mix
  std::int64_t unpriced = 0;       // on a GPU no catalog node holds: left out
  std::int64_t too_wide = 0;       // of those, beyond the largest trial
  std::int64_t screened = 0;       // simulated on the screening grid
  std::int64_t measured = 0;       // measured to 0.1%
  std::int64_t trials = 0;         // simulation runs in all
  std::vector<RankedServing> top;  // best first; only SLO-feasible ones
  double elapsed_s = 0;
};

ServingSearchResult SearchServing(const ServingSearchInput& input,
                                  const ServingSearchOptions& options);

std::string RankName(ServingRank rank);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_SERVING_SEARCH_H_
