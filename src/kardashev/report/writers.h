// Writers turn Results into what a user reads: summary.json (DESIGN's contract:
// stable keys, seconds, USD, MWh), timeseries.csv, and a text table with
// variants side by side. Output is a pure function of the Results, so identical
// Results give byte-identical files.
#ifndef KARDASHEV_REPORT_WRITERS_H_
#define KARDASHEV_REPORT_WRITERS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// summary.json for the variants of one scenario. One variant named "base" gives
// one flat object; otherwise {"scenario", "seed", "horizon_s", "variants":
// {name: object, ...}}. REQUIRES: !results.empty().
nlohmann::ordered_json SummaryJson(const std::vector<Results>& results);

// timeseries.csv: one row per variant and step; the columns are named in the
// header.
std::string TimeseriesCsv(const std::vector<Results>& results);

// A readable table, variants as columns. REQUIRES: !results.empty().
std::string TextTable(const std::vector<Results>& results);

// Writes summary.json and timeseries.csv into `dir` (created if needed). Each
// file is written to a temporary name and renamed into place, so a failed run
// leaves no half-written file. Throws std::runtime_error naming the path on an
// I/O failure.
void WriteRunDirectory(const std::string& dir,
                       const std::vector<Results>& results);

// Writes `text` to `path` atomically (temporary file, then rename). Throws
// std::runtime_error.
void WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_WRITERS_H_
