#include "kardashev/stats/interval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace kardashev::stats {
namespace {

// Student's t 0.975 quantiles from any statistics table (e.g. NIST/SEMATECH
// e-Handbook, table 1.3.6.7.2).
TEST(StudentT975, MatchesPublishedTable) {
  EXPECT_NEAR(StudentT975(1), 12.706, 5e-4);
  EXPECT_NEAR(StudentT975(2), 4.303, 5e-4);
  EXPECT_NEAR(StudentT975(4), 2.776, 5e-4);
  EXPECT_NEAR(StudentT975(9), 2.262, 5e-4);
  EXPECT_NEAR(StudentT975(19), 2.093, 5e-4);
  EXPECT_NEAR(StudentT975(30), 2.042, 5e-4);
  EXPECT_NEAR(StudentT975(100), 1.984, 5e-4);
  EXPECT_NEAR(StudentT975(100000), 1.960, 5e-4);
}

TEST(MeanInterval, HandComputedCase) {
  // Mean 5, sample variance ((-3)^2 + (-1)^2 + 1^2 + 3^2) / 3 = 20/3, so the
  // half-width is 3.182 x sqrt(20/3) / 2 = 4.108.
  const std::vector<double> values{2, 4, 6, 8};
  const Interval i = MeanInterval(values);
  EXPECT_EQ(i.n, 4u);
  EXPECT_DOUBLE_EQ(i.mean, 5);
  EXPECT_NEAR(i.stddev, std::sqrt(20.0 / 3), 1e-12);
  EXPECT_NEAR(i.half_width, 3.1824 * std::sqrt(20.0 / 3) / 2, 1e-3);
  EXPECT_NEAR(i.low(), 5 - i.half_width, 1e-12);
}

TEST(MeanInterval, OneValueHasNoInterval) {
  const std::vector<double> values{7};
  const Interval i = MeanInterval(values);
  EXPECT_DOUBLE_EQ(i.mean, 7);
  EXPECT_TRUE(std::isnan(i.half_width));
}

TEST(Paired, CommonNoiseCancels) {
  // Large shared noise, a small steady difference: the unpaired intervals
  // overlap, the paired difference is clearly not zero.
  const std::vector<double> a{100, 150, 90, 210, 120};
  const std::vector<double> b{99, 149.2, 88.9, 209.1, 118.8};
  const PairedDifference d = Paired(a, b);
  EXPECT_NEAR(d.difference.mean, 1.0, 1e-9);
  EXPECT_TRUE(d.distinguishable);
  const Interval ia = MeanInterval(a);
  const Interval ib = MeanInterval(b);
  EXPECT_LT(ia.low(), ib.high());  // unpaired: overlapping
}

TEST(Paired, NoiseIsNotADifference) {
  const std::vector<double> a{1, 2, 3, 4};
  const std::vector<double> b{2, 1, 4, 3};
  EXPECT_FALSE(Paired(a, b).distinguishable);
  EXPECT_FALSE(Paired(a, a).distinguishable);  // identical: no difference
}

}  // namespace
}  // namespace kardashev::stats
