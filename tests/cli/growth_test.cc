// The growth level end to end: a scenario with [growth] and no [[cluster]]
// runs (its event level plays an empty fleet), and a bad growth key given on
// the command line is refused with the key and the reason, exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

Output Kardashev(const std::string& args) {
  return RunKardashev(args, kSource, 60);
}

TEST(GrowthCliTest, AGrowthScenarioWithoutClustersRuns) {
  const fs::path out = TempDir("growth") / "run";
  const Output o =
      Kardashev("run tests/data/good/growth-small.toml --quiet --out '" +
                out.string() + "'");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  fs::remove_all(out.parent_path());
}

TEST(GrowthCliTest, BadGrowthKeysAreRefusedWithKeyAndReason) {
  Output o = Kardashev(
      "check tests/data/good/growth-small.toml --set build.h100.gpus=100");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("key 'build.h100.gpus'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("multiple of 8 GPUs"), std::string::npos) << o.err;

  o = Kardashev(
      "check tests/data/good/growth-small.toml --set "
      "build.b200.every_months=0");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("key 'build.b200.every_months'"), std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("needs every_months > 0"), std::string::npos) << o.err;

  o = Kardashev(
      "check tests/data/good/growth-small.toml --set "
      "growth_lease.outside-lab.end_month=0");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("a month after start_month"), std::string::npos)
      << o.err;

  o = Kardashev(
      "check tests/data/good/growth-small.toml --set "
      "growth_training.frontier.value_usd_per_run=5");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("not both"), std::string::npos) << o.err;

  o = Kardashev(
      "check tests/data/good/growth-small.toml --set "
      "site.memphis.retire_month=0");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("key 'site.memphis.retire_month'"), std::string::npos)
      << o.err;
}

}  // namespace
