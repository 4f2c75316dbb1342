// Whole-fleet runs: the shipped colossus1 scenario (one simulated year, every
// variant) and a synthetic 1,000,000-GPU fleet for one year, through the same
// run() the CLI calls.
#include <benchmark/benchmark.h>

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/run.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev {
namespace {

void BM_Colossus1AllVariantsOneYear(benchmark::State& state) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  const auto scenarios = scenario::LoadScenario(
      std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/colossus1.toml", {},
      catalog);
  std::int64_t events = 0;
  for (auto _ : state) {
    for (const auto& s : scenarios) {
      const auto r = Run(s, RunOptions{});
      events += r.events;
      benchmark::DoNotOptimize(r.economics.npv_usd);
    }
  }
  state.counters["variants"] = static_cast<double>(scenarios.size());
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Colossus1AllVariantsOneYear)->Unit(benchmark::kMillisecond);

void BM_MillionGpuFleetOneYear(benchmark::State& state) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  // 125,000 HGX H100 nodes; 120,000 of them leased, the rest spare.
  options.sets = {"cluster.colossus1.nodes=125000",
                  "lease.inference.gpus=960000"};
  options.variant = "lease";
  const auto scenarios = scenario::LoadScenario(
      std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/colossus1.toml", options,
      catalog);
  std::int64_t events = 0;
  for (auto _ : state) {
    const auto r = Run(scenarios.front(), RunOptions{});
    events += r.events;
    benchmark::DoNotOptimize(r.economics.npv_usd);
  }
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MillionGpuFleetOneYear)->Unit(benchmark::kMillisecond);

// One simulated year of a 101,376-GPU training job with failures, repairs,
// checkpoints and restarts, on a cluster with 5% spare trays.
void BM_TrainingJob100kGpusOneYear(benchmark::State& state) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  options.sets = {"cluster.colossus2.nodes=26600", "scenario.horizon_days=365"};
  options.variant = "dense-100k";
  const auto scenarios = scenario::LoadScenario(
      std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/colossus2-training.toml",
      options, catalog);
  std::int64_t events = 0;
  for (auto _ : state) {
    const auto r = Run(scenarios.front(), RunOptions{false});
    events += r.events;
    benchmark::DoNotOptimize(r.training.front().ettr);
  }
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TrainingJob100kGpusOneYear)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kardashev
