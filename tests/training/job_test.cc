#include "kardashev/training/job.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kardashev::training {
namespace {

// Every state of a job's existence has its share, power throttling
// included, and the shares sum to 1.
TEST(JobTest, TimeSharesSumToOneWithThrottling) {
  TrainingOutcome o;
  o.training_s = 68;
  o.lost_work_s = 0.5;
  o.checkpointing_s = 0;
  o.restarting_s = 24;
  o.waiting_s = 0;
  o.power_throttled_s = 7.5;
  const TimeShares f = TimeSharesOf(o);
  EXPECT_DOUBLE_EQ(f.training + f.lost_work + f.checkpointing + f.restarting +
                       f.waiting + f.power_throttled,
                   1.0);
  EXPECT_DOUBLE_EQ(f.power_throttled, 0.075);
  EXPECT_DOUBLE_EQ(f.training, 0.68);
  const TimeShares none = TimeSharesOf(TrainingOutcome{});
  EXPECT_EQ(none.training, 0.0);
}

TEST(JobTest, DalyIntervalByHand) {
  // d = 10 s, M = 10,000 s: x = 5e-4; sqrt(2 d M) = sqrt(2e5) = 447.21.
  const double x = 10.0 / 20000;
  const double expected = std::sqrt(2e5) * (1 + std::sqrt(x) / 3 + x / 9) - 10;
  EXPECT_DOUBLE_EQ(DalyOptimalIntervalS(10, 10000), expected);
  EXPECT_NEAR(DalyOptimalIntervalS(10, 10000), 440.6, 0.1);
  // Checkpoints longer than twice the MTBI: checkpoint once per MTBI.
  EXPECT_DOUBLE_EQ(DalyOptimalIntervalS(500, 100), 100);
}

TEST(JobTest, ProgressAlternatesTrainingAndCheckpoints) {
  const JobTiming t{100, 10, 60};
  auto p = ProgressAfter(t, 250);  // two cycles (220 s), then 30 s of training
  EXPECT_DOUBLE_EQ(p.saved_s, 200);
  EXPECT_DOUBLE_EQ(p.unsaved_s, 30);
  EXPECT_DOUBLE_EQ(p.checkpoint_s, 20);
  p = ProgressAfter(
      t, 105);  // inside the first checkpoint: its work is not saved yet
  EXPECT_DOUBLE_EQ(p.saved_s, 0);
  EXPECT_DOUBLE_EQ(p.unsaved_s, 100);
  EXPECT_DOUBLE_EQ(p.checkpoint_s, 5);
  EXPECT_DOUBLE_EQ(ProgressAfter(t, 0).saved_s, 0);
}

TEST(JobTest, WallTimeCountsTheCheckpointsOnTheWay) {
  const JobTiming t{100, 10, 60};
  EXPECT_DOUBLE_EQ(WallTimeFor(t, 100),
                   100);  // no checkpoint needed at the end
  EXPECT_DOUBLE_EQ(WallTimeFor(t, 250), 270);  // two checkpoints on the way
  EXPECT_DOUBLE_EQ(WallTimeFor(t, 0), 0);
}

}  // namespace
}  // namespace kardashev::training
