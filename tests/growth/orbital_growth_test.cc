// An orbital shell at the growth level: capacity decays without repair and
// comes back at each launch, checked against a hand calculation.
#include <gtest/gtest.h>

#include <cmath>

#include "kardashev/growth/simulate_growth.h"

namespace kardashev::growth {
namespace {

// 10 satellites of 8 GPUs a launch, 4 launch opportunities a year (one every
// 3 months exactly: 365/4 days = 3 x 365/12 days), a target of 15
// satellites, and a failure rate such that 60% of a cohort's GPUs work 3
// months after launch. Launch rule: launch when working + 80 <= 120.
//   t = 0:        0 + 80 <= 120               -> launch
//   t = 3 months: 48 + 80 = 128 > 120         -> none
//   t = 6 months: 28.8 + 80 = 108.8 <= 120    -> launch
//   t = 9 months: 17.28 + 48 + 80 = 145.3     -> none
//   t = 12 months: 10.368 + 28.8 + 80 = 119.2 -> launch
GrowthPlan ShellPlan() {
  GrowthPlan plan;
  plan.months = 14;
  plan.start_year = 2030;
  plan.discount_rate = 0;
  Generation gen;
  gen.node = "n";
  gen.node_gpus = 8;
  gen.busy_w_per_gpu = 1000;
  gen.idle_w_per_gpu = 100;
  plan.generations.push_back(gen);
  Site site;
  site.name = "shell";
  OrbitalShell o;
  o.generation = 0;
  o.target_satellites = 15;
  o.satellites_per_launch = 10;
  o.launches_per_year = 4;
  o.gpus_per_satellite = 8;
  o.failures_per_gpu_h = -std::log(0.6) / (3 * kHoursPerMonth);
  o.mission_months = 100;
  o.hardware_usd_per_satellite = 1e6;
  o.mass_kg_per_satellite = 1000;
  o.launch_usd_per_kg = 1000;
  o.launch_price_decline_per_year = 0.2;
  o.it_power_w_per_satellite = 8000;
  o.array_power_bol_w_per_satellite = 20000;
  o.array_w_needed_per_it_w = 2;
  site.orbit = o;
  plan.sites.push_back(site);
  return plan;
}

TEST(OrbitalGrowth, LosesCapacityWithoutRepairAndRegainsItAtEachLaunch) {
  const GrowthPlan plan = ShellPlan();
  const GrowthOutcome out = SimulateGrowth(plan);
  ASSERT_EQ(out.months.size(), 14u);
  const double lambda = plan.sites[0].orbit->failures_per_gpu_h;
  const auto working = [&](double months_since_launch) {
    return 80 * std::exp(-lambda * months_since_launch * kHoursPerMonth);
  };
  // Launches in months 0, 6 and 12 only.
  for (int m = 0; m < 14; ++m) {
    const int expected = (m == 0 || m == 6 || m == 12) ? 1 : 0;
    EXPECT_EQ(out.months[m].sites[0].launches, expected) << "month " << m;
  }
  // Working GPUs at the end of months 0, 2, 5 (decaying), 6 (after the
  // second launch), 11 and 12.
  const auto end = [&](int m) { return out.months[m].sites[0].working_gpus; };
  EXPECT_NEAR(end(0), working(1), 1e-9);
  EXPECT_NEAR(end(2), 48.0, 1e-6);
  EXPECT_NEAR(end(5), 28.8, 1e-6);
  EXPECT_NEAR(end(6), working(7) + working(1), 1e-9);
  EXPECT_NEAR(end(11), working(12) + working(6), 1e-9);
  EXPECT_NEAR(end(12), working(13) + working(7) + working(1), 1e-9);
  EXPECT_LT(end(5), end(0));
  EXPECT_GT(end(6), end(5));
  EXPECT_GT(end(12), end(11));
  // No repair: installed GPUs stay at the satellites launched.
  EXPECT_DOUBLE_EQ(out.months[5].sites[0].installed_gpus, 80);
  EXPECT_DOUBLE_EQ(out.months[6].sites[0].installed_gpus, 160);
  EXPECT_DOUBLE_EQ(out.months[13].sites[0].installed_gpus, 240);
  // Working GPU-hours of month 0: the integral of 80 exp(-lambda t).
  const double month0 = 80 * (1 - std::exp(-lambda * kHoursPerMonth)) / lambda;
  const SitePeriod& s0 = out.months[0].sites[0];
  EXPECT_NEAR(s0.installed_gpu_hours - s0.down_gpu_hours, month0, 1e-6);
  EXPECT_NEAR(s0.installed_gpu_hours, 80 * kHoursPerMonth, 1e-6);
  // Launch capex on the learning curve: 10 x ($1M + 1000 kg x price).
  EXPECT_NEAR(out.months[0].money.capex_orbital_usd, 10 * (1e6 + 1000 * 1000),
              1e-3);
  EXPECT_NEAR(out.months[6].money.capex_orbital_usd,
              10 * (1e6 + 1000 * 1000 * std::pow(0.8, 0.5)), 1e-3);
  EXPECT_NEAR(out.months[12].money.capex_orbital_usd,
              10 * (1e6 + 1000 * 1000 * 0.8), 1e-3);
  // Solar energy costs nothing; IT energy is drawn (idle here).
  EXPECT_DOUBLE_EQ(out.total.money.energy_cost_usd, 0);
  EXPECT_NEAR(out.months[0].energy_mwh, month0 * 100 / 1e6, 1e-9);
}

TEST(OrbitalGrowth, DegradedArraysLeaveGpusUnpowered) {
  GrowthPlan plan = ShellPlan();
  // An array that delivers exactly what the compute needs at launch, and
  // loses 10% a year: a cohort with share w of its GPUs working needs
  // 16 kW x w and gets 16 kW x 0.9^age.
  plan.sites[0].orbit->array_power_bol_w_per_satellite = 16000;
  plan.sites[0].orbit->degradation_per_year = 0.1;
  plan.sites[0].orbit->failures_per_gpu_h = 0;
  plan.sites[0].orbit->target_satellites = 10;
  const GrowthOutcome out = SimulateGrowth(plan);
  // Month 5: age at mid-month 5.5 months; powered share 0.9^(5.5/12).
  const double powered = std::pow(0.9, 5.5 / 12);
  const SitePeriod& s = out.months[5].sites[0];
  EXPECT_NEAR(s.unpowered_gpu_hours, 80 * kHoursPerMonth * (1 - powered), 1e-6);
  EXPECT_EQ(out.total.sites[0].launches, 1);
}

}  // namespace
}  // namespace kardashev::growth
