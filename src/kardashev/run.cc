#include "kardashev/run.h"

#include <algorithm>
#include <cmath>

#include "kardashev/econ/orbital_cost.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/fleet/orbital_deployment.h"
#include "kardashev/fleet/power.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/sim/time.h"

namespace kardashev {

namespace {

// An orbital shell against its ground site running the same nodes.
report::OrbitalOutcome EvaluateOrbital(const scenario::Scenario& scenario,
                                       const sched::FleetPlan& plan,
                                       const scenario::OrbitalSpec& o) {
  const fleet::FailureModel ground_failures(scenario.failure_components,
                                            plan.failures);
  // In orbit a hardware failure (GPU or host) is permanent; software faults are
  // restarts.
  double hardware_rate = 0;
  for (const auto& c : scenario.failure_components) {
    if (!c.planned && (c.category == "GPU" || c.category == "Host")) {
      hardware_rate += c.rate_per_gpu_hour * plan.failures.rate_scale;
    }
  }
  const auto d = fleet::DesignSatellite(o.satellite);
  report::OrbitalOutcome out;
  out.name = o.name;
  out.ground_site = plan.sites[o.ground_site].name;
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
  const double hardware = o.satellite.gpus * o.gpu.price_usd +
                          o.nodes_per_satellite * o.node.price_usd +
                          d.array_power_bol_w * o.array_usd_per_w +
                          d.battery_wh * 1e-3 * o.battery_usd_per_kwh +
                          d.radiator_area_m2 * o.radiator_usd_per_m2;
  econ::OrbitalCostInput orbit;
  orbit.hardware_usd = hardware;
  orbit.mass_kg = d.mass_kg;
  orbit.launch_usd_per_kg = o.launch_usd_per_kg;
  orbit.gpu_hours_delivered = fleet::DeliveredGpuHours(
      o.satellite.gpus, hardware_rate * o.radiation_failure_multiplier,
      o.satellite.mission_years);
  out.delivered_fraction =
      orbit.gpu_hours_delivered /
      (o.satellite.gpus * o.satellite.mission_years * 8760.0);
  out.capex_usd = static_cast<double>(o.satellites) *
                  (hardware + o.launch_usd_per_kg * d.mass_kg);
  out.cost_per_gpu_hour_usd = econ::OrbitalCostPerGpuHour(orbit);
  out.hardware_cost_per_gpu_hour_usd = hardware / orbit.gpu_hours_delivered;
  const auto& site = plan.sites[o.ground_site];
  econ::GroundCostInput g;
  g.hardware_usd_per_gpu = o.gpu.price_usd + o.node.price_usd / o.node.gpus;
  g.it_power_w_per_gpu = fleet::NodePowerW(o.node, o.gpu, 1.0) / o.node.gpus;
  g.pue = site.pue;
  g.electricity_usd_per_mwh = site.electricity_usd_per_mwh;
  g.facility_capex_usd_per_mw = scenario.economics.facility_capex_usd_per_mw;
  g.facility_life_years = scenario.economics.facility_depreciation_years;
  g.life_years = o.satellite.mission_years;
  // A node up MTBF / (MTBF + MTTR) of the time, failures repaired.
  g.availability = 1.0 / (1.0 + ground_failures.RatePerGpuHour() * o.node.gpus *
                                    ground_failures.MeanRepairHours());
  out.ground_cost_per_gpu_hour_usd = econ::GroundCostPerGpuHour(g);
  out.break_even_launch_usd_per_kg =
      econ::BreakEvenLaunchUsdPerKg(orbit, out.ground_cost_per_gpu_hour_usd);

  fleet::ShellDeploymentConfig shell;
  shell.target_satellites = static_cast<double>(o.satellites);
  shell.satellites_per_launch = std::floor(o.payload_kg_per_launch / d.mass_kg);
  shell.launches_per_year = o.launches_per_year;
  shell.gpus_per_satellite = o.satellite.gpus;
  shell.failures_per_gpu_hour = hardware_rate * o.radiation_failure_multiplier;
  shell.mission_years = o.satellite.mission_years;
  shell.mass_kg_per_satellite = d.mass_kg;
  shell.hardware_usd_per_satellite = hardware;
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

  const double range_m =
      fleet::SlantRangeM(o.satellite.altitude_m, o.ground_min_elevation_deg);
  out.slant_range_km = range_m * 1e-3;
  out.ttft_added_ms = 2 * range_m / fleet::kSpeedOfLightMPerS * 1e3;
  out.link_tokens_per_s_per_satellite =
      o.ground_link_bps / (8 * o.bytes_per_token);
  return out;
}

// The fleet's totals and its economics: capex of the clusters and sites,
// energy, and revenue net of SLA credits.
void EvaluateFleet(const scenario::Scenario& scenario,
                   const sched::FleetPlan& plan,
                   const sched::FleetOutcome& outcome, report::Results& r) {
  const double horizon_h = scenario.horizon_s / sim::kSecondsPerHour;
  auto& f = r.fleet;
  econ::EconomicsInput money;
  money.horizon_s = scenario.horizon_s;
  for (std::size_t i = 0; i < plan.clusters.size(); ++i) {
    const auto& c = plan.clusters[i];
    const auto& co = outcome.clusters[i];
    f.gpus += c.gpus();
    f.active_gpu_hours += co.active_gpu_hours;
    f.spare_gpu_hours += co.spare_gpu_hours;
    f.provisioning_gpu_hours += co.provisioning_gpu_hours;
    f.stalled_gpu_hours += co.stalled_gpu_hours;
    f.unpowered_gpu_hours += co.unpowered_gpu_hours;
    f.down_gpu_hours += co.down_gpu_hours;
    const double gpus = static_cast<double>(c.gpus());
    money.it_capex_usd += gpus * c.gpu.price_usd + c.nodes * c.node.price_usd +
                          (c.fabric ? gpus * c.fabric->price_usd_per_gpu : 0.0);
  }
  f.gpu_hours = static_cast<double>(f.gpus) * horizon_h;
  f.utilization = f.gpu_hours > 0 ? f.active_gpu_hours / f.gpu_hours : 0;
  f.failures_total = outcome.failures_total;
  f.failures_by_component = outcome.failures_by_component;
  for (std::size_t i = 0; i < outcome.sites.size(); ++i) {
    const auto& so = outcome.sites[i];
    f.energy_mwh += so.energy_mwh;
    f.peak_power_mw += so.peak_power_mw;
    money.energy_cost_usd += so.energy_cost_usd;
    money.facility_capex_usd += scenario.economics.facility_capex_usd_per_mw *
                                plan.sites[i].facility_w * 1e-6;
  }
  for (const auto& lo : outcome.leases)
    money.revenue_usd += lo.revenue_usd - lo.sla_penalty_usd;
  for (const auto& so : outcome.services) money.revenue_usd += so.revenue_usd;
  money.installed_gpu_hours = f.gpu_hours;
  money.months = outcome.months;
  r.economics = econ::ComputeEconomics(scenario.economics, money);
}

// Each deployment simulated at iteration level, and each demand planned
// against its replica capacity (a lease's demand at the lease's delivered
// availability). REQUIRES: r.leases is filled.
void SimulateServingAndDemand(const prepare::Prepared& prepared,
                              report::Results& r) {
  for (const auto& sv : prepared.serving) {
    report::ServingOutcome so;
    so.name = sv.name;
    so.source = sv.source;
    so.replicas = sv.config.replicas;
    so.gpus_per_replica = sv.config.deployment.tp;
    so.result = serving::SimulateServing(sv.config, sv.requests);
    r.serving.push_back(std::move(so));
  }
  for (const auto& d : prepared.demand) {
    serving::DemandConfig c = d.config;
    if (!d.lease.empty()) {
      for (const auto& l : r.leases) {
        if (l.name == d.lease) {
          c.gpus_available = static_cast<std::int64_t>(
              static_cast<double>(l.gpus) * l.availability);
        }
      }
    }
    if (c.replica_capacity_rate_per_s > 0)
      r.demand.push_back(serving::PlanDemand(c));
  }
}

}  // namespace

report::Results Run(const scenario::Scenario& scenario,
                    const RunOptions& options) {
  prepare::Prepared prepared = prepare::Prepare(scenario);
  sched::FleetPlan& plan = prepared.fleet;
  if (!options.timeseries) plan.timeseries_step_s = plan.horizon_s;
  sched::FleetOutcome outcome =
      sched::SimulateFleet(plan, scenario.failure_components);

  report::Results r;
  r.scenario = scenario.name;
  r.variant = scenario.variant;
  r.variant_description = scenario.variant_description;
  r.seed = scenario.seed;
  r.horizon_s = scenario.horizon_s;
  r.events = outcome.events;
  EvaluateFleet(scenario, plan, outcome, r);

  r.clusters = std::move(outcome.clusters);
  r.leases = std::move(outcome.leases);
  r.training = std::move(outcome.training);
  r.services = std::move(outcome.services);
  r.sites = std::move(outcome.sites);
  if (options.timeseries) r.timeseries = std::move(outcome.timeseries);
  SimulateServingAndDemand(prepared, r);
  for (const auto& o : prepared.orbital)
    r.orbital.push_back(EvaluateOrbital(scenario, plan, o.spec));
  return r;
}

}  // namespace kardashev
