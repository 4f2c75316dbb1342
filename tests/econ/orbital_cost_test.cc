#include "kardashev/econ/orbital_cost.h"

#include <gtest/gtest.h>

namespace kardashev::econ {
namespace {

TEST(OrbitalCostTest, HandComputedCostsAndBreakEven) {
  OrbitalCostInput orbit;
  orbit.hardware_usd = 1e6;
  orbit.mass_kg = 2000;
  orbit.launch_usd_per_kg = 500;
  orbit.gpu_hours_delivered = 500000;
  // (1e6 + 500 * 2000) / 5e5 = $4 per GPU-hour.
  EXPECT_DOUBLE_EQ(OrbitalCostPerGpuHour(orbit), 4.0);
  // Against a ground cost of $3: (3 * 5e5 - 1e6) / 2000 = $250 per kg; and at
  // that price the two are equal.
  const double p = BreakEvenLaunchUsdPerKg(orbit, 3.0).value();
  EXPECT_DOUBLE_EQ(p, 250.0);
  orbit.launch_usd_per_kg = p;
  EXPECT_DOUBLE_EQ(OrbitalCostPerGpuHour(orbit), 3.0);
  // When the hardware alone costs more than the ground, no launch price is low
  // enough: there is no break-even price, rather than a negative one.
  EXPECT_FALSE(BreakEvenLaunchUsdPerKg(orbit, 1.0).has_value());
  // Exactly at a free launch the two meet: a price of 0 is a price.
  EXPECT_DOUBLE_EQ(BreakEvenLaunchUsdPerKg(orbit, 2.0).value(), 0.0);
  orbit.mass_kg = 0;  // no mass: no price to find
  EXPECT_FALSE(BreakEvenLaunchUsdPerKg(orbit, 3.0).has_value());
}

TEST(OrbitalCostTest, GroundCostByHand) {
  GroundCostInput g;
  g.hardware_usd_per_gpu = 43800;  // $1 per hour over 5 years
  g.it_power_w_per_gpu = 1000;
  g.pue = 1.0;
  g.electricity_usd_per_mwh = 100;  // 1 kW: $0.10 per hour
  g.facility_capex_usd_per_mw =
      8.76e6;  // $8,760 per GPU over 20 years: $0.05 per hour in 5
  g.facility_life_years = 20;
  g.life_years = 5;
  g.availability = 1;
  EXPECT_NEAR(GroundCostPerGpuHour(g), 1.0 + 0.1 + 0.05, 1e-12);
  g.availability = 0.5;  // half the GPU-hours: twice the cost of each
  EXPECT_NEAR(GroundCostPerGpuHour(g), 2 * 1.15, 1e-12);
}

}  // namespace
}  // namespace kardashev::econ
