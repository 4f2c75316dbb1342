// `kardashev sweep`: runs a sweep file's points x replications on an
// executor, keeps every result in the results file as it comes, then prints
// the per-point table and writes sweep.json (beside the results file) and,
// with --export csv, every value.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli.h"
#include "kardashev/report/html_report.h"
#include "kardashev/report/progress_bar.h"
#include "kardashev/sweep/executor.h"
#include "kardashev/sweep/results_store.h"
#include "kardashev/sweep/sweep_file.h"
#include "kardashev/sweep/sweep_plan.h"
#include "kardashev/sweep/sweep_report.h"
#include "kardashev/sweep/sweep_runner.h"
#include "mpi_executor.h"

namespace kardashev::cli {

namespace {

// Writes `text` to `path`, creating its directory. Throws std::runtime_error.
void WriteText(const std::string& path, const std::string& text) {
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path));
}

// What the sweep's results come to: the table, sweep.json, the export.
int Report(const SweepFlags& flags, const sweep::SweepPlan& plan,
           const sweep::ResultsStore& store, const std::string& results) {
  const auto rows = store.All();
  const auto dir = std::filesystem::path(results).parent_path();
  const std::string json_path = (dir / "sweep.json").string();
  const bool csv_to_stdout = flags.export_format == "csv" && flags.out.empty();
  try {
    const auto json = sweep::SweepJson(plan, rows);
    WriteText(json_path, json.dump(2) + "\n");
    if (flags.report) {
      WriteText((dir / "report.html").string(), report::SweepReportHtml(json));
    }
    if (flags.export_format == "csv") {
      const std::string csv = sweep::TidyCsv(plan, rows);
      if (csv_to_stdout) {
        fmt::print("{}", csv);
      } else {
        WriteText(flags.out, csv);
      }
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "kardashev: cannot write the results: {}\n", e.what());
    return kExitBadInput;
  }
  if (!flags.quiet && !csv_to_stdout) {
    fmt::print("{}", sweep::SummaryTable(plan, rows));
    fmt::print("\nwrote {} and {}{}\n", results, json_path,
               flags.report ? " and " + (dir / "report.html").string() : "");
  }
  return kExitOk;
}

// Tells the other ranks of an MPI run that there is nothing to do, when the
// coordinator cannot start (its results file is refused); a no-op on threads.
void ReleaseWorkers(sweep::Executor& executor) {
  executor.Run(
      {}, [](std::size_t) { return std::string(); },
      [](std::size_t, const std::string&) {});
}

// The sweep on `executor`; every rank of an MPI run calls it, only the
// coordinator records and prints.
int RunOn(sweep::Executor& executor, const SweepFlags& flags,
          const Catalog& catalog) {
  const sweep::SweepFile file = sweep::ParseSweepFile(flags.file);
  const sweep::SweepPlan plan = sweep::PlanSweep(file, catalog);
  const std::string results = flags.results.empty()
                                  ? sweep::DefaultResultsPath(file.name)
                                  : flags.results;
  std::unique_ptr<sweep::ResultsStore> store;
  if (executor.coordinator()) {
    try {
      store = std::make_unique<sweep::ResultsStore>(
          results, sweep::DefinitionOf(plan, flags.file));
    } catch (...) {
      ReleaseWorkers(executor);
      throw;
    }
  }
  report::ProgressBar bar("runs", executor.coordinator() &&
                                      report::StderrWantsProgress(flags.quiet));
  std::size_t ran = 0;
  try {
    ran = sweep::RunSweep(plan, executor, store.get(), catalog,
                          [&bar](std::size_t done, std::size_t total) {
                            bar.Count(done, total);
                          });
  } catch (const scenario::ScenarioError&) {
    throw;
  } catch (const std::runtime_error& e) {  // the results file
    bar.Finish();
    fmt::print(stderr, "kardashev: cannot record a result in {}: {}\n", results,
               e.what());
    return kExitBadInput;
  }
  bar.Finish();
  if (!executor.coordinator()) return kExitOk;
  const int status = Report(flags, plan, *store, results);
  if (!flags.quiet) {
    std::fflush(stdout);
    fmt::print(stderr,
               "{}: {} points x {} replications; ran {} on {}, {} "
               "already in {}\n",
               file.name, plan.points.size(), plan.replications(), ran,
               executor.Describe(), plan.tasks() - ran, results);
  }
  return status;
}

}  // namespace

int CommandSweep(const SweepFlags& flags, const Catalog& catalog) {
  // Threads, or the ranks of an MPI job when started by mpirun or srun.
  std::unique_ptr<sweep::Executor> executor;
  try {
    executor = MakeSweepExecutor(flags.jobs);
  } catch (const MpiError& e) {
    fmt::print(stderr, "kardashev: {}\n", e.what());
    return kExitBadInput;
  }
  try {
    return RunOn(*executor, flags, catalog);
  } catch (const scenario::ScenarioError&) {
    // Every rank reads the same files and finds the same error: one says it.
    if (!executor->coordinator()) return kExitBadInput;
    throw;
  }
}

}  // namespace kardashev::cli
