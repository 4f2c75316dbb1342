// The value the scenario states for training output, end to end: colossus1's
// `train` variant credits its trained tokens at the file's value per million
// as an imputed ledger line apart from cash, in the NPV; the keys are refused
// with exit 2 and a message naming them when out of range or combined.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

Output Kardashev(const std::string& args) {
  return RunKardashev(args, kSource, 120);
}

nlohmann::json RunTrain(const std::string& extra) {
  const fs::path dir = TempDir("value");
  const Output o = Kardashev(
      "run scenarios/colossus1.toml --variant train --format json "
      "--out '" +
      dir.string() + "' " + extra);
  EXPECT_EQ(o.status, 0) << o.err;
  const std::string text = ReadFile(dir / "summary.json");
  fs::remove_all(dir);
  return nlohmann::json::parse(text)["variants"][0];
}

// Tokens trained x the value per million is the training value; the ledger's
// column sums to it; revenue and profit stay cash; the NPV exceeds the cash
// NPV by the discounted value. With the value set to 0 the NPV is the cash
// NPV and nothing else changes.
TEST(TrainingValueCliTest, TrainVariantCreditsItsTokensAtTheStatedValue) {
  constexpr double kValueUsdPerMillion = 2.5;
  const auto v =
      RunTrain("--set training.frontier.value_usd_per_million_tokens=2.5");
  const auto& e = v["economics"];
  const double tokens = v["training"][0]["tokens_trained"].get<double>();
  ASSERT_GT(tokens, 0);
  const double value = e["training_value_usd"].get<double>();
  EXPECT_NEAR(value, tokens / 1e6 * kValueUsdPerMillion, 1e-9 * value);
  double ledger_value = 0, discounted = 0, cash = 0;
  for (const auto& m : e["ledger"]) {
    ledger_value += m["training_value_usd"].get<double>();
    discounted += m["discounted_training_value_usd"].get<double>();
    cash += m["cash_flow_usd"].get<double>();
  }
  EXPECT_NEAR(ledger_value, value, 1e-9 * value);
  EXPECT_LT(discounted, value);  // 10% a year, over a year
  EXPECT_EQ(e["revenue_usd"].get<double>(), 0.0);
  EXPECT_NEAR(e["npv_usd"].get<double>() - e["cash_npv_usd"].get<double>(),
              discounted, 1e-9 * value);
  EXPECT_NEAR(e["value_adjusted_profit_usd"].get<double>(),
              e["profit_usd"].get<double>() + value, 1e-9 * value);
  EXPECT_GT(e["terminal_value_usd"].get<double>(), 0);

  const auto zero =
      RunTrain("--set training.frontier.value_usd_per_million_tokens=0");
  const auto& z = zero["economics"];
  EXPECT_EQ(z["training_value_usd"].get<double>(), 0.0);
  EXPECT_EQ(z["npv_usd"].get<double>(), z["cash_npv_usd"].get<double>());
  EXPECT_EQ(z["cash_npv_usd"].get<double>(), e["cash_npv_usd"].get<double>());
  EXPECT_EQ(z["profit_usd"].get<double>(), e["profit_usd"].get<double>());
}

// The text table labels the imputed value and the book terminal value.
TEST(TrainingValueCliTest, TextTableShowsImputedAndTerminalValue) {
  const Output o = Kardashev("run scenarios/colossus1.toml --variant train");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("Training value (imputed)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Terminal value (book)"), std::string::npos) << o.out;
  // Depreciation is not cash: profit after it is named accounting profit,
  // and the cash flows are rows of their own.
  EXPECT_EQ(o.out.find("Profit (cash)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Profit (accounting, after depreciation)"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("Operating cash flow"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Cash flow after capex"), std::string::npos) << o.out;
}

// `check` with the job enabled in place of the lease (as `train` runs it).
void ExpectRefused(const std::string& sets, const std::string& key,
                   const std::string& reason) {
  const Output o = Kardashev(
      "check scenarios/colossus1.toml --set lease.inference.enabled=false "
      "--set training.frontier.enabled=true " +
      sets);
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find(key), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(reason), std::string::npos) << o.err;
}

TEST(TrainingValueCliTest, BadValuesAreRefusedNamingTheKey) {
  ExpectRefused("--set training.frontier.value_usd_per_million_tokens=-1",
                "value_usd_per_million_tokens", "million");
  ExpectRefused("--set training.frontier.value_usd_per_run=-5",
                "value_usd_per_run", "trillion");
  // A value per run needs a run with an end.
  ExpectRefused(
      "--set training.frontier.value_usd_per_million_tokens=0 --set "
      "training.frontier.value_usd_per_run=1e9",
      "value_usd_per_run", "target_tokens > 0");
  // Both at once: the message names both keys.
  ExpectRefused(
      "--set training.frontier.target_tokens=1e14 --set "
      "training.frontier.value_usd_per_run=1e9",
      "value_usd_per_run", "value_usd_per_million_tokens");
}

// A value per run is credited only when the run finishes: a target the job
// reaches in the year (1e14 tokens: about five weeks at its 33.5M tokens/s)
// earns it, in one month; one beyond the year's tokens (1e16: over nine
// years) earns nothing.
TEST(TrainingValueCliTest, ValuePerRunOnlyWhenTheRunFinishes) {
  const std::string per_run =
      "--set training.frontier.value_usd_per_million_tokens=0 --set "
      "training.frontier.value_usd_per_run=1e9 ";
  const auto done =
      RunTrain(per_run + "--set training.frontier.target_tokens=1e14");
  ASSERT_TRUE(done["training"][0]["finished"].get<bool>());
  EXPECT_EQ(done["economics"]["training_value_usd"].get<double>(), 1e9);
  int months_credited = 0;
  for (const auto& m : done["economics"]["ledger"]) {
    if (m["training_value_usd"].get<double>() != 0) ++months_credited;
  }
  EXPECT_EQ(months_credited, 1);

  const auto undone =
      RunTrain(per_run + "--set training.frontier.target_tokens=1e16");
  ASSERT_FALSE(undone["training"][0]["finished"].get<bool>());
  EXPECT_EQ(undone["economics"]["training_value_usd"].get<double>(), 0.0);
}

}  // namespace
