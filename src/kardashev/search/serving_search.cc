#include "kardashev/search/serving_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>

#include "kardashev/prepare/prepare.h"
#include "kardashev/scenario/error.h"
#include "kardashev/sim/random.h"

namespace kardashev::search {

namespace {

constexpr double kSecondsPerHour = 3600;
// Finalists per place in the top: screening is noisier than the full
// measurement, so twice as many as shown are measured at full size.
constexpr int kFinalistsPerPlace = 2;

const scenario::ServingSpec& FindDeployment(const scenario::Scenario& s,
                                            const std::string& name) {
  for (const auto& sv : s.serving) {
    if (sv.name == name) return sv;
  }
  std::string names;
  for (const auto& sv : s.serving) {
    names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", sv.name);
  }
  throw scenario::ScenarioError(
      scenario::Location{"--deployment", 0, 0}, "",
      names.empty()
          ? fmt::format("no [[serving]] deployment \"{}\": {} has no serving "
                        "deployments",
                        name, s.file)
          : fmt::format("no [[serving]] deployment \"{}\" in {}; its "
                        "deployments: {}",
                        name, s.file, names));
}

// Coefficient of variation of the inter-arrival times; 1 (Poisson) for fewer
// than three requests or arrivals that never advance.
double InterArrivalCv(const std::vector<serving::Request>& requests) {
  if (requests.size() < 3) return 1;
  std::vector<double> gaps;
  for (std::size_t i = 1; i < requests.size(); ++i) {
    gaps.push_back(requests[i].arrival_s - requests[i - 1].arrival_s);
  }
  const double n = static_cast<double>(gaps.size());
  const double mean = std::accumulate(gaps.begin(), gaps.end(), 0.0) / n;
  double var = 0;
  for (double g : gaps) var += (g - mean) * (g - mean);
  var /= n;
  if (mean <= 0 || var <= 0) return 1;
  return std::sqrt(var) / mean;
}

// Whether the configuration can run every request of the mix: the weights fit,
// the KV cache holds the longest request whole, and a vLLM prompt budget takes
// the longest prompt.
bool Runs(const serving::ServingConfig& c, const serving::LengthStats& mix) {
  double kv_tokens = 0;
  try {
    kv_tokens = perf::KvCacheTokens(c.deployment);
  } catch (const perf::PlanError&) {
    return false;
  }
  const double block = c.scheduler.block_tokens;
  if (std::ceil(mix.max_request_tokens / block) * block > kv_tokens)
    return false;
  return c.scheduler.policy != serving::BatchPolicy::kVllm ||
         c.scheduler.max_batched_tokens >= mix.max_prompt_tokens;
}

// The ranking metric of `rate_per_s` on the candidate: requests per second per
// GPU, or requests per dollar.
double Score(const ServingSearchInput& in, ServingRank rank,
             const ServingCandidate& c, double rate_per_s) {
  const double per_gpu = rate_per_s / c.gpus();
  if (rank == ServingRank::kPerGpu) return per_gpu;
  return per_gpu * kSecondsPerHour / in.cost[c.gpu]->BusyUsdPerGpuHour();
}

struct Entry {
  ServingCandidate candidate;
  serving::ServingConfig config;
  std::int64_t index = 0;  // in the enumeration: breaks ties in scores
  int requests = 0;        // per trial: steady state for this configuration
  double bound_per_s = 0;
  double bound_score = 0;
  double screened_score = 0;  // 0: not screened, or no rate met the SLO
  double reach = 0;           // a score its measured capacity cannot exceed
  bool measured = false;
};

RankedServing RankedOf(const ServingSearchInput& in, ServingRank rank,
                       const Entry& e, const serving::Capacity& cap) {
  RankedServing r;
  r.candidate = e.candidate;
  r.capacity = cap;
  r.bound_per_s = e.bound_per_s;
  const double gpus = e.candidate.gpus();
  r.cost_usd_per_gpu_hour = in.cost[e.candidate.gpu]->BusyUsdPerGpuHour();
  r.cost_node = in.cost[e.candidate.gpu]->node;
  r.requests_per_s_per_gpu = cap.rate_per_s / gpus;
  r.output_tokens_per_s_per_gpu = cap.throughput_tokens_per_s / gpus;
  r.output_tokens_per_usd =
      r.output_tokens_per_s_per_gpu * kSecondsPerHour / r.cost_usd_per_gpu_hour;
  r.score = Score(in, rank, e.candidate, cap.rate_per_s);
  return r;
}

// Screens `entries` (sorted by bound, best first) and returns the indices of
// the finalists, best screened score first.
std::vector<std::size_t> Screen(const ServingSearchInput& in,
                                const ServingSearchOptions& o,
                                const RequestMix& mix,
                                std::vector<Entry>& entries,
                                ServingSearchResult& out) {
  const std::size_t finalists =
      static_cast<std::size_t>(o.top) * kFinalistsPerPlace;
  std::vector<std::size_t> best;  // by screened score, best first
  const auto worse = [&](std::size_t a, std::size_t b) {
    if (entries[a].screened_score != entries[b].screened_score)
      return entries[a].screened_score > entries[b].screened_score;
    return a < b;
  };
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Entry& e = entries[i];
    const bool full = best.size() >= finalists;
    const double threshold = full ? entries[best.back()].screened_score : 0.0;
    if (o.prune && full && e.bound_score <= threshold) break;
    const double floor_per_s =
        o.prune && full ? e.bound_per_s * threshold / e.bound_score : 0.0;
    const Screening s =
        ScreenCapacity(e.config, mix, e.bound_per_s, floor_per_s, e.requests);
    ++out.screened;
    out.trials += s.trials;
    e.reach =
        std::min(e.bound_score, Score(in, o.rank, e.candidate, s.upper_per_s));
    if (s.rate_per_s <= 0) continue;
    e.screened_score = Score(in, o.rank, e.candidate, s.rate_per_s);
    best.insert(std::upper_bound(best.begin(), best.end(), i, worse), i);
    if (best.size() > finalists) best.pop_back();
  }
  return best;
}

}  // namespace

