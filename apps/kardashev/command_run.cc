// `kardashev run` and `kardashev check`.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli.h"
#include "kardashev/report/run_directory.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/report/text_table.h"
#include "kardashev/run.h"

namespace kardashev::cli {

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
  std::vector<report::Results> results;
  std::vector<std::string> warned;
  const bool progress = !flags.quiet && isatty(fileno(stderr)) != 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (progress) {
      fmt::print(stderr, "\r[{}/{}] {}", i + 1, scenarios.size(),
                 scenarios[i].variant);
    }
    RunOptions options;
    options.requests = flags.requests;
    results.push_back(Run(scenarios[i], options));
    for (const auto& w : RunWarnings(scenarios[i], results.back())) {
      if (flags.quiet || std::count(warned.begin(), warned.end(), w) > 0)
        continue;
      warned.push_back(w);
      fmt::print(stderr, "warning: {}: {}\n", flags.scenario, w);
    }
  }
  if (progress) fmt::print(stderr, "\r\033[K");
  try {
    report::WriteRunDirectory(dir, results);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "kardashev: cannot write the results: {}\n", e.what());
    return kExitBadInput;
  }
  if (flags.format == "json") {
    fmt::print("{}\n", report::SummaryJson(results).dump(2));
  } else if (!flags.quiet) {
    fmt::print("{}", report::TextTable(results));
    const auto files = report::RunDirectoryFiles(results);
    std::string wrote;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (i > 0) wrote += " and ";
      wrote += dir + "/" + files[i];
    }
    fmt::print("\nwrote {}\n", wrote);
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
