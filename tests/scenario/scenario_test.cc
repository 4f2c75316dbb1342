#include "kardashev/scenario/scenario.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "kardashev/econ/economics.h"
#include "kardashev/scenario/schema.h"
#include "kardashev/serving/demand.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::scenario {
namespace {

namespace fs = std::filesystem;
const std::string kSource = KARDASHEV_SOURCE_DIR;

class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kardashev-scenario-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::vector<Scenario> Load(const std::string& path,
                             const LoadOptions& options = {}) {
    return LoadScenario(path, options, catalog_);
  }

  fs::path dir_;
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

TEST_F(ScenarioTest, Colossus1VariantsLeaseTrainOrIdle) {
  const auto s = Load(kSource + "/scenarios/colossus1.toml");
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[3].variant, "split");
  EXPECT_EQ(s[4].variant, "serve-own");
  ASSERT_EQ(s[4].demand.size(), 1u);
  EXPECT_GE(s[4].demand[0].cluster, 0);
  EXPECT_GT(s[4].demand[0].priority, s[4].training[0].priority);
  EXPECT_TRUE(s[4].leases.empty());
  EXPECT_EQ(s[5].variant, "lease-2024-power");
  EXPECT_DOUBLE_EQ(s[5].sites[0].power_cap_w, 150e6);  // figures.csv E05
  EXPECT_DOUBLE_EQ(s[5].sites[0].generation_w, 35e6);
  EXPECT_DOUBLE_EQ(s[5].sites[0].battery_wh, 300e6);
  EXPECT_EQ(s[3].leases[0].gpus + s[3].training[0].gpus, 212496);
  EXPECT_EQ(s[0].variant, "lease");
  EXPECT_EQ(s[1].variant, "idle-owned");
  EXPECT_EQ(s[2].variant, "train");
  ASSERT_EQ(s[0].leases.size(), 1u);
  EXPECT_TRUE(s[0].training.empty());
  EXPECT_TRUE(s[1].leases.empty());
  EXPECT_TRUE(s[1].training.empty());
  EXPECT_TRUE(s[2].leases.empty());
  ASSERT_EQ(s[2].training.size(), 1u);
  EXPECT_EQ(s[2].training[0].gpus, 212992);
  EXPECT_DOUBLE_EQ(s[2].spare_swap_h, 2);  // cold spares; 32 hot in 5 min
  EXPECT_EQ(s[2].clusters[0].hot_spares, 32);
  EXPECT_DOUBLE_EQ(s[2].clusters[0].hot_swap_s, 300);
  EXPECT_EQ(s[2].clusters[0].spare_nodes, 550);  // 2% of 27,500
  EXPECT_EQ(s[2].training[0].fault_tolerance,
            training::FaultTolerance::kReplica);
  EXPECT_EQ(s[0].clusters[0].gpus(), 220000);
  EXPECT_EQ(s[0].leases[0].gpus, 212000);
  EXPECT_DOUBLE_EQ(s[0].horizon_s, 365 * 86400.0);
  EXPECT_DOUBLE_EQ(s[0].sites[0].power_cap_w, 300e6);
  EXPECT_EQ(s[0].seed, s[1].seed);
}

TEST_F(ScenarioTest, DefaultsComeFromTheSchema) {
  const auto s = Load(kSource + "/tests/data/good/small.toml");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].variant, "base");
  const Schema schema = ScenarioSchema();
  EXPECT_DOUBLE_EQ(
      s[0].leases[0].billing_period_days,
      std::get<double>(
          schema.Key("lease", "billing_period_days").default_value));
  EXPECT_DOUBLE_EQ(
      s[0].economics.discount_rate,
      std::get<double>(schema.Key("economics", "discount_rate").default_value));
  EXPECT_DOUBLE_EQ(s[0].timeseries_step_s, 24 * 3600.0);
}

