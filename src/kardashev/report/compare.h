// `kardashev compare`: the figures (report/figure_paths.h) of two runs'
// summary.json, side by side. Variants are matched by name; when each run
// holds exactly one variant and their names differ, those two are compared.
// Every figure that differs is reported with both values, b - a and
// (b - a) / |a| (none when a is 0: "base 0"), largest relative difference
// first, base-0 differences before all others; figures equal in both are
// counted; figures one run alone writes are listed as such.
//
// When both runs were played on seeds (`run --seeds`: each variant has
// `ci95` and `per_seed`), each difference is judged against noise. With the
// same list of seeds in both, the seeds are paired (common random numbers)
// and a difference is beyond noise when the 95% interval of the paired
// differences excludes 0; with different seeds, when |b - a| exceeds the sum
// of the two 95% half-widths (the intervals do not overlap).
//
// What it promises: the comparison depends only on the two JSON documents,
// so the same inputs give byte-identical text and JSON.
#ifndef KARDASHEV_REPORT_COMPARE_H_
#define KARDASHEV_REPORT_COMPARE_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kardashev::report {

// Bad input to compare (no summary.json, malformed JSON, nothing to match):
// what() is one line for the user.
class CompareError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class NoiseTest { kNone, kPaired, kIntervals };

// One figure of a matched pair of variants.
struct FigureDifference {
  std::string path;
  std::optional<double> a;  // absent when only b writes it
  std::optional<double> b;
  double abs_difference = 0;             // b - a (both present)
  std::optional<double> rel_difference;  // (b - a) / |a|; none when a is 0
  std::optional<double> ci95_a;          // half-widths, with seeds
  std::optional<double> ci95_b;
  std::optional<bool> beyond_noise;  // with seeds
};

struct VariantComparison {
  std::string variant_a;
  std::string variant_b;
  NoiseTest noise = NoiseTest::kNone;
  std::size_t equal = 0;                      // figures equal in both
  std::vector<FigureDifference> differences;  // largest relative first
  std::vector<FigureDifference> only_a;       // in a's order
  std::vector<FigureDifference> only_b;
};

struct Comparison {
  std::string label_a;  // the directories, as given
  std::string label_b;
  std::string scenario_a;
  std::string scenario_b;
  double horizon_s_a = 0;
  double horizon_s_b = 0;
  std::vector<VariantComparison> variants;
  std::vector<std::string> unmatched_a;  // variants with no partner
  std::vector<std::string> unmatched_b;
};

// The summary.json of a run directory. Throws CompareError when the directory
// or the file is missing or the file is not a summary.json.
nlohmann::ordered_json ReadRunSummary(const std::string& dir);

// Compares two summary.json documents. Throws CompareError when no variant
// can be matched.
Comparison CompareSummaries(const nlohmann::ordered_json& a,
                            const nlohmann::ordered_json& b,
                            const std::string& label_a,
                            const std::string& label_b);

// The text `compare` prints: a header, then per matched pair its differences
// (figures of entries named by index, the months of the ledger, are counted,
// not listed), and the one-sided figures.
std::string CompareText(const Comparison& comparison);

// `compare --format json`: every figure of every pair, with path, a, b, abs,
// rel (null for base 0 or a one-sided figure), and with seeds ci95_a, ci95_b
// and beyond_noise.
nlohmann::ordered_json CompareJson(const Comparison& comparison);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_COMPARE_H_
