// _kardashev: the compiled half of the Python package `kardashev`
// (python/kardashev/__init__.py). It is a thin door onto the library: load a
// scenario (a file, or TOML text a Python dict was written as), run every
// selected variant with kardashev::Run (on several seeds: RunSeeds), or a
// sweep file with sweep::RunSweep, and hand back summary.json or sweep.json
// as text. A ScenarioError becomes kardashev.ScenarioError (a ValueError)
// whose str() is the message the CLI prints; std::invalid_argument (a bad
// seeds= or jobs=) a ValueError; any other C++ exception a RuntimeError with
// its message. The GIL is released while a run proceeds.
#include <fmt/format.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/report/seed_summary.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/run.h"
#include "kardashev/run_seeds.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/sweep/executor.h"
#include "kardashev/sweep/results_store.h"
#include "kardashev/sweep/sweep_file.h"
#include "kardashev/sweep/sweep_plan.h"
#include "kardashev/sweep/sweep_report.h"
#include "kardashev/sweep/sweep_runner.h"
#include "kardashev/version.h"

namespace py = pybind11;

namespace kardashev::python {
namespace {

// The options of one call, as Python gives them (checked there).
struct Request {
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> variant;
  std::vector<std::string> catalog_files;  // the CLI's --catalog
  std::optional<int> seeds;                // the CLI's --seeds
  int jobs = 1;                            // the CLI's --jobs
};

scenario::LoadOptions Options(const Request& request) {
  scenario::LoadOptions options;
  options.sets = request.sets;
  options.seed = request.seed;
  options.variant = request.variant;
  options.catalog_files = request.catalog_files;
  return options;
}

// Runs every scenario (variant), on every seed with `seeds`, and returns
// summary.json as text: what `kardashev run [--seeds N] --format json`
// prints.
std::string RunAllOf(const std::vector<scenario::Scenario>& scenarios,
                     const Request& request) {
  const RunOptions options;
  if (request.seeds) {
    const SeedRuns runs =
        RunSeeds(scenarios, *request.seeds, request.jobs, options);
    return report::SeedSummaryJson(
               report::SummarizeSeeds(runs.results, runs.seeds))
        .dump();
  }
  return report::SummaryJson(RunAll(scenarios, request.jobs, options)).dump();
}

// Calls `body` without the GIL; a C++ exception other than a ScenarioError
// leaves as a std::runtime_error (RuntimeError in Python) with its message,
// std::invalid_argument (a bad seeds= or jobs=) as itself (ValueError).
template <typename Body>
std::string WithoutGil(Body body) {
  py::gil_scoped_release release;
  try {
    return body();
  } catch (const scenario::ScenarioError&) {
    throw;
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error(e.what());
  }
}

std::string RunFile(const std::string& path, const Request& request) {
  return WithoutGil([&] {
    const auto catalog = catalog::Catalog::LoadEmbedded();
    return RunAllOf(scenario::LoadScenario(path, Options(request), catalog),
                    request);
  });
}

std::string RunText(const std::string& text, const std::string& display_name,
                    const Request& request) {
  return WithoutGil([&] {
    const auto catalog = catalog::Catalog::LoadEmbedded();
    return RunAllOf(scenario::LoadScenarioText(text, display_name,
                                               Options(request), catalog),
                    request);
  });
}

// `kardashev sweep PATH --jobs N [--results FILE]` on threads: every run the
// results file lacks, recorded there as it finishes; returns sweep.json as
// text.
std::string SweepFile(const std::string& path, int jobs,
                      const std::optional<std::string>& results) {
  return WithoutGil([&] {
    if (jobs < 1) throw std::invalid_argument("jobs= must be at least 1");
    const auto catalog = catalog::Catalog::LoadEmbedded();
    const sweep::SweepFile file = sweep::ParseSweepFile(path);
    const sweep::SweepPlan plan = sweep::PlanSweep(file, catalog);
    sweep::ResultsStore store(
        results.value_or(sweep::DefaultResultsPath(file.name)),
        sweep::DefinitionOf(plan, path));
    const auto executor = sweep::MakeThreadExecutor(jobs);
    sweep::RunSweep(plan, *executor, &store, catalog, nullptr);
    return sweep::SweepJson(plan, store.All()).dump();
  });
}

}  // namespace
}  // namespace kardashev::python

PYBIND11_MODULE(_kardashev, m) {
  using kardashev::python::Request;
  m.doc() = "The compiled half of the kardashev package; use `kardashev`.";
  m.attr("__version__") = kardashev::kVersion;
  py::class_<Request>(m, "Request")
      .def(py::init<>())
      .def_readwrite("sets", &Request::sets)
      .def_readwrite("seed", &Request::seed)
      .def_readwrite("variant", &Request::variant)
      .def_readwrite("catalog_files", &Request::catalog_files)
      .def_readwrite("seeds", &Request::seeds)
      .def_readwrite("jobs", &Request::jobs);
  py::register_exception<kardashev::scenario::ScenarioError>(m, "ScenarioError",
                                                             PyExc_ValueError);
  m.def(
      "run_file",
      [](const std::string& path, Request request) {
        return kardashev::python::RunFile(path, request);
      },
      py::arg("path"), py::arg("request"),
      "Runs a scenario file; returns summary.json as text.");
  m.def(
      "run_text",
      [](const std::string& text, const std::string& display_name,
         Request request) {
        return kardashev::python::RunText(text, display_name, request);
      },
      py::arg("text"), py::arg("display_name"), py::arg("request"),
      "Runs scenario TOML text; returns summary.json as text.");
  m.def("sweep_file", &kardashev::python::SweepFile, py::arg("path"),
        py::arg("jobs"), py::arg("results"),
        "Runs a sweep file; returns sweep.json as text.");
}
