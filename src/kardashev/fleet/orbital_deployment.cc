#include "kardashev/fleet/orbital_deployment.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "kardashev/fleet/orbital.h"
#include "kardashev/fleet/satellite_cohorts.h"
#include "kardashev/sim/time.h"

namespace kardashev::fleet {

double LaunchUsdPerKgAt(double launch_usd_per_kg, double decline_per_year,
                        double t_s) {
  return launch_usd_per_kg *
         std::pow(1.0 - decline_per_year, t_s / sim::kSecondsPerYear);
}

namespace {

// The launch price at time t on the learning curve.
double LaunchPriceAt(const ShellDeploymentConfig& c, double t) {
  return LaunchUsdPerKgAt(c.launch_usd_per_kg, c.launch_price_decline_per_year,
                          t);
}

}  // namespace

double SlantRangeM(double altitude_m, double elevation_deg) {
  const double e = elevation_deg * std::numbers::pi / 180.0;
  const double r = kEarthRadiusM;
  const double a = r + altitude_m;
  return std::sqrt(a * a - std::pow(r * std::cos(e), 2)) - r * std::sin(e);
}

ShellDeployment SimulateShellDeployment(const ShellDeploymentConfig& c) {
  ShellDeployment out;
  const double interval_s = sim::kSecondsPerYear / c.launches_per_year;
  const double target_gpus = c.target_satellites * c.gpus_per_satellite;
  // A shell smaller than one launch goes up in one.
  const double per_launch =
      std::min(c.satellites_per_launch, c.target_satellites);
  const double launch_gpus = per_launch * c.gpus_per_satellite;
  SatelliteCohorts cohorts(c.gpus_per_satellite, c.failures_per_gpu_hour,
                           c.mission_years * sim::kSecondsPerYear);
  const auto close_month = [&](double t) {
    out.months.push_back(
        ShellMonth{t, cohorts.InOrbit(t), cohorts.Working(t), out.launches});
  };

  // Walk the launch opportunities; between them, account month ends.
  const double month_s = sim::kSecondsPerMonth;
  double next_month_s = month_s;
  double last_s = 0;
  for (double t = 0; t < c.horizon_s; t += interval_s) {
    // Months ending before this opportunity.
    while (next_month_s <= t && next_month_s <= c.horizon_s) {
      close_month(next_month_s);
      next_month_s += month_s;
    }
    for (const auto& k : cohorts.cohorts()) {
      out.gpu_hours += cohorts.WorkingGpuHours(k, last_s, t);
    }
    last_s = t;
    if (cohorts.Working(t) + launch_gpus <= target_gpus * (1 + 1e-9)) {
      cohorts.Launch(t, per_launch);
      ++out.launches;
      out.satellites_launched += per_launch;
      out.launch_spend_usd +=
          LaunchPriceAt(c, t) * c.mass_kg_per_satellite * per_launch;
      out.hardware_spend_usd += c.hardware_usd_per_satellite * per_launch;
      if (out.build_time_s < 0 &&
          cohorts.Working(t) + launch_gpus > target_gpus * (1 + 1e-9)) {
        out.build_time_s = t;  // no room for another launch: built
      }
    }
  }
  for (const auto& k : cohorts.cohorts()) {
    out.gpu_hours += cohorts.WorkingGpuHours(k, last_s, c.horizon_s);
  }
  while (next_month_s <= c.horizon_s * (1 + 1e-12)) {
    close_month(std::min(next_month_s, c.horizon_s));
    next_month_s += month_s;
  }
  out.mean_working_gpus = out.gpu_hours / (c.horizon_s / sim::kSecondsPerHour);
  out.working_gpus_end = cohorts.Working(c.horizon_s * (1 - 1e-12));
  out.launch_usd_per_kg_end = LaunchPriceAt(c, c.horizon_s);
  // At steady state a shell of N working GPUs loses N lambda GPUs an hour to
  // failures and N / life to deorbits (a first-order estimate: a deorbiting
  // satellite has lost some GPUs already).
  const double lost_per_year =
      target_gpus *
      (c.failures_per_gpu_hour * sim::kHoursPerYear + 1.0 / c.mission_years);
  out.steady_launches_per_year =
      launch_gpus > 0 ? lost_per_year / launch_gpus : 0;
  return out;
}

}  // namespace kardashev::fleet
