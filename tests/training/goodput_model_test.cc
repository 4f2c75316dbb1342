// The analytic goodput model: hand-computed cases per fault-tolerance mode,
// and its invariants (gang ETTR falls with the job's size; replica and elastic
// never do worse than gang, elastic never worse than replica).
#include "kardashev/training/goodput_model.h"

#include <gtest/gtest.h>

#include "kardashev/catalog/catalog.h"
#include "kardashev/training/job.h"

namespace kardashev::training {
namespace {

// 1,000 GPUs, node failures at 1e-5 per GPU-hour (one per 100 h: 360,000 s),
// a 100 s checkpoint every 3,600 s, 600 s restarts, 1,800 s to swap in a spare.
GoodputInput Base() {
  GoodputInput in;
  in.gpus = 1000;
  in.group_gpus = 100;
  in.node_gpus = 8;
  in.node_failures_per_gpu_h = 1e-5;
  in.spare_swap_s = 1800;
  in.repair_s = 36000;
  in.gang_restart.rescheduling_s = 600;
  in.group_restart.rescheduling_s = 600;
  in.checkpoint_write_s = 100;
  in.checkpoint_interval_s = 3600;
  in.step_time_s = 10;
  return in;
}

TEST(GoodputModelTest, GangHandComputed) {
  const Goodput g = EstimateGoodput(Base());
  // Waste: 100/3600 checkpointing, plus per failure (1/360,000 per s) lost
  // work (3600 + 100)/2 = 1850 s, restart 600 s and wait 1800 s:
  // 10,000/360,000 + 4,250/360,000 = 0.0395833.
  EXPECT_NEAR(g.ettr, 1 - 14250.0 / 360000, 1e-12);
  EXPECT_NEAR(g.mtbi_s, 360000, 1e-6);
  EXPECT_NEAR(g.checkpoint_share, 1.0 / 36, 1e-12);
  EXPECT_NEAR(g.lost_work_share, 1850.0 / 360000, 1e-12);
  EXPECT_NEAR(g.restart_share, 600.0 / 360000, 1e-12);
  EXPECT_NEAR(g.waiting_share, 1800.0 / 360000, 1e-12);
  EXPECT_TRUE(g.first_order_valid);
}

TEST(GoodputModelTest, GangTakesTheDalyIntervalWhenNoneIsGiven) {
  GoodputInput in = Base();
  in.checkpoint_interval_s = 0;
  const Goodput g = EstimateGoodput(in);
  // sqrt(2 x 100 x 360,000) (1 + sqrt(x)/3 + x/9) - 100, x = 100/720,000.
  EXPECT_NEAR(g.checkpoint_interval_s, 8418.7457, 1e-3);
  EXPECT_DOUBLE_EQ(g.checkpoint_interval_s, DalyOptimalIntervalS(100, 360000));
  EXPECT_NEAR(g.ettr,
              1 - 100 / 8418.745653 - (8518.745653 / 2 + 600 + 1800) / 360000,
              1e-9);
}

TEST(GoodputModelTest, ReplicaHandComputed) {
  GoodputInput in = Base();
  in.mode = FaultTolerance::kReplica;
  in.job_failures_per_gpu_h = 2e-6;  // one job stop per 1,800,000 s
  const Goodput g = EstimateGoodput(in);
  // Job stops as gang: 1/36 + (1850 + 600 + 1800)/1,800,000 = 0.0301389.
  // Node failures (1/360,000 per s) stop 100 of 1,000 GPUs for 600 + 1800 s
  // and lose one 10 s step of the job: (60 + 180 + 10)/360,000 = 0.000694.
  EXPECT_NEAR(g.ettr, 0.96916666666666667, 1e-12);
  EXPECT_NEAR(g.mtbi_s, 1800000, 1e-6);
  // Detection of 36 s stalls the other 900 GPUs at each node failure:
  // 0.9 x 36 / 360,000 = 0.00009 more waste (the stopped group's restart
  // grows by 36 s too: 100 x 36 / 1000 / 360,000 = 0.00001).
  in.group_restart.detection_s = 36;
  EXPECT_NEAR(EstimateGoodput(in).ettr, 0.96916666666666667 - 0.0001, 1e-12);
}

TEST(GoodputModelTest, ElasticCapsTheOutageWhenNoSpareIsFree) {
  GoodputInput in = Base();
  in.job_failures_per_gpu_h = 2e-6;
  in.no_spare_share = 0.5;  // wait = 0.5 x 1800 + 0.5 x 36,000 = 18,900 s
  in.mode = FaultTolerance::kReplica;
  const Goodput replica = EstimateGoodput(in);
  in.mode = FaultTolerance::kElastic;
  const Goodput elastic = EstimateGoodput(in);
  // Job part for both: 1/36 + (1850 + 600 + 18,900)/1,800,000 = 0.0396389.
  // Replica node part: (60 + 100 x 18,900/1000 + 10)/360,000 = 1960/360,000.
  EXPECT_NEAR(replica.ettr, 0.95491666666666667, 1e-12);
  // Elastic: only the node's 8 GPUs wait for the repair when no spare is
  // free: (60 + (100 x 900 + 8 x 18,000)/1000 + 10)/360,000 = 304/360,000.
  EXPECT_NEAR(elastic.ettr, 0.95951666666666667, 1e-12);
}

TEST(GoodputModelTest, GroupsSmallerThanANodeStopTheWholeNode) {
  GoodputInput in = Base();
  in.mode = FaultTolerance::kReplica;
  in.group_gpus = 2;
  const Goodput two = EstimateGoodput(in);
  in.group_gpus = 8;
  const Goodput eight = EstimateGoodput(in);
  EXPECT_DOUBLE_EQ(two.ettr, eight.ettr);
}

TEST(GoodputModelTest, GangEttrFallsWithTheJobsSize) {
  GoodputInput in = Base();
  in.checkpoint_interval_s = 0;  // Daly, as a search uses it
  in.job_failures_per_gpu_h = 2e-6;
  double last = 1;
  for (std::int64_t n = 1000; n <= 1'000'000; n *= 2) {
    in.gpus = n;
    const double ettr = EstimateGoodput(in).ettr;
    EXPECT_TRUE(ettr < last || (ettr == 0 && last == 0)) << n;
    last = ettr;
  }
  EXPECT_EQ(last, 0);  // clamped beyond the first-order range
  in.gpus = 1'024'000;
  EXPECT_FALSE(EstimateGoodput(in).first_order_valid);
}

// A property of every mode, size and checkpoint policy: a higher failure
// rate never raises ETTR.
TEST(GoodputModelTest, AHigherFailureRateNeverRaisesEttr) {
  GoodputInput in = Base();
  for (const FaultTolerance mode :
       {FaultTolerance::kGang, FaultTolerance::kReplica,
        FaultTolerance::kElastic}) {
    for (const double interval_s : {0.0, 1800.0}) {
      for (const std::int64_t n : {1024, 16384, 131072}) {
        in.mode = mode;
        in.gpus = n;
        in.checkpoint_interval_s = interval_s;
        in.no_spare_share = 0.2;
        double last = 1.0;
        for (const double rate : {0.0, 1e-6, 1e-5, 3e-5, 1e-4, 1e-3}) {
          in.node_failures_per_gpu_h = rate;
          in.job_failures_per_gpu_h = rate / 5;
          const double ettr = EstimateGoodput(in).ettr;
          EXPECT_LE(ettr, last * (1 + 1e-12))
              << static_cast<int>(mode) << " " << interval_s << " " << n << " "
              << rate;
          last = ettr;
        }
      }
    }
  }
}

TEST(GoodputModelTest, ReplicaNeverWorseThanGangElasticNeverWorseThanReplica) {
  GoodputInput in = Base();
  for (const double interval_s : {0.0, 1800.0}) {
    for (const std::int64_t n : {1024, 16384, 131072}) {
      for (const std::int64_t group : {8, 64, 1024}) {
        for (const double no_spare : {0.0, 0.3, 1.0}) {
          in.checkpoint_interval_s = interval_s;
          in.gpus = n;
          in.group_gpus = group;
          in.no_spare_share = no_spare;
          in.job_failures_per_gpu_h = 3e-6;
          in.mode = FaultTolerance::kGang;
          const double gang = EstimateGoodput(in).ettr;
          in.mode = FaultTolerance::kReplica;
          const double replica = EstimateGoodput(in).ettr;
          in.mode = FaultTolerance::kElastic;
          const double elastic = EstimateGoodput(in).ettr;
          EXPECT_GE(replica, gang) << n << " " << group << " " << no_spare;
          EXPECT_GE(elastic, replica) << n << " " << group << " " << no_spare;
        }
      }
    }
  }
}

TEST(GoodputModelTest, WithoutFailuresOnlyAGivenCheckpointIntervalCosts) {
  GoodputInput in = Base();
  in.node_failures_per_gpu_h = 0;
  in.checkpoint_interval_s = 0;
  EXPECT_EQ(EstimateGoodput(in).ettr, 1);
  EXPECT_EQ(EstimateGoodput(in).mtbi_s, 0);
  in.checkpoint_interval_s = 1000;
  EXPECT_NEAR(EstimateGoodput(in).ettr, 0.9, 1e-12);
}

// A component's catalog scope says what its failure stops.
TEST(GoodputModelTest, ScopeFollowsTheCatalogComponent) {
  catalog::FailureComponent c;
  c.category = "GPU";
  EXPECT_EQ(ScopeOf(c), FailureScope::kNode);
  c.job_scope = true;
  EXPECT_EQ(ScopeOf(c), FailureScope::kJob);
}

TEST(GoodputModelTest, RatesByScopeOfTheCatalog) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  fleet::FailureModelConfig config;
  config.rate_scale = 2;
  const auto r = RatesByScope(catalog.failure_components(), config);
  // Llama 3 Table 5 over 21,233,664 GPU-hours (data/catalog/failures.toml):
  // software bug 54, dependency 2 and NCCL watchdog (Unknown) 7 stop the job;
  // the other 356 unexpected and 47 planned interruptions stop a node.
  EXPECT_NEAR(r.job_per_gpu_h, 2 * 63 / 21233664.0, 2 * 63 / 21233664.0 * 2e-3);
  EXPECT_NEAR(r.node_per_gpu_h, 2 * 403 / 21233664.0,
              2 * 403 / 21233664.0 * 2e-3);
  config.include_planned = false;
  const auto unplanned = RatesByScope(catalog.failure_components(), config);
  EXPECT_NEAR(unplanned.node_per_gpu_h, 2 * 356 / 21233664.0,
              2 * 356 / 21233664.0 * 2e-3);
}

}  // namespace
}  // namespace kardashev::training