std::string RankName(ServingRank rank) {
  return rank == ServingRank::kPerGpu ? "per-gpu" : "per-dollar";
}

ServingSearchInput ServingSearchInputOf(const scenario::Scenario& s,
                                        const catalog::Catalog& catalog,
                                        const std::string& name) {
  const scenario::ServingSpec& spec = FindDeployment(s, name);
  const prepare::ServingWorkload w = prepare::PrepareServing(spec, s.seed);
  ServingSearchInput in;
  in.deployment = spec.name;
  in.variant = s.variant;
  in.base = spec.config;
  in.base.replicas = 1;
  in.requests = static_cast<std::int64_t>(w.requests.size());
  const int context = in.base.deployment.model.max_seq_len;
  for (const auto& q : w.requests) {
    if (context > 0 && q.prompt_tokens + q.output_tokens > context) {
      ++in.beyond_context;
      continue;
    }
    in.mix.push_back({q.prompt_tokens, q.output_tokens});
    if (w.trace_arrivals) in.trace.push_back(q);
  }
  if (in.mix.empty()) {
    throw scenario::ScenarioError(
        scenario::Location{"--deployment", 0, 0}, "",
        fmt::format("no request of [[serving]] deployment \"{}\" fits the "
                    "{}-token context of {}",
                    name, context, in.base.deployment.model.name));
  }
  in.arrival_cv = spec.arrival == scenario::Arrival::kTrace
                      ? InterArrivalCv(w.requests)
                  : spec.arrival == scenario::Arrival::kGamma ? spec.arrival_cv
                                                              : 1.0;
  in.seed = s.seed;
  in.space.gpus = catalog.gpus();
  in.cost_basis = prepare::GpuHourBasisOf(s);
  for (const auto& g : in.space.gpus) {
    in.cost.push_back(CostPerGpuHour(catalog, g, in.cost_basis));
  }
  return in;
}

