// The monthly ledger: its columns sum to the run's totals, whether the money
// comes from a lease with SLA credits, a service, or energy at the site.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/econ/economics.h"
#include "kardashev/run.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/sim/time.h"

namespace kardashev {
namespace {

const std::string kSource = KARDASHEV_SOURCE_DIR;

TEST(LedgerTest, ColumnsSumToTheTotals) {
  econ::EconomicsConfig config;
  config.other_opex_usd_per_gpu_hour = 0.5;
  config.discount_rate = 0.08;
  econ::EconomicsInput in;
  in.it_capex_usd = 1200;
  in.facility_capex_usd = 300;
  in.installed_gpu_hours = 2000;
  in.energy_cost_usd = 90;
  in.revenue_usd = 2400;
  in.horizon_s = 1.5 * sim::kSecondsPerYear;  // 18 months
  const auto out = econ::ComputeEconomics(config, in);
  ASSERT_EQ(out.ledger.size(), 18u);
  double revenue = 0, energy = 0, other = 0, depreciation = 0, cash = 0,
         discounted = 0;
  for (const auto& m : out.ledger) {
    revenue += m.revenue_usd - m.sla_credit_usd;
    energy += m.energy_cost_usd;
    other += m.other_opex_usd;
    depreciation += m.depreciation_usd;
    cash += m.cash_flow_usd;
    discounted += m.discounted_cash_usd;
  }
  EXPECT_NEAR(revenue, out.revenue_usd, 1e-9);
  EXPECT_NEAR(energy + other, out.opex_usd, 1e-9);
  EXPECT_NEAR(other, 1000, 1e-9);
  EXPECT_NEAR(depreciation, out.depreciation_usd, 1e-9);
  EXPECT_NEAR(depreciation, 1200 * 1.5 / 5 + 300 * 1.5 / 20, 1e-9);
  EXPECT_NEAR(cash, out.revenue_usd - out.opex_usd - out.capex_usd, 1e-9);
  EXPECT_NEAR(out.ledger.back().cumulative_cash_usd, cash, 1e-9);
  EXPECT_DOUBLE_EQ(out.ledger.front().capex_usd, 1500);
  EXPECT_NEAR(discounted + out.terminal_value_usd / std::pow(1.08, 1.5),
              out.npv_usd, 1e-9);
  // Discounting makes each month's operating cash worth less than the last.
  EXPECT_LT(out.ledger[5].discounted_cash_usd,
            out.ledger[4].discounted_cash_usd);
}

// colossus1 on its first power supply pays SLA credits in the months the
// lease runs short; serve-own earns by the token. Either way the ledger's
// months add up to the year's revenue, credits and energy bill.
TEST(LedgerTest, MonthsOfASimulatedYearAddUp) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const auto variants = scenario::LoadScenario(
      kSource + "/scenarios/colossus1.toml", {}, catalog);
  int checked = 0;
  for (const auto& s : variants) {
    if (s.variant != "lease-2024-power" && s.variant != "serve-own") continue;
    SCOPED_TRACE(s.variant);
    RunOptions options;
    options.timeseries = false;
    const auto r = kardashev::Run(s, options);
    const auto& e = r.economics;
    ASSERT_EQ(e.ledger.size(), 12u);
    double revenue = 0, credits = 0, energy = 0, cash = 0;
    for (const auto& m : e.ledger) {
      revenue += m.revenue_usd;
      credits += m.sla_credit_usd;
      energy += m.energy_cost_usd;
      cash += m.cash_flow_usd;
    }
    double billed = 0, penalties = 0, site_energy = 0;
    for (const auto& l : r.leases) {
      billed += l.revenue_usd;
      penalties += l.sla_penalty_usd;
    }
    for (const auto& v : r.services) billed += v.revenue_usd;
    for (const auto& site : r.sites) site_energy += site.energy_cost_usd;
    EXPECT_NEAR(revenue, billed, 1e-6 * billed);
    EXPECT_NEAR(credits, penalties, 1e-6 * (1 + penalties));
    EXPECT_NEAR(revenue - credits, e.revenue_usd, 1e-6 * billed);
    EXPECT_NEAR(energy, site_energy, 1e-6 * site_energy);
    EXPECT_NEAR(cash, e.revenue_usd - e.opex_usd - e.capex_usd,
                1e-6 * e.capex_usd);
    if (s.variant == "lease-2024-power") {
      EXPECT_GT(credits, 0);
    } else {
      EXPECT_GT(revenue, 0);
      EXPECT_TRUE(r.leases.empty());
    }
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

}  // namespace
}  // namespace kardashev
