// A replica-mode job run, hand-computed.
#include <gtest/gtest.h>

#include "kardashev/training/job_run.h"

namespace kardashev::training {
namespace {

fleet::ClusterConfig Cluster() {
  fleet::ClusterConfig c;
  c.node.gpus = 8;
  return c;
}

// 8 groups; 10 s steps; 3,600 s between 100 s checkpoints; 1e6 tokens/s.
TrainingJobConfig Job(FaultTolerance mode) {
  TrainingJobConfig j;
  j.name = "job";
  j.gpus = 128;
  j.step.step_time_s = 10;
  j.step.tokens_per_s = 1e6;
  j.checkpoint_bytes = 1e12;
  j.checkpoint_write_bytes_per_s = 1e10;
  j.checkpoint_interval_s = 3600;
  j.restart_s = 600;
  j.rejoin = {10, 20, 1, 169};  // 200 s
  j.fault_tolerance = mode;
  j.domains = 8;
  j.domain_nodes = 2;
  return j;
}

double Sum(const TrainingOutcome& t) {
  return t.training_s + t.lost_work_s + t.checkpointing_s + t.restarting_s +
         t.waiting_s + t.power_throttled_s;
}

// One node fails at 1,005 s, 5 s into a step: every group loses that step
// (1 x 5 s), not the 1,005 s since the start as a gang would. The group waits
// 1,000 s for a node (1/8 x 1,000 = 125 s of job time waiting), rejoins in
// 200 s (25 s restarting), and the job trains at 7/8 width meanwhile:
// 1,000 + 7/8 x 1,200 + 795 = 2,845 s of training by 3,000 s.
TEST(ReplicaRunTest, OneFailureLosesOnlyTheStepInFlight) {
  JobRun run(Job(FaultTolerance::kReplica), 0, 3000);
  EXPECT_DOUBLE_EQ(run.rejoin_s(), 200);
  run.GroupFailed(1005, "gpu", false);
  run.SetDomains(1005, 7, 0);
  run.SetDomains(2005, 7, 1);  // whole again: rejoining
  run.CountRejoin();
  run.SetDomains(2205, 8, 0);
  const TrainingOutcome t = run.Close(3000, 3000, Cluster(), 1, 1);
  EXPECT_NEAR(t.lost_work_s, 5, 1e-9);
  EXPECT_NEAR(t.waiting_s, 125, 1e-9);
  EXPECT_NEAR(t.restarting_s, 25, 1e-9);
  EXPECT_NEAR(t.restarting_rejoin_s, 25, 1e-9);
  EXPECT_NEAR(t.training_s, 2845, 1e-9);
  EXPECT_NEAR(Sum(t), 3000, 1e-9);
  EXPECT_NEAR(t.tokens_trained, 2845e6, 1e-3);
  EXPECT_EQ(t.interruptions, 1);
  EXPECT_EQ(t.group_rejoins, 1);
  EXPECT_NEAR(t.reduced_width_share, 1200.0 / 3000, 1e-12);
  EXPECT_NEAR(t.mean_width, (3000 - 1200.0 / 8) / 3000, 1e-12);

  // The same failure stops a gang whole: it loses all 1,005 s.
  JobRun gang(Job(FaultTolerance::kGang), 0, 3000);
  gang.Interrupt(1005, "gpu", false);
  EXPECT_NEAR(gang.Close(3000, 3000, Cluster(), 1, 1).lost_work_s, 1005, 1e-9);
}

// A job-scope failure at 5,000 s (1,300 s after the checkpoint at 3,700 s)
// loses the 1,300 s since it at full width, and the job restarts whole.
TEST(ReplicaRunTest, AJobScopeFailureRestartsFromTheNewestCheckpoint) {
  JobRun run(Job(FaultTolerance::kReplica), 0, 10000);
  run.Interrupt(5000, "software-bug", false);
  run.SetDomains(5000, 7, 0);
  ASSERT_EQ(run.BeginRestart(5000), 600);
  run.EndRestart(5600);
  const TrainingOutcome t = run.Close(10000, 10000, Cluster(), 1, 1);
  EXPECT_NEAR(t.lost_work_s, 1300, 1e-9);
  // Restarting: 7/8 x 600; waiting: 1/8 x 5,000 from the failure on.
  EXPECT_NEAR(t.restarting_job_s, 525, 1e-9);
  EXPECT_NEAR(t.waiting_s, 625, 1e-9);
  EXPECT_NEAR(Sum(t), 10000, 1e-9);
  EXPECT_EQ(t.job_restarts, 1);
}

// At 7/8 width a target of 7,000 s of full-width training from 0 needs 8,000
// s of running and two checkpoints on the way: 8,200 s.
TEST(ReplicaRunTest, TheFinishFollowsTheWidth) {
  TrainingJobConfig cfg = Job(FaultTolerance::kReplica);
  cfg.target_tokens = 7000e6;
  JobRun run(cfg, 0, 1e6);
  run.SetDomains(0, 7, 0);
  ASSERT_TRUE(run.WallTimeToTargetS(0).has_value());
  EXPECT_NEAR(*run.WallTimeToTargetS(0), 8200, 1e-6);
  EXPECT_TRUE(run.Finish(8200));
  EXPECT_TRUE(run.done());
}

}  // namespace
}  // namespace kardashev::training

namespace kardashev::training {
namespace {

// A 0.01 s in-memory save at a job-scope MTBI of 1,000 s would put Young/Daly
// near 4.5 s, under the 10 s step: checkpoints come between steps, one step
// apart at least.
TEST(ReplicaRunTest, InMemoryCheckpointsAreAtLeastOneStepApart) {
  TrainingJobConfig cfg = Job(FaultTolerance::kReplica);
  cfg.checkpoint_interval_s = 0;
  cfg.memory_checkpoint = true;
  cfg.checkpoint_save_s = 0.01;
  TrainingOutcome t =
      JobRun(cfg, 0, 1e6, 1.0 / (1000 * 128)).Close(1, 1, Cluster(), 1, 1);
  EXPECT_DOUBLE_EQ(t.mtbi_s, 1000);
  EXPECT_LT(DalyOptimalIntervalS(0.01, 1000), 10);
  EXPECT_DOUBLE_EQ(t.checkpoint_interval_s, 10);
  EXPECT_DOUBLE_EQ(t.checkpoint_write_s, 0.01);
}

}  // namespace
}  // namespace kardashev::training
