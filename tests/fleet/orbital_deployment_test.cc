#include "kardashev/fleet/orbital_deployment.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kardashev/fleet/orbital.h"

namespace kardashev::fleet {
namespace {

constexpr double kYear = 365.0 * 86400.0;

ShellDeploymentConfig Shell() {
  ShellDeploymentConfig c;
  c.target_satellites = 100;
  c.satellites_per_launch = 10;
  c.launches_per_year = 12;  // one a month
  c.gpus_per_satellite = 80;
  c.mission_years = 5;
  c.mass_kg_per_satellite = 1000;
  c.hardware_usd_per_satellite = 1e6;
  c.launch_usd_per_kg = 1000;
  c.horizon_s = 2 * kYear;
  return c;
}

// Without failures the shell grows by 10 satellites a month for 10 months and
// then stays whole: GPU-hours are 800 GPUs x sum over launches of the time
// each has been up.
TEST(ShellDeploymentTest, WithoutFailuresTenMonthlyLaunchesBuildIt) {
  const auto d = SimulateShellDeployment(Shell());
  const double month_s = kYear / 12;
  EXPECT_EQ(d.launches, 10);
  EXPECT_NEAR(d.build_time_s, 9 * month_s, 1e-6);
  double up_s = 0;
  for (int k = 0; k < 10; ++k) up_s += 2 * kYear - k * month_s;
  EXPECT_NEAR(d.gpu_hours, 800 * up_s / 3600, 1e-6 * d.gpu_hours);
  EXPECT_NEAR(d.working_gpus_end, 8000, 1e-6);
  EXPECT_NEAR(d.launch_spend_usd, 10 * 10 * 1000 * 1000.0, 1e-3);
  EXPECT_NEAR(d.hardware_spend_usd, 100 * 1e6, 1e-3);
  ASSERT_EQ(d.months.size(), 24u);
  // A month's row is the state at its end, before a launch at that instant.
  EXPECT_EQ(d.months[0].launches, 1);
  EXPECT_NEAR(d.months[23].working_gpus, 8000, 1e-6);
  EXPECT_NEAR(d.months[4].satellites, 50, 1e-9);
}

// Failures: each satellite's GPUs decay as exp(-lambda t), and later launches
// replace a launch's worth whenever that much has failed. Over a long mission
// the launch count approaches the steady rate, N lambda (in GPUs a year) over
// the GPUs of a launch, plus the build.
TEST(ShellDeploymentTest, FailedCapacityIsReplacedAtTheSteadyRate) {
  auto c = Shell();
  c.failures_per_gpu_hour = 2e-5;  // 16% of GPUs a year
  c.mission_years = 100;           // no deorbits within the horizon
  c.launches_per_year = 365;
  c.horizon_s = 10 * kYear;
  const auto d = SimulateShellDeployment(c);
  const double steady =
      8000 * 2e-5 * 8760 /
      800;  // 1.752 launches a year
            // Plus deorbits: 8,000 GPUs / 100 years / 800 per launch.
  EXPECT_NEAR(d.steady_launches_per_year, steady + 8000.0 / 100 / 800, 1e-9);
  const double replacements = d.launches - 10;
  EXPECT_NEAR(replacements / 10, steady, 0.1 * steady);
  // The shell never exceeds its target and never falls a launch below it once
  // built (launches come daily).
  for (const auto& m : d.months) {
    EXPECT_LE(m.working_gpus, 8000 * (1 + 1e-9));
    if (m.end_s > d.build_time_s + 86400) {
      EXPECT_GT(m.working_gpus, 8000 - 800 - 1);
    }
  }
}

TEST(ShellDeploymentTest, SatellitesDeorbitAtTheEndOfTheMission) {
  auto c = Shell();
  c.mission_years = 1;
  c.horizon_s = 1.5 * kYear;
  const auto d = SimulateShellDeployment(c);
  // The first launches deorbit after a year and are replaced as they go.
  EXPECT_GT(d.launches, 10);
  EXPECT_NEAR(d.working_gpus_end, 8000, 800);
}

TEST(ShellDeploymentTest, LaunchPriceFallsOnItsLearningCurve) {
  auto c = Shell();
  c.launch_price_decline_per_year = 0.5;
  const auto d = SimulateShellDeployment(c);
  EXPECT_NEAR(d.launch_usd_per_kg_end, 250, 1e-9);  // two years: 1,000 / 4
  double expected = 0;
  for (int k = 0; k < 10; ++k) {
    expected += 1e7 * 1000 * std::pow(0.5, k / 12.0) / 1000;
  }
  EXPECT_NEAR(d.launch_spend_usd, expected, 1e-6 * expected);
}

// Slant range: at the zenith it is the altitude; at 25 degrees above a 550 km
// shell, sqrt((R + h)^2 - (R cos 25)^2) - R sin 25 = 1,123.4 km by hand.
TEST(GroundLinkTest, SlantRangeAtZenithAndAtTwentyFiveDegrees) {
  EXPECT_NEAR(SlantRangeM(550e3, 90), 550e3, 1e-6);
  const double r = kEarthRadiusM;
  const double e = 25 * M_PI / 180;
  const double by_hand =
      std::sqrt(std::pow(r + 550e3, 2) - std::pow(r * std::cos(e), 2)) -
      r * std::sin(e);
  EXPECT_NEAR(SlantRangeM(550e3, 25), by_hand, 1e-6);
  EXPECT_NEAR(SlantRangeM(550e3, 25), 1123.4e3, 0.5e3);
  // Up and down at the longest range: 7.5 ms.
  EXPECT_NEAR(2 * SlantRangeM(550e3, 25) / kSpeedOfLightMPerS, 7.49e-3,
              0.01e-3);
}

}  // namespace
}  // namespace kardashev::fleet
