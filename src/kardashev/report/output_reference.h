// The output reference: every key of summary.json and every column of
// timeseries.csv, declared once with its unit, its kind (what span of time the
// number covers) and its meaning. The writers take the CSV header from here;
// `kardashev outputs` prints the reference and docs/outputs.md is generated
// from it, and a test checks that the keys the shipped scenarios write and the
// keys declared here are the same set.
#ifndef KARDASHEV_REPORT_OUTPUT_REFERENCE_H_
#define KARDASHEV_REPORT_OUTPUT_REFERENCE_H_

#include <string>
#include <string_view>
#include <vector>

namespace kardashev::report {

// What span of simulated time a number covers.
enum class OutputKind {
  kLabel,          // a name or text, not a quantity
  kSetting,        // as configured or sized: holds over the whole horizon
  kStepAverage,    // a step value: the average over the step
  kStepEnd,        // a step value: the state at the end of the step
  kStepTotal,      // counted over the step
  kRate,           // per unit of time
  kRunningTotal,   // from the start of the horizon to the end of the row
  kMonthTotal,     // over one month of the ledger
  kYearEnd,        // a year of the growth level: the state at its end
  kYearTotal,      // counted over one year of the growth level
  kYearFigure,     // a ratio over one year of the growth level
  kHorizonTotal,   // a total over the horizon
  kHorizonFigure,  // a ratio, mean, peak or percentile over the horizon
};

// The word for a kind, as the reference prints it.
std::string_view KindName(OutputKind kind);

// One summary.json key or timeseries.csv column.
struct OutputKey {
  // summary.json: the key's path, with "[]" for an array's entries and "*" for
  // a key named by the data (a failure category); timeseries.csv: the column.
  std::string path;
  std::string_view unit;  // "-" for none
  OutputKind kind = OutputKind::kLabel;
  std::string_view meaning;
};

// Every leaf key of summary.json, in the order the writer writes them.
std::vector<OutputKey> SummaryJsonKeys();

// The keys `kardashev run --seeds` adds to summary.json or changes the
// meaning of (report/seed_summary.h).
std::vector<OutputKey> SeedSummaryJsonKeys();

// Every column of timeseries.csv, in order.
std::vector<OutputKey> TimeseriesCsvColumns();

// Every column of growth.csv (a scenario with a [growth] table), in order.
std::vector<OutputKey> GrowthCsvColumns();

// Every column of requests.csv (`kardashev run --requests`), in order.
std::vector<OutputKey> RequestsCsvColumns();

// The reference, as Markdown (docs/outputs.md) or as plain text for a
// terminal.
std::string OutputsMarkdown();
std::string OutputsText();

// True when the leaf path `path` (array entries as "[]") is declared by
// `pattern`, where a "*" segment of the pattern matches any one key.
bool PathMatches(std::string_view pattern, std::string_view path);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_OUTPUT_REFERENCE_H_
