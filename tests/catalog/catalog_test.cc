#include "kardashev/catalog/catalog.h"

#include <gtest/gtest.h>

#include <numeric>
#include <string>

namespace kardashev::catalog {
namespace {

TEST(CatalogTest, EmbeddedCatalogHasEveryNamedEntryWithASource) {
  const Catalog c = Catalog::LoadEmbedded();
  for (const char* g :
       {"a100-sxm", "h100-sxm", "h200", "b200", "gb200", "mi300x", "tpu-v5p"}) {
    const GpuSpec* gpu = c.FindGpu(g);
    ASSERT_NE(gpu, nullptr) << g;
    EXPECT_FALSE(gpu->source.empty()) << g;
    EXPECT_GT(gpu->tdp_w, gpu->idle_w) << g;
  }
  for (const char* n : {"hgx-h100", "hgx-h200", "dgx-b200", "gb200-nvl72"}) {
    ASSERT_NE(c.FindNode(n), nullptr) << n;
    EXPECT_FALSE(c.FindNode(n)->source.empty()) << n;
  }
  for (const char* f : {"ib-ndr400", "spectrum-x-400", "roce-400"}) {
    ASSERT_NE(c.FindFabric(f), nullptr) << f;
  }
  for (const char* m :
       {"llama2-7b", "llama2-70b", "llama3-8b", "llama3-70b", "llama3-405b",
        "gpt3-175b", "mixtral-8x7b", "deepseek-v3"}) {
    ASSERT_NE(c.FindModel(m), nullptr) << m;
    EXPECT_FALSE(c.FindModel(m)->source.empty()) << m;
  }
  ASSERT_NE(c.FindEfficiency("megatron-bf16"), nullptr);
  EXPECT_FALSE(c.FindEfficiency("megatron-bf16")->source.empty());
  EXPECT_EQ(c.FindGpu("h900"), nullptr);
}

// figures.csv D01 (989.4 TFLOPS dense BF16) and D03 (700 W TDP) for the H100
// SXM.
TEST(CatalogTest, H100MatchesThePublishedSpecs) {
  const Catalog c = Catalog::LoadEmbedded();
  const GpuSpec& h100 = *c.FindGpu("h100-sxm");
  EXPECT_DOUBLE_EQ(h100.bf16_dense_flops, 989.4e12);
  EXPECT_DOUBLE_EQ(h100.tdp_w, 700);
  EXPECT_DOUBLE_EQ(h100.hbm_bytes, 80e9);
}

// The failure table is Llama 3's Table 5 (figures.csv A03: 419 unexpected
// interruptions; A02: 47 planned) spread over 16,384 GPUs x 54 days.
TEST(CatalogTest, FailureRatesReproduceTheLlama3Snapshot) {
  const Catalog c = Catalog::LoadEmbedded();
  int unexpected = 0;
  int planned = 0;
  double unexpected_rate = 0;
  for (const auto& f : c.failure_components()) {
    EXPECT_FALSE(f.source.empty()) << f.name;
    EXPECT_NEAR(f.rate_per_gpu_hour, f.llama3_count / 21233664.0,
                1e-3 * f.rate_per_gpu_hour)
        << f.name;
    (f.planned ? planned : unexpected) += f.llama3_count;
    if (!f.planned) unexpected_rate += f.rate_per_gpu_hour;
  }
  EXPECT_EQ(unexpected, 419);
  EXPECT_EQ(planned, 47);
  EXPECT_NEAR(unexpected_rate * 16384 * 54 * 24, 419, 0.5);
}

// Software bugs, NCCL watchdog timeouts and dependency failures (Llama 3
// Table 5: 54 + 7 + 19 of 419 unexpected interruptions, figures.csv A06.03,
// A06.09) stop every rank whatever the mode; the rest are of node scope.
TEST(CatalogTest, JobScopeFailuresAreTheSoftwareAndDependencyRows) {
  const Catalog c = Catalog::LoadEmbedded();
  int job_scope = 0;
  for (const auto& f : c.failure_components()) {
    if (f.job_scope) job_scope += f.llama3_count;
    const bool expected = f.name == "software-bug" ||
                          f.name == "nccl-watchdog-timeouts" ||
                          f.name == "dependency";
    EXPECT_EQ(f.job_scope, expected) << f.name;
  }
  EXPECT_GT(job_scope, 54);
  EXPECT_LT(job_scope, 419 / 4);  // a minority: most failures are one node's
}

TEST(CatalogTest, RecoverySetsHaveTheirPartsAndASource) {
  const Catalog c = Catalog::LoadEmbedded();
  const RecoverySpec* storage = c.FindRecovery("storage-restart");
  const RecoverySpec* memory = c.FindRecovery("hot-spare-memory");
  ASSERT_NE(storage, nullptr);
  ASSERT_NE(memory, nullptr);
  for (const RecoverySpec* r : {storage, memory}) {
    EXPECT_FALSE(r->source.empty()) << r->name;
    EXPECT_GT(r->host_copy_bytes_per_s_per_gpu, 0) << r->name;
  }
  // An in-job recovery system detects and reschedules faster than a requeue.
  EXPECT_LT(memory->detection_s + memory->rescheduling_s + memory->warmup_s,
            storage->detection_s + storage->rescheduling_s + storage->warmup_s);
  EXPECT_EQ(c.FindRecovery("none"), nullptr);
}

TEST(CatalogTest, MalformedCatalogsAreRejectedWithTheirPlace) {
  const auto load = [](std::string_view text) {
    return Catalog::Load({EmbeddedFile{"data/catalog/test.toml", text}});
  };
  try {
    load("[[gpu]]\nname = \"x\"\n");
    FAIL() << "expected a CatalogError";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("data/catalog/test.toml:1:1"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("display"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(load("[[gpus]]\nname = \"x\"\n"), CatalogError);
  EXPECT_THROW(load("[[gpu]\n"), CatalogError);
  EXPECT_THROW(
      load(
          "[[node]]\nname = \"n\"\ndisplay = \"n\"\ngpu = \"nope\"\ngpus = 8\n"
          "host_power_w = 1\nhost_idle_w = 1\nprice_usd = 1\nsource = \"s\"\n"),
      CatalogError);
  const std::string component =
      "[[component]]\nname = \"c\"\ncategory = \"GPU\"\nplanned = false\n"
      "llama3_count = 1\nrate_per_gpu_hour = 1e-6\nsource = \"s\"\n";
  // Every category needs a repair mix of known outcomes.
  const std::string repair =
      "[[repair_outcome]]\nname = \"reset\"\nmedian_hours = 1\nsigma = 0\n"
      "source = \"s\"\n[[repair_mix]]\nname = \"GPU\"\nreset = 1\n"
      "onsite_swap = 0\nrma = 0\nmaintenance = 0\nsource = \"s\"\n";
  EXPECT_THROW(load(component), CatalogError);  // no scope
  EXPECT_THROW(load(component + "scope = \"rack\"\n"), CatalogError);
  const Catalog with_scope = Catalog::Load(
      {EmbeddedFile{"data/catalog/a.toml", component + "scope = \"job\"\n"},
       EmbeddedFile{"data/catalog/b.toml", repair}});
  EXPECT_TRUE(with_scope.failure_components().at(0).job_scope);
  ASSERT_EQ(with_scope.failure_components().at(0).repair.size(), 1u);
  EXPECT_EQ(with_scope.failure_components().at(0).repair[0].name, "reset");
  // Without a repair mix for its category, a component is refused.
  EXPECT_THROW(load(component + "scope = \"job\"\n"), CatalogError);
  // Shares must sum to 1.
  std::string bad_mix = repair;
  bad_mix.replace(bad_mix.find("reset = 1"), 9, "reset = 0.5");
  EXPECT_THROW(Catalog::Load({EmbeddedFile{"data/catalog/a.toml",
                                           component + "scope = \"job\"\n"},
                              EmbeddedFile{"data/catalog/b.toml", bad_mix}}),
               CatalogError);
  const std::string recovery =
      "[[recovery]]\nname = \"r\"\ndisplay = \"r\"\ndetection_s = 1\n"
      "rescheduling_s = 1\nwarmup_s = 1\nsource = \"s\"\n";
  EXPECT_THROW(load(recovery), CatalogError);  // no host copy rate
  EXPECT_THROW(load(recovery + "host_copy_bytes_per_s_per_gpu = 0\n"),
               CatalogError);
  EXPECT_THROW(load(recovery + "host_copy_bytes_per_s_per_gpu = 1e9\nx = 1\n"),
               CatalogError);
}

}  // namespace
}  // namespace kardashev::catalog
