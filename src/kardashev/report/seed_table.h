// The text `kardashev run --seeds` prints: a table of the main figures with
// one column per variant, each cell the mean over the seeds and the half-width
// of its 95% interval ("97.1% ± 0.2%"; no "±" when every seed gives the same
// value), and a section per variant on its differences from the first
// (base) variant that are beyond noise, paired seed by seed, largest relative
// difference first. Figures of entries named by their index (the months of
// the ledger) are counted there but not listed. The table shows
// summary.json figures (report/seed_summary.h), so that every number printed
// can be found there; counts are shown with one decimal, being means.
#ifndef KARDASHEV_REPORT_SEED_TABLE_H_
#define KARDASHEV_REPORT_SEED_TABLE_H_

#include <string>

#include "kardashev/report/seed_summary.h"

namespace kardashev::report {

// How many distinguishable differences per variant the text lists; the rest
// are counted.
inline constexpr std::size_t kListedDifferences = 15;

// The table, its title and the differences section.
// REQUIRES: !summary.variants.empty().
std::string SeedTextTable(const SeedSummary& summary);

// The differences section alone ("" for a single variant).
std::string SeedDifferencesText(const SeedSummary& summary);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_SEED_TABLE_H_
