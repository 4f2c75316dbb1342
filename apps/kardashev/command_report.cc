// `kardashev report DIR [-o FILE]`: the report page of a run directory (its
// summary.json, timeseries.csv, requests.csv and scenario.toml) or, when DIR
// holds sweep.json and no summary.json, of a sweep. Also the scenario text
// that `run` keeps in its directory.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.h"
#include "kardashev/report/html_report.h"
#include "kardashev/report/run_directory.h"

namespace kardashev::cli {

namespace {

namespace fs = std::filesystem;

// The file's text, "" when it does not exist. Throws std::runtime_error when
// it exists but cannot be read.
std::string ReadIfPresent(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return "";
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in)
    throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  return text.str();
}

nlohmann::ordered_json ParseJson(const fs::path& path,
                                 const std::string& text) {
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(
        fmt::format("{} is not valid JSON: {}", path.string(), e.what()));
  }
}

}  // namespace

std::string ScenarioText(const RunFlags& flags) {
  std::string text = ReadIfPresent(flags.scenario);
  if (flags.sets.empty()) return text;
  std::string header = "# kardashev run applied over this file:";
  for (const auto& s : flags.sets) header += " --set " + s;
  return header + "\n" + text;
}

int CommandReport(const std::string& dir, const std::string& out) {
  const fs::path d(dir);
  const std::string target = out.empty() ? (d / "report.html").string() : out;
  std::string html;
  try {
    const std::string summary = ReadIfPresent(d / "summary.json");
    const std::string sweep = ReadIfPresent(d / "sweep.json");
    if (!summary.empty()) {
      report::RunFiles files;
      files.summary = ParseJson(d / "summary.json", summary);
      files.timeseries_csv = ReadIfPresent(d / "timeseries.csv");
      files.requests_csv = ReadIfPresent(d / "requests.csv");
      files.scenario_toml = ReadIfPresent(d / "scenario.toml");
      html = report::RunReportHtml(files);
    } else if (!sweep.empty()) {
      html = report::SweepReportHtml(ParseJson(d / "sweep.json", sweep));
    } else {
      fmt::print(stderr,
                 "kardashev: {} holds neither summary.json (kardashev run) nor "
                 "sweep.json (kardashev sweep)\n",
                 dir);
      return kExitBadInput;
    }
    report::WriteFileAtomically(target, html);
  } catch (const std::exception& e) {
    fmt::print(stderr, "kardashev: {}\n", e.what());
    return kExitBadInput;
  }
  fmt::print("wrote {}\n", target);
  return kExitOk;
}

}  // namespace kardashev::cli