TEST_F(ScenarioTest, CommandLineSetsWinOverVariantsAndSeedOverrides) {
  const std::string path = Write("v.toml", R"(
include = ["base.toml"]
[[variant]]
name = "big"
set = { "lease.l1.gpus" = 1024, "scenario.horizon_days" = 10 }
[[variant]]
name = "small"
[variant.set.lease.l1]
gpus = 8
)");
  fs::copy_file(kSource + "/tests/data/good/small.toml", dir_ / "base.toml");
  LoadOptions options;
  options.sets = {"scenario.horizon_days=20"};
  options.seed = 99;
  const auto s = Load(path, options);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].leases[0].gpus, 1024);
  EXPECT_EQ(s[1].leases[0].gpus,
            8);  // nested tables flatten to the same paths
  EXPECT_DOUBLE_EQ(s[0].horizon_s, 20 * 86400.0);
  EXPECT_EQ(s[0].seed, 99u);
  // The flag wins over the variant's own setting, and says so.
  ASSERT_EQ(s[0].warnings.size(), 1u);
  EXPECT_EQ(s[0].warnings[0],
            "--set scenario.horizon_days=20 overrides variant \"big\"'s "
            "scenario.horizon_days");
  EXPECT_TRUE(s[1].warnings.empty());

  options.variant = "small";
  const auto only = Load(path, options);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].variant, "small");
}

TEST_F(ScenarioTest, IncludesMergeTablesAndNamedEntries) {
  fs::copy_file(kSource + "/tests/data/good/small.toml", dir_ / "base.toml");
  const std::string path = Write("top.toml", R"(
include = "base.toml"
[scenario]
horizon_days = 7

[[cluster]]
name = "c1"
nodes = 256

[[cluster]]
name = "c2"
site = "dc"
node = "hgx-h200"
nodes = 4
)");
  const auto s = Load(path);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].name, "small");  // kept from the base
  EXPECT_DOUBLE_EQ(s[0].horizon_s, 7 * 86400.0);
  ASSERT_EQ(s[0].clusters.size(), 2u);
  EXPECT_EQ(s[0].clusters[0].nodes, 256);  // merged by name
  EXPECT_EQ(s[0].clusters[0].node.name, "hgx-h100");
  EXPECT_EQ(s[0].clusters[1].gpu.name, "h200");
}

TEST_F(ScenarioTest, AnErrorInAnIncludedFileNamesThatFile) {
  const std::string base = Write("broken.toml", "[scenario]\nname = 5\n");
  const std::string path = Write("top.toml", "include = [\"broken.toml\"]\n");
  try {
    Load(path);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, base);
    EXPECT_EQ(e.where().line, 2);
    EXPECT_EQ(e.key(), "scenario.name");
  }
}

TEST_F(ScenarioTest, PowerAboveTheCapIsAWarningNotAnError) {
  LoadOptions options;
  options.sets = {"site.dc.power_cap_mw=0.5"};
  const auto s = Load(kSource + "/tests/data/good/small.toml", options);
  ASSERT_EQ(s[0].warnings.size(), 1u);
  EXPECT_NE(s[0].warnings[0].find("of grid and generation"), std::string::npos);
}

// A lease price a hundred times the published band (185 for 1.85) is legal
// but warned about, naming the key, where it was written and the band's
// source; a price inside the band draws no warning.
TEST(PublishedBandTest, FarOutsideThePublishedBandIsWarnedAbout) {
  LoadOptions options;
  options.sets = {"lease.l1.price_usd_per_gpu_hour=185"};
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const auto s =
      LoadScenario(kSource + "/tests/data/good/small.toml", options, catalog);
  ASSERT_EQ(s.at(0).warnings.size(), 1u);
  const std::string& w = s[0].warnings[0];
  EXPECT_NE(w.find("lease.l1.price_usd_per_gpu_hour = 185"), std::string::npos)
      << w;
  EXPECT_NE(w.find("--set"), std::string::npos) << w;
  EXPECT_NE(w.find("figures.csv F01-F03"), std::string::npos) << w;
  options.sets = {"lease.l1.price_usd_per_gpu_hour=1.85"};
  EXPECT_TRUE(
      LoadScenario(kSource + "/tests/data/good/small.toml", options, catalog)
          .at(0)
          .warnings.empty());
}

TEST(SchemaTest, EveryDefaultHasItsKeysTypeAndLiesInItsRange) {
  const Schema schema = ScenarioSchema();
  for (const auto& sec : schema.sections) {
    for (const auto& k : sec.keys) {
      SCOPED_TRACE(std::string(sec.name) + "." + std::string(k.name));
      EXPECT_FALSE(k.meaning.empty());
      if (k.required()) continue;
      switch (k.type) {
        case KeyType::kNumber: {
          ASSERT_TRUE(std::holds_alternative<double>(k.default_value));
          const double v = std::get<double>(k.default_value);
          if (k.min) {
            EXPECT_TRUE(k.min_exclusive ? v > *k.min : v >= *k.min);
          }
          if (k.max) {
            EXPECT_LE(v, *k.max);
          }
          break;
        }
        case KeyType::kInteger:
          EXPECT_TRUE(std::holds_alternative<std::int64_t>(k.default_value));
          break;
        case KeyType::kString:
        case KeyType::kOverrides:
        case KeyType::kNumberList:
          EXPECT_TRUE(
              std::holds_alternative<std::string_view>(k.default_value));
          break;
        case KeyType::kBoolean:
          EXPECT_TRUE(std::holds_alternative<bool>(k.default_value));
          break;
        case KeyType::kStringList:
          break;
      }
    }
    if (sec.is_array) {
      ASSERT_NE(sec.Find("name"), nullptr) << sec.name;
      EXPECT_TRUE(sec.Find("name")->required()) << sec.name;
    }
  }
}

