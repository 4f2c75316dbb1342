#include "kardashev/fleet/site_energy.h"

#include <gtest/gtest.h>

namespace kardashev::fleet {
namespace {

// A 100 kW grid and a 10 kWh battery that can deliver 50 kW, at a flat price.
GroundSiteConfig Site() {
  GroundSiteConfig s;
  s.name = "dc";
  s.power_cap_w = 100e3;
  s.pue = 1;
  s.electricity_usd_per_mwh = 50;
  s.battery_wh = 10e3;
  s.battery_discharge_w = 50e3;
  s.battery_charge_w = 20e3;
  s.battery_round_trip_efficiency = 0.8;
  return s;
}

// 120 kW of working nodes for one hour: the grid gives its 100 kW and the
// battery the other 20 kW until it is empty after 0.5 h; then 20 kW are shed,
// a sixth of the work, for 0.5 h.
TEST(SiteEnergyTest, ABatteryBridgesTheGridCapUntilEmptyThenWorkIsShed) {
  const GroundSiteConfig site = Site();
  double stored_wh = 10e3;
  SiteEnergyTotals t;
  const SiteInterval in = IntegrateSiteEnergy(
      site, {.idle_it_w = 0, .work_it_w = 120e3}, 0, 1.0, stored_wh, t);
  ASSERT_EQ(in.pieces, 2);
  EXPECT_NEAR(in.piece[0].served_mwh, 0.060, 1e-12);
  EXPECT_NEAR(in.piece[0].grid_mwh, 0.050, 1e-12);
  EXPECT_NEAR(in.piece[1].served_mwh, 0.050, 1e-12);
  EXPECT_NEAR(in.throttle_h, 0.5 / 6, 1e-12);
  EXPECT_NEAR(stored_wh, 0, 1e-9);
  EXPECT_NEAR(t.energy_mwh, 0.110, 1e-12);
  EXPECT_NEAR(t.grid_mwh, 0.100, 1e-12);
  EXPECT_NEAR(t.battery_discharged_mwh, 0.010, 1e-12);
  EXPECT_NEAR(t.unmet_mwh, 0.010, 1e-12);
  EXPECT_NEAR(t.power_capped_hours, 0.5, 1e-12);
  EXPECT_NEAR(t.peak_power_mw, 0.120, 1e-12);
  EXPECT_NEAR(t.peak_drawn_mw, 0.120, 1e-12);
  EXPECT_NEAR(t.energy_cost_usd, 0.100 * 50, 1e-9);
}

// Idle nodes are shed before working ones: 30 kW idle and 90 kW working
// against a 100 kW grid and no battery shed 20 kW, all of it idle.
TEST(SiteEnergyTest, IdleNodesAreShedFirst) {
  GroundSiteConfig site = Site();
  site.battery_wh = 0;
  double stored_wh = 0;
  SiteEnergyTotals t;
  const SiteInterval in = IntegrateSiteEnergy(
      site, {.idle_it_w = 30e3, .work_it_w = 90e3}, 0, 2.0, stored_wh, t);
  EXPECT_EQ(in.pieces, 1);
  EXPECT_EQ(in.throttle_h, 0);
  EXPECT_NEAR(t.unmet_mwh, 0.040, 1e-12);
  EXPECT_NEAR(t.power_capped_hours, 2, 1e-12);
}

// 50 kW against a 100 kW grid: the half-full battery charges at 20 kW from the
// grid's headroom, storing 16 kW (80%), and is full after 5 kWh / 16 kW =
// 0.3125 h; the grid then serves the 50 kW alone.
TEST(SiteEnergyTest, ABatteryChargesFromTheGridUntilFull) {
  const GroundSiteConfig site = Site();
  double stored_wh = 5e3;
  SiteEnergyTotals t;
  const SiteInterval in = IntegrateSiteEnergy(
      site, {.idle_it_w = 0, .work_it_w = 50e3}, 0, 1.0, stored_wh, t);
  EXPECT_EQ(in.pieces, 2);
  EXPECT_NEAR(stored_wh, 10e3, 1e-9);
  EXPECT_NEAR(t.battery_charged_mwh, 0.020 * 0.3125, 1e-12);
  EXPECT_NEAR(t.grid_mwh, 0.070 * 0.3125 + 0.050 * 0.6875, 1e-12);
  EXPECT_NEAR(t.energy_mwh, 0.050, 1e-12);
  // Energy in = energy out + stored: grid = served + charged.
  EXPECT_NEAR(t.grid_mwh, t.energy_mwh + t.battery_charged_mwh, 1e-12);
  EXPECT_EQ(in.throttle_h, 0);
}

}  // namespace
}  // namespace kardashev::fleet
