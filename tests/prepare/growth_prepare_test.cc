// PrepareGrowth on tests/data/good/growth-small.toml (two generations at a
// ground site, an orbital shell of H100 nodes, a product, a lease and a
// training job), with a few entries added: figures checked by hand from the
// catalog, and the models' answers compared between generations.
#include "kardashev/prepare/growth_prepare.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/transformer.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::prepare {
namespace {

namespace fs = std::filesystem;
const std::string kSource = KARDASHEV_SOURCE_DIR;

// growth-small.toml with `extra` sections merged over it.
scenario::Scenario LoadWith(const std::string& extra) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("kardashev-growth-prepare-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "growth.toml";
  std::ofstream(file) << std::string("include = [\"") << kSource
                      << "/tests/data/good/growth-small.toml\"]\n"
                      << extra;
  auto s = scenario::LoadScenario(file.string(), scenario::LoadOptions{},
                                  catalog::Catalog::LoadEmbedded())
               .front();
  fs::remove_all(dir);
  return s;
}

// Llama 3 405B in FP8 at tp = 4: 101 GB of weights a GPU, beyond an H100's
// 80 GB, within a B200's 180 GB.
const std::string kBigProduct = R"(
[[product]]
name = "big"
model = "llama3-405b"
tp = 4
weights = "fp8"
kv_cache = "fp8"
prompt_tokens = 1000
output_tokens = 200
ttft_slo_s = 5
tpot_slo_s = 0.2
requests_per_user_per_day = 1
users = { americas = [[0, 1e6]] }
)";

// The frontier job's plan, allowed to train in the shell too.
const std::string kOrbitJob = R"(
[[growth_training]]
name = "orbit-job"
model = "llama3-70b"
sites = ["shell"]
reference_gpus = 1024
tp = 8
pp = 4
seq_len = 8192
global_batch_tokens = 4194304
checkpoint_write_gb_per_s = 100
)";

TEST(GrowthPrepareTest, GenerationPowerAndCapexFromTheCatalog) {
  const growth::GrowthPlan plan = PrepareGrowth(LoadWith(""));
  ASSERT_EQ(plan.generations.size(), 2u);
  const growth::Generation& h100 = plan.generations[0];
  EXPECT_EQ(h100.node, "hgx-h100");
  EXPECT_EQ(h100.gpu, "h100-sxm");
  EXPECT_EQ(h100.node_gpus, 8);
  // data/catalog: h100-sxm 700 W TDP, 70 W idle; hgx-h100 host 4,600 W at
  // load, 1,200 W idle, for 8 GPUs.
  EXPECT_DOUBLE_EQ(h100.busy_w_per_gpu, 700 + 4600.0 / 8);
  EXPECT_DOUBLE_EQ(h100.idle_w_per_gpu, 70 + 1200.0 / 8);
  // $27,500 a GPU, $97,000 of node for 8, $4,250 a GPU of ib-ndr400 (the
  // first H100 build's fabric).
  EXPECT_DOUBLE_EQ(h100.capex_usd_per_gpu, 27500 + 97000.0 / 8 + 4250);
  // dgx-b200: 1,000 W B200s, 6,300 W of host.
  EXPECT_DOUBLE_EQ(plan.generations[1].busy_w_per_gpu, 1000 + 6300.0 / 8);
  EXPECT_GT(h100.node_failures_per_gpu_h, 0);
  EXPECT_GT(h100.job_failures_per_gpu_h, 0);
  EXPECT_GT(h100.repair_h, 0);
  EXPECT_GT(h100.permanent_failures_per_gpu_h, 0);
  EXPECT_LT(h100.permanent_failures_per_gpu_h,
            h100.node_failures_per_gpu_h + h100.job_failures_per_gpu_h);
}

TEST(GrowthPrepareTest, BuildCapexUsesItsOwnGpuPrice) {
  const growth::GrowthPlan plan = PrepareGrowth(LoadWith(""));
  ASSERT_EQ(plan.builds.size(), 3u);
  // b200: 1,024 dgx-b200 nodes at $40,000 a GPU (the build's price) and
  // $235,000 of node each, no fabric.
  EXPECT_DOUBLE_EQ(plan.builds[1].capex_usd, 1024 * (8 * 40000.0 + 235000));
  EXPECT_EQ(plan.builds[1].generation, 1);
  EXPECT_EQ(plan.builds[1].order_month, 6);
  EXPECT_DOUBLE_EQ(plan.builds[0].capex_usd,
                   16384 * (27500 + 97000.0 / 8 + 4250));
}

TEST(GrowthPrepareTest, MoreFlopsTrainFaster) {
  const growth::GrowthPlan plan = PrepareGrowth(LoadWith(""));
  ASSERT_EQ(plan.jobs.size(), 1u);
  const auto& h100 = plan.generations[0];
  const auto& b200 = plan.generations[1];
  ASSERT_EQ(h100.training_tokens_per_gpu_s.size(), 1u);
  EXPECT_GT(h100.training_tokens_per_gpu_s[0], 0);
  EXPECT_GT(b200.training_tokens_per_gpu_s[0],
            h100.training_tokens_per_gpu_s[0]);
  EXPECT_LT(b200.training_step_s[0], h100.training_step_s[0]);
  // tokens per GPU-second x GPUs x step = tokens per step (the batch).
  EXPECT_NEAR(
      h100.training_tokens_per_gpu_s[0] * 1024 * h100.training_step_s[0],
      4194304, 4194304 * 1e-9);
  const auto& g = plan.jobs[0].goodput;
  EXPECT_EQ(g.group_gpus, 32);  // tp 8 x pp 4
  EXPECT_GT(g.checkpoint_write_s, 0);
  EXPECT_GT(g.gang_restart.total_s(), 0);
}

