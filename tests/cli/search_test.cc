// End-to-end tests of `kardashev search training`: the best plans of the
// Llama 3 405B job, ranked by goodput and fitting in memory, and one clear
// message with status 2 for a job the scenario does not have.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"

namespace {

using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::RunKardashev;

// The rows of the text table: lines that start with a rank.
std::vector<std::vector<std::string>> RankRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::vector<std::string> row;
    std::string w;
    while (words >> w) row.push_back(w);
    if (!row.empty() && row.back() == "!") row.pop_back();  // the flag
    if (!row.empty() &&
        row[0].find_first_not_of("0123456789") == std::string::npos) {
      rows.push_back(row);
    }
  }
  return rows;
}

TEST(SearchCliTest, ListsTheTopPlansByGoodput) {
  const Output o = RunKardashev(
      "search training scenarios/llama3-405b.toml --job llama3-405b --top 5",
      kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  const auto rows = RankRows(o.out);
  ASSERT_EQ(rows.size(), 5u) << o.out;
  double last = 1e300;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], std::to_string(i + 1));
    const double goodput = std::stod(rows[i].back());
    EXPECT_LE(goodput, last) << o.out;
    EXPECT_GT(goodput, 0);
    last = goodput;
  }
  EXPECT_NE(o.out.find("plans evaluated"), std::string::npos);
  EXPECT_NE(o.out.find("fit in memory"), std::string::npos);
  EXPECT_NE(o.err.find("searched"), std::string::npos);  // the wall time
}

TEST(SearchCliTest, JsonPlansFitAndMatchTheText) {
  const std::string args =
      "search training scenarios/llama3-405b.toml --job llama3-405b --top 5";
  const Output o = RunKardashev(args + " --format json", kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["top"].size(), 5u);
  EXPECT_GT(j["plans_evaluated"].get<double>(), 0);
  double last = 1e300;
  for (const auto& p : j["top"]) {
    EXPECT_LE(p["memory_per_gpu_bytes"].get<double>(),
              p["memory_capacity_bytes"].get<double>());
    const double goodput = p["goodput_tokens_per_s"].get<double>();
    EXPECT_LE(goodput, last);
    EXPECT_NEAR(goodput,
                p["tokens_per_s"].get<double>() * p["ettr"].get<double>(),
                1e-6 * goodput);
    last = goodput;
  }
  // Same scenario, same output.
  EXPECT_EQ(RunKardashev(args + " --format json", kSource).out, o.out);
}

// Plans predicted above the best published figure of their class (H100,
// BF16, dense: Llama 3 405B's 430 TFLOP/s per GPU, figures.csv B01) are
// flagged with that figure; none is flagged at or below it. Every ranked plan
// spreads its 126 layers over at most 128 pipeline chunks.
TEST(SearchCliTest, PlansAboveTheBestPublishedMfuAreFlagged) {
  const std::string args =
      "search training scenarios/llama3-405b.toml --job llama3-405b --top 5";
  const Output j = RunKardashev(args + " --format json", kSource);
  ASSERT_EQ(j.status, 0) << j.err;
  const auto plans = nlohmann::json::parse(j.out)["top"];
  int flagged = 0;
  for (const auto& p : plans) {
    ASSERT_FALSE(p["best_published"].is_null());
    EXPECT_DOUBLE_EQ(p["best_published"]["tflops_per_gpu"].get<double>(), 430);
    EXPECT_EQ(p["above_best_published"].get<bool>(),
              p["tflops_per_gpu"].get<double>() > 430);
    flagged += p["above_best_published"].get<bool>() ? 1 : 0;
    EXPECT_LE(
        p["plan"]["pp"].get<int>() * p["plan"]["virtual_stages"].get<int>(),
        128);
  }
  const Output t = RunKardashev(args, kSource);
  ASSERT_EQ(t.status, 0) << t.err;
  if (flagged > 0) {
    EXPECT_NE(t.out.find("above the best published for this class: 430 "
                         "TFLOP/s per GPU (43.0% MFU)"),
              std::string::npos)
        << t.out;
    EXPECT_NE(t.out.find("figures.csv B01"), std::string::npos) << t.out;
  }
  EXPECT_GT(flagged, 0);  // the model is optimistic off its fit points
}

TEST(SearchCliTest, UnknownJobExitsTwoNamingTheJobAndTheChoices) {
  const Output o = RunKardashev(
      "search training scenarios/llama3-405b.toml --job llama4", kSource);
  EXPECT_EQ(o.status, 2);
  EXPECT_TRUE(o.out.empty());
  EXPECT_EQ(kardashev::cli_test::CountLines(o.err), 1) << o.err;
  EXPECT_NE(o.err.find("llama4"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("llama3-405b"), std::string::npos) << o.err;
}

TEST(SearchCliTest, BadFlagsExitTwo) {
  EXPECT_EQ(RunKardashev("search training scenarios/llama3-405b.toml "
                         "--job llama3-405b --top 0",
                         kSource)
                .status,
            2);
  EXPECT_EQ(RunKardashev("search training scenarios/llama3-405b.toml", kSource)
                .status,
            2);  // --job is required
  EXPECT_EQ(RunKardashev("search training scenarios/llama3-405b.toml "
                         "--job llama3-405b --set training.llama3-405b.gpus=7",
                         kSource)
                .status,
            2);
}

}  // namespace
