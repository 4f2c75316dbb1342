#include "kardashev/prepare/prepare.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "kardashev/fleet/failure_model.h"
#include "kardashev/fleet/orbital_deployment.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/perf/transformer.h"
#include "kardashev/serving/trace.h"
#include "kardashev/sim/random.h"
#include "kardashev/sim/time.h"

namespace kardashev::prepare {

namespace {

// A checkpoint holds BF16 weights (2 bytes), FP32 master weights (4) and two
// FP32 Adam moments (4 + 4) per parameter.
constexpr double kCheckpointBytesPerParameter = 14.0;

// Demand served on an owned cluster, as an elastic service of the fleet.
sched::ServiceConfig ServiceOf(const scenario::DemandSpec& d,
                               const ReplicaCapacity& c) {
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
  return sv;
}

// One replica capacity per deployment with fleet-level demand, computed once:
// from the deployment's length mix, within its SLO.
std::map<std::string, ReplicaCapacity> DemandCapacities(
    const scenario::Scenario& scenario,
    const std::vector<ServingWorkload>& serving) {
  std::map<std::string, ReplicaCapacity> capacity;
  for (const auto& d : scenario.demand) {
    if (capacity.count(d.serving) > 0) continue;
    const auto& sv = *std::find_if(
        serving.begin(), serving.end(),
        [&](const ServingWorkload& x) { return x.name == d.serving; });
    capacity.emplace(d.serving, sv.capacity);
  }
  return capacity;
}

// The job's failure domains: a replica group (tp x pp x cp GPUs) of whole
// nodes, or one node holding several groups.
void SetDomains(const scenario::TrainingSpec& spec,
                training::TrainingJobConfig& j) {
  const auto& p = spec.step.plan;
  const std::int64_t group_gpus = static_cast<std::int64_t>(p.tp) * p.pp * p.cp;
  const std::int64_t node_gpus = spec.node_gpus;
  const std::int64_t domain_gpus = std::max(group_gpus, node_gpus);
  j.domain_nodes = domain_gpus / node_gpus;
  j.domains = spec.gpus / domain_gpus;
}

// The parts of a whole-job restart and of a group's rejoin: the recovery
// set's detection, rescheduling and warm-up, and a state load from storage,
// host memory or a peer group.
void SetRestarts(const scenario::TrainingSpec& spec,
                 training::TrainingJobConfig& j) {
  const catalog::RecoverySpec& rec = spec.recovery;
  // An in-memory checkpoint: every GPU copies the state it holds itself to
  // host memory at once, so the copy takes that GPU's bytes over its own
  // host bandwidth (not one model copy spread over the whole job).
  const double host_load_s =
      j.step.memory.checkpoint_bytes() / rec.host_copy_bytes_per_s_per_gpu;
  training::RestartBreakdown b{
      rec.detection_s, rec.rescheduling_s,
      spec.memory_checkpoint
          ? host_load_s
          : j.checkpoint_bytes / spec.checkpoint_write_bytes_per_s,
      rec.warmup_s};
  if (spec.restart_s > 0 && b.total_s() > 0) {
    const double k = spec.restart_s / b.total_s();
    b = {b.detection_s * k, b.rescheduling_s * k, b.state_load_s * k,
         b.warmup_s * k};
  }
  j.restart = b;
  j.restart_s = spec.restart_s > 0 ? spec.restart_s : b.total_s();
  if (spec.memory_checkpoint) j.checkpoint_save_s = host_load_s;
  j.checkpoint_copy_bytes = spec.memory_checkpoint
                                ? j.step.memory.checkpoint_bytes()
                                : j.checkpoint_bytes;
  j.checkpoint_copy_bytes_per_s = spec.memory_checkpoint
                                      ? rec.host_copy_bytes_per_s_per_gpu
                                      : spec.checkpoint_write_bytes_per_s;
  const auto& p = spec.step.plan;
  const double group_gpus = static_cast<double>(p.tp) * p.pp * p.cp;
  j.rejoin = {rec.detection_s, rec.rescheduling_s,
              j.checkpoint_bytes /
                  (group_gpus * spec.step.fabric.bandwidth_bytes_per_s_per_gpu),
              rec.warmup_s};
}

}  // namespace

econ::GpuHourBasis GpuHourBasisOf(const scenario::Scenario& scenario) {
  econ::GpuHourBasis b;
  b.depreciation_years = scenario.economics.gpu_depreciation_years;
  b.other_usd_per_gpu_hour = scenario.economics.other_opex_usd_per_gpu_hour;
  if (scenario.sites.empty()) {
    b.source =
        "no site: industry-typical PUE 1.44 (figures.csv D15) and US "
        "industrial electricity (EIA 2023, figures.csv F11)";
    return b;
  }
  const auto& site = scenario.sites.front();
  const auto& hourly = site.electricity_usd_per_mwh_by_hour;
  b.electricity_usd_per_mwh =
      hourly.empty() ? site.electricity_usd_per_mwh
                     : std::accumulate(hourly.begin(), hourly.end(), 0.0) /
                           static_cast<double>(hourly.size());
  b.pue = site.pue;
  b.source = "site " + site.name;
  return b;
}

training::TrainingJobConfig PrepareTrainingJob(
    const scenario::TrainingSpec& spec) {
  training::TrainingJobConfig j;
  j.name = spec.name;
  j.tenant = spec.tenant;
  j.model = spec.model;
  j.cluster = spec.cluster;
  j.gpus = spec.gpus;
  j.step = perf::EstimateTrainingStep(spec.step);
  j.checkpoint_bytes =
      perf::CountTransformer(spec.step.model, spec.step.seq_len).params *
      kCheckpointBytesPerParameter;
  j.checkpoint_write_bytes_per_s = spec.checkpoint_write_bytes_per_s;
  j.checkpoint_interval_s = spec.checkpoint_interval_s;
  j.fault_tolerance = spec.fault_tolerance;
  j.recovery = spec.recovery.name;
  j.memory_checkpoint = spec.memory_checkpoint;
  SetDomains(spec, j);
  SetRestarts(spec, j);
  j.target_tokens = spec.target_tokens;
  j.gpu_utilization = spec.gpu_utilization;
  j.priority = spec.priority;
  return j;
}

ServingWorkload PrepareServing(const scenario::ServingSpec& spec,
                               std::uint64_t seed) {
  ServingWorkload w;
  w.name = spec.name;
  w.config = spec.config;
  std::vector<serving::Request> traced;
  if (!spec.trace_path.empty())
    traced = serving::ReadAzureTrace(spec.trace_path);
  if (spec.arrival == scenario::Arrival::kTrace) {
    w.requests = std::move(traced);
    w.source = spec.trace;
    w.trace_arrivals = true;
    return w;
  }
  std::vector<serving::LengthSample> mix;
  mix.reserve(traced.size());
  for (const auto& q : traced)
    mix.push_back({q.prompt_tokens, q.output_tokens});
  if (mix.empty()) {
    mix.push_back({static_cast<std::int32_t>(spec.prompt_tokens),
                   static_cast<std::int32_t>(spec.output_tokens)});
  }
  const double cv =
      spec.arrival == scenario::Arrival::kGamma ? spec.arrival_cv : 1.0;
  w.arrival_cv = cv;
  w.requests = serving::SyntheticRequests(
      mix, spec.rate_per_s, cv, spec.requests, seed, sim::Fnv1a64(spec.name));
  w.source = fmt::format("{} arrivals at {} per s",
                         scenario::ArrivalName(spec.arrival), spec.rate_per_s);
  return w;
}

ReplicaCapacity FindReplicaCapacity(const ServingWorkload& workload,
                                    std::uint64_t seed) {
  std::vector<serving::LengthSample> mix;
  double output_sum = 0;
  for (const auto& q : workload.requests) {
    mix.push_back(serving::LengthSample{q.prompt_tokens, q.output_tokens});
    output_sum += q.output_tokens;
  }
  serving::ServingConfig one = workload.config;
  one.replicas = 1;
  ReplicaCapacity c;
  // The trace's requests that the deployment accepts, at their times: a
  // request refused at any rate says nothing about the rate.
  std::vector<serving::Request> servable;
  if (workload.trace_arrivals) {
    for (const auto& q : workload.requests) {
      if (serving::Admissible(one, q)) servable.push_back(q);
    }
  }
  if (workload.trace_arrivals && serving::TraceReplayable(servable)) {
    const int count = static_cast<int>(std::clamp<std::size_t>(
        servable.size(), kTraceCapacityMinRequests, kTraceCapacityMaxRequests));
    c.capacity = serving::FindTraceCapacity(one, servable, count);
  } else if (workload.trace_arrivals) {
    c.capacity = serving::Capacity{};
  } else if (!mix.empty()) {
    c.capacity =
        serving::FindCapacity(one, mix, seed, 8000, workload.arrival_cv);
  }
  c.mean_output_tokens =
      mix.empty() ? 0 : output_sum / static_cast<double>(mix.size());
  return c;
}

OrbitalShell PrepareOrbitalShell(const scenario::Scenario& scenario,
                                 const scenario::OrbitalSpec& spec) {
  OrbitalShell shell;
  shell.spec = spec;  // the shell as the file describes it
  const auto& site = scenario.sites[spec.ground_site];
  auto& g = shell.ground;
  g.site = site.name;
  g.pue = site.pue;
  g.electricity_usd_per_mwh = site.electricity_usd_per_mwh;
  g.facility_capex_usd_per_mw = scenario.economics.facility_capex_usd_per_mw;
  g.facility_life_years = scenario.economics.facility_depreciation_years;
  g.node_availability =
      fleet::FailureModel(scenario.failure_components, scenario.failures)
          .SteadyAvailability(spec.node.gpus);
  g.permanent_failures_per_gpu_hour = fleet::PermanentFailureRatePerGpuHour(
      scenario.failure_components, scenario.failures);
  return shell;
}

Prepared Prepare(const scenario::Scenario& scenario) {
  Prepared p;
  auto& plan = p.fleet;
  plan.sites = scenario.sites;
  plan.clusters = scenario.clusters;
  plan.leases = scenario.leases;
  for (const auto& t : scenario.training) {
    plan.jobs.push_back(PrepareTrainingJob(t));
  }
  plan.failures = scenario.failures;
  plan.spare_swap_h = scenario.spare_swap_h;
  plan.seed = scenario.seed;
  plan.horizon_s = scenario.horizon_s;
  plan.timeseries_step_s = scenario.timeseries_step_s;

  for (const auto& sv : scenario.serving) {
    p.serving.push_back(PrepareServing(sv, scenario.seed));
    p.serving.back().price = econ::PriceGpuHour(sv.config.deployment.gpu,
                                                sv.node ? &*sv.node : nullptr,
                                                GpuHourBasisOf(scenario));
    p.serving.back().capacity =
        FindReplicaCapacity(p.serving.back(), scenario.seed);
  }
  const auto capacity = DemandCapacities(scenario, p.serving);
  for (const auto& d : scenario.demand) {
    const ReplicaCapacity& c = capacity.at(d.serving);
    if (d.cluster >= 0 && c.capacity.rate_per_s > 0) {
      plan.services.push_back(ServiceOf(d, c));
    }
    DemandPlan dp{d.config, d.lease};
    dp.config.replica_capacity_rate_per_s = c.capacity.rate_per_s;
    dp.config.replica_capacity_tokens_per_s =
        c.capacity.throughput_tokens_per_s;
    dp.config.mean_output_tokens = c.mean_output_tokens;
    p.demand.push_back(std::move(dp));
  }
  for (std::size_t i = 0; i < scenario.orbital.size(); ++i) {
    p.orbital.push_back(PrepareOrbitalShell(scenario, scenario.orbital[i]));
    // Under growth, a shell flies from its online month: its launches start
    // at that month's price on the learning curve, which begins at month 0.
    if (scenario.growth && i < scenario.growth->shells.size()) {
      auto& spec = p.orbital.back().spec;
      spec.launch_usd_per_kg = fleet::LaunchUsdPerKgAt(
          scenario.orbital[i].launch_usd_per_kg,
          scenario.orbital[i].launch_price_decline_per_year,
          scenario.growth->shells[i].online_month * sim::kSecondsPerMonth);
    }
  }
  return p;
}

}  // namespace kardashev::prepare
