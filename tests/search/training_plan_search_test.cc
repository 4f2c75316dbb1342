// The search over a training job's plans: it ranks by goodput, keeps only
// plans that fit, contains the job's own plan, loses no feasible plan to its
// pruning (against a brute-force enumeration), and is deterministic.
#include "kardashev/search/training_plan_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/search/published_mfu.h"

namespace kardashev::search {
namespace {

scenario::Scenario Llama405b(const std::vector<std::string>& sets = {}) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  options.sets = sets;
  return scenario::LoadScenario(
             std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/llama3-405b.toml",
             options, catalog)
      .front();
}

TEST(TrainingPlanSearchTest, UnknownJobNamesTheJobAndTheChoices) {
  const auto s = Llama405b();
  try {
    SearchJobOf(s, "llama4");
    FAIL() << "expected a ScenarioError";
  } catch (const scenario::ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("\"llama4\""), std::string::npos) << what;
    EXPECT_NE(what.find("\"llama3-405b\""), std::string::npos) << what;
    EXPECT_NE(what.find("--job"), std::string::npos) << what;
  }
}

TEST(TrainingPlanSearchTest, RanksFittingPlansByGoodput) {
  const SearchJob job = SearchJobOf(Llama405b(), "llama3-405b");
  const SearchResult r = SearchTrainingPlans(job, 20);
  ASSERT_EQ(r.top.size(), 20u);
  EXPECT_GT(r.fit, 0);
  EXPECT_LE(r.fit, r.evaluated);
  EXPECT_LE(r.parallel_plans, r.evaluated);
  for (std::size_t i = 0; i < r.top.size(); ++i) {
    const RankedPlan& p = r.top[i];
    if (i > 0) {
      EXPECT_LE(p.goodput_tokens_per_s, r.top[i - 1].goodput_tokens_per_s);
    }
    EXPECT_LE(p.step.memory.total_bytes, p.step.memory.capacity_bytes);
    EXPECT_EQ(static_cast<std::int64_t>(p.plan.tp) * p.plan.pp * p.plan.cp *
                  p.plan.dp,
              16384);
    EXPECT_EQ(p.plan.precision, job.step.plan.precision);
    EXPECT_DOUBLE_EQ(p.goodput_tokens_per_s,
                     p.step.tokens_per_s * p.goodput.ettr);
    EXPECT_GT(p.goodput.ettr, 0);
    EXPECT_LE(p.goodput.ettr, 1);
    if (p.mode != training::FaultTolerance::kGang) {
      EXPECT_EQ(p.plan.zero_stage, 0);  // a peer holds the whole state
    }
  }
  // The job's own plan (tp 8, pp 16, v 8, full recompute, ZeRO 1; figures.csv
  // B02) is in the space, so the best plan is at least as good.
  ASSERT_TRUE(r.job_plan.has_value());
  EXPECT_NEAR(r.job_plan->step.mfu, 0.41, 0.03);  // figures.csv B02: 41%
  EXPECT_GE(r.top.front().goodput_tokens_per_s,
            r.job_plan->goodput_tokens_per_s);
}

TEST(TrainingPlanSearchTest, IsDeterministic) {
  const SearchJob job = SearchJobOf(Llama405b(), "llama3-405b");
  const SearchResult a = SearchTrainingPlans(job, 10);
  const SearchResult b = SearchTrainingPlans(job, 10);
  EXPECT_EQ(a.evaluated, b.evaluated);
  EXPECT_EQ(a.fit, b.fit);
  ASSERT_EQ(a.top.size(), b.top.size());
  for (std::size_t i = 0; i < a.top.size(); ++i) {
    EXPECT_EQ(a.top[i].goodput_tokens_per_s, b.top[i].goodput_tokens_per_s);
    EXPECT_EQ(a.top[i].plan.pp, b.top[i].plan.pp);
    EXPECT_EQ(a.top[i].mode, b.top[i].mode);
  }
}

