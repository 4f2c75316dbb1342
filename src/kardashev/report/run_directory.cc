#include "kardashev/report/run_directory.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>  // renameat2
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include "kardashev/report/growth_report.h"
#include "kardashev/report/html_report.h"
#include "kardashev/report/requests_csv.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/report/timeseries_csv.h"
#include "kardashev/report/trace_json.h"

namespace kardashev::report {

namespace {

namespace fs = std::filesystem;

constexpr const char* kSummaryFile = "summary.json";
constexpr const char* kTimeseriesFile = "timeseries.csv";
constexpr const char* kRequestsFile = "requests.csv";
constexpr const char* kScenarioFile = "scenario.toml";
constexpr const char* kReportFile = "report.html";
constexpr const char* kTraceFile = "trace.json";
constexpr const char* kGrowthFile = "growth.csv";

// Every name a run of Kardashev writes into its output directory, now or as
// the optional outputs of docs/design.md, and the `.tmp` files an earlier
// version left behind when it was killed.
constexpr const char* kKardashevFiles[] = {
    "summary.json",     "timeseries.csv",     "trace.json",
    "report.html",      "requests.csv",       "scenario.toml",
    "summary.json.tmp", "timeseries.csv.tmp", "report.html.tmp",
    "growth.csv",
};

constexpr const char* kStagingInfix = ".kardashev-staging-";

std::string Errno(const std::string& what, const std::string& path) {
  return fmt::format("cannot {} {}: {}", what, path, std::strerror(errno));
}

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

void SyncDirectory(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
    throw std::runtime_error(Errno("sync", dir.string()));
  }
}

// Creates `path` (which must not exist), writes `text` and fsyncs it.
void WriteDurably(const fs::path& path, const std::string& text) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw std::runtime_error(Errno("create", path.string()));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(Errno("write", path.string()));
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) {
    throw std::runtime_error(Errno("sync", path.string()));
  }
}

// The output directory as an absolute path without symbolic links (a link to
// a directory is followed, so the set replaces the directory it names), and
// without a trailing separator.
fs::path Resolve(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::exists(dir, ec) ? fs::canonical(dir, ec)
                                   : fs::weakly_canonical(fs::absolute(dir));
  if (ec) throw std::runtime_error(fmt::format("cannot resolve {}", dir));
  if (!p.has_filename()) p = p.parent_path();
  if (!p.has_filename() || p == p.root_path()) {
    throw std::runtime_error(
        fmt::format("cannot use {} as an output directory", dir));
  }
  return p;
}

bool ProcessRunning(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

// Removes the staging directories that killed runs left beside `out`; one of a
// process still running (a concurrent run) is left alone.
void RemoveStaleStaging(const fs::path& out) {
  const std::string prefix =
      fmt::format(".{}{}", out.filename().string(), kStagingInfix);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const auto pid = static_cast<pid_t>(std::stoll(digits));
    if (pid != ::getpid() && ProcessRunning(pid)) continue;
    std::error_code rm;
    fs::remove_all(e.path(), rm);
  }
}

// Throws ForeignFilesError when `out` holds anything but Kardashev's files or
// `files`.
void CheckContents(const fs::path& out, const std::string& dir,
                   const std::vector<OutputFile>& files) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return;
  if (!fs::is_directory(out, ec)) {
    throw std::runtime_error(
        fmt::format("{} exists and is not a directory", dir));
  }
  std::vector<std::string> foreign;
  for (const auto& e : fs::directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    const bool ours =
        e.is_regular_file() &&
        (std::find(std::begin(kKardashevFiles), std::end(kKardashevFiles),
                   name) != std::end(kKardashevFiles) ||
         std::any_of(files.begin(), files.end(),
                     [&](const OutputFile& f) { return f.name == name; }));
    if (!ours) foreign.push_back(name);
  }
  if (foreign.empty()) return;
  std::sort(foreign.begin(), foreign.end());
  std::string list = foreign.front();
  for (std::size_t i = 1; i < foreign.size(); ++i) list += ", " + foreign[i];
  throw ForeignFilesError(fmt::format(
      "--out {} holds files Kardashev did not write ({}); choose an empty or "
      "Kardashev-only directory",
      dir, list));
}

