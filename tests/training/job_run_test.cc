#include "kardashev/training/job_run.h"

#include <gtest/gtest.h>

namespace kardashev::training {
namespace {

// Checkpoints of 100 s every 3,600 s of training; a restart takes 600 s.
TrainingJobConfig Job() {
  TrainingJobConfig j;
  j.name = "job";
  j.gpus = 64;
  j.step.tokens_per_s = 1e6;
  j.checkpoint_bytes = 1e12;
  j.checkpoint_write_bytes_per_s = 1e10;
  j.checkpoint_interval_s = 3600;
  j.restart_s = 600;
  return j;
}

fleet::ClusterConfig Cluster() {
  fleet::ClusterConfig c;
  c.node.gpus = 8;
  c.nodes = 8;
  return c;
}

// Interrupted at 5,000 s (one checkpoint done at 3,700 s, 1,300 s unsaved),
// the gang is whole again at 6,000 s, and the restart ends at 6,600 s; the
// run then trains to the horizon at 10,000 s (3,400 s, no checkpoint due).
TEST(JobRunTest, AnInterruptionLosesTheUnsavedWorkAndWaitsForTheGang) {
  JobRun run(Job(), 0, 10000);
  run.Interrupt(5000, "gpu", false);
  EXPECT_EQ(run.phase(), JobPhase::kWaiting);
  const std::uint32_t stale = run.epoch() - 1;
  EXPECT_FALSE(run.IsCurrent(stale, JobPhase::kWaiting));
  const auto restart_s = run.BeginRestart(6000);
  ASSERT_TRUE(restart_s.has_value());
  EXPECT_EQ(*restart_s, 600);
  EXPECT_FALSE(run.BeginRestart(6000).has_value());  // already restarting
  ASSERT_TRUE(run.IsCurrent(run.epoch(), JobPhase::kRestarting));
  run.EndRestart(6600);
  const TrainingOutcome t = run.Close(10000, 10000, Cluster(), 1, 1);
  EXPECT_EQ(t.interruptions, 1);
  EXPECT_EQ(t.unexpected, 1);
  EXPECT_EQ(t.by_cause.at("gpu"), 1);
  EXPECT_NEAR(t.lost_work_s, 1300, 1e-9);
  EXPECT_NEAR(t.training_s, 3600 + 3400, 1e-9);
  EXPECT_NEAR(t.checkpointing_s, 100, 1e-9);
  EXPECT_NEAR(t.waiting_s, 1000, 1e-9);
  EXPECT_NEAR(t.restarting_s, 600, 1e-9);
  EXPECT_NEAR(t.training_s + t.lost_work_s + t.checkpointing_s +
                  t.restarting_s + t.waiting_s,
              10000, 1e-9);
  EXPECT_NEAR(t.ettr, 7000.0 / 10000, 1e-12);
}

TEST(JobRunTest, APreemptionIsCountedApartFromInterruptions) {
  JobRun run(Job(), 0, 10000);
  ASSERT_TRUE(run.Preempt(2000));
  run.Interrupt(2500, "gpu", false);  // waiting: nothing more is lost
  ASSERT_TRUE(run.BeginRestart(3000).has_value());
  run.EndRestart(3600);
  const TrainingOutcome t = run.Close(10000, 10000, Cluster(), 1, 1);
  EXPECT_EQ(t.preemptions, 1);
  EXPECT_EQ(t.interruptions, 0);
  EXPECT_NEAR(t.preemption_lost_work_s, 2000, 1e-9);
  EXPECT_NEAR(t.preemption_waiting_s, 1000, 1e-9);
  EXPECT_NEAR(t.preemption_restart_s, 600, 1e-9);
}

// A target of 7,200 s of training is reached after 7,300 s of running (one
// checkpoint on the way); power shedding of 500 s makes the job train on.
TEST(JobRunTest, ATargetIsReachedUnlessPowerSheddingSlowedTheJob) {
  TrainingJobConfig cfg = Job();
  cfg.target_tokens = 7200e6;
  JobRun run(cfg, 0, 1e6);
  ASSERT_TRUE(run.WallTimeToTargetS(0).has_value());
  EXPECT_NEAR(*run.WallTimeToTargetS(0), 7300, 1e-9);
  JobRun throttled(cfg, 0, 1e6);
  throttled.AddThrottledS(500);
  EXPECT_FALSE(throttled.Finish(7300));
  EXPECT_FALSE(throttled.done());
  EXPECT_TRUE(run.Finish(7300));
  EXPECT_TRUE(run.done());
  EXPECT_FALSE(run.Preempt(8000));
  const TrainingOutcome t = run.Close(1e6, 1e6, Cluster(), 1, 1);
  EXPECT_TRUE(t.finished);
  EXPECT_EQ(t.time_to_train_s, 7300);
  EXPECT_DOUBLE_EQ(t.tokens_trained, 7200e6);
}

}  // namespace
}  // namespace kardashev::training
