// The run directory: the files a run leaves, and none of an earlier run's.
#include "kardashev/report/run_directory.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kardashev::report {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("kardashev-rundir-" + name + "-" +
                                              std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

Results Variant(bool with_fleet) {
  Results r;
  r.scenario = std::string("s");  // GCC 12 -Wrestrict false positive
  r.variant = "base";
  if (with_fleet) r.clusters.resize(1);
  FillDerivedFigures(r);
  return r;
}

TEST(RunDirectoryTest, WithoutAFleetAStaleTimeseriesIsRemoved) {
  const fs::path dir = FreshDir("stale");
  WriteRunDirectory(dir.string(), {Variant(true)});
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  EXPECT_TRUE(fs::exists(dir / "timeseries.csv"));
  WriteRunDirectory(dir.string(), {Variant(false)});
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  EXPECT_FALSE(fs::exists(dir / "timeseries.csv"));
  EXPECT_EQ(RunDirectoryFiles({Variant(false)}),
            std::vector<std::string>{"summary.json"});
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
  fs::remove_all(dir);
}

TEST(RunDirectoryTest, AFailedWriteNamesThePath) {
  const fs::path dir = FreshDir("fail");
  fs::create_directories(dir);
  std::ofstream(dir / "file") << "not a directory";
  EXPECT_THROW(
      WriteRunDirectory((dir / "file" / "run").string(), {Variant(true)}),
      std::runtime_error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kardashev::report
