// A run's outputs are one set: `kardashev run` killed at any moment leaves the
// output directory with either the previous run's files or the new run's,
// whole, and the next complete run leaves nothing stray beside or inside it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_support.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kBinary;
using kardashev::cli_test::kSource;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::TempDir;
using Clock = std::chrono::steady_clock;

// Every entry of `dir` with its contents ("<dir>" for a directory).
std::map<std::string, std::string> Contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    files[e.path().filename().string()] =
        e.is_directory() ? "<dir>" : ReadFile(e.path());
  }
  return files;
}

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Starts `kardashev run` of colossus1's lease variant with a six-minute
// timeseries (about 6.6 MB of CSV, most of the run's time) and `seed` into
// `out`, its output discarded.
pid_t StartRun(const fs::path& out, int seed) {
  std::vector<std::string> args = {kBinary,
                                   "run",
                                   kSource + "/scenarios/colossus1.toml",
                                   "--set",
                                   "scenario.timeseries_step_hours=0.1",
                                   "--variant",
                                   "lease",
                                   "--seed",
                                   std::to_string(seed),
                                   "--quiet",
                                   "--out",
                                   out.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, kBinary.c_str(), &actions, nullptr,
                             argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0);
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// Runs to completion and returns the wall time in seconds.
double CompleteRun(const fs::path& out, int seed) {
  const auto start = Clock::now();
  const int status = Wait(StartRun(out, seed));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Returns when the run writing into `out` has left a trace of its writing: an
// entry beside `out` or one inside it that a complete set does not have (or
// after `limit_s`).
void WaitForWriting(const fs::path& parent, const fs::path& out,
                    double limit_s) {
  const std::vector<std::string> set = {"scenario.toml", "summary.json",
                                        "timeseries.csv"};
  const auto start = Clock::now();
  while (std::chrono::duration<double>(Clock::now() - start).count() <
         limit_s) {
    std::error_code ec;
    if (Names(parent) != std::vector<std::string>{"out"} ||
        (fs::exists(out, ec) && Names(out) != set)) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

TEST(OutputSetTest, AKilledRunLeavesTheOldSetOrTheNewOneWhole) {
  const fs::path parent = TempDir("kill");
  const fs::path out = parent / "out";
  const fs::path known_new = parent / "known-new";
  const double run_s = CompleteRun(known_new, 2);
  CompleteRun(out, 1);
  const auto old_set = Contents(out);
  const auto new_set = Contents(known_new);
  fs::remove_all(known_new);
  ASSERT_EQ(old_set.size(), 3u);  // scenario.toml, summary.json, timeseries.csv
  ASSERT_EQ(new_set.size(), 3u);
  ASSERT_NE(old_set.at("summary.json"), new_set.at("summary.json"));
  // The two sets differ in every file, so a mix of them would be seen.
  ASSERT_NE(old_set.at("timeseries.csv"), new_set.at("timeseries.csv"));
  ASSERT_EQ(nlohmann::json::parse(new_set.at("summary.json"))["seed"], 2);

  // Half the kills are spread from a fifth of the way into the run to just
  // past its end. The files are written in the last few milliseconds, which
  // timing alone rarely hits, so the other half wait until the writing shows
  // on disk (a new entry beside or inside the output directory) and kill 0 to
  // 9 ms later.
  constexpr int kKills = 20;
  int saw_old = 0;
  int saw_new = 0;
  for (int i = 0; i < kKills; ++i) {
    const bool triggered = i % 2 == 1;
    const double delay_s =
        triggered ? 1e-3 * (i / 2) : run_s * (0.2 + 0.9 * i / (kKills - 2));
    const pid_t pid = StartRun(out, 2);
    if (triggered) WaitForWriting(parent, out, run_s * 2);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay_s));
    ::kill(pid, SIGKILL);
    Wait(pid);
    const auto now = Contents(out);
    if (now == old_set) {
      ++saw_old;
    } else if (now == new_set) {
      ++saw_new;
      // Back to the old set, so that the next kill can catch a mix.
      fs::remove_all(out);
      fs::create_directories(out);
      for (const auto& [name, text] : old_set) {
        std::ofstream(out / name, std::ios::binary) << text;
      }
    } else {
      std::string names;
      for (const auto& [name, text] : now) names += name + " ";
      ADD_FAILURE() << "killed " << delay_s << " s after "
                    << (triggered ? "the writing began" : "the start")
                    << ": the output holds " << names
                    << "and is neither set whole";
    }
  }
  std::cout << "kills that left the old set: " << saw_old
            << ", the new set: " << saw_new << "\n";
  EXPECT_GT(saw_old, 0);

  // The next complete run cleans up whatever the killed ones left.
  CompleteRun(out, 2);
  EXPECT_EQ(Contents(out), new_set);
  EXPECT_EQ(Names(parent), std::vector<std::string>{"out"});
  fs::remove_all(parent);
}

TEST(OutputSetTest, AnOutputDirectoryWithForeignFilesIsRefused) {
  const fs::path parent = TempDir("foreign");
  const fs::path out = parent / "out";
  fs::create_directories(out);
  std::ofstream(out / "notes.txt") << "my notes";
  const std::string cmd = "'" + kBinary + "' run '" + kSource +
                          "/scenarios/demand.toml' --quiet --out '" +
                          out.string() + "' 2> '" + (parent / "err").string() +
                          "'";
  const int raw = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  const std::string err = ReadFile(parent / "err");
  EXPECT_NE(err.find("holds files Kardashev did not write (notes.txt)"),
            std::string::npos)
      << err;
  EXPECT_EQ(Names(out), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(Names(parent), (std::vector<std::string>{"err", "out"}));
  fs::remove_all(parent);
}

}  // namespace
