#include "kardashev/fleet/orbital_deployment.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "kardashev/fleet/orbital.h"
#include "kardashev/sim/time.h"

namespace kardashev::fleet {

namespace {

constexpr double kHour = 3600.0;

struct Cohort {
  double launch_s = 0;
  double satellites = 0;
};

}  // namespace

double SlantRangeM(double altitude_m, double elevation_deg) {
  const double e = elevation_deg * std::numbers::pi / 180.0;
  const double r = kEarthRadiusM;
  const double a = r + altitude_m;
  return std::sqrt(a * a - std::pow(r * std::cos(e), 2)) - r * std::sin(e);
}

ShellDeployment SimulateShellDeployment(const ShellDeploymentConfig& c) {
  ShellDeployment out;
  const double lambda_per_s = c.failures_per_gpu_hour / kHour;
  const double life_s = c.mission_years * sim::kSecondsPerYear;
  const double interval_s = sim::kSecondsPerYear / c.launches_per_year;
  const double target_gpus = c.target_satellites * c.gpus_per_satellite;
  // A shell smaller than one launch goes up in one.
  const double per_launch =
      std::min(c.satellites_per_launch, c.target_satellites);
  const double launch_gpus = per_launch * c.gpus_per_satellite;
  std::vector<Cohort> cohorts;

  // Expected working GPUs of a cohort at time t, and its GPU-hours over
  // [a, b).
  const auto working = [&](const Cohort& k, double t) {
    const double age = t - k.launch_s;
    if (age < 0 || age >= life_s) return 0.0;
    return k.satellites * c.gpus_per_satellite * std::exp(-lambda_per_s * age);
  };
  const auto gpu_hours = [&](const Cohort& k, double a, double b) {
    a = std::max(a - k.launch_s, 0.0);
    b = std::min(b - k.launch_s, life_s);
    if (b <= a) return 0.0;
    const double n = k.satellites * c.gpus_per_satellite;
    if (lambda_per_s <= 0) return n * (b - a) / kHour;
    return n * (std::exp(-lambda_per_s * a) - std::exp(-lambda_per_s * b)) /
           lambda_per_s / kHour;
  };
  const auto total_working = [&](double t) {
    double sum = 0;
    for (const auto& k : cohorts) sum += working(k, t);
    return sum;
  };
  const auto in_orbit = [&](double t) {
    double sum = 0;
    for (const auto& k : cohorts) {
      if (t >= k.launch_s && t - k.launch_s < life_s) sum += k.satellites;
    }
    return sum;
  };
  const double decline = 1.0 - c.launch_price_decline_per_year;
  const auto price_at = [&](double t) {
    return c.launch_usd_per_kg * std::pow(decline, t / sim::kSecondsPerYear);
  };

  // Walk the launch opportunities; between them, account month ends.
  const double month_s = sim::kSecondsPerMonth;
  double next_month_s = month_s;
  double last_s = 0;
  for (double t = 0; t < c.horizon_s; t += interval_s) {
    // Months ending before this opportunity.
    while (next_month_s <= t && next_month_s <= c.horizon_s) {
      out.months.push_back(ShellMonth{next_month_s, in_orbit(next_month_s),
                                      total_working(next_month_s),
                                      out.launches});
      next_month_s += month_s;
    }
    for (const auto& k : cohorts) out.gpu_hours += gpu_hours(k, last_s, t);
    last_s = t;
    if (total_working(t) + launch_gpus <= target_gpus * (1 + 1e-9)) {
      cohorts.push_back(Cohort{t, per_launch});
      ++out.launches;
      out.satellites_launched += per_launch;
      out.launch_spend_usd +=
          price_at(t) * c.mass_kg_per_satellite * per_launch;
      out.hardware_spend_usd += c.hardware_usd_per_satellite * per_launch;
      if (out.build_time_s < 0 &&
          total_working(t) + launch_gpus > target_gpus * (1 + 1e-9)) {
        out.build_time_s = t;  // no room for another launch: built
      }
    }
  }
  for (const auto& k : cohorts)
    out.gpu_hours += gpu_hours(k, last_s, c.horizon_s);
  while (next_month_s <= c.horizon_s * (1 + 1e-12)) {
    const double t = std::min(next_month_s, c.horizon_s);
    out.months.push_back(
        ShellMonth{t, in_orbit(t), total_working(t), out.launches});
    next_month_s += month_s;
  }
  out.mean_working_gpus = out.gpu_hours / (c.horizon_s / kHour);
  out.working_gpus_end = total_working(c.horizon_s * (1 - 1e-12));
  out.launch_usd_per_kg_end = price_at(c.horizon_s);
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