TEST(GrowthPrepareTest, CapacityIsZeroWhereTheModelDoesNotFit) {
  const growth::GrowthPlan plan = PrepareGrowth(LoadWith(kBigProduct));
  ASSERT_EQ(plan.products.size(), 2u);
  const auto& h100 = plan.generations[0];
  const auto& b200 = plan.generations[1];
  ASSERT_EQ(h100.serving_requests_per_gpu_s.size(), 2u);
  EXPECT_GT(h100.serving_requests_per_gpu_s[0], 0);  // llama3-70b fits
  EXPECT_GT(b200.serving_requests_per_gpu_s[0],
            h100.serving_requests_per_gpu_s[0]);
  EXPECT_EQ(h100.serving_requests_per_gpu_s[1], 0);  // 405B does not
  EXPECT_GT(b200.serving_requests_per_gpu_s[1], 0);
  EXPECT_DOUBLE_EQ(plan.products[1].tokens_per_request, 1200);
}

TEST(GrowthPrepareTest, SitesGroundThenOrbit) {
  const growth::GrowthPlan plan = PrepareGrowth(LoadWith(""));
  EXPECT_EQ(plan.months, 36);
  ASSERT_EQ(plan.sites.size(), 2u);
  const growth::Site& memphis = plan.sites[0];
  EXPECT_FALSE(memphis.orbital());
  EXPECT_DOUBLE_EQ(memphis.power_cap_w, 300e6);
  EXPECT_DOUBLE_EQ(memphis.electricity_usd_per_mwh, 70);
  EXPECT_EQ(memphis.construction_months, 12);
  const growth::Site& shell = plan.sites[1];
  ASSERT_TRUE(shell.orbital());
  EXPECT_EQ(shell.online_month, 6);
  const growth::OrbitalShell& o = *shell.orbit;
  EXPECT_EQ(o.generation, 0);
  EXPECT_EQ(o.gpus_per_satellite, 80);  // 10 nodes of 8
  EXPECT_DOUBLE_EQ(o.target_satellites, 100);
  EXPECT_DOUBLE_EQ(o.mission_months, 60);
  // 100 t a launch over the satellite's mass, whole satellites.
  EXPECT_DOUBLE_EQ(o.satellites_per_launch,
                   std::floor(100000 / o.mass_kg_per_satellite));
  EXPECT_GE(o.satellites_per_launch, 1);
  EXPECT_GT(o.hardware_usd_per_satellite, 0);
  EXPECT_GT(o.mass_kg_per_satellite, 0);
  // In a dawn-dusk orbit (beta 85 deg) at 650 km the shell sees no eclipse:
  // the array needs exactly the compute's power.
  EXPECT_DOUBLE_EQ(o.array_w_needed_per_it_w, 1);
  EXPECT_GE(o.array_power_bol_w_per_satellite, o.it_power_w_per_satellite);
  // Radiation doubles the permanent failures.
  EXPECT_DOUBLE_EQ(o.failures_per_gpu_h,
                   2 * plan.generations[0].permanent_failures_per_gpu_h);
  EXPECT_GT(o.link_round_trip_ms, 2 * 650e3 / 299792458.0 * 1e3);
  // 200 Gb/s over 4 bytes a token.
  EXPECT_DOUBLE_EQ(o.link_tokens_per_s_per_satellite, 200e9 / 32);
  EXPECT_EQ(plan.regions[0].round_trip_ms, (std::vector<double>{20, 10}));
}

TEST(GrowthPrepareTest, OrbitalTrainingPaysTheGradientExchange) {
  const scenario::Scenario s = LoadWith(kOrbitJob);
  const growth::GrowthPlan plan = PrepareGrowth(s);
  ASSERT_EQ(plan.jobs.size(), 2u);
  const growth::TrainingJob& job = plan.jobs[1];
  ASSERT_EQ(job.orbital_tokens_per_gpu_s.size(), 2u);
  EXPECT_EQ(job.orbital_tokens_per_gpu_s[0], 0);  // memphis: ground
  // tokens per step / (GPUs x (step + 2 x BF16 gradients / ISL)).
  const double step_s = plan.generations[0].training_step_s[1];
  const double params =
      perf::CountTransformer(s.growth->jobs[1].training.step.model, 8192)
          .params;
  const double exchange_s = 2 * params * 2 / (800e9 / 8);
  EXPECT_NEAR(job.orbital_tokens_per_gpu_s[1],
              4194304 / (1024 * (step_s + exchange_s)), 1e-9);
  EXPECT_LT(job.orbital_tokens_per_gpu_s[1],
            plan.generations[0].training_tokens_per_gpu_s[1]);
}

TEST(GrowthPrepareTest, FourGenerationsAndTwoProductsPrepareQuickly) {
  const std::string more = kBigProduct + R"(
[[build]]
name = "h200"
site = "memphis"
node = "hgx-h200"
gpus = 8192
online_month = 6

[[build]]
name = "gb200"
site = "memphis"
node = "gb200-nvl72"
gpus = 7200
online_month = 24
)";
  const scenario::Scenario s = LoadWith(more);
  const auto start = std::chrono::steady_clock::now();
  const growth::GrowthPlan plan = PrepareGrowth(s);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(plan.generations.size(), 4u);
  EXPECT_EQ(plan.products.size(), 2u);
  // Measured at about 0.1 s; 2 s leaves room for a loaded machine.
  EXPECT_LT(elapsed_s, 2.0);
}

}  // namespace
}  // namespace kardashev::prepare
