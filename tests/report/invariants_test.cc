// The invariant checker (report/invariants.h): a real run passes every
// invariant, and each invariant catches a result that breaks it.
#include "kardashev/report/invariants.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/run.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::report {
namespace {

Results RunVariant(const std::string& file, const std::string& variant) {
  scenario::LoadOptions options;
  options.variant = variant;
  const auto s =
      scenario::LoadScenario(std::string(KARDASHEV_SOURCE_DIR) + "/" + file,
                             options, catalog::Catalog::LoadEmbedded())
          .front();
  return kardashev::Run(s, RunOptions{});
}

bool Broken(const InvariantReport& r, const std::string& invariant) {
  for (const auto& v : r.violations) {
    if (v.rfind(invariant + ":", 0) == 0) return true;
  }
  return false;
}

TEST(InvariantsTest, ARealRunHoldsAndEachInvariantCatchesItsBreak) {
  const Results good =
      RunVariant("tests/data/good/replica-training.toml", "base");
  const InvariantReport ok = CheckInvariants(good);
  EXPECT_TRUE(ok.ok()) << ok.violations.front();
  for (const char* name : {"time-shares", "gpu-hours", "energy", "checkpoint",
                           "money", "finite"}) {
    EXPECT_GT(ok.checks.count(name), 0u) << name;
  }

  Results r = good;
  r.training.at(0).power_throttled_s += 1000;  // shares still sum to 1
  EXPECT_TRUE(CheckInvariants(r).ok());

  r = good;
  r.clusters.at(0).down_gpu_hours += 10;
  EXPECT_TRUE(Broken(CheckInvariants(r), "gpu-hours"));

  r = good;
  r.sites.at(0).it_energy_mwh = 0;
  EXPECT_TRUE(Broken(CheckInvariants(r), "energy"));

  r = good;  // 0.8 ms for a checkpoint of gigabytes, as once printed
  r.training.at(0).checkpoint_write_s = 8e-4;
  EXPECT_TRUE(Broken(CheckInvariants(r), "checkpoint"));

  r = good;
  r.economics.profit_usd += 1e6;
  EXPECT_TRUE(Broken(CheckInvariants(r), "money"));

  r = good;
  r.economics.npv_usd = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Broken(CheckInvariants(r), "finite"));

  r = good;
  r.economics.capex_usd = -1;
  EXPECT_TRUE(Broken(CheckInvariants(r), "finite"));
}

// The serving roofline: a capacity above its bound, or FLOP/s per GPU above
// the GPU's peak, is caught (13,259 requests/s per GPU was once printed).
TEST(InvariantsTest, ServingAboveTheRooflineIsCaught) {
  const Results good = RunVariant("scenarios/azure-replay.toml", "h100-tp4");
  ASSERT_FALSE(good.serving.empty());
  const InvariantReport ok = CheckInvariants(good);
  EXPECT_TRUE(ok.ok()) << ok.violations.front();
  EXPECT_GT(ok.checks.at("roofline"), 0);
  Results r = good;
  r.serving[0].capacity.rate_per_s = 2 * r.serving[0].capacity.bound_per_s;
  EXPECT_TRUE(Broken(CheckInvariants(r), "roofline"));
  r = good;
  r.serving[0].capacity.bound_per_s *= 1e6;
  r.serving[0].capacity.rate_per_s *= 1e5;
  EXPECT_TRUE(Broken(CheckInvariants(r), "roofline"));
}

}  // namespace
}  // namespace kardashev::report
