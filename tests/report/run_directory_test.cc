// The run directory: the files a run leaves, as one set, and none of an
// earlier run's.
#include "kardashev/report/run_directory.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "kardashev/evaluate/derived_figures.h"

namespace kardashev::report {
namespace {

namespace fs = std::filesystem;

// A fresh parent directory; the run directory is `run` inside it, so that
// everything a write leaves beside the run directory can be listed.
fs::path FreshParent(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("kardashev-rundir-" + name + "-" +
                                              std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Results Variant(bool with_fleet) {
  Results r;
  r.scenario = std::string("s");  // GCC 12 -Wrestrict false positive
  r.variant = "base";
  if (with_fleet) r.clusters.resize(1);
  evaluate::FillDerivedFigures(r);
  return r;
}

// Every file under `dir`, by path relative to it, with its contents.
std::map<std::string, std::string> Contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    files[fs::relative(e.path(), dir).string()] = s.str();
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

// The id of a process that has exited and been reaped.
pid_t DeadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST(RunDirectoryTest, WithoutAFleetAStaleTimeseriesIsRemoved) {
  const fs::path parent = FreshParent("stale");
  const fs::path dir = parent / "run";
  WriteRunDirectory(dir.string(), {Variant(true)});
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  EXPECT_TRUE(fs::exists(dir / "timeseries.csv"));
  WriteRunDirectory(dir.string(), {Variant(false)});
  EXPECT_EQ(Names(dir), std::vector<std::string>{"summary.json"});
  EXPECT_EQ(RunDirectoryFiles({Variant(false)}),
            std::vector<std::string>{"summary.json"});
  // Nothing beside the run directory: the old set is gone.
  EXPECT_EQ(Names(parent), std::vector<std::string>{"run"});
  fs::remove_all(parent);
}

TEST(RunDirectoryTest, TheSetReplacesTheDirectoryExactly) {
  const fs::path parent = FreshParent("exact");
  const fs::path dir = parent / "run";
  WriteFileSet(dir.string(), {{"summary.json", "old"}, {"trace.json", "t"}});
  WriteFileSet(dir.string(), {{"summary.json", "new"}});
  EXPECT_EQ(Contents(dir),
            (std::map<std::string, std::string>{{"summary.json", "new"}}));
  EXPECT_EQ(Names(parent), std::vector<std::string>{"run"});
  fs::remove_all(parent);
}

TEST(RunDirectoryTest, AFailureWhileWritingLeavesTheOldSetWhole) {
  const fs::path parent = FreshParent("fail-mid");
  const fs::path dir = parent / "run";
  WriteRunDirectory(dir.string(), {Variant(true)});
  const auto before = Contents(dir);
  ASSERT_EQ(before.size(), 2u);
  // The first file is written, the second cannot be (its name is longer than
  // any file system allows).
  const std::vector<OutputFile> failing = {
      {"summary.json", "{}"}, {std::string(300, 'x'), "never written"}};
  EXPECT_THROW(WriteFileSet(dir.string(), failing), std::runtime_error);
  EXPECT_EQ(Contents(dir), before);
  EXPECT_EQ(Names(parent), std::vector<std::string>{"run"});
  fs::remove_all(parent);
}

TEST(RunDirectoryTest, AFailedWriteNamesThePath) {
  const fs::path parent = FreshParent("fail");
  std::ofstream(parent / "file") << "not a directory";
  try {
    WriteRunDirectory((parent / "file" / "run").string(), {Variant(true)});
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("file"), std::string::npos)
        << e.what();
  }
  fs::remove_all(parent);
}

TEST(RunDirectoryTest, AStaleStagingDirectoryIsRemovedByTheNextWrite) {
  const fs::path parent = FreshParent("staging");
  const fs::path dir = parent / "run";
  WriteRunDirectory(dir.string(), {Variant(true)});
  // A run killed while writing left its staging directory.
  const fs::path stale =
      parent / (".run.kardashev-staging-" + std::to_string(DeadPid()));
  fs::create_directories(stale);
  std::ofstream(stale / "summary.json") << "half";
  // A run still in progress (here: this process's parent) is left alone.
  const fs::path live =
      parent / (".run.kardashev-staging-" + std::to_string(::getppid()));
  fs::create_directories(live);
  WriteRunDirectory(dir.string(), {Variant(false)});
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_EQ(Names(dir), std::vector<std::string>{"summary.json"});
  fs::remove_all(parent);
}

TEST(RunDirectoryTest, ADirectoryWithForeignFilesIsRefusedUntouched) {
  const fs::path parent = FreshParent("foreign");
  const fs::path dir = parent / "run";
  WriteRunDirectory(dir.string(), {Variant(true)});
  std::ofstream(dir / "notes.txt") << "mine";
  fs::create_directories(dir / "plots");
  const auto before = Contents(dir);
  try {
    WriteRunDirectory(dir.string(), {Variant(false)});
    ADD_FAILURE() << "no error";
  } catch (const ForeignFilesError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("(notes.txt, plots)"), std::string::npos) << what;
    EXPECT_NE(what.find("Kardashev-only"), std::string::npos) << what;
  }
  EXPECT_THROW(CheckRunDirectory(dir.string()), ForeignFilesError);
  EXPECT_EQ(Contents(dir), before);
  EXPECT_EQ(Names(parent), std::vector<std::string>{"run"});
  // Kardashev's own files, and an empty directory, are fine.
  fs::remove(dir / "notes.txt");
  fs::remove(dir / "plots");
  EXPECT_NO_THROW(CheckRunDirectory(dir.string()));
  fs::create_directories(parent / "empty");
  EXPECT_NO_THROW(
      WriteRunDirectory((parent / "empty").string(), {Variant(false)}));
  fs::remove_all(parent);
}

TEST(RunDirectoryTest, ALinkToADirectoryIsFollowed) {
  const fs::path parent = FreshParent("link");
  fs::create_directories(parent / "real");
  fs::create_directory_symlink(parent / "real", parent / "link");
  WriteRunDirectory((parent / "link").string(), {Variant(false)});
  EXPECT_TRUE(fs::is_symlink(parent / "link"));
  EXPECT_TRUE(fs::exists(parent / "real" / "summary.json"));
  fs::remove_all(parent);
}

}  // namespace
}  // namespace kardashev::report
