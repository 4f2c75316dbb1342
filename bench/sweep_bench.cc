// A 200-point sweep of scenarios/colossus1.toml on 1 and on 2 threads: its
// "train" variant (the 405B job on 212,992 GPUs) over 90 days, checkpoint
// interval (20 values, 0.25-8 h on a log scale) x restart time (10 values,
// 5-50 min), one replication. Each run is loaded, prepared and simulated
// afresh, into a fresh results file, as `kardashev sweep --jobs N` does. The
// run on 2 threads is checked to give the same CSV as the run on 1 (when
// both run in one invocation); compare their times for the speed-up, and
// process_cpu_s / time for the cores the threads actually got:
//   ./build/kardashev_bench --benchmark_filter=Sweep
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/sweep/executor.h"
#include "kardashev/sweep/results_store.h"
#include "kardashev/sweep/sweep_file.h"
#include "kardashev/sweep/sweep_plan.h"
#include "kardashev/sweep/sweep_report.h"
#include "kardashev/sweep/sweep_runner.h"

namespace kardashev {
namespace {

// CPU time of every thread of this process so far.
double ProcessCpuS() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::string SweepText() {
  return std::string("[sweep]\nname = \"bench\"\nscenario = \"") +
         KARDASHEV_SOURCE_DIR +
         "/scenarios/colossus1.toml\"\nvariant = \"train\"\n"
         "outputs = [\"training[frontier].ettr\", "
         "\"training[frontier].tokens_trained\", \"economics.npv_usd\"]\n"
         "[[axis]]\nkey = \"scenario.horizon_days\"\nvalues = [90]\n"
         "[[axis]]\nkey = \"training.frontier.checkpoint_interval_hours\"\n"
         "from = 0.25\nto = 8\nsteps = 20\nscale = \"log\"\n"
         "[[axis]]\nkey = \"training.frontier.restart_minutes\"\n"
         "from = 5\nto = 50\nsteps = 10\n";
}

void BM_SweepColossus1Train200Points(benchmark::State& state) {
  static std::map<int, std::string> csv_by_jobs;  // across the two runs
  const int jobs = static_cast<int>(state.range(0));
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  const sweep::SweepPlan plan = sweep::PlanSweep(
      sweep::ParseSweepText(SweepText(), "bench.toml"), catalog);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kardashev-sweep-bench-" + std::to_string(::getpid()));
  std::string csv;
  double cpu_s = 0;  // of all threads: cpu_s / time is the parallelism got
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    sweep::ResultsStore store(
        (dir / "results.sqlite").string(),
        sweep::StoreDefinition{plan.hash, "bench.toml", plan.file.scenario,
                               plan.parameters, plan.outputs});
    const auto executor = sweep::MakeThreadExecutor(jobs);
    const double cpu_before_s = ProcessCpuS();
    state.ResumeTiming();
    sweep::RunSweep(plan, *executor, &store, catalog, nullptr);
    state.PauseTiming();
    cpu_s += ProcessCpuS() - cpu_before_s;
    csv = sweep::TidyCsv(plan, store.All());
    state.ResumeTiming();
  }
  std::filesystem::remove_all(dir);
  csv_by_jobs[jobs] = csv;
  if (csv_by_jobs.count(1) > 0 && csv_by_jobs[1] != csv) {
    state.SkipWithError("results differ from the run on 1 thread");
  }
  state.counters["process_cpu_s"] = cpu_s;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(plan.tasks()));
}
BENCHMARK(BM_SweepColossus1Train200Points)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace kardashev
