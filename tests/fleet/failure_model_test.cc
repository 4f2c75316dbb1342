#include "kardashev/fleet/failure_model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kardashev::fleet {
namespace {

catalog::FailureComponent Component(const char* name, const char* category,
                                    bool planned, double rate_per_gpu_hour,
                                    double repair_median_h) {
  catalog::FailureComponent c;
  c.name = name;
  c.category = category;
  c.planned = planned;
  c.rate_per_gpu_hour = rate_per_gpu_hour;
  // Every repair takes the median.
  c.repair = {{"repair", 1.0, repair_median_h, 0}};
  return c;
}

// A spare's failures drawn at the running rate are thinned to the powered
// share of the spares at the running rate plus the rest at the powered-off
// share: all cold, a tenth of the draws happen; all powered, every one.
TEST(FailureModelTest, PoweredOffSparesFailAtTheirShareOfTheRate) {
  const auto happens = [](std::int64_t spares, std::int64_t powered) {
    int n = 0;
    for (int i = 0; i < 1000; ++i) {
      n += SpareFailureHappens(spares, powered, 0.1, (i + 0.5) / 1000) ? 1 : 0;
    }
    return n;
  };
  EXPECT_EQ(happens(100, 0), 100);     // all cold: 0.1
  EXPECT_EQ(happens(100, 100), 1000);  // all powered
  EXPECT_EQ(happens(100, 50), 550);    // 0.5 + 0.5 x 0.1
  EXPECT_EQ(happens(0, 0), 1000);      // no spare count: not thinned
  EXPECT_DOUBLE_EQ(FailureModelConfig{}.powered_off_rate_share, 0.1);
}

TEST(FailureModelTest, SteadyAvailabilityIsMtbfOverMtbfPlusMttr) {
  // One component: a node of 8 GPUs fails every 1 / (8 x 1e-4) = 1,250 h and
  // is repaired in 50 h, so it is up 1,250 / 1,300 of the time.
  const FailureModel model({Component("gpu", "GPU", false, 1e-4, 50)}, {});
  EXPECT_NEAR(model.SteadyAvailability(8), 1250.0 / 1300.0, 1e-12);
  // Twice the rate halves the time between failures: 625 / 675.
  FailureModelConfig doubled;
  doubled.rate_scale = 2;
  EXPECT_NEAR(FailureModel({Component("gpu", "GPU", false, 1e-4, 50)}, doubled)
                  .SteadyAvailability(8),
              625.0 / 675.0, 1e-12);
}

TEST(FailureModelTest, PermanentFailuresAreUnplannedGpuAndHostOnly) {
  const std::vector<catalog::FailureComponent> components = {
      Component("faulty-gpu", "GPU", false, 3e-6, 24),
      Component("host", "Host", false, 2e-6, 24),
      Component("software", "Software", false, 5e-6, 1),
      Component("maintenance", "Host", true, 7e-6, 2),
  };
  FailureModelConfig config;
  config.rate_scale = 1.5;
  EXPECT_NEAR(PermanentFailureRatePerGpuHour(components, config),
              1.5 * (3e-6 + 2e-6), 1e-18);
}

// A repair ends in one of its outcomes by their shares: with 30% resets of 1 h
// and 70% swaps of 10 h (no spread), the mean repair is 0.3 + 7 = 7.3 h, and
// the draws take one of the two durations, about in those shares.
TEST(FailureModelTest, RepairsEndInOutcomesByTheirShares) {
  catalog::FailureComponent c = Component("gpu", "GPU", false, 1e-4, 1);
  c.repair = {{"reset", 0.3, 1, 0}, {"onsite_swap", 0.7, 10, 0}};
  const FailureModel model({c}, {});
  EXPECT_NEAR(model.MeanRepairHours(), 7.3, 1e-12);
  sim::RngStream rng(1, "repair", 0);
  int resets = 0;
  constexpr int kDraws = 10000;
  for (int i = 0; i < kDraws; ++i) {
    const double h = model.DrawRepairHours(rng, 0);
    ASSERT_TRUE(std::fabs(h - 1) < 1e-9 || std::fabs(h - 10) < 1e-9) << h;
    resets += std::fabs(h - 1) < 1e-9;
  }
  // Binomial: sd = sqrt(10,000 x 0.3 x 0.7) = 46, so 3,000 +- 200 is 4 sd.
  EXPECT_NEAR(resets, 3000, 200);
  // The catalog's scale stretches every outcome.
  FailureModelConfig slow;
  slow.repair_time_scale = 2;
  EXPECT_NEAR(FailureModel({c}, slow).MeanRepairHours(), 14.6, 1e-9);
}

// The catalog gives each cause the repair mix of its category, and the mixes
// keep GPU-node repairs to about two days on average, not the six weeks of a
// single wide lognormal per cause.
TEST(FailureModelTest, CatalogRepairMixesHaveSharesSummingToOne) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  for (const auto& c : catalog.failure_components()) {
    double total = 0;
    for (const auto& o : c.repair) total += o.share;
    EXPECT_NEAR(total, 1, 1e-9) << c.name;
  }
  const FailureModel model(catalog.failure_components(), {});
  EXPECT_GT(model.MeanRepairHours(), 5);
  EXPECT_LT(model.MeanRepairHours(), 48);
}

}  // namespace
}  // namespace kardashev::fleet
