// The run directory: what `kardashev run` leaves on disk. A run's files are
// one set: WriteRunDirectory renders every file in memory, writes the set into
// a fresh staging directory beside the output directory (same filesystem,
// `.NAME.kardashev-staging-PID`, every file and the directory fsynced), and
// then swaps the staging directory with the output directory in one atomic
// step (renameat2 with RENAME_EXCHANGE; a plain rename when the output
// directory does not exist yet). The old set is removed afterwards.
//
// What it promises: at every instant the output directory holds either the
// previous run's whole set or this run's whole set, never a mix, whether the
// run succeeds, throws, or is killed. A failed run leaves the previous set
// intact and removes its staging directory; a killed run may leave a staging
// directory beside the output directory, which the next write into that
// directory removes (one whose process is still running is left alone). A run
// with no fleet writes no timeseries.csv (one without growth no growth.csv),
// so none of an earlier run remains.
// Beside the rendered results, the set may hold the scenario's text
// (scenario.toml) and the report page drawn from the set (report.html); see
// AddScenarioAndReport.
// The swap needs a Linux filesystem with RENAME_EXCHANGE (ext4, xfs, btrfs,
// tmpfs and others); on one without it the write fails with a message naming
// the directory, and the previous set stays.
//
// Files that Kardashev did not write: the output directory is replaced as a
// whole, so anything else in it would be lost. WriteRunDirectory refuses such
// a directory instead (ForeignFilesError, before touching anything) rather
// than carrying the files over: `--out .` or `--out ~` would otherwise move a
// whole tree around, a hard-linked copy can silently diverge from a file that
// is still being edited, and subdirectories cannot be hard-linked. The caller
// may check the directory before a long run with CheckRunDirectory.
#ifndef KARDASHEV_REPORT_RUN_DIRECTORY_H_
#define KARDASHEV_REPORT_RUN_DIRECTORY_H_

#include <stdexcept>
#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// An output directory holds entries Kardashev did not write. what() names
// them and says what to do.
class ForeignFilesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One file of a run's set: its name inside the output directory and its bytes.
struct OutputFile {
  std::string name;  // a plain file name, no '/'
  std::string text;
};

// The files WriteRunDirectory writes for `results`, by name.
std::vector<std::string> RunDirectoryFiles(const std::vector<Results>& results);

// The files of `results`, rendered: summary.json, timeseries.csv when
// HasTimeseries(results), growth.csv when HasGrowth(results), requests.csv when
// HasRequests(results), and trace.json when HasTrace(results). REQUIRES:
// !results.empty().
std::vector<OutputFile> RenderRunDirectory(const std::vector<Results>& results);

// Appends to `files` (a rendered set) scenario.toml holding `scenario_toml`
// (when not empty) and, when `report`, report.html: the page RunReportHtml
// draws from the set's summary.json, timeseries.csv, requests.csv and
// scenario.toml. REQUIRES: `files` holds summary.json.
void AddScenarioAndReport(std::vector<OutputFile>& files,
                          const std::string& scenario_toml, bool report);

// Throws ForeignFilesError when `dir` exists and holds an entry that is not a
// file Kardashev writes; std::runtime_error when `dir` is not a directory.
void CheckRunDirectory(const std::string& dir);

// Replaces the contents of `dir` (created with its parents if needed) by
// exactly `files`, as one set (see above). Throws ForeignFilesError as
// CheckRunDirectory does, and std::runtime_error naming the path on an I/O
// failure, in both cases leaving `dir` as it was.
void WriteFileSet(const std::string& dir, const std::vector<OutputFile>& files);

// WriteFileSet(dir, RenderRunDirectory(results)).
// REQUIRES: !results.empty().
void WriteRunDirectory(const std::string& dir,
                       const std::vector<Results>& results);

// Writes `text` to `path` atomically (temporary file, then rename). Throws
// std::runtime_error.
void WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_RUN_DIRECTORY_H_
