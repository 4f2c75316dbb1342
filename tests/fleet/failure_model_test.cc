#include "kardashev/fleet/failure_model.h"

#include <gtest/gtest.h>

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
  c.repair_median_h = repair_median_h;
  c.repair_sigma = 0;  // every repair takes the median
  return c;
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

}  // namespace
}  // namespace kardashev::fleet
