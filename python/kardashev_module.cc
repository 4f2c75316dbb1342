// _kardashev: the compiled half of the Python package `kardashev`
// (python/kardashev/__init__.py). It is a thin door onto the library: load a
// scenario (a file, or TOML text a Python dict was written as), run every
// selected variant with kardashev::Run, and hand back summary.json as text.
// A ScenarioError becomes kardashev.ScenarioError (a ValueError) whose str()
// is the message the CLI prints; any other C++ exception becomes a
// RuntimeError with its message. The GIL is released while a run proceeds.
#include <fmt/format.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/catalog/embedded.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/run.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/version.h"

namespace py = pybind11;

namespace kardashev::python {
namespace {

namespace fs = std::filesystem;

// The options of one call, as Python gives them.
struct Request {
  std::vector<std::string> sets;
  std::optional<std::string> seed;  // decimal text
  std::optional<std::string> variant;
  std::optional<std::string> catalog_dir;
};

// The seed as the CLI's --seed reads it, named after the keyword argument.
std::uint64_t ParseSeed(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, seed);
  if (text.empty() || ec != std::errc() || p != end) {
    throw scenario::ScenarioError(
        scenario::Location{"seed", 0, 0}, "",
        fmt::format("expected an integer >= 0 and < 2^64, got \"{}\"", text));
  }
  return seed;
}

// The catalog built in, or the *.toml files of `dir` in its place.
catalog::Catalog LoadCatalog(const std::optional<std::string>& dir) {
  if (!dir) return catalog::Catalog::LoadEmbedded();
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(*dir)) {
    if (entry.path().extension() == ".toml")
      paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) {
    throw std::runtime_error(
        fmt::format("catalog directory '{}' holds no .toml files", *dir));
  }
  std::vector<std::string> texts;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw std::runtime_error(fmt::format("cannot read '{}'", path));
    texts.push_back(text.str());
  }
  std::vector<catalog::EmbeddedFile> files;
  for (std::size_t i = 0; i < paths.size(); ++i)
    files.push_back({paths[i], texts[i]});
  return catalog::Catalog::Load(files);
}

scenario::LoadOptions Options(const Request& request) {
  scenario::LoadOptions options;
  options.sets = request.sets;
  if (request.seed) options.seed = ParseSeed(*request.seed);
  options.variant = request.variant;
  return options;
}

// Runs every scenario (variant) and returns summary.json as text.
std::string RunAll(const std::vector<scenario::Scenario>& scenarios) {
  std::vector<report::Results> results;
  results.reserve(scenarios.size());
  for (const auto& s : scenarios) results.push_back(Run(s, RunOptions{}));
  return report::SummaryJson(results).dump();
}

// Calls `body` without the GIL; a C++ exception other than a ScenarioError
// leaves as a std::runtime_error (RuntimeError in Python) with its message.
template <typename Body>
std::string WithoutGil(Body body) {
  py::gil_scoped_release release;
  try {
    return body();
  } catch (const scenario::ScenarioError&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error(e.what());
  }
}

std::string RunFile(const std::string& path, const Request& request) {
  return WithoutGil([&] {
    const auto catalog = LoadCatalog(request.catalog_dir);
    return RunAll(scenario::LoadScenario(path, Options(request), catalog));
  });
}

std::string RunText(const std::string& text, const std::string& display_name,
                    const Request& request) {
  return WithoutGil([&] {
    const auto catalog = LoadCatalog(request.catalog_dir);
    return RunAll(scenario::LoadScenarioText(text, display_name,
                                             Options(request), catalog));
  });
}

}  // namespace
}  // namespace kardashev::python

PYBIND11_MODULE(_kardashev, m) {
  using kardashev::python::Request;
  m.doc() = "The compiled half of the kardashev package; use `kardashev`.";
  m.attr("__version__") = kardashev::kVersion;
  py::register_exception<kardashev::scenario::ScenarioError>(m, "ScenarioError",
                                                             PyExc_ValueError);
  m.def(
      "run_file",
      [](const std::string& path, std::vector<std::string> sets,
         std::optional<std::string> seed, std::optional<std::string> variant,
         std::optional<std::string> catalog_dir) {
        return kardashev::python::RunFile(
            path, Request{std::move(sets), std::move(seed), std::move(variant),
                          std::move(catalog_dir)});
      },
      py::arg("path"), py::arg("sets"), py::arg("seed"), py::arg("variant"),
      py::arg("catalog_dir"),
      "Runs a scenario file; returns summary.json as text.");
  m.def(
      "run_text",
      [](const std::string& text, const std::string& display_name,
         std::vector<std::string> sets, std::optional<std::string> seed,
         std::optional<std::string> variant,
         std::optional<std::string> catalog_dir) {
        return kardashev::python::RunText(
            text, display_name,
            Request{std::move(sets), std::move(seed), std::move(variant),
                    std::move(catalog_dir)});
      },
      py::arg("text"), py::arg("display_name"), py::arg("sets"),
      py::arg("seed"), py::arg("variant"), py::arg("catalog_dir"),
      "Runs scenario TOML text; returns summary.json as text.");
}