TEST(SchemaTest, DefaultsAndChoicesComeFromTheConfigStructs) {
  const Schema schema = ScenarioSchema();
  EXPECT_EQ(std::get<double>(schema.Key("serving", "slo_ttft_s").default_value),
            serving::Slo{}.ttft_s);
  EXPECT_EQ(
      std::get<double>(schema.Key("economics", "discount_rate").default_value),
      econ::EconomicsConfig{}.discount_rate);
  EXPECT_EQ(
      std::get<double>(schema.Key("demand", "step_minutes").default_value) * 60,
      serving::DemandConfig{}.step_s);
  const std::vector<std::string_view> routers = {"round-robin",
                                                 "least-outstanding"};
  EXPECT_EQ(schema.Key("serving", "router").choices, routers);
  EXPECT_EQ(std::get<std::string_view>(
                schema.Key("training", "precision").default_value),
            "bf16");
}

TEST_F(ScenarioTest, EnumKeysMapThroughTheirTables) {
  LoadOptions options;
  options.sets = {"cluster.c1.placement=any"};
  const auto s = Load(kSource + "/tests/data/good/small.toml", options);
  EXPECT_FALSE(s[0].clusters[0].pod_aware);
  options.sets = {"cluster.c1.placement=nearest"};
  EXPECT_THROW(Load(kSource + "/tests/data/good/small.toml", options),
               ScenarioError);
}

}  // namespace
}  // namespace kardashev::scenario

namespace kardashev::scenario {
namespace {

// The spare policy: a pool given as a share is rounded up to whole nodes; a
// pool given both ways, warm spares without tiers, and leases or jobs that
// eat into the pool are refused at the key that is wrong.
TEST_F(ScenarioTest, SparePolicyIsReadAndChecked) {
  const std::string base =
      "[scenario]\nname = \"s\"\nhorizon_days = 1\n"
      "[[site]]\nname = \"a\"\npower_cap_mw = 100\npue = 1.2\n"
      "electricity_usd_per_mwh = 50\ncarbon_kg_per_mwh = 300\n"
      "[[cluster]]\nname = \"c\"\nsite = \"a\"\nnode = \"hgx-h100\"\n"
      "nodes = 100\n";
  const auto s = Load(Write(
      "ok.toml", base + "spare_share = 0.031\nhot_spares = 2\nwarm_spares = "
                        "1\nhot_swap_minutes = 5\ncold_swap_hours = 4\n"));
  ASSERT_EQ(s.size(), 1u);
  const fleet::ClusterConfig& c = s[0].clusters[0];
  EXPECT_EQ(c.spare_nodes, 4);  // ceil(3.1)
  EXPECT_EQ(c.hot_spares, 2);
  EXPECT_EQ(c.warm_spares, 1);
  EXPECT_DOUBLE_EQ(c.hot_swap_s, 300);
  EXPECT_DOUBLE_EQ(c.cold_swap_s, 4 * 3600);

  const auto error_of = [&](const std::string& extra) {
    try {
      Load(Write("bad.toml", base + extra));
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(
      error_of("spare_nodes = 3\nspare_share = 0.1\n").find("spare_share"),
      std::string::npos);
  EXPECT_NE(error_of("warm_spares = 3\n").find("warm_spares"),
            std::string::npos);
  const std::string lease =
      "spare_nodes = 10\n[[tenant]]\nname = \"t\"\n[[lease]]\nname = "
      "\"l\"\ntenant = \"t\"\ncluster = \"c\"\ngpus = 728\n"
      "price_usd_per_gpu_hour = 2\ngpu_utilization = 0.5\n";
  EXPECT_NE(error_of(lease).find("beyond its spare pool of 10 nodes"),
            std::string::npos)
      << error_of(lease);
}

}  // namespace
}  // namespace kardashev::scenario
