// End-to-end tests of `kardashev search serving`: the best serving
// configurations of the azure-replay Llama 2 70B deployment, ranked by
// requests/s per GPU within the SLO, and one clear message with status 2 for a
// deployment the scenario does not have.
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

const char kArgs[] =
    "search serving scenarios/azure-replay.toml --deployment llama2-70b "
    "--top 5";

// The rows of the text table: lines of 19 words that start with a rank.
std::vector<std::vector<std::string>> RankRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::vector<std::string> row;
    std::string w;
    while (words >> w) row.push_back(w);
    if (row.size() == 19 &&
        row[0].find_first_not_of("0123456789") == std::string::npos) {
      rows.push_back(row);
    }
  }
  return rows;
}

TEST(ServingSearchCliTest, ListsFiveConfigurationsByGoodputPerGpu) {
  const Output o = RunKardashev(kArgs, kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  const auto rows = RankRows(o.out);
  ASSERT_EQ(rows.size(), 5u) << o.out;
  double last = 1e300;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], std::to_string(i + 1));
    const double per_gpu = std::stod(rows[i][15]);  // req/s/GPU
    EXPECT_LE(per_gpu, last) << o.out;
    EXPECT_GT(per_gpu, 0);
    EXPECT_LE(std::stod(rows[i][13]), 2.0);  // p99 TTFT within the SLO
    EXPECT_LE(std::stod(rows[i][14]), 0.2);  // p99 TPOT within the SLO
    last = per_gpu;
  }
  EXPECT_NE(o.out.find("configurations considered"), std::string::npos);
  EXPECT_NE(o.err.find("searched"), std::string::npos);  // the wall time
}

TEST(ServingSearchCliTest, JsonIsDeterministicAndRanksPerDollar) {
  const std::string args = std::string(kArgs) + " --rank per-dollar";
  const Output o = RunKardashev(args + " --format json", kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["top"].size(), 5u);
  EXPECT_EQ(j["rank_by"], "per-dollar");
  EXPECT_GT(j["configurations_considered"].get<int>(),
            j["configurations_simulated"].get<int>());
  double last = 1e300;
  for (const auto& p : j["top"]) {
    const double per_usd = p["output_tokens_per_usd"].get<double>();
    EXPECT_LE(per_usd, last * (1 + 1e-9));
    last = per_usd;
  }
  EXPECT_EQ(RunKardashev(args + " --format json", kSource).out, o.out);
}

TEST(ServingSearchCliTest, UnknownDeploymentExitsTwoNamingTheChoices) {
  const Output o = RunKardashev(
      "search serving scenarios/azure-replay.toml --deployment llama3-8b",
      kSource);
  EXPECT_EQ(o.status, 2);
  EXPECT_TRUE(o.out.empty());
  EXPECT_EQ(kardashev::cli_test::CountLines(o.err), 1) << o.err;
  EXPECT_NE(o.err.find("llama3-8b"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("llama2-70b"), std::string::npos) << o.err;
}

TEST(ServingSearchCliTest, BadFlagsExitTwo) {
  EXPECT_EQ(
      RunKardashev(std::string(kArgs) + " --rank per-watt", kSource).status, 2);
  EXPECT_EQ(RunKardashev("search serving scenarios/azure-replay.toml", kSource)
                .status,
            2);  // --deployment is required
  EXPECT_EQ(RunKardashev(std::string(kArgs) + " --top 0", kSource).status, 2);
}

}  // namespace
