// The run directory: what `kardashev run` leaves on disk. WriteRunDirectory
// renders every file first and replaces them only when all are rendered and
// written to temporary names, so a failed run leaves the directory as it was,
// and a finished one never mixes files of two runs (a timeseries.csv of an
// earlier run is removed when this run has no fleet).
#ifndef KARDASHEV_REPORT_RUN_DIRECTORY_H_
#define KARDASHEV_REPORT_RUN_DIRECTORY_H_

#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// The files WriteRunDirectory writes for `results`, by name.
std::vector<std::string> RunDirectoryFiles(const std::vector<Results>& results);

// Writes summary.json and, when HasTimeseries(results), timeseries.csv into
// `dir` (created if needed); otherwise removes a timeseries.csv left there.
// Throws std::runtime_error naming the path on an I/O failure.
// REQUIRES: !results.empty().
void WriteRunDirectory(const std::string& dir,
                       const std::vector<Results>& results);

// Writes `text` to `path` atomically (temporary file, then rename). Throws
// std::runtime_error.
void WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_RUN_DIRECTORY_H_
