// The value the user states for training output: an imputed ledger line apart
// from cash, discounted into the NPV from each month's mid-point; a value per
// run only in the month the run finishes, and none when it does not.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/econ/fleet_economics.h"
#include "kardashev/sim/time.h"

namespace kardashev::econ {
namespace {

// Three months of empty flows, ending at each twelfth of a year.
std::vector<MonthFlows> ThreeMonths() {
  std::vector<MonthFlows> months(3);
  for (int i = 0; i < 3; ++i) months[i].end_s = (i + 1) * sim::kSecondsPerMonth;
  return months;
}

training::TrainingOutcome Job(double tokens, bool finished, double end_s) {
  training::TrainingOutcome t;
  t.name = "frontier";
  t.tokens_trained = tokens;
  t.finished = finished;
  t.time_to_train_s = end_s;
  return t;
}

// 3e9 tokens at $2 per million over one month: $6,000 in the ledger, apart
// from cash, and 6,000 / 1.1^(1/24) in the NPV (the month's mid-point is
// half a twelfth of a year).
TEST(TrainingValueTest, OneMonthOfTokensIsItsValueDiscountedFromMidMonth) {
  EconomicsConfig config;
  config.discount_rate = 0.10;
  config.training_values.push_back(
      {.job = "frontier", .usd_per_million_tokens = 2.0});
  std::vector<MonthFlows> months(1);
  months[0].end_s = sim::kSecondsPerMonth;
  const double value = AddTrainingValue(config, {Job(3e9, false, 0)},
                                        sim::kSecondsPerMonth, months);
  EXPECT_DOUBLE_EQ(value, 6000.0);
  EXPECT_DOUBLE_EQ(months[0].training_value_usd, 6000.0);

  EconomicsInput in;
  in.horizon_s = sim::kSecondsPerMonth;
  in.training_value_usd = value;
  in.months = months;
  const EconomicsOutcome out = ComputeEconomics(config, in);
  ASSERT_EQ(out.ledger.size(), 1u);
  const double factor = std::pow(1.1, 1.0 / 24.0);
  EXPECT_DOUBLE_EQ(out.ledger[0].training_value_usd, 6000.0);
  EXPECT_DOUBLE_EQ(out.ledger[0].discounted_training_value_usd,
                   6000.0 / factor);
  EXPECT_DOUBLE_EQ(out.ledger[0].cash_flow_usd, 0.0);  // not cash
  EXPECT_DOUBLE_EQ(out.revenue_usd, 0.0);
  EXPECT_DOUBLE_EQ(out.profit_usd, 0.0);
  EXPECT_DOUBLE_EQ(out.training_value_usd, 6000.0);
  EXPECT_DOUBLE_EQ(out.value_adjusted_profit_usd, 6000.0);
  EXPECT_DOUBLE_EQ(out.cash_npv_usd, 0.0);
  EXPECT_NEAR(out.npv_usd, 6000.0 / factor, 1e-9);
}

// A job that trained to the horizon (three months) earns its tokens' value a
// third in each month; one that finished at 1.5 months earns two thirds in
// the first month and one third in the second.
TEST(TrainingValueTest, ValuePerTokenFollowsTheWallTimeTheJobRan) {
  EconomicsConfig config;
  config.training_values.push_back(
      {.job = "frontier", .usd_per_million_tokens = 1.0});
  const double horizon_s = 3 * sim::kSecondsPerMonth;
  auto months = ThreeMonths();
  EXPECT_DOUBLE_EQ(
      AddTrainingValue(config, {Job(9e6, false, 0)}, horizon_s, months), 9.0);
  for (const auto& m : months) EXPECT_NEAR(m.training_value_usd, 3.0, 1e-12);

  months = ThreeMonths();
  EXPECT_DOUBLE_EQ(
      AddTrainingValue(config, {Job(9e6, true, 1.5 * sim::kSecondsPerMonth)},
                       horizon_s, months),
      9.0);
  EXPECT_NEAR(months[0].training_value_usd, 6.0, 1e-12);
  EXPECT_NEAR(months[1].training_value_usd, 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(months[2].training_value_usd, 0.0);
}

// A value per run is credited whole in the month the run finishes (here the
// second), and never for a run that did not finish; a job with no stated
// value, or another job's name, earns nothing.
TEST(TrainingValueTest, ValuePerRunOnlyInTheFinishingMonth) {
  EconomicsConfig config;
  config.training_values.push_back({.job = "frontier", .usd_per_run = 5e8});
  const double horizon_s = 3 * sim::kSecondsPerMonth;
  auto months = ThreeMonths();
  EXPECT_DOUBLE_EQ(
      AddTrainingValue(config, {Job(1e12, true, 1.2 * sim::kSecondsPerMonth)},
                       horizon_s, months),
      5e8);
  EXPECT_DOUBLE_EQ(months[0].training_value_usd, 0.0);
  EXPECT_DOUBLE_EQ(months[1].training_value_usd, 5e8);
  EXPECT_DOUBLE_EQ(months[2].training_value_usd, 0.0);

  months = ThreeMonths();
  EXPECT_DOUBLE_EQ(
      AddTrainingValue(config, {Job(1e12, false, 0)}, horizon_s, months), 0.0);
  for (const auto& m : months) EXPECT_DOUBLE_EQ(m.training_value_usd, 0.0);

  training::TrainingOutcome other = Job(1e12, true, sim::kSecondsPerMonth);
  other.name = "other";
  months = ThreeMonths();
  EXPECT_DOUBLE_EQ(AddTrainingValue(config, {other}, horizon_s, months), 0.0);
}

// The value's discounting uses each month's own factor: a value per run in
// month 3 of a year at 10% is worth 1 / 1.1^(2.5/12) of itself in the NPV.
TEST(TrainingValueTest, ValuePerRunIsDiscountedByItsMonthsFactor) {
  EconomicsConfig config;
  config.discount_rate = 0.10;
  config.training_values.push_back({.job = "frontier", .usd_per_run = 1e6});
  auto months = ThreeMonths();
  EconomicsInput in;
  in.horizon_s = 3 * sim::kSecondsPerMonth;
  in.training_value_usd =
      AddTrainingValue(config, {Job(1, true, 2.5 * sim::kSecondsPerMonth)},
                       in.horizon_s, months);
  in.months = months;
  const EconomicsOutcome out = ComputeEconomics(config, in);
  EXPECT_NEAR(out.npv_usd - out.cash_npv_usd, 1e6 / std::pow(1.1, 2.5 / 12),
              1e-6);
}

}  // namespace
}  // namespace kardashev::econ
