// Building and keeping an orbital shell over time: launches at a cadence,
// satellites whose GPUs fail without repair (radiation raises the rate), and
// satellites that deorbit at the end of their mission. Pure functions.
//
// Policy: launch opportunities come at a fixed cadence from time zero. Each
// one is used when the shell's expected working GPUs fall at least one
// launch's worth short of the target, so launches build the shell and then
// replace what failed or deorbited. A launch carries the whole satellites that
// fit its payload. The launch price falls by a fixed share a year (learning
// curve); 0 keeps it flat.
//
// Capacity is the expectation of the failure process: a satellite launched at
// t0 has gpus * exp(-lambda (t - t0)) working GPUs until it deorbits, and
// GPU-hours are its exact integral. (Each GPU fails independently at rate
// lambda, so this is the mean of what an event simulation would draw.)
//
// The ground link: a satellite talks to a ground station above a minimum
// elevation, at distance up to the slant range
//   d = sqrt((R + h)^2 - (R cos e)^2) - R sin e,
// so each request waits d / c up and d / c down before its first token; the
// link's bandwidth caps the tokens a satellite can take in or send out.
#ifndef KARDASHEV_FLEET_ORBITAL_DEPLOYMENT_H_
#define KARDASHEV_FLEET_ORBITAL_DEPLOYMENT_H_

#include <vector>

namespace kardashev::fleet {

inline constexpr double kSpeedOfLightMPerS = 299'792'458.0;

// Distance from a station at elevation `elevation_deg` to a satellite at
// `altitude_m`.
double SlantRangeM(double altitude_m, double elevation_deg);

// The launch price per kg `t_s` seconds after the learning curve's start:
// it falls by `decline_per_year` a year. The one rule for launch prices, at
// the event level and the growth level alike.
double LaunchUsdPerKgAt(double launch_usd_per_kg, double decline_per_year,
                        double t_s);

struct ShellDeploymentConfig {
  double target_satellites = 0;
  double satellites_per_launch = 0;  // whole satellites, >= 1
  double launches_per_year = 0;      // launch opportunities
  int gpus_per_satellite = 0;
  double failures_per_gpu_hour = 0;  // permanent
  double mission_years = 0;          // a satellite deorbits after this
  double mass_kg_per_satellite = 0;
  double hardware_usd_per_satellite = 0;
  double launch_usd_per_kg = 0;  // at time zero
  double launch_price_decline_per_year = 0;
  double horizon_s = 0;
};

struct ShellMonth {
  double end_s = 0;
  double satellites = 0;    // in orbit at the end of the month
  double working_gpus = 0;  // expected, at the end of the month
  int launches = 0;         // cumulative
};

struct ShellDeployment {
  int launches = 0;
  double satellites_launched = 0;
  double launch_spend_usd = 0;
  double hardware_spend_usd = 0;
  double gpu_hours = 0;          // delivered over the horizon
  double mean_working_gpus = 0;  // over the horizon
  double working_gpus_end = 0;
  double build_time_s = -1;  // first time the shell held its target; -1: never
  double launch_usd_per_kg_end = 0;
  // Launches a year that hold a built shell at its target: failures plus
  // deorbits, in launches' worth of GPUs.
  double steady_launches_per_year = 0;
  std::vector<ShellMonth> months;
};

// REQUIRES: positive satellites_per_launch, launches_per_year, horizon_s and
// mission_years.
ShellDeployment SimulateShellDeployment(const ShellDeploymentConfig& config);

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_ORBITAL_DEPLOYMENT_H_
