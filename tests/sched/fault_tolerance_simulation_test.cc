// Replica and elastic fault tolerance in the fleet simulation: GPU time is
// conserved, runs are deterministic, elastic jobs shrink and grow back, and
// at colossus1's scale a replica job keeps far more of its time than a gang.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/sim/time.h"
#include "test_plans.h"

namespace kardashev::sched {
namespace {

using training::FaultTolerance;

FleetPlan Plan(int nodes, double horizon_days) {
  return testing::OneClusterPlan(nodes, horizon_days, 11);
}

// 256 GPUs (32 nodes) in 16 groups of 2 nodes.
training::TrainingJobConfig Job(FaultTolerance mode) {
  training::TrainingJobConfig j = testing::TestJob(256);
  j.rejoin = {30, 60, 1, 60};
  j.fault_tolerance = mode;
  j.domains = 16;
  j.domain_nodes = 2;
  return j;
}

// A node fails every 100 h on average, of a node-scope cause (repaired in a
// day) or, one time in ten, of a job-scope one.
std::vector<catalog::FailureComponent> Causes() {
  catalog::FailureComponent hw;
  hw.name = "hardware";
  hw.rate_per_gpu_hour = 0.9 / (100 * 8);
  hw.repair = {{"onsite_swap", 1.0, 24, 0.5}};
  catalog::FailureComponent bug = hw;
  bug.name = "software-bug";
  bug.job_scope = true;
  bug.rate_per_gpu_hour = 0.1 / (100 * 8);
  bug.repair = {{"reset", 1.0, 1, 0.5}};
  return {hw, bug};
}

double Sum(const training::TrainingOutcome& t) {
  return t.training_s + t.lost_work_s + t.checkpointing_s + t.restarting_s +
         t.waiting_s + t.power_throttled_s;
}

TEST(FaultToleranceSimulationTest, GpuTimeIsConservedInEveryMode) {
  for (const auto mode : {FaultTolerance::kGang, FaultTolerance::kReplica,
                          FaultTolerance::kElastic}) {
    FleetPlan plan = Plan(36, 60);
    plan.jobs.push_back(Job(mode));
    const auto out = SimulateFleet(plan, Causes());
    const auto& t = out.training[0];
    EXPECT_GT(t.interruptions, 50);
    EXPECT_NEAR(Sum(t), plan.horizon_s, 1e-6 * plan.horizon_s)
        << static_cast<int>(mode);
    EXPECT_NEAR(t.ettr, t.training_s / plan.horizon_s, 1e-12);
  }
}

TEST(FaultToleranceSimulationTest, TheSameSeedGivesTheSameOutcome) {
  FleetPlan plan = Plan(36, 60);
  plan.jobs.push_back(Job(FaultTolerance::kElastic));
  const auto a = SimulateFleet(plan, Causes());
  const auto b = SimulateFleet(plan, Causes());
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.training[0].training_s, b.training[0].training_s);
  EXPECT_EQ(a.training[0].waiting_s, b.training[0].waiting_s);
  EXPECT_EQ(a.training[0].group_rejoins, b.training[0].group_rejoins);
}

// With no spare node, a replica job's stopped groups wait for their repairs;
// an elastic one pools the healthy nodes of broken groups into whole ones
// (more rejoins, less waiting) and grows back as nodes return.
TEST(FaultToleranceSimulationTest,
     ElasticShrinksWhenNoSpareIsFreeAndGrowsBack) {
  FleetPlan replica_plan = Plan(32, 60);
  replica_plan.jobs.push_back(Job(FaultTolerance::kReplica));
  FleetPlan elastic_plan = Plan(32, 60);
  elastic_plan.jobs.push_back(Job(FaultTolerance::kElastic));
  const auto r = SimulateFleet(replica_plan, Causes()).training[0];
  const auto e = SimulateFleet(elastic_plan, Causes()).training[0];
  EXPECT_GT(e.group_rejoins, r.group_rejoins);
  EXPECT_LT(e.waiting_s, r.waiting_s);
  EXPECT_GT(e.training_s, r.training_s);
  EXPECT_GT(e.reduced_width_share, 0);
  EXPECT_LT(e.mean_width, 1);
  EXPECT_GT(e.mean_width, r.mean_width);
}

scenario::Scenario Colossus1Train(FaultTolerance mode) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  options.variant = "train";
  auto s = scenario::LoadScenario(
               std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/colossus1.toml",
               options, catalog)
               .front();
  s.training.at(0).fault_tolerance = mode;
  // Both modes recover alike: heartbeat detection in 30 s, hot spares and
  // state from host memory or a peer.
  s.training.at(0).recovery = *catalog.FindRecovery("hot-spare-memory");
  s.training.at(0).memory_checkpoint = true;
  return s;
}

// 212,992 GPUs: a gang stops at every one of ~40,000 node failures a year,
// each a restart of minutes, and keeps little more than half of its time;
// replica groups of 128 GPUs keep training.
TEST(FaultToleranceSimulationTest, ReplicaGroupsLiftColossus1TrainingEttr) {
  const auto gang_s = Colossus1Train(FaultTolerance::kGang);
  const auto replica_s = Colossus1Train(FaultTolerance::kReplica);
  const auto gang =
      SimulateFleet(prepare::Prepare(gang_s).fleet, gang_s.failure_components)
          .training[0];
  const auto replica = SimulateFleet(prepare::Prepare(replica_s).fleet,
                                     replica_s.failure_components)
                           .training[0];
  std::printf("colossus1 train, 30 s detection: gang ETTR %.3f, replica %.3f\n",
              gang.ettr, replica.ettr);
  EXPECT_LT(gang.ettr, 0.6);
  EXPECT_GT(replica.ettr, 0.8);
  EXPECT_GT(replica.tokens_trained, 1.4 * gang.tokens_trained);
}

}  // namespace
}  // namespace kardashev::sched
