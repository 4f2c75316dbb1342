// The plan search of `kardashev search training` on the Llama 3 405B job of
// scenarios/llama3-405b.toml, on one thread: items are plans (parallel plan x
// fault-tolerance mode) evaluated, each by the step model, the memory check
// and the goodput model; parallel_plans_per_s counts the step-model runs.
#include <benchmark/benchmark.h>

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/search/training_plan_search.h"

namespace kardashev {
namespace {

void BM_SearchLlama3405bPlans(benchmark::State& state) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  const auto scenarios = scenario::LoadScenario(
      std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/llama3-405b.toml", {},
      catalog);
  const search::SearchJob job =
      search::SearchJobOf(scenarios.front(), "llama3-405b");
  std::int64_t evaluated = 0;
  std::int64_t parallel_plans = 0;
  for (auto _ : state) {
    const search::SearchResult r = search::SearchTrainingPlans(job, 10);
    evaluated += r.evaluated;
    parallel_plans += r.parallel_plans;
    benchmark::DoNotOptimize(r.top.front().goodput_tokens_per_s);
  }
  state.SetItemsProcessed(evaluated);
  state.counters["parallel_plans_per_s"] = benchmark::Counter(
      static_cast<double>(parallel_plans), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SearchLlama3405bPlans)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kardashev
