// summary.json on hand-made Results: one shape with or without variants.
#include "kardashev/report/summary_json.h"

#include <gtest/gtest.h>

#include "kardashev/evaluate/derived_figures.h"

namespace kardashev::report {
namespace {

Results Base(const std::string& variant) {
  Results r;
  r.scenario = "tiny";
  r.variant = variant;
  r.seed = 7;
  r.horizon_s = 3600;
  r.economics.cost_per_gpu_hour_usd = 2;
  training::TrainingOutcome t;
  t.name = "job";
  t.gpus = 8;
  t.tokens_trained = 1e6;
  r.training = {t};
  evaluate::FillDerivedFigures(r);
  return r;
}

TEST(SummaryJsonTest, OneBaseVariantIsAnArrayOfOne) {
  const auto j = SummaryJson({Base("base")});
  ASSERT_EQ(j.size(), 4u);
  EXPECT_EQ(j["scenario"], "tiny");
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["horizon_s"], 3600.0);
  ASSERT_TRUE(j["variants"].is_array());
  ASSERT_EQ(j["variants"].size(), 1u);
  const auto& v = j["variants"][0];
  EXPECT_EQ(v["variant"], "base");
  EXPECT_EQ(v["scenario"], "tiny");
  // 2 $/GPU-hour x 8 GPUs x 1 hour / 1e6 tokens x 1e6.
  EXPECT_DOUBLE_EQ(v["training"][0]["cost_usd_per_million_tokens"], 16.0);
  for (const char* key :
       {"fleet", "training", "serving", "demand", "services", "leases", "sites",
        "clusters", "economics", "simulation"}) {
    EXPECT_TRUE(v.contains(key)) << key;
  }
}

TEST(SummaryJsonTest, VariantsKeepTheScenarioOrder) {
  const auto j = SummaryJson({Base("zeta"), Base("alpha"), Base("mid")});
  ASSERT_EQ(j["variants"].size(), 3u);
  EXPECT_EQ(j["variants"][0]["variant"], "zeta");
  EXPECT_EQ(j["variants"][1]["variant"], "alpha");
  EXPECT_EQ(j["variants"][2]["variant"], "mid");
}

}  // namespace
}  // namespace kardashev::report
