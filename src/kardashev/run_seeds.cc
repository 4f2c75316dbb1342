#include "kardashev/run_seeds.h"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "kardashev/sweep/executor.h"

namespace kardashev {

std::vector<std::uint64_t> SeedList(std::uint64_t first, int seeds) {
  if (seeds < kMinSeeds || seeds > kMaxSeeds) {
    throw std::invalid_argument(
        fmt::format("--seeds: expected an integer from {} to {}, got {}",
                    kMinSeeds, kMaxSeeds, seeds));
  }
  const auto extra = static_cast<std::uint64_t>(seeds - 1);
  if (first > std::numeric_limits<std::uint64_t>::max() - extra) {
    throw std::invalid_argument(fmt::format(
        "--seeds: seeds {} to {} + {} pass 2^64 - 1; choose a smaller --seed",
        first, first, extra));
  }
  std::vector<std::uint64_t> list;
  for (int k = 0; k < seeds; ++k) list.push_back(first + k);
  return list;
}

SeedRuns RunSeeds(const std::vector<scenario::Scenario>& scenarios, int seeds,
                  int jobs, const RunOptions& options,
                  const SeedProgress& progress) {
  if (jobs < 1) {
    throw std::invalid_argument(
        fmt::format("--jobs: expected an integer >= 1, got {}", jobs));
  }
  const std::uint64_t first = scenarios.front().seed;
  for (const auto& s : scenarios) {
    if (s.seed != first) {
      throw std::invalid_argument("RunSeeds: the variants' seeds differ");
    }
  }
  SeedRuns runs;
  runs.seeds = SeedList(first, seeds);
  const std::size_t n = runs.seeds.size();
  runs.results.assign(scenarios.size(), std::vector<report::Results>(n));
  std::vector<std::size_t> tasks(scenarios.size() * n);
  for (std::size_t t = 0; t < tasks.size(); ++t) tasks[t] = t;
  // Each task writes only its own slot; the result string carries a failure.
  const auto compute = [&](std::size_t task) -> std::string {
    const std::size_t v = task / n;
    const std::size_t k = task % n;
    try {
      scenario::Scenario s = scenarios[v];
      s.seed = runs.seeds[k];
      // Every seed runs with the same options as a plain run (collecting the
      // time series adds events, which changes the order of floating-point
      // sums); only the first seed keeps what it collected.
      report::Results r = Run(s, options);
      if (k > 0) {
        r.timeseries = {};
        for (auto& sv : r.serving) sv.records = {};
      }
      runs.results[v][k] = std::move(r);
      return "";
    } catch (const std::exception& e) {
      return fmt::format("variant {}, seed {}: {}", scenarios[v].variant,
                         runs.seeds[k], e.what());
    }
  };
  std::size_t done = 0;
  const auto record = [&](std::size_t, const std::string& error) {
    if (!error.empty()) throw std::runtime_error(error);
    ++done;
    if (progress) progress(done, tasks.size());
  };
  sweep::MakeThreadExecutor(jobs)->Run(tasks, compute, record);
  return runs;
}

}  // namespace kardashev
