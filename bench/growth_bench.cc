// The growth level at its target scale (docs/design.md 6: "a 10-year build-out
// to 1,000,000 GPUs, ground and orbit: < 10 s wall, < 2 GiB"): bench/growth-
// buildout.toml, four ground sites coming online over ten years with H100,
// H200, B200 and GB200 NVL72 builds, two orbital shells, a lease, a training
// job and a product, about 1,000,000 GPUs by the end. Each iteration is the
// whole run as the CLI does it: the catalog and the scenario loaded, then
// kardashev::Run (prepare and simulate). The run must end with 900,000
// working GPUs or more (installed counts in orbit also hold the failed GPUs
// of satellites still flying).
// peak_rss_mib is the process's high-water mark, so run it alone for its own:
//   ./build/kardashev_bench --benchmark_filter=Growth
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/run.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev {
namespace {

// The most resident memory this process has held so far, in MiB (Linux
// reports ru_maxrss in KiB).
double PeakRssMib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void BM_GrowthBuildout10Years1MGpus(benchmark::State& state) {
  const std::string path =
      std::string(KARDASHEV_SOURCE_DIR) + "/bench/growth-buildout.toml";
  double peak_gpus = 0;
  double working_gpus = 0;
  for (auto _ : state) {
    const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
    const auto scenarios = scenario::LoadScenario(path, {}, catalog);
    const auto r = Run(scenarios.front(), RunOptions{});
    peak_gpus = r.growth.has_value() ? r.growth->peak_gpus : 0;
    working_gpus = 0;
    if (r.growth.has_value()) {
      for (const auto& site : r.growth->months.back().sites) {
        working_gpus += site.working_gpus;
      }
    }
    benchmark::DoNotOptimize(peak_gpus);
  }
  state.counters["peak_gpus"] = peak_gpus;
  state.counters["working_gpus_end"] = working_gpus;
  state.counters["peak_rss_mib"] = PeakRssMib();
  if (working_gpus < 900000) {
    state.SkipWithError("the build-out did not reach 900,000 working GPUs");
  }
}
BENCHMARK(BM_GrowthBuildout10Years1MGpus)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kardashev
