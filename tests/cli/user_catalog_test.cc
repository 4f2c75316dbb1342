// End-to-end: catalog entries a user adds without recompiling, in a scenario
// or a catalog file (--catalog), run like built-in ones; a malformed entry or
// a name clash is one message with its place and key, exit status 2.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_support.h"

namespace kardashev::cli_test {
namespace {

namespace fs = std::filesystem;

// A [[gpu]] named "x1" with `line11` as its eleventh line (tdp_w by default);
// the figures are no real GPU's.
std::string Gpu(const std::string& line11 = "tdp_w = 900") {
  return std::string(
             "[[gpu]]\nname = \"x1\"\ndisplay = \"d\"\nvendor = \"v\"\n"
             "bf16_dense_flops = 1e15\nfp8_dense_flops = 2e15\n"
             "hbm_bytes = 100e9\nhbm_bandwidth_bytes_per_s = 4e12\n"
             "scale_up_bandwidth_bytes_per_s = 400e9\n"
             "scale_up_domain_gpus = 8\n") +
         line11 + "\nidle_w = 90\nprice_usd = 20000\nsource = \"s\"\n";
}

const std::string kNode =
    "[[node]]\nname = \"x1-8\"\ndisplay = \"d\"\ngpu = \"x1\"\ngpus = 8\n"
    "host_power_w = 3000\nhost_idle_w = 1000\nprice_usd = 90000\n"
    "source = \"s\"\n";

// A scenario leasing out a 4-node cluster of x1-8 nodes; its catalog tables
// start at line 1 of whatever follows it.
const std::string kFleet =
    "[scenario]\nname = \"t\"\nhorizon_days = 2\n"
    "[[site]]\nname = \"s\"\nkind = \"ground\"\npower_cap_mw = 1\npue = 1.2\n"
    "electricity_usd_per_mwh = 70\ncarbon_kg_per_mwh = 300\n"
    "[[cluster]]\nname = \"c\"\nsite = \"s\"\nnode = \"x1-8\"\nnodes = 4\n"
    "[[tenant]]\nname = \"lab\"\n"
    "[[lease]]\nname = \"l\"\ntenant = \"lab\"\ncluster = \"c\"\n"
    "gpus = 24\nprice_usd_per_gpu_hour = 2\ngpu_utilization = 0.5\n";
const int kFleetLines = 24;

class UserCatalogCliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = TempDir("user-catalog"); }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  Output Run(const std::string& args) { return RunKardashev(args, dir_); }

  fs::path dir_;
};

TEST_F(UserCatalogCliTest, TheShippedExampleRunsOnItsOwnEntries) {
  const fs::path out = dir_ / "out";
  const Output o = RunKardashev(
      "run scenarios/user-catalog.toml --quiet --out '" + out.string() + "'",
      kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(ReadFile(out / "summary.json"));
  EXPECT_NE(j.dump().find("qwen"), std::string::npos);
  const Output gpus = RunKardashev(
      "catalog gpus --scenario scenarios/user-catalog.toml", kSource);
  ASSERT_EQ(gpus.status, 0) << gpus.err;
  EXPECT_NE(gpus.out.find("* from scenarios/user-catalog.toml:"),
            std::string::npos)
      << gpus.out;
  const Output models = RunKardashev(
      "catalog models --scenario scenarios/user-catalog.toml", kSource);
  EXPECT_NE(models.out.find("qwen2.5-72b"), std::string::npos);
}

TEST_F(UserCatalogCliTest, AScenarioWithAUserGpuAndNodeRunsAndIsListed) {
  Write("a.toml", kFleet + Gpu() + kNode);
  Output o = Run("run a.toml --quiet --out out");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "summary.json"));
  o = Run("catalog nodes --scenario a.toml");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find(fmt::format("* from a.toml:{}:1", kFleetLines + 15)),
            std::string::npos)
      << o.out;
  // Without the scenario, the built-in catalog alone, nothing marked.
  o = Run("catalog nodes");
  EXPECT_EQ(o.out.find("x1-8"), std::string::npos);
  EXPECT_EQ(o.out.find("* "), std::string::npos);
}

TEST_F(UserCatalogCliTest, MalformedEntriesExitTwoWithTheirLineAndKey) {
  struct Case {
    std::string line11;
    std::string key;
    std::string expected;
  };
  const Case cases[] = {
      {"tdp_w = 900\nwatts = 3", "gpu.x1.watts", "unknown key"},
      {"", "gpu.x1.tdp_w", "required key is missing"},
      {"tdp_w = -900", "gpu.x1.tdp_w", "got -900"},
      {"tdp_w = \"900 W\"", "gpu.x1.tdp_w", "expected a number"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key + " " + c.expected);
    Write("a.toml", kFleet + Gpu(c.line11) + kNode);
    const Output o = Run("check a.toml");
    EXPECT_EQ(o.status, 2) << o.err;
    EXPECT_NE(o.err.find("key '" + c.key + "'"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find(c.expected), std::string::npos) << o.err;
    // The missing key is reported at its entry, the others at their line.
    const int line = kFleetLines + (c.line11.empty() ? 1 : 11);
    const int at = c.key == "gpu.x1.watts" ? line + 1 : line;
    EXPECT_EQ(o.err.rfind(fmt::format("a.toml:{}:", at), 0), 0u) << o.err;
    EXPECT_EQ(CountLines(o.err), 1);
  }
}

TEST_F(UserCatalogCliTest, AClashWithABuiltInNameExitsTwoNamingBoth) {
  std::string gpu = Gpu();
  gpu.replace(gpu.find("\"x1\""), 4, "\"h100-sxm\"");
  Write("a.toml", kFleet + gpu + kNode);
  const Output o = Run("check a.toml");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err.rfind(fmt::format("a.toml:{}:8:", kFleetLines + 2), 0), 0u)
      << o.err;
  EXPECT_NE(o.err.find("data/catalog/gpus.toml:"), std::string::npos) << o.err;
}

TEST_F(UserCatalogCliTest, CatalogFlagAddsAFile) {
  Write("hw.toml", Gpu() + kNode);
  Write("a.toml", kFleet);
  // Without the file, the node is unknown.
  Output o = Run("check a.toml");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("x1-8"), std::string::npos) << o.err;
  o = Run("check a.toml --catalog hw.toml");
  EXPECT_EQ(o.status, 0) << o.err;
  o = Run("catalog gpus --catalog hw.toml");
  EXPECT_NE(o.out.find("* from hw.toml:1:1"), std::string::npos) << o.out;
  // A second copy of the same entries clashes, naming the first.
  o = Run("check a.toml --catalog hw.toml --catalog hw.toml");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("hw.toml:1:1"), std::string::npos) << o.err;
  o = Run("check a.toml --catalog missing.toml");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--catalog"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace kardashev::cli_test
