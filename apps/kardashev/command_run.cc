// `kardashev run` and `kardashev check`.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cli.h"
#include "kardashev/report/growth_report.h"
#include "kardashev/report/invariants.h"
#include "kardashev/report/progress_bar.h"
#include "kardashev/report/run_directory.h"
#include "kardashev/report/seed_summary.h"
#include "kardashev/report/seed_table.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/report/text_table.h"
#include "kardashev/run.h"
#include "kardashev/run_seeds.h"

namespace kardashev::cli {

namespace {

// What `run` prints after the table: the files it wrote.
void PrintWrote(const std::string& dir,
                const std::vector<report::OutputFile>& files) {
  std::string wrote;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i > 0) wrote += " and ";
    wrote += dir + "/" + files[i].name;
  }
  fmt::print("\nwrote {}\n", wrote);
}

// Prints the warnings of a run not printed yet (none with --quiet).
void Warn(const RunFlags& flags, const scenario::Scenario& scenario,
          const report::Results& results, std::vector<std::string>& warned) {
  for (const auto& w : RunWarnings(scenario, results)) {
    if (flags.quiet || std::count(warned.begin(), warned.end(), w) > 0)
      continue;
    warned.push_back(w);
    fmt::print(stderr, "warning: {}: {}\n", flags.scenario, w);
  }
}

// Checks the invariants of every result (report/invariants.h): false, with
// every violation on stderr, when one is broken; with --invariants, says what
// was checked.
bool InvariantsHold(const RunFlags& flags,
                    const std::vector<const report::Results*>& results) {
  std::map<std::string, int> checks;
  std::vector<std::string> violations;
  for (const report::Results* r : results) {
    const report::InvariantReport one = report::CheckInvariants(*r);
    for (const auto& [name, n] : one.checks) checks[name] += n;
    for (const auto& v : one.violations)
      violations.push_back(fmt::format("{}: {}", r->variant, v));
  }
  for (const auto& v : violations) {
    fmt::print(stderr, "kardashev: internal error: invariant broken: {}\n", v);
  }
  if (flags.invariants) {
    int total = 0;
    std::string parts;
    for (const auto& [name, n] : checks) {
      total += n;
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", name, n);
    }
    fmt::print(stderr, "invariants: {} values checked on {} results ({}): {}\n",
               total, results.size(), parts,
               violations.empty()
                   ? "all hold"
                   : fmt::format("{} broken", violations.size()));
  }
  return violations.empty();
}

// `run --seeds N`: every variant on N seeds; summary.json holds the means,
// intervals, per-seed objects and differences, timeseries.csv, growth.csv and
// requests.csv the first seed's runs.
int RunOnSeeds(const RunFlags& flags,
               const std::vector<scenario::Scenario>& scenarios,
               const std::string& dir) {
  RunOptions options;
  options.requests = flags.requests;
  options.trace = flags.trace;
  report::ProgressBar bar("runs", report::StderrWantsProgress(flags.quiet));
  bar.Count(0, scenarios.size() * static_cast<std::size_t>(*flags.seeds));
  SeedRuns runs;
  try {
    runs = RunSeeds(scenarios, *flags.seeds, flags.jobs, options,
                    [&bar](std::size_t done, std::size_t total) {
                      bar.Count(done, total);
                    });
  } catch (const std::invalid_argument& e) {
    bar.Finish();
    fmt::print(stderr, "kardashev: error: {}\n", e.what());
    return kExitBadInput;
  }
  bar.Finish();
  std::vector<const report::Results*> all;
  for (const auto& variant : runs.results) {
    for (const auto& r : variant) all.push_back(&r);
  }
  if (!InvariantsHold(flags, all)) return kExitInternal;
  std::vector<report::Results> first;
  std::vector<std::string> warned;
  for (std::size_t v = 0; v < scenarios.size(); ++v) {
    first.push_back(runs.results[v].front());
    for (const auto& r : runs.results[v]) Warn(flags, scenarios[v], r, warned);
  }
  const auto summary = report::SummarizeSeeds(runs.results, runs.seeds);
  const auto json = report::SeedSummaryJson(summary);
  auto files = report::RenderRunDirectory(first);
  for (auto& f : files) {
    if (f.name == "summary.json") f.text = json.dump(2) + "\n";
  }
  report::AddScenarioAndReport(files, ScenarioText(flags), flags.report);
  try {
    report::WriteFileSet(dir, files);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "kardashev: cannot write the results: {}\n", e.what());
    return kExitBadInput;
  }
  if (flags.format == "json") {
    fmt::print("{}\n", json.dump(2));
  } else if (!flags.quiet) {
    fmt::print("{}", report::SeedTextTable(summary));
    // The growth level plays expected values, not draws: the first seed's
    // run shows it (as growth.csv does).
    fmt::print("{}", report::GrowthText(first));
    PrintWrote(dir, files);
  }
  return kExitOk;
}

}  // namespace

int CommandRun(const RunFlags& flags, const Catalog& catalog) {
  const auto scenarios = Load(flags, catalog);
  const std::string dir = flags.out_dir.empty()
                              ? fmt::format("runs/{}", scenarios.front().name)
                              : flags.out_dir;
  try {
    report::CheckRunDirectory(dir);  // before a long run, not after
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "kardashev: {}\n", e.what());
    return kExitBadInput;
  }
  if (flags.seeds) return RunOnSeeds(flags, scenarios, dir);
  RunOptions options;
  options.requests = flags.requests;
  options.trace = flags.trace;
  // One variant: the share of its simulated time; several: variants done.
  report::ProgressBar bar("variants", report::StderrWantsProgress(flags.quiet));
  if (scenarios.size() == 1) {
    options.progress = [&bar](double share) { bar.Share(share); };
  } else {
    bar.Count(0, scenarios.size());
  }
  const auto results =
      RunAll(scenarios, flags.jobs, options,
             [&bar, n = scenarios.size()](std::size_t done, std::size_t total) {
               if (n > 1) bar.Count(done, total);
             });
  bar.Finish();
  std::vector<const report::Results*> all;
  for (const auto& r : results) all.push_back(&r);
  if (!InvariantsHold(flags, all)) return kExitInternal;
  std::vector<std::string> warned;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    Warn(flags, scenarios[i], results[i], warned);
  auto files = report::RenderRunDirectory(results);
  report::AddScenarioAndReport(files, ScenarioText(flags), flags.report);
  try {
    report::WriteFileSet(dir, files);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "kardashev: cannot write the results: {}\n", e.what());
    return kExitBadInput;
  }
  if (flags.format == "json") {
    fmt::print("{}\n", report::SummaryJson(results).dump(2));
  } else if (!flags.quiet) {
    fmt::print("{}", report::TextTable(results));
    PrintWrote(dir, files);
  }
  return kExitOk;
}

int CommandCheck(const RunFlags& flags, const Catalog& catalog) {
  const auto scenarios = Load(flags, catalog);
  if (!flags.quiet) {
    fmt::print("{}: ok ({} variant{})\n", flags.scenario, scenarios.size(),
               scenarios.size() == 1 ? "" : "s");
  }
  return kExitOk;
}

}  // namespace kardashev::cli
