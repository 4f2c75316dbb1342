// RunAll(): runs of scenarios on several threads (`kardashev run --jobs`).
// RunSeeds(): every variant of a scenario played on several seeds, for
// `kardashev run --seeds` and the Python module. The seeds are S, S+1, ...,
// S+N-1, S the seed the variants were loaded with; every variant is played on
// every seed, so that variants share their random numbers seed by seed (common
// random numbers: a named stream gives the same draws to every variant of one
// seed).
//
// What it promises: the Results of (variant v, seed k) are exactly those of
// Run() of variant v with its seed set to S+k, whatever `jobs` is: each run is
// computed once, on some thread, into its own slot, so the order in which the
// runs finish changes nothing. Every run is made with `options`, so that its
// figures are a plain run's to the last bit; only the first seed's Results
// keep the time series and the served requests, the others' are emptied.
#ifndef KARDASHEV_RUN_SEEDS_H_
#define KARDASHEV_RUN_SEEDS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "kardashev/report/results.h"
#include "kardashev/run.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev {

inline constexpr int kMinSeeds = 2;
inline constexpr int kMaxSeeds = 10000;

struct SeedRuns {
  std::vector<std::uint64_t> seeds;  // S, S+1, ..., S+N-1
  // results[v][k]: variant v (in the order given) on seeds[k].
  std::vector<std::vector<report::Results>> results;
};

// Called on the calling thread after each run finishes: runs done, runs in
// all.
using SeedProgress = std::function<void(std::size_t done, std::size_t total)>;

// Run() of each scenario of `scenarios` (on its own seed), on `jobs` >= 1
// threads: results[i] is exactly Run(scenarios[i], options). Throws
// std::invalid_argument for a bad `jobs`; rethrows the error of a failed run
// as Run threw it, after the runs in flight finish.
std::vector<report::Results> RunAll(
    const std::vector<scenario::Scenario>& scenarios, int jobs,
    const RunOptions& options, const SeedProgress& progress = nullptr);

// The seeds S, ..., S+seeds-1. Throws std::invalid_argument when `seeds` is
// outside [kMinSeeds, kMaxSeeds] or the last seed would pass 2^64 - 1.
std::vector<std::uint64_t> SeedList(std::uint64_t first, int seeds);

// Plays every scenario of `scenarios` (the variants of one scenario file, all
// with the same seed S) on SeedList(S, seeds), on `jobs` >= 1 threads.
// Throws std::invalid_argument for a bad `seeds` or `jobs`, or variants with
// different seeds; rethrows a failed run's error as RunAll does.
// REQUIRES: !scenarios.empty().
SeedRuns RunSeeds(const std::vector<scenario::Scenario>& scenarios, int seeds,
                  int jobs, const RunOptions& options,
                  const SeedProgress& progress = nullptr);

}  // namespace kardashev

#endif  // KARDASHEV_RUN_SEEDS_H_
