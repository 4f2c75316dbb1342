#include "kardashev/report/run_directory.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "kardashev/report/summary_json.h"
#include "kardashev/report/timeseries_csv.h"

namespace kardashev::report {

namespace {

constexpr const char* kSummaryFile = "summary.json";
constexpr const char* kTimeseriesFile = "timeseries.csv";

// Writes `text` to `path` + ".tmp" and returns that name.
std::string WriteTemporary(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw std::runtime_error(
        fmt::format("cannot write {}: {}", tmp, std::strerror(errno)));
  }
  out << text;
  out.flush();
  if (!out) {
    out.close();
    std::filesystem::remove(tmp);
    throw std::runtime_error(fmt::format("cannot write {}", tmp));
  }
  return tmp;
}

void RenameIntoPlace(const std::string& tmp, const std::string& path) {
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw std::runtime_error(
        fmt::format("cannot rename {} to {}: {}", tmp, path, ec.message()));
  }
}

}  // namespace

std::vector<std::string> RunDirectoryFiles(
    const std::vector<Results>& results) {
  std::vector<std::string> files = {kSummaryFile};
  if (HasTimeseries(results)) files.emplace_back(kTimeseriesFile);
  return files;
}

void WriteFileAtomically(const std::string& path, const std::string& text) {
  RenameIntoPlace(WriteTemporary(path, text), path);
}

void WriteRunDirectory(const std::string& dir,
                       const std::vector<Results>& results) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot create {}: {}", dir, ec.message()));
  }
  // Render and write everything to temporary names first, so an error cannot
  // leave one file new and another old.
  std::vector<std::pair<std::string, std::string>> rendered = {
      {dir + "/" + kSummaryFile, SummaryJson(results).dump(2) + "\n"}};
  if (HasTimeseries(results)) {
    rendered.emplace_back(dir + "/" + kTimeseriesFile, TimeseriesCsv(results));
  }
  std::vector<std::pair<std::string, std::string>> written;  // tmp, path
  try {
    for (const auto& [path, text] : rendered) {
      written.emplace_back(WriteTemporary(path, text), path);
    }
  } catch (...) {
    for (const auto& [tmp, path] : written) std::filesystem::remove(tmp, ec);
    throw;
  }
  for (const auto& [tmp, path] : written) RenameIntoPlace(tmp, path);
  if (!HasTimeseries(results)) {
    std::filesystem::remove(dir + "/" + kTimeseriesFile, ec);
    if (ec) {
      throw std::runtime_error(fmt::format("cannot remove {}/{}: {}", dir,
                                           kTimeseriesFile, ec.message()));
    }
  }
}

}  // namespace kardashev::report
