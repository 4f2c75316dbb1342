#include "kardashev/run.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "kardashev/econ/fleet_economics.h"
#include "kardashev/econ/orbital_shell.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/fleet/power.h"
#include "kardashev/serving/capacity.h"
#include "kardashev/sim/time.h"

namespace kardashev {

namespace {

// The [[orbital]] entry's shell against its ground site.
report::OrbitalOutcome EvaluateOrbital(const scenario::Scenario& scenario,
                                       const scenario::OrbitalSpec& o) {
  const auto& plan = scenario.fleet;
  const auto& site = plan.sites[o.ground_site];
  econ::OrbitalShellSpec shell;
  shell.name = o.name;
  shell.satellite = o.satellite;
  shell.node = o.node;
  shell.gpu = o.gpu;
  shell.nodes_per_satellite = o.nodes_per_satellite;
  shell.satellites = o.satellites;
  shell.array_usd_per_w = o.array_usd_per_w;
  shell.battery_usd_per_kwh = o.battery_usd_per_kwh;
  shell.radiator_usd_per_m2 = o.radiator_usd_per_m2;
  shell.launch_usd_per_kg = o.launch_usd_per_kg;
  shell.payload_kg_per_launch = o.payload_kg_per_launch;
  shell.radiation_failure_multiplier = o.radiation_failure_multiplier;
  shell.launches_per_year = o.launches_per_year;
  shell.launch_price_decline_per_year = o.launch_price_decline_per_year;
  shell.ground_link_bps = o.ground_link_bps;
  shell.ground_min_elevation_deg = o.ground_min_elevation_deg;
  shell.bytes_per_token = o.bytes_per_token;
  econ::GroundComparison ground;
  ground.site = site.name;
  ground.pue = site.pue;
  ground.electricity_usd_per_mwh = site.electricity_usd_per_mwh;
  ground.facility_capex_usd_per_mw =
      scenario.economics.facility_capex_usd_per_mw;
  ground.facility_life_years = scenario.economics.facility_depreciation_years;
  ground.node_availability =
      fleet::FailureModel(scenario.failure_components, plan.failures)
          .SteadyAvailability(o.node.gpus);
  ground.permanent_failures_per_gpu_hour =
      fleet::PermanentFailureRatePerGpuHour(scenario.failure_components,
                                            plan.failures);
  return econ::EvaluateOrbitalShell(shell, ground);
}

}  // namespace

report::Results Run(const scenario::Scenario& scenario,
                    const RunOptions& options) {
  // One replica capacity per serving deployment with fleet-level demand,
  // computed once per run: from the deployment's length mix, within its SLO.
  struct DemandCapacity {
    serving::Capacity capacity;
    double mean_output_tokens = 0;
  };
  std::map<std::string, DemandCapacity> capacity;
  for (const auto& d : scenario.demand) {
    if (capacity.count(d.serving) > 0) continue;
    const auto& sv = *std::find_if(
        scenario.serving.begin(), scenario.serving.end(),
        [&](const scenario::ServingSpec& x) { return x.name == d.serving; });
    std::vector<serving::LengthSample> mix;
    double output_sum = 0;
    for (const auto& q : sv.requests) {
      mix.push_back(serving::LengthSample{q.prompt_tokens, q.output_tokens});
      output_sum += q.output_tokens;
    }
    serving::ServingConfig one = sv.config;
    one.replicas = 1;
    DemandCapacity c;
    c.capacity = serving::FindCapacity(one, mix, scenario.seed);
    c.mean_output_tokens =
        mix.empty() ? 0 : output_sum / static_cast<double>(mix.size());
    capacity.emplace(d.serving, c);
  }

  sched::FleetPlan plan = scenario.fleet;
  if (!options.timeseries) plan.timeseries_step_s = plan.horizon_s;
  // Demand served on an owned cluster becomes an elastic service of the fleet.
  for (const auto& d : scenario.demand) {
    const auto& c = capacity.at(d.serving);
    if (d.cluster < 0 || c.capacity.rate_per_s <= 0) continue;
    sched::ServiceConfig sv;
    sv.name = d.config.name;
    sv.tenant = d.tenant;
    sv.cluster = d.cluster;
    sv.priority = d.priority;
    sv.gpus_per_replica = d.config.gpus_per_replica;
    sv.replica_rate_per_s = c.capacity.rate_per_s;
    sv.tokens_per_request = c.mean_output_tokens;
    sv.rate_per_s_by_hour = serving::HourlyRates(d.config);
    sv.gpu_utilization = d.gpu_utilization;
    sv.price_usd_per_million_tokens = d.price_usd_per_million_tokens;
    plan.services.push_back(std::move(sv));
  }
  sched::FleetOutcome outcome =
      sched::SimulateFleet(plan, scenario.failure_components);

  report::Results r;
  r.scenario = scenario.name;
  r.variant = scenario.variant;
  r.variant_description = scenario.variant_description;
  r.seed = scenario.seed;
  r.horizon_s = scenario.horizon_s;
  r.events = outcome.events;

  const double horizon_h = scenario.horizon_s / sim::kSecondsPerHour;
  auto& f = r.fleet;
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
  }
  f.gpu_hours = static_cast<double>(f.gpus) * horizon_h;
  f.utilization = f.gpu_hours > 0 ? f.active_gpu_hours / f.gpu_hours : 0;
  f.failures_total = outcome.failures_total;
  f.failures_by_component = outcome.failures_by_component;
  for (std::size_t i = 0; i < outcome.sites.size(); ++i) {
    const auto& so = outcome.sites[i];
    f.energy_mwh += so.energy_mwh;
    f.peak_power_mw += so.peak_power_mw;
  }
  r.economics = econ::EvaluateFleetEconomics(scenario.economics, plan, outcome);

  r.clusters = std::move(outcome.clusters);
  r.leases = std::move(outcome.leases);
  r.training = std::move(outcome.training);
  r.services = std::move(outcome.services);
  r.sites = std::move(outcome.sites);
  if (options.timeseries) r.timeseries = std::move(outcome.timeseries);
  for (const auto& sv : scenario.serving) {
    report::ServingOutcome so;
    so.name = sv.name;
    so.source = sv.source;
    so.replicas = sv.config.replicas;
    so.gpus_per_replica = sv.config.deployment.tp;
    so.result = serving::SimulateServing(sv.config, sv.requests);
    r.serving.push_back(std::move(so));
  }
  for (const auto& d : scenario.demand) {
    const auto& cap = capacity.at(d.serving);
    serving::DemandConfig c = d.config;
    c.replica_capacity_rate_per_s = cap.capacity.rate_per_s;
    c.replica_capacity_tokens_per_s = cap.capacity.throughput_tokens_per_s;
    c.mean_output_tokens = cap.mean_output_tokens;
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
  for (const auto& o : scenario.orbital)
    r.orbital.push_back(EvaluateOrbital(scenario, o));
  report::FillDerivedFigures(r);
  return r;
}

}  // namespace kardashev