ServingSearchResult SearchServing(const ServingSearchInput& in,
                                  const ServingSearchOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  ServingSearchResult out;
  out.deployment = in.deployment;
  out.variant = in.variant;
  out.model = in.base.deployment.model.name;
  out.rank = o.rank;
  out.slo = in.base.slo;
  out.requests = in.requests;
  out.beyond_context = in.beyond_context;
  out.arrival_cv = in.arrival_cv;
  out.cost_basis = in.cost_basis;
  const serving::LengthStats stats = serving::LengthStatsOf(in.mix);
  std::vector<Entry> entries;
  int longest = 2;
  for (const ServingCandidate& c :
       EnumerateServingCandidates(in.space, in.base)) {
    ++out.considered;
    Entry e{c, ConfigOf(in.space, in.base, c), out.considered - 1};
    if (!in.cost[c.gpu]) {
      ++out.unpriced;
      continue;
    }
    if (!Runs(e.config, stats)) continue;
    ++out.fit;
    e.requests = serving::SteadyStateRequests(e.config, stats, o.min_requests);
    if (e.requests == 0) {
      ++out.too_wide;
      continue;
    }
    longest = std::max(longest, e.requests);
    e.bound_per_s = serving::CapacityBound(e.config, stats);
    e.bound_score = Score(in, o.rank, c, e.bound_per_s);
    e.reach = e.bound_score;
    entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) {
                     return a.bound_score > b.bound_score;
                   });
  const RequestMix mix =
      MakeRequestMix(in.mix, in.trace, in.arrival_cv, longest, in.seed);
  std::vector<std::int64_t> ranked_index;  // enumeration index of out.top
  // Better: a higher score, or the same score earlier in the enumeration.
  const auto better = [](double a, std::int64_t ia, double b, std::int64_t ib) {
    return a != b ? a > b : ia < ib;
  };
  const auto measure = [&](Entry& e) {
    const serving::Capacity m =
        MeasureCapacity(e.config, mix, e.bound_per_s, e.requests);
    e.measured = true;
    ++out.measured;
    out.trials += m.trials;
    if (m.rate_per_s > 0) {
      out.top.push_back(RankedOf(in, o.rank, e, m));
      ranked_index.push_back(e.index);
    }
  };
  for (std::size_t i : Screen(in, o, mix, entries, out)) measure(entries[i]);
  // The top-th measured (score, index); any configuration that could still
  // beat it (its reach: the bound, or the grid point above its screened rate,
  // or the failed grid point at its floor) is measured too, until none can.
  const auto order = [&] {
    std::vector<std::size_t> idx(out.top.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      return better(out.top[a].score, ranked_index[a], out.top[b].score,
                    ranked_index[b]);
    });
    return idx;
  };
  for (bool more = true; more;) {
    more = false;
    const std::vector<std::size_t> idx = order();
    const bool full = idx.size() >= static_cast<std::size_t>(o.top);
    const double bar = full ? out.top[idx[o.top - 1]].score : 0.0;
    const std::int64_t bar_index = full ? ranked_index[idx[o.top - 1]] : -1;
    for (auto& e : entries) {
      if (e.measured) continue;
      if (!full && e.screened_score <= 0) continue;
      if (full && !better(e.reach, e.index, bar, bar_index)) continue;
      measure(e);
      more = true;
    }
  }
  const std::vector<std::size_t> idx = order();
  std::vector<RankedServing> ranked;
  for (std::size_t i = 0; i < idx.size() && i < static_cast<std::size_t>(o.top);
       ++i) {
    ranked.push_back(std::move(out.top[idx[i]]));
  }
  out.top = std::move(ranked);
  out.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return out;
}

}  // namespace kardashev::search
