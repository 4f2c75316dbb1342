// `compare` on hand-built summaries: the order of the differences, the
// relative difference of a zero base, one-sided figures, equal figures
// counted, variant matching, and the noise tests with seeds.
#include "kardashev/report/compare.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kardashev::report {
namespace {

using Json = nlohmann::ordered_json;

Json Summary(std::vector<Json> variants) {
  return {{"scenario", "s"},
          {"seed", 1},
          {"horizon_s", 86400.0},
          {"variants", std::move(variants)}};
}

TEST(CompareTest, LargestRelativeFirstZeroBaseFirstEqualCounted) {
  const Json a =
      Summary({{{"variant", "x"},
                {"seed", 1},
                {"fleet", {{"energy_mwh", 100.0}, {"gpus", 8}}},
                {"economics",
                 {{"revenue_usd", 10.0}, {"npv_usd", -4.0}, {"unmet", 0.0}}}}});
  const Json b =
      Summary({{{"variant", "x"},
                {"seed", 2},
                {"fleet", {{"energy_mwh", 110.0}, {"gpus", 8}}},
                {"economics",
                 {{"revenue_usd", 5.0}, {"npv_usd", 2.0}, {"unmet", 3.0}}}}});
  const Comparison c = CompareSummaries(a, b, "A", "B");
  ASSERT_EQ(c.variants.size(), 1u);
  const VariantComparison& v = c.variants[0];
  EXPECT_EQ(v.equal, 1u);  // fleet.gpus; `seed` is not a figure
  std::vector<std::string> order;
  for (const auto& d : v.differences) order.push_back(d.path);
  // base 0 (unmet), then |rel|: npv 6/4 = 150%, revenue 50%, energy 10%.
  EXPECT_EQ(order, (std::vector<std::string>{
                       "economics.unmet", "economics.npv_usd",
                       "economics.revenue_usd", "fleet.energy_mwh"}));
  EXPECT_FALSE(v.differences[0].rel_difference.has_value());
  EXPECT_DOUBLE_EQ(v.differences[0].abs_difference, 3.0);
  // Relative to |a|: -4 -> 2 is +150%, not -150%.
  EXPECT_DOUBLE_EQ(*v.differences[1].rel_difference, 1.5);
  EXPECT_DOUBLE_EQ(*v.differences[2].rel_difference, -0.5);
  EXPECT_DOUBLE_EQ(v.differences[3].abs_difference, 10.0);
  const std::string text = CompareText(c);
  EXPECT_NE(text.find("base 0"), std::string::npos);
  EXPECT_NE(text.find("+150.00%"), std::string::npos);
  EXPECT_LT(text.find("economics.npv_usd"), text.find("fleet.energy_mwh"));
  EXPECT_NE(text.find("4 figures differ, 1 equal"), std::string::npos);
}

TEST(CompareTest, OneSidedFiguresAndSingleVariantsOfDifferentNames) {
  const Json a = Summary({{{"variant", "lease"},
                           {"serving", {{{"name", "chat"}, {"requests", 7}}}},
                           {"economics", {{"revenue_usd", 1.0}}}}});
  const Json b =
      Summary({{{"variant", "train"},
                {"training", {{{"name", "big"}, {"tokens_trained", 9e12}}}},
                {"economics", {{"revenue_usd", 1.0}}}}});
  const Comparison c = CompareSummaries(a, b, "A", "B");
  ASSERT_EQ(c.variants.size(), 1u);
  const VariantComparison& v = c.variants[0];
  EXPECT_EQ(v.variant_a, "lease");
  EXPECT_EQ(v.variant_b, "train");
  EXPECT_TRUE(v.differences.empty());
  ASSERT_EQ(v.only_a.size(), 1u);
  EXPECT_EQ(v.only_a[0].path, "serving[chat].requests");
  EXPECT_FALSE(v.only_a[0].b.has_value());
  ASSERT_EQ(v.only_b.size(), 1u);
  EXPECT_EQ(v.only_b[0].path, "training[big].tokens_trained");
  EXPECT_DOUBLE_EQ(*v.only_b[0].b, 9e12);
  const std::string text = CompareText(c);
  EXPECT_NE(text.find("only in train:"), std::string::npos);
  const Json j = CompareJson(c);
  ASSERT_EQ(j["figures"].size(), 2u);
  EXPECT_EQ(j["figures"][1]["path"], "training[big].tokens_trained");
  EXPECT_TRUE(j["figures"][1]["a"].is_null());
  EXPECT_TRUE(j["figures"][1]["rel"].is_null());
}

TEST(CompareTest, MatchesByNameAndRefusesNothingToMatch) {
  const Json a =
      Summary({{{"variant", "p"}, {"x", 1.0}}, {{"variant", "q"}, {"x", 2.0}}});
  const Json b =
      Summary({{{"variant", "q"}, {"x", 4.0}}, {{"variant", "r"}, {"x", 1.0}}});
  const Comparison c = CompareSummaries(a, b, "A", "B");
  ASSERT_EQ(c.variants.size(), 1u);
  EXPECT_EQ(c.variants[0].variant_a, "q");
  EXPECT_DOUBLE_EQ(*c.variants[0].differences[0].rel_difference, 1.0);
  EXPECT_EQ(c.unmatched_a, std::vector<std::string>{"p"});
  EXPECT_EQ(c.unmatched_b, std::vector<std::string>{"r"});
  const Json d = Summary({{{"variant", "s"}}, {{"variant", "t"}}});
  EXPECT_THROW(CompareSummaries(a, d, "A", "D"), CompareError);
}

TEST(CompareTest, RoundingIsNotADifference) {
  const Json a = Summary({{{"variant", "x"}, {"h", 438345.61050364707}}});
  const Json b = Summary({{{"variant", "x"}, {"h", 438345.61050364573}}});
  const Comparison c = CompareSummaries(a, b, "A", "B");
  EXPECT_TRUE(c.variants[0].differences.empty());
  EXPECT_EQ(c.variants[0].equal, 1u);
}

Json Seeded(double mean, double ci, std::vector<double> per_seed) {
  Json seeds = Json::array();
  for (double v : per_seed) seeds.push_back({{"variant", "x"}, {"e", v}});
  return {{"variant", "x"},
          {"e", mean},
          {"ci95", {{"e", ci}}},
          {"per_seed", std::move(seeds)}};
}

TEST(CompareTest, SeedsPairedWhenTheSameSeedsIntervalsOtherwise) {
  // b - a = +1 on every seed: the paired interval is [1, 1], beyond noise,
  // though the two intervals (half-width 5 each) overlap widely.
  Json a = Summary({Seeded(2.0, 5.0, {-3.0, 2.0, 7.0})});
  Json b = Summary({Seeded(3.0, 5.0, {-2.0, 3.0, 8.0})});
  a["seeds"] = {1, 2, 3};
  b["seeds"] = {1, 2, 3};
  const Comparison paired = CompareSummaries(a, b, "A", "B");
  EXPECT_EQ(paired.variants[0].noise, NoiseTest::kPaired);
  EXPECT_TRUE(*paired.variants[0].differences[0].beyond_noise);
  b["seeds"] = {4, 5, 6};
  const Comparison apart = CompareSummaries(a, b, "A", "B");
  EXPECT_EQ(apart.variants[0].noise, NoiseTest::kIntervals);
  // |1| < 5 + 5.
  EXPECT_FALSE(*apart.variants[0].differences[0].beyond_noise);
  const Json j = CompareJson(apart);
  EXPECT_EQ(j["figures"][0]["beyond_noise"], false);
  EXPECT_DOUBLE_EQ(j["figures"][0]["ci95_a"].get<double>(), 5.0);
}

TEST(CompareTest, ReadRunSummaryRefusesMissingAndMalformed) {
  EXPECT_THROW(ReadRunSummary("/nonexistent/kardashev-compare"), CompareError);
}

}  // namespace
}  // namespace kardashev::report
