#include "kardashev/serving/demand.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kardashev::serving {
namespace {

TEST(DemandTest, TheCurveAveragesOneOverAWeekAndPeaksWhereItShould) {
  const DemandCurve c{0.5, 20, 0.9};
  double sum = 0;
  const int steps = 7 * 24 * 60;
  for (int i = 0; i < steps; ++i) sum += DemandFactor(c, (i + 0.5) * 60.0);
  EXPECT_NEAR(sum / steps, 1.0, 1e-6);
  const double weekday = (7 - 2 * 0.9) / 5;  // 1.04
  EXPECT_NEAR(DemandFactor(c, 20 * 3600.0), 1.5 * weekday,
              1e-12);  // Monday 20:00
  EXPECT_NEAR(DemandFactor(c, 8 * 3600.0), 0.5 * weekday,
              1e-12);  // Monday 08:00
  EXPECT_NEAR(DemandFactor(c, 5 * 86400 + 20 * 3600.0), 1.5 * 0.9,
              1e-12);  // Saturday 20:00
}

// Flat demand of 864,000 requests a day is 10 requests/s; at 3 requests/s per
// 4-GPU replica it needs 4 replicas, 16 GPUs, all the time.
TEST(DemandTest, SizingByHand) {
  DemandConfig c;
  c.daily_users = 432000;
  c.requests_per_user_per_day = 2;
  c.horizon_s = 7 * 86400;
  c.gpus_per_replica = 4;
  c.replica_capacity_rate_per_s = 3;
  c.replica_capacity_tokens_per_s = 600;
  c.mean_output_tokens = 200;
  const DemandOutcome o = PlanDemand(c);
  EXPECT_DOUBLE_EQ(o.mean_rate_per_s, 10);
  EXPECT_EQ(o.gpus_needed_peak, 16);
  EXPECT_NEAR(o.gpus_needed_mean, 16, 1e-9);
  EXPECT_NEAR(o.peak_to_mean, 1, 1e-12);
  EXPECT_DOUBLE_EQ(o.slo_attainment, 1);

  // Given 8 GPUs (2 replicas, 6 requests/s), 60% of requests are served within
  // capacity.
  c.gpus_available = 8;
  const DemandOutcome short_fleet = PlanDemand(c);
  EXPECT_NEAR(short_fleet.slo_attainment, 0.6, 1e-12);
  EXPECT_NEAR(short_fleet.tokens_served_per_day, 6 * 86400 * 200.0, 1e-3);
  EXPECT_NEAR(short_fleet.tokens_per_day_at_capacity, 2 * 600 * 86400.0, 1e-6);
}

TEST(DemandTest, APeakedCurveNeedsMoreAtPeakThanOnAverage) {
  DemandConfig c;
  c.daily_users = 1e7;
  c.requests_per_user_per_day = 3;
  c.curve = DemandCurve{0.5, 20, 1};
  c.horizon_s = 86400;
  c.gpus_per_replica = 8;
  c.replica_capacity_rate_per_s = 2;
  const DemandOutcome o = PlanDemand(c);
  EXPECT_NEAR(o.peak_to_mean, 1.5,
              0.01);  // hourly steps sample the cosine's peak closely
  EXPECT_GT(o.gpus_needed_peak, 1.4 * o.gpus_needed_mean);
}

// A demand far beyond any fleet (a capacity of almost nothing per replica, or
// the largest user and request counts the schema allows) reports a large
// finite count, never an overflowed or negative one.
TEST(DemandTest, AnUnservableDemandReportsAFiniteNonNegativeCount) {
  DemandConfig c;
  c.daily_users = 1e11;
  c.requests_per_user_per_day = 1e5;
  c.horizon_s = 86400;
  c.gpus_per_replica = 72;
  c.replica_capacity_rate_per_s = 1e-300;
  const DemandOutcome o = PlanDemand(c);
  EXPECT_GT(o.replicas_needed_peak, std::int64_t{1} << 52);
  EXPECT_GE(o.gpus_needed_peak, o.replicas_needed_peak);
  EXPECT_TRUE(std::isfinite(o.gpus_needed_mean));
  EXPECT_GT(o.gpus_needed_mean, 0);

  c.replica_capacity_rate_per_s = 0;  // a replica that meets no SLO
  const DemandOutcome none = PlanDemand(c);
  EXPECT_GT(none.gpus_needed_peak, 0);
  EXPECT_TRUE(std::isfinite(none.gpus_needed_mean));
}

}  // namespace
}  // namespace kardashev::serving