// Puts the staged set in place of `out`; afterwards `staging` holds the old
// set, if there was one.
void SwapIntoPlace(const fs::path& staging, const fs::path& out) {
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, out.c_str(),
                  RENAME_EXCHANGE) == 0) {
    return;
  }
  if (errno != ENOENT) {
    throw std::runtime_error(Errno("swap in the new results at", out.string()));
  }
  // No output directory yet: a plain rename, which also fails rather than
  // replace a directory that another process filled meanwhile.
  if (::rename(staging.c_str(), out.c_str()) != 0) {
    throw std::runtime_error(Errno("move the new results to", out.string()));
  }
}

}  // namespace

std::vector<std::string> RunDirectoryFiles(
    const std::vector<Results>& results) {
  std::vector<std::string> files = {kSummaryFile};
  if (HasTimeseries(results)) files.emplace_back(kTimeseriesFile);
  if (HasGrowth(results)) files.emplace_back(kGrowthFile);
  if (HasRequests(results)) files.emplace_back(kRequestsFile);
  if (HasTrace(results)) files.emplace_back(kTraceFile);
  return files;
}

std::vector<OutputFile> RenderRunDirectory(
    const std::vector<Results>& results) {
  std::vector<OutputFile> files = {
      {kSummaryFile, SummaryJson(results).dump(2) + "\n"}};
  if (HasTimeseries(results)) {
    files.push_back({kTimeseriesFile, TimeseriesCsv(results)});
  }
  if (HasGrowth(results)) files.push_back({kGrowthFile, GrowthCsv(results)});
  if (HasRequests(results)) {
    files.push_back({kRequestsFile, RequestsCsv(results)});
  }
  if (HasTrace(results)) files.push_back({kTraceFile, TraceJson(results)});
  return files;
}

void AddScenarioAndReport(std::vector<OutputFile>& files,
                          const std::string& scenario_toml, bool report) {
  if (!scenario_toml.empty()) files.push_back({kScenarioFile, scenario_toml});
  if (!report) return;
  RunFiles run;
  for (const auto& f : files) {
    if (f.name == kSummaryFile) {
      run.summary = nlohmann::ordered_json::parse(f.text);
    } else if (f.name == kTimeseriesFile) {
      run.timeseries_csv = f.text;
    } else if (f.name == kRequestsFile) {
      run.requests_csv = f.text;
    } else if (f.name == kScenarioFile) {
      run.scenario_toml = f.text;
    }
  }
  files.push_back({kReportFile, RunReportHtml(run)});
}

void CheckRunDirectory(const std::string& dir) {
  CheckContents(Resolve(dir), dir, {});
}

void WriteFileSet(const std::string& dir,
                  const std::vector<OutputFile>& files) {
  const fs::path out = Resolve(dir);
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) {
    throw std::runtime_error(fmt::format(
        "cannot create {}: {}", out.parent_path().string(), ec.message()));
  }
  RemoveStaleStaging(out);
  CheckContents(out, dir, files);
  const fs::path staging =
      out.parent_path() / fmt::format(".{}{}{}", out.filename().string(),
                                      kStagingInfix, ::getpid());
  if (::mkdir(staging.c_str(), 0755) != 0) {
    throw std::runtime_error(Errno("create", staging.string()));
  }
  try {
    for (const auto& f : files) WriteDurably(staging / f.name, f.text);
    SyncDirectory(staging);
    SwapIntoPlace(staging, out);
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  // The new set is in place; making the swap itself durable is best effort.
  const Fd parent(
      ::open(out.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (parent.get() >= 0) ::fsync(parent.get());
  // The old set, if any; a failure here leaves it for the next run to remove.
  fs::remove_all(staging, ec);
}

void WriteRunDirectory(const std::string& dir,
                       const std::vector<Results>& results) {
  WriteFileSet(dir, RenderRunDirectory(results));
}

void WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error(fmt::format("cannot write {}", tmp));
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error(
        fmt::format("cannot rename {} to {}: {}", tmp, path, ec.message()));
  }
}

}  // namespace kardashev::report
