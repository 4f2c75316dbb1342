// End-to-end tests of `kardashev sweep`: malformed sweep files, identical
// results whatever --jobs, resuming after SIGKILL, and a results file that
// belongs to another definition.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "cli_support.h"

namespace kardashev::cli_test {
namespace {

const std::string kSweeps = kSource + "/tests/data/sweep";
const std::string kSmall = kSource + "/tests/data/good/small.toml";

void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A sweep of small.toml with `body` after its [sweep] table (lines 1-5).
std::string SmallSweep(const std::string& body) {
  return std::string("[sweep]\nname = \"bad\"\nscenario = \"") + kSmall +
         "\"\nreplications = 2\noutputs = [\"economics.npv_usd\"]\n" + body;
}

int CountRows(const std::filesystem::path& db) {
  sqlite3* h = nullptr;
  int n = 0;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK) {
    sqlite3_busy_timeout(h, 1000);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM results", -1, &s,
                           nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      n = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return n;
}

TEST(SweepCli, MalformedSweepFilesExit2WithFileLineAndKey) {
  const auto dir = TempDir("sweep-bad");
  const std::string axis =
      "[[axis]]\nkey = \"lease.l1.price_usd_per_gpu_hour\"\nvalues = [2]\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {SmallSweep("speed = 2\n" + axis), ":6:9: error: key 'sweep.speed'"},
      {SmallSweep("[[axis]]\nkey = \"lease.l1.gpus\"\nfrom = 1\n"),
       ":6:1: error: key 'axis[0].to': missing required key \"to\""},
      {std::string("[sweep]\nname = \"bad\"\nscenario = \"") + kSmall +
           "\"\noutputs = [\"economics.npv_usd\", \"leases[l1].avail\"]\n" +
           axis,
       ":4:33: error: key 'sweep.outputs'"},
      {SmallSweep(
           axis +
           "[[derived]]\nkey = \"lease.l1.gpus\"\nexpr = \"8 * nodes\"\n"),
       ":11:8: error: key 'derived[0].expr': unknown name \"nodes\""},
      // A name that parses but is missing from the run's summary.
      {std::string("[sweep]\nname = \"bad\"\nscenario = \"") + kSmall +
           "\"\noutputs = [\"leases[nope].availability\"]\n" + axis,
       ":4:12: error: key 'sweep.outputs': \"leases[nope].availability\": "
       "variant \"base\" has no leases entry \"nope\" (it has l1)\n"},
      {std::string("[sweep]\nname = \"bad\"\nscenario = \"") + kSmall +
           "\"\noutputs = [\"sites[nope].peak_power_mw\"]\n" + axis,
       ":4:12: error: key 'sweep.outputs': point 0 replication 0 (seed 1): "
       "\"sites\" has no entry \"nope\" (1 entries)\n"},
      // Points that do not load: the axis's line and the value.
      {SmallSweep("[[axis]]\nkey = \"cluster.c1.nodes\"\nvalues = [128, "
                  "100.5]\n"),
       ":7:7: error: key 'cluster.c1.nodes': axis \"cluster.c1.nodes\" gives "
       "100.5 to an integer key"},
      {SmallSweep("[[axis]]\nkey = \"lease.l1.gpus\"\nvalues = [960, "
                  "2000]\n"),
       ":7:7: error: key 'lease.l1.gpus': point 1 (lease.l1.gpus = 2000) does "
       "not load"},
      {SmallSweep("[[axis]]\nkey = \"lease.nope.gpus\"\nvalues = [8]\n"),
       ":7:7: error: key 'lease.nope.gpus': point 0"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto file = dir / fmt::format("bad{}.toml", i);
    Write(file, cases[i].first);
    const Output o = RunKardashev(
        fmt::format("sweep '{}' --results r{}.sqlite", file.string(), i), dir,
        60);
    EXPECT_EQ(o.status, 2) << i << ": " << o.err;
    EXPECT_NE(o.err.find(file.string() + cases[i].second), std::string::npos)
        << i << ": " << o.err;
    EXPECT_EQ(CountLines(o.err), 1) << o.err;
  }
  std::filesystem::remove_all(dir);
}

TEST(SweepCli, CsvIsByteIdenticalWhateverTheJobs) {
  const auto dir = TempDir("sweep-jobs");
  const std::string file = kSweeps + "/small-grid.toml";
  const Output one = RunKardashev("sweep '" + file +
                                      "' --jobs 1 --results one.sqlite "
                                      "--export csv",
                                  dir, 60);
  const Output two = RunKardashev("sweep '" + file +
                                      "' --jobs 2 --results two.sqlite "
                                      "--export csv --out two.csv",
                                  dir, 60);
  ASSERT_EQ(one.status, 0) << one.err;
  ASSERT_EQ(two.status, 0) << two.err;
  // 12 points x 3 replications x 3 outputs, and the header.
  EXPECT_EQ(CountLines(one.out), 12 * 3 * 3 + 1);
  EXPECT_EQ(ReadFile(dir / "two.csv"), one.out);
  EXPECT_EQ(one.out.substr(0, one.out.find('\n')),
            "point,replication,seed,lease.l1.price_usd_per_gpu_hour,"
            "cluster.c1.nodes,lease_share,lease.l1.gpus,output,value");
  // Replications run seed, seed + 1, ... from the sweep's seed = 7; the
  // derived key: round(0.9 x 124) x 8 = 112 x 8.
  EXPECT_NE(one.out.find("\n0,2,9,1.5,124,0.9,896,economics.npv_usd,"),
            std::string::npos);
  const auto json = nlohmann::json::parse(ReadFile(dir / "sweep.json"));
  EXPECT_EQ(json["points"].size(), 12u);
  EXPECT_EQ(json["points"][0]["outputs"]["economics.npv_usd"]["values"].size(),
            3u);
  std::filesystem::remove_all(dir);
}

// Starts the sweep in the background; returns its process id.
pid_t Spawn(const std::string& sweep, const std::filesystem::path& db,
            const std::filesystem::path& cwd) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(126);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(kBinary.c_str(), kBinary.c_str(), "sweep", sweep.c_str(), "--jobs",
          "2", "--quiet", "--results", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

TEST(SweepCli, KilledPartWayThenRerunGivesEveryRowOnceAndTheSameValues) {
  const auto dir = TempDir("sweep-kill");
  const std::string sweep = kSweeps + "/kill.toml";
  const int total = 100 * 4;  // points x replications
  const pid_t pid = Spawn(sweep, dir / "killed.sqlite", dir);
  ASSERT_GT(pid, 0);
  const auto start = std::chrono::steady_clock::now();
  int rows = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
    rows = CountRows(dir / "killed.sqlite");
    if (rows >= 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep ended before it was killed";
  const int kept = CountRows(dir / "killed.sqlite");
  ASSERT_GE(kept, 20);
  ASSERT_LT(kept, total);

  const Output resumed = RunKardashev(
      "sweep '" + sweep + "' --jobs 2 --results killed.sqlite --export csv",
      dir, 60);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("ran " + std::to_string(total - kept) + " on"),
            std::string::npos)
      << resumed.err;
  EXPECT_EQ(CountRows(dir / "killed.sqlite"), total);
  const Output whole = RunKardashev(
      "sweep '" + sweep + "' --jobs 1 --results whole.sqlite --export csv", dir,
      60);
  ASSERT_EQ(whole.status, 0) << whole.err;
  EXPECT_EQ(resumed.out, whole.out);
  // Every (point, replication) exactly once: 3 outputs each.
  std::set<std::pair<int, int>> seen;
  std::istringstream lines(resumed.out);
  std::string line;
  std::getline(lines, line);  // header
  int n = 0;
  while (std::getline(lines, line)) {
    const auto c1 = line.find(',');
    const auto c2 = line.find(',', c1 + 1);
    seen.emplace(std::stoi(line.substr(0, c1)),
                 std::stoi(line.substr(c1 + 1, c2 - c1 - 1)));
    ++n;
  }
  EXPECT_EQ(n, total * 3);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(total));
  // A second rerun computes nothing.
  const Output again =
      RunKardashev("sweep '" + sweep + "' --results killed.sqlite", dir, 60);
  EXPECT_NE(again.err.find("ran 0 on"), std::string::npos) << again.err;
  std::filesystem::remove_all(dir);
}

TEST(SweepCli, ChangedSweepOrScenarioUnderAResultsFileIsRefused) {
  const auto dir = TempDir("sweep-changed");
  std::filesystem::copy(kSmall, dir / "small.toml");
  const std::string body =
      "[sweep]\nname = \"c\"\nscenario = \"small.toml\"\noutputs = "
      "[\"economics.npv_usd\"]\n[[axis]]\nkey = "
      "\"lease.l1.price_usd_per_gpu_hour\"\nvalues = [2, 3]\n";
  Write(dir / "c.toml", body);
  ASSERT_EQ(RunKardashev("sweep c.toml", dir, 60).status, 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "runs/c/results.sqlite"));
  EXPECT_TRUE(std::filesystem::exists(dir / "runs/c/sweep.json"));
  // A comment changes nothing; a value does.
  Write(dir / "c.toml", "# same sweep\n" + body);
  EXPECT_EQ(RunKardashev("sweep c.toml", dir, 60).status, 0);
  Write(dir / "c.toml", body.substr(0, body.size() - 8) + "[2, 4]\n");
  Output o = RunKardashev("sweep c.toml", dir, 60);
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("runs/c/results.sqlite: error: this results file holds "
                       "results of another definition of the sweep: c.toml or "
                       "its scenario small.toml changed"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("delete runs/c/results.sqlite or choose another file "
                       "with --results"),
            std::string::npos);
  Write(dir / "c.toml", body);
  ASSERT_EQ(RunKardashev("sweep c.toml", dir, 60).status, 0);
  std::ofstream(dir / "small.toml", std::ios::app) << "\n[economics]\n";
  std::ofstream(dir / "small.toml", std::ios::app) << "discount_rate = 0.09\n";
  o = RunKardashev("sweep c.toml", dir, 60);
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_EQ(RunKardashev("sweep c.toml --results other.sqlite", dir, 60).status,
            0);
  std::filesystem::remove_all(dir);
}

TEST(SweepCli, AFileThatIsNotAResultsFileIsRefused) {
  const auto dir = TempDir("sweep-garbage");
  Write(dir / "r.sqlite",
        "not a database, and long enough to be read as one\n");
  const Output o = RunKardashev(
      "sweep '" + kSweeps + "/small-grid.toml' --results r.sqlite", dir, 60);
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("r.sqlite: error: cannot use the results file"),
            std::string::npos)
      << o.err;
  EXPECT_EQ(ReadFile(dir / "r.sqlite"),
            "not a database, and long enough to be read as one\n");
  std::filesystem::remove_all(dir);
}

TEST(SweepCli, BadJobsIsAUsageError) {
  for (const char* jobs : {"0", "-1", "two", "100000"}) {
    const Output o = RunKardashev(
        std::string("sweep '") + kSweeps + "/small-grid.toml' --jobs " + jobs,
        kSource, 60);
    EXPECT_EQ(o.status, 2) << jobs;
    EXPECT_NE(o.err.find("--jobs"), std::string::npos) << o.err;
  }
  const Output o = RunKardashev(
      "sweep '" + kSweeps + "/small-grid.toml' --out x.csv", kSource, 60);
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--out requires --export"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace kardashev::cli_test
