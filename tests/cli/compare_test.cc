// End-to-end tests of `kardashev compare`: colossus1's `lease` and `train`
// variants over 30 days, each in its own run directory, compared as a user
// would; the JSON form; and bad input (one line, exit status 2).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::CountLines;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

class CompareCliTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(TempDir("compare"));
    for (const std::string variant : {"lease", "train"}) {
      const Output o = RunKardashev(
          "run scenarios/colossus1.toml --set scenario.horizon_days=30 "
          "--quiet --variant " +
              variant + " --out '" + (*root_ / variant).string() + "'",
          kSource, 120);
      ASSERT_EQ(o.status, 0) << o.err;
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete root_;
  }
  static std::string Dir(const std::string& name) {
    return fmt::format("'{}'", (*root_ / name).string());
  }
  static fs::path* root_;
};

fs::path* CompareCliTest::root_ = nullptr;

// The line of the differences table that starts with `path`, and its rank
// among the table's lines (-1 when absent).
int Rank(const std::string& text, const std::string& path) {
  const std::size_t header = text.find("  figure ");
  if (header == std::string::npos) return -1;
  const std::size_t at = text.find("\n  " + path + " ", header);
  if (at == std::string::npos) return -1;
  return CountLines(text.substr(header, at - header));
}

TEST_F(CompareCliTest, LeaseVersusTrainPutsTheQuestionsFiguresNearTheTop) {
  const Output o =
      RunKardashev("compare " + Dir("lease") + " " + Dir("train"), kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("lease vs train:"), std::string::npos) << o.out;
  // Leasing earns the lease revenue; training earns no cash (its tokens'
  // stated value is imputed, apart from revenue), so NPV, profit and revenue
  // lead the figures both runs write, and the training job draws more energy.
  for (const std::string path :
       {"economics.npv_usd", "economics.revenue_usd", "fleet.energy_mwh"}) {
    const int rank = Rank(o.out, path);
    EXPECT_GE(rank, 1) << path << "\n" << o.out;
    EXPECT_LE(rank, 25) << path << "\n" << o.out;
  }
  // The trained tokens are train's alone, listed as such.
  const std::size_t only = o.out.find("only in train:");
  ASSERT_NE(only, std::string::npos) << o.out;
  EXPECT_NE(o.out.find("training[frontier].tokens_trained", only),
            std::string::npos);
  EXPECT_NE(o.out.find("revenue_usd"), std::string::npos);
  EXPECT_NE(o.out.find("-100.00%"), std::string::npos);  // revenue 0 in train
}

TEST_F(CompareCliTest, JsonParsesWithPathValuesAndDifferences) {
  const Output o = RunKardashev(
      "compare " + Dir("lease") + " " + Dir("train") + " --format json",
      kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  bool revenue = false;
  for (const auto& f : j["figures"]) {
    ASSERT_TRUE(f.contains("path") && f.contains("a") && f.contains("b") &&
                f.contains("abs") && f.contains("rel"));
    if (f["path"] != "economics.revenue_usd") continue;
    revenue = true;
    EXPECT_GT(f["a"].get<double>(), 0);
    EXPECT_EQ(f["b"].get<double>(), 0);
    EXPECT_DOUBLE_EQ(f["abs"].get<double>(), -f["a"].get<double>());
    EXPECT_DOUBLE_EQ(f["rel"].get<double>(), -1.0);
  }
  EXPECT_TRUE(revenue);
}

TEST_F(CompareCliTest, ARunComparedWithItselfHasNoDifferences) {
  const Output o =
      RunKardashev("compare " + Dir("lease") + " " + Dir("lease"), kSource);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("lease vs lease: 0 figures differ"), std::string::npos)
      << o.out;
}

TEST_F(CompareCliTest, BadInputIsOneLineAndStatus2) {
  const fs::path bad = *root_ / "bad";
  fs::create_directories(bad / "empty");
  fs::create_directories(bad / "malformed");
  { std::ofstream(bad / "malformed" / "summary.json") << "{\"variants\": ["; }
  for (const std::string& args :
       {"compare " + Dir("lease") + " '" + (bad / "missing").string() + "'",
        "compare '" + (bad / "empty").string() + "' " + Dir("train"),
        "compare " + Dir("lease") + " '" + (bad / "malformed").string() + "'",
        std::string("compare ") + Dir("lease")}) {
    const Output o = RunKardashev(args, kSource, 60);
    EXPECT_EQ(o.status, 2) << args << ": " << o.err;
    EXPECT_EQ(CountLines(o.err), 1) << args << ": " << o.err;
    EXPECT_TRUE(o.out.empty()) << args;
  }
}

}  // namespace
