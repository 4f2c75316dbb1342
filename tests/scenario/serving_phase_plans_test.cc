// A disaggregated deployment's prefill pool has a plan of its own: its tensor
// and expert parallelism are read from the prefill_* keys, default to the
// decode plan's, and are refused at the prefill key that is wrong.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/inference.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::scenario {
namespace {

namespace fs = std::filesystem;

// DeepSeek-V3 decoding on two 8 x H200 nodes with EP16; `extra` adds keys.
std::string Deployment(const std::string& extra) {
  return std::string(
             "[scenario]\nname = \"s\"\n"
             "[[serving]]\nname = \"d\"\nmodel = \"deepseek-v3\"\n"
             "gpu = \"h200\"\ntp = 1\nattention_dp = 16\nep = 16\n"
             "fabric = \"spectrum-x-400\"\nweights = \"fp8\"\n"
             "kv_cache = \"fp8\"\nefficiency = \"sglang-deepseek\"\n"
             "arrival = \"poisson\"\nrate_per_s = 1\nrequests = "
             "10\nprompt_tokens = 1000\n"
             "output_tokens = 100\n") +
         extra;
}

class ServingPhasePlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("kardashev-phase-" + std::to_string(::getpid()) + ".toml");
  }
  void TearDown() override { fs::remove(path_); }
  std::vector<Scenario> Load(const std::string& text) {
    std::ofstream(path_) << text;
    return LoadScenario(path_.string(), {}, catalog_);
  }
  std::string ErrorOf(const std::string& text) {
    try {
      Load(text);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path path_;
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

TEST_F(ServingPhasePlansTest, PrefillPoolTakesANarrowerExpertParallelism) {
  // Prompts on one node with EP8, decoding on two with EP16.
  const auto s = Load(Deployment(
      "prefill_replicas = 1\nprefill_ep = 8\nprefill_attention_dp = 8\n"));
  const auto& c = s.at(0).serving.at(0).config;
  EXPECT_EQ(perf::ReplicaGpus(c.deployment), 16);
  EXPECT_EQ(c.deployment.ep, 16);
  ASSERT_TRUE(c.prefill_deployment.has_value());
  EXPECT_EQ(c.prefill_deployment->ep, 8);
  EXPECT_EQ(c.prefill_deployment->attention_dp, 8);
  EXPECT_EQ(perf::ReplicaGpus(c.PrefillDeployment()), 8);
  // Without prefill keys the prefill pool runs the decode plan.
  const auto same = Load(Deployment("prefill_replicas = 1\n"));
  EXPECT_EQ(
      perf::ReplicaGpus(same.at(0).serving.at(0).config.PrefillDeployment()),
      16);
}

TEST_F(ServingPhasePlansTest, InconsistentPrefillPlansAreRefusedAtTheirKey) {
  // EP8 with 16 attention groups of one GPU: ep must be tp x attention_dp.
  EXPECT_NE(ErrorOf(Deployment("prefill_replicas = 1\nprefill_ep = 8\n"))
                .find("prefill_ep"),
            std::string::npos);
  // No prefill pool: the key has no effect and is refused.
  EXPECT_NE(ErrorOf(Deployment("prefill_ep = 8\nprefill_attention_dp = 8\n"))
                .find("prefill_replicas"),
            std::string::npos);
}

}  // namespace
}  // namespace kardashev::scenario
