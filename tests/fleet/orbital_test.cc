#include "kardashev/fleet/orbital.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kardashev::fleet {
namespace {

// Hand calculations with R = 6,371 km.
TEST(OrbitalTest, EclipseFractionForTwoOrbits) {
  // 550 km with the Sun in the orbit plane (beta 0): acos(sqrt(550^2 +
  // 2*6371*550) / 6921) / pi = acos(2703.81 / 6921) / pi = acos(0.390668) / pi
  // = 0.372244.
  EXPECT_NEAR(EclipseFraction(550e3, 0), 0.372244, 1e-5);
  // 550 km at beta 53 degrees (a 53-degree shell when the Sun sits at the
  // inclination): acos(0.390668 / cos 53) / pi = acos(0.649149) / pi =
  // 0.275125; about a third on average.
  EXPECT_NEAR(EclipseFraction(550e3, 53), 0.275125, 1e-5);
  // A dawn-dusk sun-synchronous orbit at 650 km (figures.csv G01) keeps beta
  // near 90 degrees, beyond asin(6371 / 7021) = 65.1 degrees: no eclipse.
  EXPECT_EQ(EclipseFraction(650e3, 85), 0);
  EXPECT_EQ(EclipseFraction(650e3, 66), 0);
  EXPECT_GT(EclipseFraction(650e3, 64), 0);
}

TEST(OrbitalTest, PeriodByKeplersThirdLaw) {
  // 550 km: 2 pi sqrt(6921e3^3 / 3.986004418e14) = 5,730 s (95.5 min).
  EXPECT_NEAR(OrbitalPeriodS(550e3), 5730.2, 1.0);
}

// figures.csv G18: one side at emissivity 0.9 into a 3 K sink rejects 413 W/m2
// at 300 K, so 1 MW needs 2,419 m2; at 350 K it rejects 765.6 W/m2: 1,306 m2.
TEST(OrbitalTest, RadiatorAreaForOneMegawatt) {
  EXPECT_NEAR(RadiatorAreaM2(1e6, 0.9, 300, 3, 1),
              1e6 / (0.9 * 5.670374419e-8 * (8.1e9 - 81)), 1e-6);
  EXPECT_NEAR(RadiatorAreaM2(1e6, 0.9, 300, 3, 1), 2419, 1);
  EXPECT_NEAR(RadiatorAreaM2(1e6, 0.9, 350, 3, 1), 1306, 1);
  EXPECT_NEAR(RadiatorAreaM2(1e6, 0.9, 350, 3, 2), 653, 1);
}

// A 1 MW load with no eclipse and no degradation: 1e6 / (1360.8 * 0.3 * 0.9) =
// 2,721.7 m2.
TEST(OrbitalTest, SolarArrayAreaForOneMegawatt) {
  OrbitalSatelliteConfig c;
  c.altitude_m = 650e3;
  c.beta_deg = 90;
  c.it_power_w = 1e6;
  c.cell_efficiency = 0.3;
  c.packing_factor = 0.9;
  c.battery_depth_of_discharge = 0.8;
  c.battery_round_trip_efficiency = 0.9;
  c.battery_wh_per_kg = 200;
  c.emissivity = 0.9;
  c.radiator_k = 300;
  c.sink_k = 3;
  const OrbitalSatelliteDesign d = DesignSatellite(c);
  EXPECT_NEAR(d.array_area_m2, 2721.7, 0.5);
  EXPECT_EQ(d.battery_wh, 0);
  // In a 550 km, beta-0 orbit the array also recharges the battery: x (1 + f /
  // ((1-f) 0.9)).
  c.altitude_m = 550e3;
  c.beta_deg = 0;
  const OrbitalSatelliteDesign e = DesignSatellite(c);
  const double f = EclipseFraction(550e3, 0);
  EXPECT_NEAR(e.array_area_m2, 2721.7 * (1 + f / ((1 - f) * 0.9)), 1);
  EXPECT_NEAR(e.battery_wh, 1e6 * f * OrbitalPeriodS(550e3) / 3600 / 0.8, 1);
}

TEST(OrbitalTest, DeliveredGpuHoursDecayWithoutRepair) {
  EXPECT_DOUBLE_EQ(DeliveredGpuHours(1000, 0, 1), 1000 * 8760.0);
  // lambda = 1e-4 per hour over 5 years: 1000 * (1 - e^-4.38) / 1e-4.
  EXPECT_NEAR(DeliveredGpuHours(1000, 1e-4, 5),
              1000 * (1 - std::exp(-4.38)) / 1e-4, 1e-6);
}

}  // namespace
}  // namespace kardashev::fleet
