#include "kardashev/fleet/site.h"

#include <gtest/gtest.h>

namespace kardashev::fleet {
namespace {

GroundSiteConfig Site() {
  GroundSiteConfig s;
  s.name = std::string("s");  // not = "s": GCC 12 -Wrestrict false positive
  s.power_cap_w = 100;
  s.generation_w = 30;
  s.battery_wh = 50;
  s.battery_charge_w = 20;
  s.battery_discharge_w = 40;
  s.battery_round_trip_efficiency = 0.8;
  return s;
}

// Served + charged = grid + generation + discharged: what comes in goes out.
void ExpectBalanced(const PowerFlows& f) {
  EXPECT_NEAR(f.served_w + f.charge_w,
              f.grid_w + f.generation_w + f.discharge_w, 1e-9);
  EXPECT_NEAR(f.served_w + f.unmet_w, f.demand_w, 1e-9);
}

TEST(DispatchTest, GenerationFirstThenGridThenBattery) {
  const GroundSiteConfig s = Site();
  // 80 W: 30 from generation, 50 from the grid; the battery is full.
  PowerFlows f = Dispatch(s, 80, 0, 50);
  EXPECT_DOUBLE_EQ(f.generation_w, 30);
  EXPECT_DOUBLE_EQ(f.grid_w, 50);
  EXPECT_DOUBLE_EQ(f.discharge_w, 0);
  EXPECT_DOUBLE_EQ(f.unmet_w, 0);
  ExpectBalanced(f);
  // 150 W: 30 + 100 from the grid + 20 from the battery.
  f = Dispatch(s, 150, 0, 50);
  EXPECT_DOUBLE_EQ(f.grid_w, 100);
  EXPECT_DOUBLE_EQ(f.discharge_w, 20);
  EXPECT_DOUBLE_EQ(f.unmet_w, 0);
  EXPECT_DOUBLE_EQ(f.StoredRateW(s), -20);
  ExpectBalanced(f);
  // 200 W: the battery's 40 W limit leaves 30 W unmet.
  f = Dispatch(s, 200, 0, 50);
  EXPECT_DOUBLE_EQ(f.discharge_w, 40);
  EXPECT_DOUBLE_EQ(f.unmet_w, 30);
  ExpectBalanced(f);
  // An empty battery cannot help.
  f = Dispatch(s, 200, 0, 0);
  EXPECT_DOUBLE_EQ(f.discharge_w, 0);
  EXPECT_DOUBLE_EQ(f.unmet_w, 70);
  ExpectBalanced(f);
}

TEST(DispatchTest, ChargesFromSurplusThenGridAndCurtailsTheRest) {
  GroundSiteConfig s = Site();
  s.generation_w = 60;
  // 10 W of demand leaves 50 W of generation: 20 W charges, 30 W curtailed.
  PowerFlows f = Dispatch(s, 10, 0, 25);
  EXPECT_DOUBLE_EQ(f.charge_w, 20);
  EXPECT_DOUBLE_EQ(f.curtailed_w, 30);
  EXPECT_DOUBLE_EQ(f.grid_w, 0);
  EXPECT_DOUBLE_EQ(f.StoredRateW(s), 16);  // 20 W x 80%
  ExpectBalanced(f);
  // No surplus: the battery charges from the grid (flat price: always).
  f = Dispatch(s, 90, 0, 25);
  EXPECT_DOUBLE_EQ(f.generation_w, 60);
  EXPECT_DOUBLE_EQ(f.grid_w, 30 + 20);
  EXPECT_DOUBLE_EQ(f.charge_w, 20);
  ExpectBalanced(f);
  // Grid headroom bounds the charge: 60 + 95 = 155 W leaves 5 W.
  f = Dispatch(s, 155, 0, 25);
  EXPECT_DOUBLE_EQ(f.charge_w, 5);
  ExpectBalanced(f);
}

TEST(DispatchTest, HourlyPriceDischargesWhenDearAndChargesWhenCheap) {
  GroundSiteConfig s = Site();
  s.generation_w = 0;
  s.electricity_usd_per_mwh_by_hour.assign(24, 50);
  s.electricity_usd_per_mwh_by_hour[18] = 200;  // dear evening hour
  s.electricity_usd_per_mwh_by_hour[3] = 10;    // cheap night hour
  // At 18:00 the battery serves first: 40 W of the 60 W demand.
  PowerFlows f = Dispatch(s, 60, 18, 50);
  EXPECT_DOUBLE_EQ(f.discharge_w, 40);
  EXPECT_DOUBLE_EQ(f.grid_w, 20);
  ExpectBalanced(f);
  // At 03:00 it charges from the grid; at an hour below the mean price too
  // (the mean is 56.25, so 50 is cheap); at the dear hour it does not.
  f = Dispatch(s, 60, 3, 10);
  EXPECT_DOUBLE_EQ(f.charge_w, 20);
  f = Dispatch(s, 60, 12, 10);
  EXPECT_DOUBLE_EQ(f.charge_w, 20);
  EXPECT_DOUBLE_EQ(s.PriceUsdPerMwh(18), 200);
  s.electricity_usd_per_mwh_by_hour.assign(24, 50);
  s.electricity_usd_per_mwh_by_hour[18] = 10;  // now 18:00 is cheap, 50 dear
  f = Dispatch(s, 60, 12, 10);
  EXPECT_DOUBLE_EQ(f.charge_w, 0);
  EXPECT_DOUBLE_EQ(f.discharge_w, 40);
}

TEST(DispatchTest, GenerationProfileScalesCapacityByHour) {
  GroundSiteConfig s = Site();
  s.generation_profile.assign(24, 0.0);
  s.generation_profile[12] = 0.5;
  EXPECT_DOUBLE_EQ(s.GenerationW(12), 15);
  EXPECT_DOUBLE_EQ(s.GenerationW(0), 0);
  EXPECT_TRUE(s.Hourly());
  EXPECT_DOUBLE_EQ(s.MaxSupplyW(12), 15 + 100 + 40);
}

}  // namespace
}  // namespace kardashev::fleet
