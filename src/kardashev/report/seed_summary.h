// The summary of a scenario played on several seeds (`kardashev run --seeds`,
// run_seeds.h): every numeric figure of summary.json, per variant, as a mean
// with the half-width of its 95% interval over the seeds, and the paired
// differences between variants (common random numbers: the same seeds).
//
// A figure is a number leaf of a variant's summary.json object (VariantJson),
// named by its path (report/figure_paths.h): object keys joined by ".", an
// array entry written
// "[NAME]" when the entries are objects with distinct "name"s and "[INDEX]"
// (from 0) otherwise: `fleet.energy_mwh`, `training[frontier].ettr`,
// `fleet.failures.by_component.gpu`, `economics.ledger[3].revenue_usd`. The
// variant's `seed` is not a figure. A figure some seeds do not write (a failure
// category no node of that seed met) counts as 0 on those seeds. Booleans and
// text are not figures: the mean object keeps the first seed's.
//
// What it promises: the summary depends only on the Results given, in the
// order given, so identical runs give byte-identical JSON and text.
#ifndef KARDASHEV_REPORT_SEED_SUMMARY_H_
#define KARDASHEV_REPORT_SEED_SUMMARY_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kardashev/report/results.h"
#include "kardashev/stats/interval.h"

namespace kardashev::report {

// One figure of one variant over the seeds.
struct SeedFigure {
  std::string path;            // readable, as above
  std::string pointer;         // JSON pointer into the variant object
  bool integer = true;         // every seed wrote an integer
  std::vector<double> values;  // one per seed
  stats::Interval interval;    // of `values`
};

struct SeedVariant {
  std::string variant;
  std::vector<nlohmann::ordered_json> per_seed;  // VariantJson of each seed
  std::vector<SeedFigure> figures;               // in the order written
};

// A figure of `variant` minus the same figure of `base`, paired by seed.
struct SeedDifference {
  std::string base;
  std::string variant;
  std::string figure;
  double base_mean = 0;
  stats::PairedDifference paired;
};

struct SeedSummary {
  std::string scenario;
  double horizon_s = 0;
  std::vector<std::uint64_t> seeds;
  std::vector<SeedVariant> variants;
  // Every pair of variants when there are at most kAllPairsUpTo, else the
  // first variant against each other; only figures whose values differ on
  // some seed by more than kRoundingShare of their size, in the base
  // variant's figure order.
  std::vector<SeedDifference> differences;
};

inline constexpr std::size_t kAllPairsUpTo = 6;
// Values closer than this share of the larger are equal: variants that share
// their random numbers may still sum the same terms in another order, which
// moves a figure by a few parts in 10^16 (5.6e6 GPU-hours by 1e-8).
inline constexpr double kRoundingShare = 1e-12;

// The figures of one variant from its per-seed objects, with their intervals.
// REQUIRES: !per_seed.empty().
std::vector<SeedFigure> SeedFigures(
    const std::vector<nlohmann::ordered_json>& per_seed);

// results[v][k]: variant v on seeds[k]. REQUIRES: every results[v] has
// seeds.size() >= 1 entries, and FillDerivedFigures() has been called on each.
SeedSummary SummarizeSeeds(const std::vector<std::vector<Results>>& results,
                           const std::vector<std::uint64_t>& seeds);

// summary.json with --seeds (docs/outputs.md): the usual keys with each
// variant's mean values, plus `seeds`, each variant's `ci95` and `per_seed`,
// and `differences`.
nlohmann::ordered_json SeedSummaryJson(const SeedSummary& summary);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_SEED_SUMMARY_H_
