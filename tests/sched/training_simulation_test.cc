#include <gtest/gtest.h>

#include <cmath>

#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/sim/time.h"
#include "test_plans.h"

namespace kardashev::sched {
namespace {

FleetPlan Plan(int nodes, double horizon_days) {
  return testing::OneClusterPlan(nodes, horizon_days, 5);
}

training::TrainingJobConfig Job(std::int64_t gpus) {
  training::TrainingJobConfig j = testing::TestJob(gpus);
  j.step.mfu = 0.4;
  return j;
}

std::vector<catalog::FailureComponent> Causes(double mtbf_node_h,
                                              double planned_share) {
  catalog::FailureComponent a;
  a.name = "hardware";
  a.rate_per_gpu_hour = (1 - planned_share) / (mtbf_node_h * 8);
  a.repair = {{"swap", 1.0, 24, 0.5}};
  catalog::FailureComponent b;
  b.name = "maintenance";
  b.planned = true;
  b.rate_per_gpu_hour = planned_share / (mtbf_node_h * 8);
  b.repair = {{"maintenance", 1.0, 1, 0}};
  return {a, b};
}

TEST(TrainingSimulationTest, WithoutFailuresOnlyCheckpointsCostTime) {
  FleetPlan plan = Plan(16, 10);
  plan.jobs.push_back(Job(128));
  const auto out = SimulateFleet(plan, Causes(1e30, 0));
  const auto& t = out.training[0];
  EXPECT_EQ(t.interruptions, 0);
  // 864,000 s = 233 cycles of 3,700 s (862,100 s) and 1,900 s: 233 x 3,600 +
  // 1,900 = 840,700 s trained (kept at the horizon), 233 x 100 s writing
  // checkpoints, nothing lost, no restart, no wait.
  EXPECT_NEAR(t.training_s, 840700, 1e-6);
  EXPECT_NEAR(t.checkpointing_s, 23300, 1e-6);
  EXPECT_EQ(t.lost_work_s, 0);
  EXPECT_EQ(t.restarting_s, 0);
  EXPECT_EQ(t.waiting_s, 0);
  EXPECT_NEAR(t.ettr, 840700.0 / 864000, 1e-12);
  EXPECT_NEAR(t.tokens_trained, 840700 * 1e6, 1e-3);
  // The job held all 16 nodes (128 GPUs) working, for 240 h.
  EXPECT_NEAR(out.clusters[0].active_gpu_hours, 128 * 240.0, 1e-6);
  EXPECT_EQ(out.clusters[0].stalled_gpu_hours, 0);
}

TEST(TrainingSimulationTest, ATargetEndsTheJobAndFreesItsNodes) {
  FleetPlan plan = Plan(16, 10);
  auto job = Job(128);
  job.target_tokens = 1e6 * 7200;  // two hours of training
  plan.jobs.push_back(job);
  const auto out = SimulateFleet(plan, Causes(1e30, 0));
  const auto& t = out.training[0];
  EXPECT_TRUE(t.finished);
  EXPECT_NEAR(t.time_to_train_s, 7300, 1e-6);  // one checkpoint on the way
  EXPECT_DOUBLE_EQ(t.tokens_trained, 1e6 * 7200);
  EXPECT_NEAR(out.clusters[0].active_gpu_hours, 128 * 7300 / 3600.0, 1e-6);
}

// A power shortfall sheds a share of the gang's nodes: the job keeps that
// share less of its training time, and a target takes that much longer. The 16
// nodes train at 100%: 16 x (1,000 + 8 x 700) W = 105.6 kW; a 95.04 kW grid
// sheds 10%.
TEST(TrainingSimulationTest, PowerSheddingSlowsTrainingByTheShedShare) {
  FleetPlan plan = Plan(16, 10);
  plan.sites[0].power_cap_w = 0.9 * 16 * (1000 + 8 * 700);
  plan.jobs.push_back(Job(128));
  const auto out = SimulateFleet(plan, Causes(1e30, 0));
  const auto& t = out.training[0];
  const double unthrottled = 233 * 3600.0 + (864000 - 233 * 3700.0);
  EXPECT_NEAR(t.power_throttled_s, 0.1 * 864000, 1e-3);
  EXPECT_NEAR(t.training_s, unthrottled - 0.1 * 864000, 1e-3);
  EXPECT_NEAR(out.clusters[0].unpowered_gpu_hours, 128 * 0.1 * 240, 1e-6);

  FleetPlan target_plan = Plan(16, 10);
  target_plan.sites[0].power_cap_w = plan.sites[0].power_cap_w;
  auto job = Job(128);
  job.target_tokens = 1e6 * 7200;  // two hours of unthrottled training
  target_plan.jobs.push_back(job);
  const auto target_out = SimulateFleet(target_plan, Causes(1e30, 0));
  const auto& tt = target_out.training[0];
  EXPECT_TRUE(tt.finished);
  EXPECT_DOUBLE_EQ(tt.tokens_trained, 1e6 * 7200);
  // 7,200 s at 90% is 8,000 s of running, plus checkpoints on the way.
  EXPECT_GT(tt.time_to_train_s, 8000);
  EXPECT_LT(tt.time_to_train_s, 8000 + 3 * 100 + 1);
}

// A service that needs 2 nodes, and 6 from 12:00 to 13:00 each day. Replicas
// of 8 GPUs serve 1 request/s each.
ServiceConfig PeakyService(int priority, double days) {
  ServiceConfig sv;
  sv.name = "chat";
  sv.priority = priority;
  sv.gpus_per_replica = 8;
  sv.replica_rate_per_s = 1;
  sv.tokens_per_request = 100;
  sv.price_usd_per_million_tokens = 2;
  for (int h = 0; h < days * 24; ++h) {
    sv.rate_per_s_by_hour.push_back(h % 24 == 12 ? 6.0 : 2.0);
  }
  return sv;
}

// 16 nodes: a 12-node job and the service. Off-peak the service's 2 nodes and
// the job fit with 2 spares; at the 12:00 peak the service needs 6, so it
// preempts the job, which waits the hour, restarts (600 s) and goes on.
TEST(TrainingSimulationTest, ServingPeaksPreemptLowerPriorityTraining) {
  FleetPlan plan = Plan(16, 10);
  plan.jobs.push_back(Job(96));
  plan.services.push_back(PeakyService(1, 10));
  const auto out = SimulateFleet(plan, Causes(1e30, 0));
  const auto& t = out.training[0];
  const auto& sv = out.services[0];
  EXPECT_EQ(t.preemptions, 10);
  EXPECT_EQ(sv.preemptions, 10);
  EXPECT_NEAR(t.preemption_waiting_s, 10 * 3600.0, 1e-6);
  EXPECT_NEAR(t.preemption_restart_s, 10 * 600.0, 1e-6);
  // Each preemption loses the work since the last checkpoint: less than one
  // interval each.
  EXPECT_GT(t.preemption_lost_work_s, 0);
  EXPECT_LT(t.preemption_lost_work_s, 10 * 3600.0);
  EXPECT_NEAR(t.lost_work_s, t.preemption_lost_work_s, 1e-6);
  EXPECT_EQ(t.interruptions, 0);
  // The service is never short: 2 req/s for 23 h and 6 for 1 h a day.
  const double demanded = 10 * (23 * 2.0 + 6) * 3600;
  EXPECT_NEAR(sv.requests_demanded, demanded, 1e-6);
  EXPECT_NEAR(sv.slo_attainment, 1, 1e-12);
  EXPECT_NEAR(sv.tokens_served, demanded * 100, 1e-3);
  EXPECT_NEAR(sv.revenue_usd, demanded * 100 * 2e-6, 1e-9);
  EXPECT_EQ(sv.peak_nodes, 6);
  EXPECT_NEAR(sv.gpu_hours, 10 * (23 * 2 + 6) * 8.0, 1e-6);
  // The job's time adds up to the horizon.
  EXPECT_NEAR(t.training_s + t.lost_work_s + t.checkpointing_s +
                  t.restarting_s + t.waiting_s,
              864000, 1e-3);
  // GPU-hours are conserved.
  const auto& c = out.clusters[0];
  EXPECT_NEAR(c.active_gpu_hours + c.stalled_gpu_hours + c.spare_gpu_hours +
                  c.provisioning_gpu_hours + c.down_gpu_hours +
                  c.unpowered_gpu_hours,
              128 * 240.0, 1e-6);
}

// At equal priority the service may not preempt: at its peak it runs on the 4
// nodes it can get and serves 4 of the 6 requests/s.
TEST(TrainingSimulationTest, AServiceOfEqualPriorityRunsShortInstead) {
  FleetPlan plan = Plan(16, 10);
  plan.jobs.push_back(Job(96));
  plan.services.push_back(PeakyService(0, 10));
  const auto out = SimulateFleet(plan, Causes(1e30, 0));
  EXPECT_EQ(out.training[0].preemptions, 0);
  EXPECT_NEAR(out.services[0].slo_attainment, (23 * 2 + 4.0) / (23 * 2 + 6),
              1e-9);
}

// Topology: 256 nodes in pods of 16, two 64-node jobs (4 pods' worth each).
// Without failures each stays in its 4 pods. With failures, repaired nodes come
// back to the pool; taking a replacement from the failed node's pod, or from a
// pod the job already uses, keeps each job in fewer pods than taking whichever
// spare is next (often a node another job just gave up).
TEST(TrainingSimulationTest, PodAwareReplacementKeepsJobsInFewerPods) {
  FleetPlan plan = Plan(256, 60);
  plan.clusters[0].pod_nodes = 16;
  plan.jobs.push_back(Job(512));
  plan.jobs.push_back(Job(512));
  plan.jobs[1].name = "second";
  const auto quiet = SimulateFleet(plan, Causes(1e30, 0));
  for (const auto& t : quiet.training) {
    EXPECT_EQ(t.min_pods, 4);
    EXPECT_EQ(t.max_pods_spanned, 4);
    EXPECT_EQ(t.pods_spanned_end, 4);
  }
  const auto aware = SimulateFleet(plan, Causes(2000, 0));
  plan.clusters[0].pod_aware = false;
  const auto any = SimulateFleet(plan, Causes(2000, 0));
  EXPECT_EQ(aware.failures_total, any.failures_total);  // the same failures
  const auto spans = [](const FleetOutcome& out) {
    return out.training[0].max_pods_spanned + out.training[1].max_pods_spanned;
  };
  EXPECT_GT(spans(any), 8);
  EXPECT_LT(spans(aware), spans(any));
}

// Interruptions arrive at the gang's failure rate, and ETTR is close to the
// first-order model 1 - d/(tau + d) - (tau/2 + R)/M (Young 1974) when tau and R
// are small against M.
TEST(TrainingSimulationTest, InterruptionsAndEttrFollowTheRates) {
  FleetPlan plan = Plan(1200, 120);
  plan.jobs.push_back(Job(8000));  // 1,000 nodes, MTBF 2,000 h each: M = 2 h
  const auto out = SimulateFleet(plan, Causes(2000, 0.1));
  const auto& t = out.training[0];
  const double expected = 120 * 24 / 2.0;  // 1,440 while the gang is whole
  EXPECT_NEAR(static_cast<double>(t.interruptions), expected, 0.06 * expected);
  EXPECT_NEAR(static_cast<double>(t.planned) / t.interruptions, 0.1, 0.03);
  EXPECT_EQ(t.planned + t.unexpected, t.interruptions);
  const double m = 7200;
  const double first_order = 1 - 100.0 / 3700 - (3600 / 2.0 + 600) / m;
  EXPECT_NEAR(t.ettr, first_order, 0.05);
  EXPECT_GT(t.lost_work_s, 0);
  EXPECT_NEAR(t.training_s + t.lost_work_s + t.checkpointing_s +
                  t.restarting_s + t.waiting_s,
              plan.horizon_s, 1e-6 * plan.horizon_s);
}

TEST(TrainingSimulationTest, GpuHoursAreConservedWithJobsAndLeases) {
  FleetPlan plan = Plan(300, 30);
  plan.jobs.push_back(Job(1600));
  LeaseConfig l;
  l.name = "l";
  l.gpus = 400;
  l.gpu_utilization = 0.5;
  plan.leases.push_back(l);
  plan.spare_swap_h = 1;
  const auto out = SimulateFleet(plan, Causes(300, 0.1));
  const auto& c = out.clusters[0];
  const double installed = 300.0 * 8 * 30 * 24;
  EXPECT_NEAR(c.active_gpu_hours + c.stalled_gpu_hours + c.spare_gpu_hours +
                  c.provisioning_gpu_hours + c.down_gpu_hours,
              installed, 1e-9 * installed);
  EXPECT_GT(c.stalled_gpu_hours, 0);
  // The job's time adds up to the horizon, through failures and swaps.
  const auto& t = out.training[0];
  EXPECT_GT(t.interruptions, 0);
  EXPECT_NEAR(t.training_s + t.lost_work_s + t.checkpointing_s +
                  t.restarting_s + t.waiting_s,
              plan.horizon_s, 1e-6 * plan.horizon_s);
}

}  // namespace
}  // namespace kardashev::sched
