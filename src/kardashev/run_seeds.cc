#include "kardashev/run_seeds.h"

#include <fmt/format.h>

#include <exception>
#include <functional>
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

namespace {

// `run_one(i)` for i in [0, count) on `jobs` threads, as RunAll promises.
std::vector<report::Results> RunEach(
    std::size_t count, int jobs, const SeedProgress& progress,
    const std::function<report::Results(std::size_t)>& run_one) {
  if (jobs < 1) {
    throw std::invalid_argument(
        fmt::format("--jobs: expected an integer >= 1, got {}", jobs));
  }
  std::vector<report::Results> results(count);
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::size_t> tasks(count);
  for (std::size_t t = 0; t < count; ++t) tasks[t] = t;
  // Each task writes only its own slots; a failure is kept to be rethrown as
  // it was thrown, on the calling thread.
  const auto compute = [&](std::size_t task) -> std::string {
    try {
      results[task] = run_one(task);
      return "";
    } catch (...) {
      errors[task] = std::current_exception();
      return "failed";
    }
  };
  std::size_t done = 0;
  const auto record = [&](std::size_t task, const std::string&) {
    if (errors[task]) std::rethrow_exception(errors[task]);
    ++done;
    if (progress) progress(done, count);
  };
  sweep::MakeThreadExecutor(jobs)->Run(tasks, compute, record);
  return results;
}

}  // namespace

std::vector<report::Results> RunAll(
    const std::vector<scenario::Scenario>& scenarios, int jobs,
    const RunOptions& options, const SeedProgress& progress) {
  return RunEach(scenarios.size(), jobs, progress,
                 [&](std::size_t i) { return Run(scenarios[i], options); });
}

SeedRuns RunSeeds(const std::vector<scenario::Scenario>& scenarios, int seeds,
                  int jobs, const RunOptions& options,
                  const SeedProgress& progress) {
  const std::uint64_t first = scenarios.front().seed;
  for (const auto& s : scenarios) {
    if (s.seed != first) {
      throw std::invalid_argument(
          "--seeds: the variants set different seeds; give one with --seed");
    }
  }
  SeedRuns runs;
  runs.seeds = SeedList(first, seeds);
  const std::size_t n = runs.seeds.size();
  // Every seed runs with the same options as a plain run (collecting the time
  // series adds events, which changes the order of floating-point sums); only
  // the first seed keeps what it collected. Task v * n + k: variant v, seed k.
  auto all = RunEach(scenarios.size() * n, jobs, progress, [&](std::size_t i) {
    scenario::Scenario s = scenarios[i / n];
    s.seed = runs.seeds[i % n];
    report::Results r = Run(s, options);
    if (i % n > 0) {
      r.timeseries = {};
      for (auto& sv : r.serving) sv.records = {};
    }
    return r;
  });
  runs.results.assign(scenarios.size(), {});
  for (std::size_t i = 0; i < all.size(); ++i)
    runs.results[i / n].push_back(std::move(all[i]));
  return runs;
}

}  // namespace kardashev
