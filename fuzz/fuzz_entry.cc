// The fuzz targets' entry functions (fuzz_entry.h): input bytes to a file in a
// fresh temporary directory, the library's reader on that file, and the
// invariants of what comes back.
#include "fuzz/fuzz_entry.h"

#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "kardashev/report/invariants.h"
#include "kardashev/report/results.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/run.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/serving/trace.h"

namespace kardashev::fuzz {
namespace {

namespace fs = std::filesystem;

// An empty directory under the system's temporary directory, removed with
// everything in it when the object goes.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (fs::temp_directory_path() / "kardashev-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a directory from " + pattern);
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `data` to the file `name` in the directory and returns its path.
  std::string Write(const std::string& name, std::string_view data) const {
    const fs::path file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.string());
    return file.string();
  }

 private:
  fs::path path_;
};

// The JSON path of the first non-finite number in `j`, or "".
std::string FirstNonFinite(const nlohmann::ordered_json& j,
                           const std::string& path) {
  if (j.is_number_float()) {
    return std::isfinite(j.get<double>()) ? "" : path;
  }
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      std::string found = FirstNonFinite(value, path + "." + key);
      if (!found.empty()) return found;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      std::string found =
          FirstNonFinite(j[i], path + "[" + std::to_string(i) + "]");
      if (!found.empty()) return found;
    }
  }
  return "";
}

// What is non-finite in one variant's Results, or "".
std::string CheckResults(const report::Results& r) {
  if (!std::isfinite(r.horizon_s)) return "horizon_s is not finite";
  std::string found = FirstNonFinite(report::VariantJson(r), r.variant);
  if (!found.empty()) return "non-finite figure at " + found;
  const report::InvariantReport invariants = report::CheckInvariants(r);
  if (!invariants.ok()) return invariants.violations.front();
  for (std::size_t i = 0; i < r.timeseries.size(); ++i) {
    const sched::TimeseriesRow& row = r.timeseries[i];
    for (double v : {row.time_s, row.gpus_up, row.gpus_down, row.gpus_active,
                     row.gpus_leased_short, row.gpus_unpowered, row.power_mw,
                     row.grid_power_mw, row.battery_mwh, row.energy_mwh}) {
      if (!std::isfinite(v)) {
        return "non-finite value in timeseries row " + std::to_string(i) +
               " of variant " + r.variant;
      }
    }
  }
  return "";
}

// Whether `s` is small enough to run within a fuzzer's time per input.
bool Small(const scenario::Scenario& s, const RunLimits& limits) {
  if (!(s.horizon_s <= limits.max_horizon_s)) return false;
  std::int64_t gpus = 0;
  for (const fleet::ClusterConfig& c : s.clusters) gpus += c.gpus();
  if (gpus > limits.max_gpus) return false;
  std::int64_t requests = 0;
  for (const scenario::ServingSpec& sv : s.serving) {
    if (sv.arrival == scenario::Arrival::kTrace) return false;
    requests += sv.requests;
  }
  return requests <= limits.max_serving_requests;
}

}  // namespace

std::string CheckScenarioInput(std::string_view data,
                               const catalog::Catalog& catalog,
                               const RunLimits& limits) {
  const ScratchDir dir;
  const std::string path = dir.Write("scenario.toml", data);
  std::vector<scenario::Scenario> variants;
  try {
    // The input's own catalog entries are read (and fuzzed); catalog files it
    // names are not, so that no input makes the harness read files.
    scenario::LoadOptions options;
    options.read_catalog_files = false;
    variants = scenario::LoadScenario(path, options, catalog);
  } catch (const scenario::ScenarioError&) {
    return "";
  }
  if (variants.empty()) return "LoadScenario returned no variant";
  if (static_cast<int>(variants.size()) > limits.max_variants) return "";
  for (const scenario::Scenario& s : variants) {
    if (!Small(s, limits)) return "";
  }
  for (const scenario::Scenario& s : variants) {
    const report::Results r = Run(s, RunOptions{});
    std::string broken = CheckResults(r);
    if (!broken.empty()) return broken;
  }
  return "";
}

std::string CheckTraceInput(std::string_view data) {
  const ScratchDir dir;
  const std::string path = dir.Write("trace.csv", data);
  std::vector<serving::Request> requests;
  try {
    requests = serving::ReadAzureTrace(path);
  } catch (const serving::TraceError&) {
    return "";
  }
  if (requests.empty()) return "ReadAzureTrace returned no request";
  double previous = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const serving::Request& q = requests[i];
    const std::string where = "request " + std::to_string(i) + ": ";
    if (!std::isfinite(q.arrival_s) || q.arrival_s < 0) {
      return where + "arrival is not a finite, non-negative time";
    }
    if (q.arrival_s < previous) return where + "arrivals out of order";
    if (q.prompt_tokens < 1) return where + "prompt_tokens < 1";
    if (q.output_tokens < 1) return where + "output_tokens < 1";
    previous = q.arrival_s;
  }
  return "";
}

}  // namespace kardashev::fuzz
