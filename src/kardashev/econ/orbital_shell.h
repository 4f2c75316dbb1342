// An orbital shell priced against the ground: a shell of identical satellites
// carrying GPU nodes (fleet/orbital.h designs one), what each launch carries,
// what the shell costs per GPU-hour delivered without repair, what a ground
// site running the same nodes costs, the launch price at which the two meet,
// the shell built and kept over its mission (fleet/orbital_deployment.h), and
// what its ground link adds to a request. A pure function of plain inputs: the
// same inputs give the same outcome.
#ifndef KARDASHEV_ECON_ORBITAL_SHELL_H_
#define KARDASHEV_ECON_ORBITAL_SHELL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/fleet/orbital.h"
#include "kardashev/fleet/orbital_deployment.h"

namespace kardashev::econ {

// A shell as a scenario's [[orbital]] entry describes it.
struct OrbitalShellSpec {
  std::string name;
  fleet::OrbitalSatelliteConfig
      satellite;  // it_power_w, gpus and compute mass filled in
  catalog::NodeSpec node;
  catalog::GpuSpec gpu;
  int nodes_per_satellite = 0;
  std::int64_t satellites = 0;
  double array_usd_per_w = 0;
  double battery_usd_per_kwh = 0;
  double radiator_usd_per_m2 = 0;
  double launch_usd_per_kg = 0;
  double payload_kg_per_launch = 0;
  double radiation_failure_multiplier = 1;
  double launches_per_year = 0;
  double launch_price_decline_per_year = 0;
  double ground_link_bps = 0;  // 0: not modelled
  double ground_min_elevation_deg = 25;
  double bytes_per_token = 4;
};

// The ground site the shell is compared with, running the same nodes.
struct GroundComparison {
  std::string site;
  double pue = 1;
  double electricity_usd_per_mwh = 0;
  double facility_capex_usd_per_mw = 0;
  double facility_life_years = 20;
  // Share of time a node is up on the ground, failures repaired.
  double node_availability = 1;
  // Failures that no repair undoes in orbit (GPU and host), per GPU-hour,
  // before the radiation multiplier.
  double permanent_failures_per_gpu_hour = 0;
};

struct OrbitalShellOutcome {
  std::string name;
  std::string ground_site;
  std::int64_t satellites = 0;
  std::int64_t gpus = 0;
  double altitude_km = 0;
  double eclipse_fraction = 0;
  double it_power_w_per_satellite = 0;
  double array_area_m2_per_satellite = 0;
  double battery_kwh_per_satellite = 0;
  double radiator_area_m2_per_satellite = 0;
  double mass_kg_per_satellite = 0;
  double satellites_per_launch = 0;
  double gpus_per_launch = 0;
  double power_per_launch_mw = 0;
  double launches = 0;
  double capex_usd = 0;  // hardware and launches, whole shell
  double launch_usd_per_kg = 0;
  double delivered_fraction =
      0;  // GPU-hours delivered / GPU-hours if none failed
  double cost_per_gpu_hour_usd = 0;
  double hardware_cost_per_gpu_hour_usd =
      0;  // the orbital cost at a free launch
  double ground_cost_per_gpu_hour_usd = 0;
  // The launch price at which orbit meets the ground; when no price >= 0 does
  // (break_even_reachable false), 0.
  double break_even_launch_usd_per_kg = 0;
  bool break_even_reachable = false;
  // The shell over one mission life (fleet/orbital_deployment.h).
  double launches_per_year = 0;  // cadence
  double build_time_days = -1;   // -1: not built within the mission
  int mission_launches = 0;
  double mission_launch_spend_usd = 0;
  double mission_working_fraction = 0;  // mean working GPUs / shell GPUs
  double working_fraction_end = 0;      // at the end of the mission
  double steady_launches_per_year = 0;  // to hold the built shell
  double launch_usd_per_kg_end = 0;
  std::vector<fleet::ShellMonth> deployment;
  // Ground link.
  double slant_range_km = 0;  // at the lowest elevation
  double ttft_added_ms = 0;   // up and down, at the longest range
  double link_tokens_per_s_per_satellite = 0;  // 0: not modelled
};

// REQUIRES: the spec is valid (as scenario/ guarantees): one satellite fits a
// launch, positive mission and cadence.
OrbitalShellOutcome EvaluateOrbitalShell(const OrbitalShellSpec& shell,
                                         const GroundComparison& ground);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_ORBITAL_SHELL_H_
