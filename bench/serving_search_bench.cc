// The configuration search of `kardashev search serving` on the Llama 2 70B
// deployment of scenarios/azure-replay.toml, over a smaller space (H100 and
// H200, two sequence limits, one batch budget per policy, up to two prefill
// replicas), on one thread: items are configurations considered, each bounded
// analytically and, unless pruned, screened by simulation; simulated_per_s
// counts the configurations that were simulated.
#include <benchmark/benchmark.h>

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/search/serving_search.h"

namespace kardashev {
namespace {

search::ServingSearchInput SmallSpace() {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  const auto scenarios = scenario::LoadScenario(
      std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/azure-replay.toml", {},
      catalog);
  search::ServingSearchInput in =
      search::ServingSearchInputOf(scenarios.front(), catalog, "llama2-70b");
  std::vector<catalog::GpuSpec> gpus;
  std::vector<std::optional<econ::GpuHourPrice>> cost;
  for (std::size_t i = 0; i < in.space.gpus.size(); ++i) {
    const std::string& name = in.space.gpus[i].name;
    if (name != "h100-sxm" && name != "h200") continue;
    gpus.push_back(in.space.gpus[i]);
    cost.push_back(in.cost[i]);
  }
  in.space.gpus = gpus;
  in.cost = cost;
  in.space.max_sequences = {128, 256};
  in.space.vllm_batched_tokens = {4096};
  in.space.sarathi_batched_tokens = {512};
  in.space.max_prefill_replicas = 2;
  return in;
}

void BM_SearchServingConfigurations(benchmark::State& state) {
  const search::ServingSearchInput in = SmallSpace();
  search::ServingSearchOptions options;
  options.top = 3;
  options.prune = state.range(0) != 0;
  std::int64_t considered = 0;
  std::int64_t simulated = 0;
  for (auto _ : state) {
    const search::ServingSearchResult r = search::SearchServing(in, options);
    considered += r.considered;
    simulated += r.screened;
    benchmark::DoNotOptimize(r.top.front().score);
  }
  state.SetItemsProcessed(considered);
  state.counters["simulated_per_s"] = benchmark::Counter(
      static_cast<double>(simulated), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SearchServingConfigurations)
    ->ArgName("prune")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kardashev
