#include "kardashev/econ/economics.h"

#include <gtest/gtest.h>

#include "kardashev/sim/time.h"

namespace kardashev::econ {
namespace {

TEST(EconomicsTest, OneYearHandComputedWithoutDiscounting) {
  EconomicsConfig config;
  config.gpu_depreciation_years = 5;
  config.facility_depreciation_years = 20;
  config.discount_rate = 0;
  config.other_opex_usd_per_gpu_hour = 0.1;
  EconomicsInput in;
  in.it_capex_usd = 1000;
  in.facility_capex_usd = 400;
  in.installed_gpu_hours = 1000;
  in.energy_cost_usd = 50;
  in.revenue_usd = 500;
  in.horizon_s = sim::kSecondsPerYear;
  const auto out = ComputeEconomics(config, in);
  EXPECT_DOUBLE_EQ(out.capex_usd, 1400);
  EXPECT_DOUBLE_EQ(out.depreciation_usd, 1000 / 5.0 + 400 / 20.0);  // 220
  EXPECT_DOUBLE_EQ(out.opex_usd, 50 + 100);
  EXPECT_DOUBLE_EQ(out.profit_usd, 500 - 150 - 220);
  // Cash: depreciation is not; capex is.
  EXPECT_DOUBLE_EQ(out.operating_cash_flow_usd, 500 - 150);
  EXPECT_DOUBLE_EQ(out.cash_flow_usd, 500 - 150 - 1400);
  double ledger_cash = 0;
  for (const auto& row : out.ledger) ledger_cash += row.cash_flow_usd;
  EXPECT_NEAR(ledger_cash, out.cash_flow_usd, 1e-9);
  EXPECT_DOUBLE_EQ(out.cost_per_gpu_hour_usd, (150 + 220) / 1000.0);
  // NPV at 0%: -capex + operating cash + book value left = -1400 + 350 + 1180.
  EXPECT_NEAR(out.npv_usd, 130, 1e-9);
}

TEST(EconomicsTest, DiscountingTheTerminalBookValue) {
  EconomicsConfig config;
  config.gpu_depreciation_years = 5;
  config.discount_rate = 0.25;
  EconomicsInput in;
  in.it_capex_usd = 1000;
  in.horizon_s = sim::kSecondsPerYear;
  const auto out = ComputeEconomics(config, in);
  // No cash flow: NPV = -1000 + 800 / 1.25.
  EXPECT_NEAR(out.npv_usd, -360, 1e-9);
}

TEST(EconomicsTest, DepreciationStopsAtFullLife) {
  EconomicsConfig config;
  config.gpu_depreciation_years = 2;
  EconomicsInput in;
  in.it_capex_usd = 1000;
  in.horizon_s = 3 * sim::kSecondsPerYear;
  EXPECT_DOUBLE_EQ(ComputeEconomics(config, in).depreciation_usd, 1000);
}

}  // namespace
}  // namespace kardashev::econ