// Every plan the step model accepts, by brute force over the plan's ranges
// (no divisibility pruning), with virtual stages up to ceil(layers / pp) and
// above 1 only with pp > 1 (interleaving a single stage is the same plan), and
// ep 1 (the model is dense).
std::int64_t BruteForceFeasible(const SearchJob& job) {
  perf::TrainingStepInput in = job.step;
  const auto& m = in.model;
  const int sequences = static_cast<int>(in.global_batch_tokens / in.seq_len);
  std::int64_t feasible = 0;
  for (int tp = 1; tp <= in.gpu.scale_up_domain_gpus; ++tp) {
    for (int cp = 1; cp <= job.gpus; ++cp) {
      for (int pp = 1; pp <= job.gpus; ++pp) {
        const std::int64_t group = static_cast<std::int64_t>(tp) * cp * pp;
        if (group > job.gpus || job.gpus % group != 0) continue;  // dp whole
        const int dp = static_cast<int>(job.gpus / group);
        const int ep = 1;
        {
          for (int mb = 1; mb <= sequences; ++mb) {
            for (int v = 1; v <= (pp > 1 ? (m.layers + pp - 1) / pp : 1); ++v) {
              for (int r = 0; r < 3; ++r) {
                for (int z = 0; z <= 3; ++z) {
                  in.plan = perf::ParallelPlan{tp,
                                               pp,
                                               dp,
                                               cp,
                                               ep,
                                               v,
                                               mb,
                                               z,
                                               static_cast<perf::Recompute>(r),
                                               job.step.plan.precision};
                  try {
                    perf::EstimateTrainingStep(in);
                    ++feasible;
                  } catch (const perf::PlanError&) {
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return feasible;
}

TEST(TrainingPlanSearchTest, PruningLosesNoFeasiblePlan) {
  // A small job: Llama 3 8B on 16 GPUs, 32 sequences of 2,048 tokens.
  const SearchJob job = SearchJobOf(
      Llama405b({"training.llama3-405b.model=llama3-8b",
                 "training.llama3-405b.gpus=16", "training.llama3-405b.tp=2",
                 "training.llama3-405b.pp=2",
                 "training.llama3-405b.seq_len=2048",
                 "training.llama3-405b.global_batch_tokens=65536"}),
      "llama3-405b");
  const SearchResult r = SearchTrainingPlans(job, 1);
  EXPECT_GT(r.parallel_fit, 100);
  EXPECT_EQ(r.parallel_fit, BruteForceFeasible(job));
}

TEST(TrainingPlanSearchTest, MixtureOfExpertsPlansUseExpertParallelism) {
  const SearchJob job = SearchJobOf(
      Llama405b({"training.llama3-405b.model=mixtral-8x7b",
                 "training.llama3-405b.gpus=64", "training.llama3-405b.tp=2",
                 "training.llama3-405b.pp=2", "training.llama3-405b.ep=8",
                 "training.llama3-405b.seq_len=4096",
                 "training.llama3-405b.global_batch_tokens=1048576"}),
      "llama3-405b");
  const SearchResult r = SearchTrainingPlans(job, 1000);
  int with_ep = 0;
  for (const auto& p : r.top) {
    if (p.plan.ep == 1) continue;
    ++with_ep;
    EXPECT_EQ(8 % p.plan.ep, 0);
    EXPECT_EQ(p.plan.dp % p.plan.ep, 0);
  }
  EXPECT_GT(with_ep, 0);
}

}  // namespace
}  // namespace kardashev::search

namespace kardashev::search {
namespace {

// The best published figures by class: H100 BF16 dense is Llama 3 405B's 430
// TFLOP/s (figures.csv B01), A100 BF16 dense MegaScale's 55.2% (figures.csv
// B07); a class no run is known for has none.
TEST(PublishedMfuTest, ClassesByGpuPrecisionAndMoe) {
  const auto h100 = BestPublishedMfu("h100-sxm", perf::Precision::kBf16, false);
  ASSERT_TRUE(h100.has_value());
  EXPECT_DOUBLE_EQ(h100->tflops_per_gpu, 430);
  EXPECT_NEAR(h100->tflops_per_gpu * 1e12 / 989.4e12, h100->mfu, 0.005);
  const auto a100 = BestPublishedMfu("a100-sxm", perf::Precision::kBf16, false);
  ASSERT_TRUE(a100.has_value());
  EXPECT_NEAR(a100->tflops_per_gpu * 1e12 / 312e12, 0.552, 0.001);
  EXPECT_TRUE(BestPublishedMfu("h800", perf::Precision::kFp8, true));
  EXPECT_FALSE(BestPublishedMfu("mi300x", perf::Precision::kBf16, false));
  EXPECT_FALSE(BestPublishedMfu("tpu-v5p", perf::Precision::kBf16, false));
}

}  // namespace
}  // namespace kardashev::search
