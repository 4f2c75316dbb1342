// The growth level of a scenario file: tests/data/good/growth-small.toml
// loads to the plain data its sections say (names resolved, repeats
// expanded, units converted), and a scenario without [growth] has none.
#include <gtest/gtest.h>

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::scenario {
namespace {

const std::string kSource = KARDASHEV_SOURCE_DIR;

Scenario LoadGood(const std::string& name) {
  return LoadScenario(kSource + "/tests/data/good/" + name, LoadOptions{},
                      catalog::Catalog::LoadEmbedded())
      .front();
}

TEST(GrowthScenarioTest, AScenarioWithoutGrowthHasNone) {
  EXPECT_FALSE(LoadGood("small.toml").growth.has_value());
}

TEST(GrowthScenarioTest, SitesShellsAndGenerations) {
  const Scenario s = LoadGood("growth-small.toml");
  ASSERT_TRUE(s.growth.has_value());
  const GrowthSpec& g = *s.growth;
  EXPECT_TRUE(s.clusters.empty());
  EXPECT_EQ(g.months, 36);  // years = 3
  EXPECT_EQ(g.start_year, 2027);
  ASSERT_EQ(g.sites.size(), 1u);
  EXPECT_EQ(g.sites[0].construction_months, 12);
  EXPECT_EQ(g.sites[0].retire_month, -1);
  ASSERT_EQ(g.shells.size(), 1u);
  EXPECT_EQ(g.shells[0].online_month, 6);
  EXPECT_DOUBLE_EQ(g.shells[0].isl_bytes_per_s, 800e9 / 8);
  // Builds first (hgx-h100, dgx-b200), then the shell's node, already known.
  ASSERT_EQ(g.generations.size(), 2u);
  EXPECT_EQ(g.generations[0].node.name, "hgx-h100");
  EXPECT_EQ(g.generations[0].fabric.name, "ib-ndr400");
  EXPECT_EQ(g.generations[1].node.name, "dgx-b200");
  ASSERT_EQ(g.shell_generation.size(), 1u);
  EXPECT_EQ(g.shell_generation[0], 0);
}

TEST(GrowthScenarioTest, BuildsRepeatEveryMonths) {
  const GrowthSpec g = *LoadGood("growth-small.toml").growth;
  ASSERT_EQ(g.builds.size(), 3u);
  EXPECT_EQ(g.builds[0].name, "h100");
  EXPECT_EQ(g.builds[0].gpus, 16384);
  EXPECT_EQ(g.builds[0].order_month, 0);  // online 0 - lead 6, from month 0
  ASSERT_TRUE(g.builds[0].fabric.has_value());
  EXPECT_DOUBLE_EQ(g.builds[0].life_months, 60);  // economics' 5 years
  EXPECT_EQ(g.builds[1].name, "b200#1");
  EXPECT_EQ(g.builds[2].name, "b200#2");
  EXPECT_EQ(g.builds[1].gpus, 1024 * 8);  // nodes = 1024
  EXPECT_EQ(g.builds[1].online_month, 12);
  EXPECT_EQ(g.builds[1].order_month, 6);
  EXPECT_EQ(g.builds[2].online_month, 18);
  EXPECT_EQ(g.builds[2].order_month, 12);
  EXPECT_EQ(g.builds[2].generation, 1);
  EXPECT_FALSE(g.builds[2].fabric.has_value());
  EXPECT_DOUBLE_EQ(g.builds[2].price_usd_per_gpu, 40000);
}

TEST(GrowthScenarioTest, RegionsProductsLeasesAndJobs) {
  const GrowthSpec g = *LoadGood("growth-small.toml").growth;
  ASSERT_EQ(g.regions.size(), 2u);
  // By growth site: memphis, then the shell; -1 where not listed.
  EXPECT_EQ(g.regions[0].round_trip_ms, (std::vector<double>{20, 10}));
  EXPECT_EQ(g.regions[1].round_trip_ms, (std::vector<double>{90, -1}));

  ASSERT_EQ(g.products.size(), 1u);
  const GrowthProductSpec& p = g.products[0];
  EXPECT_EQ(p.config.deployment.model.name, "llama3-70b");
  EXPECT_EQ(p.config.deployment.tp, 4);
  EXPECT_EQ(p.config.deployment.weights, perf::Precision::kFp8);
  EXPECT_DOUBLE_EQ(p.config.slo.ttft_s, 2.0);
  EXPECT_DOUBLE_EQ(p.config.slo.tpot_s, 0.1);
  EXPECT_EQ(p.prompt_tokens, 1000);
  EXPECT_DOUBLE_EQ(p.curve.daily_amplitude, 0.5);
  ASSERT_EQ(p.demand.size(), 2u);
  EXPECT_EQ(p.demand[1].region, 1);
  ASSERT_EQ(p.demand[0].daily_users.size(), 2u);
  EXPECT_DOUBLE_EQ(p.demand[0].daily_users[1].month, 24);
  EXPECT_DOUBLE_EQ(p.demand[0].daily_users[1].value, 11.0e6);

  ASSERT_EQ(g.leases.size(), 1u);
  EXPECT_EQ(g.leases[0].sites, (std::vector<int>{0}));
  EXPECT_EQ(g.leases[0].end_month, 24);
  EXPECT_DOUBLE_EQ(g.leases[0].sla_credit_fraction, 0.10);

  ASSERT_EQ(g.jobs.size(), 1u);
  const GrowthJobSpec& j = g.jobs[0];
  EXPECT_EQ(j.reference_gpus, 1024);
  EXPECT_EQ(j.training.step.plan.dp, 1024 / 32);  // tp 8 x pp 4
  EXPECT_EQ(j.training.step.seq_len, 8192);
  EXPECT_DOUBLE_EQ(j.training.checkpoint_write_bytes_per_s, 100e9);
  EXPECT_DOUBLE_EQ(j.training.target_tokens, 1e12);
  EXPECT_DOUBLE_EQ(j.training.value_usd_per_million_tokens, 1);
}

}  // namespace
}  // namespace kardashev::scenario
