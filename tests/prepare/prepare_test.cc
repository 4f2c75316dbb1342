#include "kardashev/prepare/prepare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::prepare {
namespace {

const std::string kSource = KARDASHEV_SOURCE_DIR;

scenario::Scenario LoadVariant(const std::string& file,
                               const std::string& variant) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  options.variant = variant;
  return scenario::LoadScenario(kSource + "/scenarios/" + file, options,
                                catalog)
      .front();
}

TEST(PrepareTest, TrainingJobsGetStepTimesAndCheckpointSizes) {
  const auto s = LoadVariant("colossus1.toml", "train");
  ASSERT_EQ(s.training.size(), 1u);
  const Prepared p = Prepare(s);
  ASSERT_EQ(p.fleet.jobs.size(), 1u);
  const auto& job = p.fleet.jobs[0];
  EXPECT_EQ(job.name, s.training[0].name);
  EXPECT_EQ(job.gpus, s.training[0].gpus);
  EXPECT_EQ(job.step.gpus, 212992);
  EXPECT_GT(job.step.step_time_s, 0);
  EXPECT_GT(job.step.mfu, 0);
  EXPECT_GT(job.checkpoint_bytes, 0);
  EXPECT_EQ(p.fleet.seed, s.seed);
  EXPECT_DOUBLE_EQ(p.fleet.horizon_s, s.horizon_s);
  EXPECT_EQ(p.fleet.clusters.size(), s.clusters.size());
}

// An in-memory checkpoint copies each GPU's own state (its weights and its
// optimizer state, as the plan shards them) to host memory over the GPU's own
// host bandwidth: no faster than bytes per GPU over that bandwidth, and never
// one model copy spread over the whole job.
TEST(PrepareTest, InMemoryCheckpointMovesEachGpusOwnState) {
  const auto s = LoadVariant("colossus1.toml", "train");
  ASSERT_TRUE(s.training[0].memory_checkpoint);
  const training::TrainingJobConfig job = PrepareTrainingJob(s.training[0]);
  const perf::MemoryPerGpu& m = job.step.memory;
  // Llama 3 405B, tp 8 x pp 16, ZeRO 0: ~3.2B parameters per GPU, 2 bytes of
  // BF16 weights and 12 of FP32 master weights and Adam moments each.
  EXPECT_NEAR(m.checkpoint_bytes() / 1e9, 44.3, 1.0);
  EXPECT_DOUBLE_EQ(m.checkpoint_bytes(), m.weights_bytes + m.optimizer_bytes);
  const double host_bytes_per_s =
      s.training[0].recovery.host_copy_bytes_per_s_per_gpu;
  EXPECT_DOUBLE_EQ(job.CheckpointWriteS(),
                   m.checkpoint_bytes() / host_bytes_per_s);
  EXPECT_DOUBLE_EQ(job.restart.state_load_s,
                   m.checkpoint_bytes() / host_bytes_per_s);
  EXPECT_GT(job.CheckpointWriteS(), 1.0);  // 44 GB at 32 GB/s, not 0.8 ms
}

// Under growth, each shell's event-level figures take the launch price of its
// online month on the learning curve: hardware-strategy's three shells fly in
// 2029, 2030 and 2031 at $2,220/kg x 0.74^2, ^3 and ^4, not all at $2,220.
TEST(PrepareTest, ShellsLaunchAtTheirOnlineMonthsPrice) {
  const auto s = LoadVariant("hardware-strategy.toml", "provider");
  ASSERT_EQ(s.orbital.size(), 3u);
  const Prepared p = Prepare(s);
  for (std::size_t i = 0; i < 3; ++i) {
    const double years = s.growth->shells[i].online_month / 12.0;
    EXPECT_NEAR(p.orbital[i].spec.launch_usd_per_kg,
                2220 * std::pow(0.74, years), 1e-6)
        << s.orbital[i].name;
  }
  EXPECT_GT(p.orbital[0].spec.launch_usd_per_kg,
            p.orbital[1].spec.launch_usd_per_kg);
}

TEST(PrepareTest, DemandOnAnOwnedClusterBecomesAServiceWithCapacity) {
  const auto s = LoadVariant("colossus1.toml", "serve-own");
  ASSERT_EQ(s.demand.size(), 1u);
  ASSERT_GE(s.demand[0].cluster, 0);
  const Prepared p = Prepare(s);
  ASSERT_EQ(p.demand.size(), 1u);
  EXPECT_GT(p.demand[0].config.replica_capacity_rate_per_s, 0);
  EXPECT_GT(p.demand[0].config.mean_output_tokens, 0);
  ASSERT_EQ(p.fleet.services.size(), 1u);
  EXPECT_EQ(p.fleet.services[0].name, s.demand[0].config.name);
  EXPECT_DOUBLE_EQ(p.fleet.services[0].replica_rate_per_s,
                   p.demand[0].config.replica_capacity_rate_per_s);
}

TEST(PrepareTest, ServingRequestsAreTheSameOnEveryCall) {
  // Replayed from the trace, and Poisson arrivals with the trace's lengths.
  for (const char* variant : {"h100-tp4", "h100-2x-load"}) {
    const auto s = LoadVariant("azure-replay.toml", variant);
    ASSERT_FALSE(s.serving.empty());
    for (const auto& sv : s.serving) {
      const ServingWorkload a = PrepareServing(sv, s.seed);
      const ServingWorkload b = PrepareServing(sv, s.seed);
      ASSERT_FALSE(a.requests.empty()) << sv.name;
      ASSERT_EQ(a.requests.size(), b.requests.size());
      for (std::size_t i = 0; i < a.requests.size(); ++i) {
        EXPECT_EQ(a.requests[i].arrival_s, b.requests[i].arrival_s);
        EXPECT_EQ(a.requests[i].prompt_tokens, b.requests[i].prompt_tokens);
      }
    }
  }
}

TEST(PrepareTest, SyntheticArrivalsFollowTheRateAndLengths) {
  scenario::ServingSpec spec;
  spec.name = "synthetic";
  spec.arrival = scenario::Arrival::kPoisson;
  spec.rate_per_s = 10;
  spec.requests = 2000;
  spec.prompt_tokens = 100;
  spec.output_tokens = 20;
  const ServingWorkload w = PrepareServing(spec, 7);
  ASSERT_EQ(w.requests.size(), 2000u);
  EXPECT_EQ(w.requests.front().prompt_tokens, 100);
  EXPECT_EQ(w.requests.back().output_tokens, 20);
  // 2000 arrivals at 10 per second take about 200 s.
  EXPECT_NEAR(w.requests.back().arrival_s, 200, 30);
  EXPECT_EQ(w.source, "poisson arrivals at 10 per s");
}

}  // namespace
}  // namespace kardashev::prepare
