#include "kardashev/fleet/orbital_deployment.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "kardashev/fleet/orbital.h"
#include "kardashev/sim/time.h"

namespace kardashev::fleet {

namespace {

struct Cohort {
  double launch_s = 0;
  double satellites = 0;
};

// The cohorts launched so far, each decaying as its GPUs fail without repair
// and deorbiting whole at the end of its mission life.
class Cohorts {
 public:
  explicit Cohorts(const ShellDeploymentConfig& c)
      : gpus_per_satellite_(c.gpus_per_satellite),
        lambda_per_s_(c.failures_per_gpu_hour / sim::kSecondsPerHour),
        life_s_(c.mission_years * sim::kSecondsPerYear) {}

  void Launch(double t, double satellites) {
    cohorts_.push_back(Cohort{t, satellites});
  }

  // Expected working GPUs at time t.
  double Working(double t) const {
    double sum = 0;
    for (const auto& k : cohorts_) sum += Working(k, t);
    return sum;
  }

  // Satellites in orbit at time t.
  double InOrbit(double t) const {
    double sum = 0;
    for (const auto& k : cohorts_) {
      if (t >= k.launch_s && t - k.launch_s < life_s_) sum += k.satellites;
    }
    return sum;
  }

  // Adds each cohort's GPU-hours over [a, b) to `total`, cohort by cohort.
  void AddGpuHours(double a, double b, double& total) const {
    for (const auto& k : cohorts_) total += GpuHours(k, a, b);
  }

 private:
  double Working(const Cohort& k, double t) const {
    const double age = t - k.launch_s;
    if (age < 0 || age >= life_s_) return 0.0;
    return k.satellites * gpus_per_satellite_ * std::exp(-lambda_per_s_ * age);
  }

  double GpuHours(const Cohort& k, double a, double b) const {
    a = std::max(a - k.launch_s, 0.0);
    b = std::min(b - k.launch_s, life_s_);
    if (b <= a) return 0.0;
    const double n = k.satellites * gpus_per_satellite_;
    if (lambda_per_s_ <= 0) return n * (b - a) / sim::kSecondsPerHour;
    return n * (std::exp(-lambda_per_s_ * a) - std::exp(-lambda_per_s_ * b)) /
           lambda_per_s_ / sim::kSecondsPerHour;
  }

  double gpus_per_satellite_;
  double lambda_per_s_;
  double life_s_;
  std::vector<Cohort> cohorts_;
};

// The launch price at time t on the learning curve.
double LaunchPriceAt(const ShellDeploymentConfig& c, double t) {
  const double decline = 1.0 - c.launch_price_decline_per_year;
  return c.launch_usd_per_kg * std::pow(decline, t / sim::kSecondsPerYear);
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
  Cohorts cohorts(c);
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
    cohorts.AddGpuHours(last_s, t, out.gpu_hours);
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
  cohorts.AddGpuHours(last_s, c.horizon_s, out.gpu_hours);
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
