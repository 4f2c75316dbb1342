#include "kardashev/econ/orbital_shell.h"

#include <cmath>
#include <optional>

#include "kardashev/econ/orbital_cost.h"
#include "kardashev/fleet/power.h"
#include "kardashev/sim/time.h"

namespace kardashev::econ {

namespace {

// Hardware of one satellite: GPUs, servers, array, battery and radiator.
double SatelliteHardwareUsd(const OrbitalShellSpec& o,
                            const fleet::OrbitalSatelliteDesign& d) {
  return o.satellite.gpus * o.gpu.price_usd +
         o.nodes_per_satellite * o.node.price_usd +
         d.array_power_bol_w * o.array_usd_per_w +
         d.battery_wh * 1e-3 * o.battery_usd_per_kwh +
         d.radiator_area_m2 * o.radiator_usd_per_m2;
}

// Per satellite and per launch, from the design.
void FillDesign(const OrbitalShellSpec& o,
                const fleet::OrbitalSatelliteDesign& d,
                OrbitalShellOutcome& out) {
  out.satellites = o.satellites;
  out.gpus = o.satellites * o.satellite.gpus;
  out.altitude_km = o.satellite.altitude_m * 1e-3;
  out.eclipse_fraction = d.eclipse_fraction;
  out.it_power_w_per_satellite = o.satellite.it_power_w;
  out.array_area_m2_per_satellite = d.array_area_m2;
  out.battery_kwh_per_satellite = d.battery_wh * 1e-3;
  out.radiator_area_m2_per_satellite = d.radiator_area_m2;
  out.mass_kg_per_satellite = d.mass_kg;
  out.satellites_per_launch = o.payload_kg_per_launch / d.mass_kg;
  out.gpus_per_launch = out.satellites_per_launch * o.satellite.gpus;
  out.power_per_launch_mw =
      out.satellites_per_launch * o.satellite.it_power_w * 1e-6;
  out.launches =
      static_cast<double>(o.satellites) * d.mass_kg / o.payload_kg_per_launch;
  out.launch_usd_per_kg = o.launch_usd_per_kg;
}

// Orbit against the ground per GPU-hour, and where they meet.
void FillCosts(const OrbitalShellSpec& o, const GroundComparison& ground,
               const fleet::OrbitalSatelliteDesign& d, double hardware_usd,
               OrbitalShellOutcome& out) {
  OrbitalCostInput orbit;
  orbit.hardware_usd = hardware_usd;
  orbit.mass_kg = d.mass_kg;
  orbit.launch_usd_per_kg = o.launch_usd_per_kg;
  orbit.gpu_hours_delivered = fleet::DeliveredGpuHours(
      o.satellite.gpus,
      ground.permanent_failures_per_gpu_hour * o.radiation_failure_multiplier,
      o.satellite.mission_years);
  out.delivered_fraction =
      orbit.gpu_hours_delivered /
      (o.satellite.gpus * o.satellite.mission_years * sim::kHoursPerYear);
  out.capex_usd = static_cast<double>(o.satellites) *
                  (hardware_usd + o.launch_usd_per_kg * d.mass_kg);
  out.cost_per_gpu_hour_usd = OrbitalCostPerGpuHour(orbit);
  out.hardware_cost_per_gpu_hour_usd = hardware_usd / orbit.gpu_hours_delivered;
  GroundCostInput g;
  g.hardware_usd_per_gpu = o.gpu.price_usd + o.node.price_usd / o.node.gpus;
  g.it_power_w_per_gpu = fleet::NodePowerW(o.node, o.gpu, 1.0) / o.node.gpus;
  g.pue = ground.pue;
  g.electricity_usd_per_mwh = ground.electricity_usd_per_mwh;
  g.facility_capex_usd_per_mw = ground.facility_capex_usd_per_mw;
  g.facility_life_years = ground.facility_life_years;
  g.life_years = o.satellite.mission_years;
  g.availability = ground.node_availability;
  out.ground_cost_per_gpu_hour_usd = GroundCostPerGpuHour(g);
  const std::optional<double> break_even =
      BreakEvenLaunchUsdPerKg(orbit, out.ground_cost_per_gpu_hour_usd);
  out.break_even_reachable = break_even.has_value();
  out.break_even_launch_usd_per_kg = break_even.value_or(0);
}

// The shell built at its launch cadence and kept over the mission.
void FillMission(const OrbitalShellSpec& o, const GroundComparison& ground,
                 const fleet::OrbitalSatelliteDesign& d, double hardware_usd,
                 OrbitalShellOutcome& out) {
  fleet::ShellDeploymentConfig shell;
  shell.target_satellites = static_cast<double>(o.satellites);
  shell.satellites_per_launch = std::floor(o.payload_kg_per_launch / d.mass_kg);
  shell.launches_per_year = o.launches_per_year;
  shell.gpus_per_satellite = o.satellite.gpus;
  shell.failures_per_gpu_hour =
      ground.permanent_failures_per_gpu_hour * o.radiation_failure_multiplier;
  shell.mission_years = o.satellite.mission_years;
  shell.mass_kg_per_satellite = d.mass_kg;
  shell.hardware_usd_per_satellite = hardware_usd;
  shell.launch_usd_per_kg = o.launch_usd_per_kg;
  shell.launch_price_decline_per_year = o.launch_price_decline_per_year;
  shell.horizon_s = o.satellite.mission_years * sim::kSecondsPerYear;
  auto deployment = fleet::SimulateShellDeployment(shell);
  const double shell_gpus = static_cast<double>(out.gpus);
  out.launches_per_year = o.launches_per_year;
  out.build_time_days = deployment.build_time_s < 0
                            ? -1
                            : deployment.build_time_s / sim::kSecondsPerDay;
  out.mission_launches = deployment.launches;
  out.mission_launch_spend_usd = deployment.launch_spend_usd;
  out.mission_working_fraction = deployment.mean_working_gpus / shell_gpus;
  out.working_fraction_end = deployment.working_gpus_end / shell_gpus;
  out.steady_launches_per_year = deployment.steady_launches_per_year;
  out.launch_usd_per_kg_end = deployment.launch_usd_per_kg_end;
  out.deployment = std::move(deployment.months);
}

}  // namespace

OrbitalShellOutcome EvaluateOrbitalShell(const OrbitalShellSpec& shell,
                                         const GroundComparison& ground) {
  const auto d = fleet::DesignSatellite(shell.satellite);
  const double hardware_usd = SatelliteHardwareUsd(shell, d);
  OrbitalShellOutcome out;
  out.name = shell.name;
  out.ground_site = ground.site;
  FillDesign(shell, d, out);
  FillCosts(shell, ground, d, hardware_usd, out);
  FillMission(shell, ground, d, hardware_usd, out);
  const double range_m = fleet::SlantRangeM(shell.satellite.altitude_m,
                                            shell.ground_min_elevation_deg);
  out.slant_range_km = range_m * 1e-3;
  out.ttft_added_ms = 2 * range_m / fleet::kSpeedOfLightMPerS * 1e3;
  out.link_tokens_per_s_per_satellite =
      shell.ground_link_bps / (8 * shell.bytes_per_token);
  return out;
}

}  // namespace kardashev::econ
