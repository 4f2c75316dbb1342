// The summary over seeds on hand-made figures: the mean and 95% half-width of
// each figure, figure paths, paired differences between variants, and the
// text that prints them.
#include "kardashev/report/seed_summary.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kardashev/evaluate/derived_figures.h"
#include "kardashev/report/seed_table.h"

namespace kardashev::report {
namespace {

using Json = nlohmann::ordered_json;

// t(0.975, 2) = 4.302653 (tables of Student's t, e.g. NIST/SEMATECH
// e-Handbook 1.3.6.7.2).
constexpr double kT2 = 4.302653;

const SeedFigure* Find(const std::vector<SeedFigure>& figures,
                       const std::string& path) {
  for (const auto& f : figures) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

TEST(SeedSummaryTest, MeanAndHalfWidthByHand) {
  std::vector<Json> per_seed;
  for (double e : {1.0, 2.0, 6.0}) {
    per_seed.push_back({{"seed", 3}, {"fleet", {{"energy_mwh", e}}}});
  }
  const auto figures = SeedFigures(per_seed);
  ASSERT_EQ(figures.size(), 1u);  // `seed` is not a figure
  const SeedFigure& f = figures[0];
  EXPECT_EQ(f.path, "fleet.energy_mwh");
  EXPECT_EQ(f.pointer, "/fleet/energy_mwh");
  EXPECT_FALSE(f.integer);
  // Mean 3; deviations -2, -1, 3: s^2 = (4 + 1 + 9) / 2 = 7.
  EXPECT_DOUBLE_EQ(f.interval.mean, 3.0);
  EXPECT_NEAR(f.interval.half_width, kT2 * std::sqrt(7.0 / 3.0), 1e-5);
}

TEST(SeedSummaryTest, PathsNameEntitiesAndCountMissingAsZero) {
  const Json a = {{"training", {{{"name", "big"}, {"ettr", 0.5}}}},
                  {"ledger", {{{"usd", 1}}, {{"usd", 2}}}},
                  {"failures", {{"gpu", 4}}},
                  {"label", "x"},
                  {"finished", true}};
  const Json b = {{"training", {{{"name", "big"}, {"ettr", 0.7}}}},
                  {"ledger", {{{"usd", 3}}, {{"usd", 4}}}},
                  {"failures", {{"gpu", 2}, {"psu", 2}}},
                  {"label", "x"},
                  {"finished", false}};
  const auto figures = SeedFigures({a, b});
  std::vector<std::string> paths;
  for (const auto& f : figures) paths.push_back(f.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"training[big].ettr",
                                             "ledger[0].usd", "ledger[1].usd",
                                             "failures.gpu", "failures.psu"}));
  EXPECT_EQ(Find(figures, "failures.psu")->values, (std::vector<double>{0, 2}));
  EXPECT_TRUE(Find(figures, "failures.gpu")->integer);
  EXPECT_EQ(Find(figures, "training[big].ettr")->pointer, "/training/0/ettr");
}

Results Tiny(const std::string& variant, std::uint64_t seed,
             std::int64_t failures) {
  Results r;
  r.scenario = "tiny";
  r.variant = variant;
  r.seed = seed;
  r.horizon_s = 3600;
  evaluate::FillDerivedFigures(r);
  r.fleet.failures_total = failures;
  return r;
}

SeedSummary TwoVariants(const std::vector<std::int64_t>& a,
                        const std::vector<std::int64_t>& b) {
  std::vector<std::vector<Results>> runs(2);
  const std::vector<std::uint64_t> seeds = {10, 11, 12};
  for (std::size_t k = 0; k < seeds.size(); ++k) {
    runs[0].push_back(Tiny("base", seeds[k], a[k]));
    runs[1].push_back(Tiny("more", seeds[k], b[k]));
  }
  return SummarizeSeeds(runs, seeds);
}

TEST(SeedSummaryTest, IdenticalVariantsHaveNoDifference) {
  const auto s = TwoVariants({1, 5, 3}, {1, 5, 3});
  EXPECT_TRUE(s.differences.empty());
  const std::string text = SeedTextTable(s);
  EXPECT_NE(text.find("more vs base: 0 figures differ beyond noise, 0 within"),
            std::string::npos)
      << text;
}

TEST(SeedSummaryTest, PairedDifferencesAndTheirJson) {
  // Differences 4, 5, 6: mean 5, s = 1, half-width kT2 / sqrt(3) = 2.484,
  // beyond noise although the variants' own intervals (failures 1, 5, 3: s =
  // 2) overlap.
  const auto s = TwoVariants({1, 5, 3}, {5, 10, 9});
  ASSERT_EQ(s.differences.size(), 1u);
  const SeedDifference& d = s.differences[0];
  EXPECT_EQ(d.figure, "fleet.failures.total");
  EXPECT_EQ(d.base, "base");
  EXPECT_EQ(d.variant, "more");
  EXPECT_DOUBLE_EQ(d.base_mean, 3.0);
  EXPECT_DOUBLE_EQ(d.paired.difference.mean, 5.0);
  EXPECT_NEAR(d.paired.difference.half_width, kT2 / std::sqrt(3.0), 1e-5);
  EXPECT_TRUE(d.paired.distinguishable);

  const Json j = SeedSummaryJson(s);
  EXPECT_EQ(j["seed"], 10);
  EXPECT_EQ(j["seeds"], Json({10, 11, 12}));
  const Json& v = j["variants"][0];
  EXPECT_EQ(v["seed"], 10);
  EXPECT_EQ(v["fleet"]["failures"]["total"], 3);  // whole mean, integer
  EXPECT_NEAR(v["ci95"]["fleet"]["failures"]["total"].get<double>(),
              kT2 * 2 / std::sqrt(3.0), 1e-5);
  EXPECT_FALSE(v["ci95"].contains("seed"));
  ASSERT_EQ(v["per_seed"].size(), 3u);
  EXPECT_EQ(v["per_seed"][1]["seed"], 11);
  EXPECT_EQ(v["per_seed"][1]["fleet"]["failures"]["total"], 5);
  EXPECT_EQ(j["variants"][1]["fleet"]["failures"]["total"], 8);
  ASSERT_EQ(j["differences"].size(), 1u);
  EXPECT_EQ(j["differences"][0]["distinguishable"], true);
  EXPECT_NEAR(j["differences"][0]["low"].get<double>(), 5 - kT2 / std::sqrt(3),
              1e-5);

  const std::string text = SeedTextTable(s);
  EXPECT_NE(text.find("Differences beyond noise (paired over 3 seeds, 95%)"),
            std::string::npos);
  EXPECT_NE(text.find("more vs base: 1 figures differ beyond noise, 0 within"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("fleet.failures.total"), std::string::npos);
}

TEST(SeedSummaryTest, DifferencesWithinNoiseAreCounted) {
  // Differences -1, 1, 0: mean 0, not distinguishable.
  const auto s = TwoVariants({1, 5, 3}, {0, 6, 3});
  ASSERT_EQ(s.differences.size(), 1u);
  EXPECT_FALSE(s.differences[0].paired.distinguishable);
  EXPECT_NE(SeedTextTable(s).find("0 figures differ beyond noise, 1 within"),
            std::string::npos);
}

TEST(SeedSummaryTest, RoundingIsNoDifference) {
  std::vector<std::vector<Results>> runs(2);
  const std::vector<std::uint64_t> seeds = {1, 2};
  for (std::size_t k = 0; k < seeds.size(); ++k) {
    runs[0].push_back(Tiny("base", seeds[k], 0));
    runs[1].push_back(Tiny("other", seeds[k], 0));
    runs[0][k].fleet.down_gpu_hours = 5.6e6 + k;
    // A sum in another order: off by a few units in the last place.
    runs[1][k].fleet.down_gpu_hours = 5.6e6 + k + 1e-8;
  }
  EXPECT_TRUE(SummarizeSeeds(runs, seeds).differences.empty());
  runs[1][0].fleet.down_gpu_hours += 1e-3;  // a real, if small, difference
  const auto s = SummarizeSeeds(runs, seeds);
  ASSERT_EQ(s.differences.size(), 1u);
  EXPECT_EQ(s.differences[0].figure, "fleet.gpu_hours_by_state.down");
}

}  // namespace
}  // namespace kardashev::report
