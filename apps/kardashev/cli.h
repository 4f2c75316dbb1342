// The pieces every `kardashev` command shares: exit statuses, the flags of a
// command that reads a scenario, and loading a scenario with its warnings on
// stderr. Each command lives in its own file (command_*.cc); main.cc only
// declares the command line and dispatches.
#ifndef KARDASHEV_APPS_CLI_H_
#define KARDASHEV_APPS_CLI_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::cli {

using catalog::Catalog;

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

struct RunFlags {
  std::string scenario;
  std::optional<std::string> seed;  // as written; checked by ParseSeed
  std::vector<std::string> sets;
  std::vector<std::string> catalog_files;  // --catalog, in order
  std::optional<std::string> variant;
  std::string out_dir;
  std::string format = "text";
  bool quiet = false;
  bool requests = false;     // run --requests: write requests.csv
  bool trace = false;        // run --trace: write trace.json
  std::optional<int> seeds;  // run --seeds: play every variant on N seeds
  int jobs = 1;              // run --jobs: threads for the runs
  bool report = false;       // run --report: write report.html
  bool invariants = false;   // run --invariants: say what was checked
};

// The flags of `kardashev sweep`.
struct SweepFlags {
  std::string file;
  int jobs = 1;
  std::string results;        // default runs/<sweep name>/results.sqlite
  std::string export_format;  // "" or "csv"
  std::string out;            // the export's file; "" for stdout
  bool quiet = false;
  bool report = false;  // sweep --report: write report.html beside sweep.json
};

// The flags of `kardashev compare`.
struct CompareFlags {
  std::string dir_a;
  std::string dir_b;
  std::string format = "text";
};

// The value of --seed: digits only, at most 2^64 - 1. Anything else (a sign, a
// fraction, a word) is bad input, reported like a scenario error.
std::uint64_t ParseSeed(const std::string& text);

// A command-line error as one line, like a scenario error: the flag or
// argument, what was expected.
std::string UsageMessage(const CLI::ParseError& e);

// The scenario's variants (LoadScenario with the flags), its warnings printed
// once each on stderr unless --quiet. `merged`, when not null, receives the
// catalog with the scenario's and --catalog's entries.
std::vector<scenario::Scenario> Load(const RunFlags& flags,
                                     const Catalog& catalog,
                                     Catalog* merged = nullptr);

// The flags of a command that reads a scenario: the file, --seed, --set,
// --variant, --catalog, --quiet.
void AddScenarioFlags(CLI::App* cmd, RunFlags& flags);

// The commands; each returns the exit status.
int CommandRun(const RunFlags& flags, const Catalog& catalog);
int CommandCheck(const RunFlags& flags, const Catalog& catalog);
int CommandSearch(const RunFlags& flags, const std::string& job, int top,
                  const Catalog& catalog);
int CommandSearchServing(const RunFlags& flags, const std::string& deployment,
                         int top, const std::string& rank,
                         const Catalog& catalog);
int CommandSweep(const SweepFlags& flags, const Catalog& catalog);
// `kardashev report DIR`: the report page of a run (or sweep) directory,
// written to `out` (default DIR/report.html).
int CommandReport(const std::string& dir, const std::string& out);
// The scenario's text as `run` keeps it in scenario.toml: the file, preceded
// by a comment naming the --set overrides applied to it.
std::string ScenarioText(const RunFlags& flags);
int CommandCompare(const CompareFlags& flags);

// `kardashev validate`: the validation suite, as text or markdown.
int CommandValidate(const std::string& format);
// `catalog`: the built-in catalog, with the entries of `scenario` (when not
// empty) and of `catalog_files`, user entries marked with where they came
// from.
int CommandCatalog(const std::string& what, const std::string& scenario,
                   const std::vector<std::string>& catalog_files,
                   const Catalog& catalog);

}  // namespace kardashev::cli

#endif  // KARDASHEV_APPS_CLI_H_
