#include "kardashev/prepare/growth_prepare.h"

#include <cmath>
#include <map>
#include <numeric>
#include <utility>

#include "kardashev/econ/fleet_economics.h"
#include "kardashev/econ/orbital_shell.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/perf/inference.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/perf/transformer.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/serving/capacity.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/goodput_model.h"

namespace kardashev::prepare {

namespace {

using scenario::GrowthSpec;
using scenario::Scenario;

// IT capex of `nodes` nodes of a build or generation, at a GPU price
// (0: the catalog's).
double CapexUsd(const catalog::NodeSpec& node, catalog::GpuSpec gpu,
                const std::optional<catalog::FabricSpec>& fabric,
                std::int64_t nodes, double price_usd_per_gpu) {
  fleet::ClusterConfig c;
  c.node = node;
  if (price_usd_per_gpu > 0) gpu.price_usd = price_usd_per_gpu;
  c.gpu = gpu;
  c.fabric = fabric;
  c.nodes = static_cast<int>(nodes);
  return econ::ClusterCapexUsd(c);
}

// The failure figures of the catalog table, the same for every generation
// (a build's multiplier scales them).
struct FailureFigures {
  training::FailureRatesByScope rates;
  double node_repair_h = 0;
  double permanent_per_gpu_h = 0;
};

FailureFigures FailureFiguresOf(const Scenario& s) {
  FailureFigures f;
  f.rates = training::RatesByScope(s.failure_components, s.failures);
  f.node_repair_h = fleet::FailureModel(s.failure_components, s.failures)
                        .MeanRepairHours(/*node_scope_only=*/true);
  f.permanent_per_gpu_h =
      fleet::PermanentFailureRatePerGpuHour(s.failure_components, s.failures);
  return f;
}

growth::Generation GenerationOf(const Scenario& s, int index,
                                const FailureFigures& failures) {
  const GrowthSpec& g = *s.growth;
  const scenario::GrowthGenerationSpec& spec = g.generations[index];
  growth::Generation gen;
  gen.node = spec.node.name;
  gen.gpu = spec.gpu.name;
  gen.node_gpus = spec.node.gpus;
  const double host_share = 1.0 / spec.node.gpus;
  gen.busy_w_per_gpu = spec.gpu.tdp_w + spec.node.host_power_w * host_share;
  gen.idle_w_per_gpu = spec.gpu.idle_w + spec.node.host_idle_w * host_share;
  std::optional<catalog::FabricSpec> fabric;
  for (const auto& b : g.builds) {
    if (b.generation == index) {
      fabric = b.fabric;
      break;
    }
  }
  gen.capex_usd_per_gpu =
      CapexUsd(spec.node, spec.gpu, fabric, 1, 0) / spec.node.gpus;
  gen.node_failures_per_gpu_h = failures.rates.node_per_gpu_h;
  gen.job_failures_per_gpu_h = failures.rates.job_per_gpu_h;
  gen.repair_h = failures.node_repair_h;
  gen.permanent_failures_per_gpu_h = failures.permanent_per_gpu_h;
  return gen;
}

// The job's step on a generation; nullopt when its plan does not fit there.
std::optional<perf::TrainingStep> StepOn(
    const scenario::GrowthJobSpec& job,
    const scenario::GrowthGenerationSpec& gen) {
  perf::TrainingStepInput step = job.training.step;
  step.gpu = gen.gpu;
  step.fabric = gen.fabric;
  try {
    return perf::EstimateTrainingStep(step);
  } catch (const perf::PlanError&) {
    return std::nullopt;
  }
}

// Whether the deployment runs on its GPU at all (as the scenario's checks of
// a [[serving]] deployment).
bool DeploymentRuns(const perf::InferenceDeployment& d) {
  const bool fp4 =
      d.weights == perf::Precision::kFp4 || d.kv_cache == perf::Precision::kFp4;
  if (fp4 && d.gpu.fp4_dense_flops <= 0) return false;
  if (perf::ReplicaGpus(d) > d.gpu.scale_up_domain_gpus &&
      d.fabric.name.empty()) {
    return false;
  }
  try {
    perf::KvCacheTokens(d);
  } catch (const perf::PlanError&) {
    return false;
  }
  return true;
}

// Requests per second per GPU of one replica of the product on `gpu`,
// within its SLO.
double ServingRatePerGpu(const scenario::GrowthProductSpec& p,
                         const catalog::GpuSpec& gpu, std::uint64_t seed) {
  serving::ServingConfig config = p.config;
  config.replicas = 1;
  config.deployment.gpu = gpu;
  if (!DeploymentRuns(config.deployment)) return 0;
  const std::vector<serving::LengthSample> mix{
      {static_cast<std::int32_t>(p.prompt_tokens),
       static_cast<std::int32_t>(p.output_tokens)}};
  const serving::Capacity c =
      serving::FindCapacity(config, mix, seed, kGrowthCapacityRequests, 1.0);
  return c.rate_per_s / perf::ReplicaGpus(config.deployment);
}

void FillModelFigures(const Scenario& s, growth::GrowthPlan& plan) {
  const GrowthSpec& g = *s.growth;
  // One capacity search per (product, GPU): generations may share a GPU.
  std::map<std::pair<std::size_t, std::string>, double> capacity;
  for (std::size_t i = 0; i < g.generations.size(); ++i) {
    growth::Generation& gen = plan.generations[i];
    for (const auto& job : g.jobs) {
      const auto step = StepOn(job, g.generations[i]);
      gen.training_tokens_per_gpu_s.push_back(
          step ? step->tokens_per_s / static_cast<double>(job.reference_gpus)
               : 0);
      gen.training_step_s.push_back(step ? step->step_time_s : 0);
    }
    for (std::size_t p = 0; p < g.products.size(); ++p) {
      const auto key = std::make_pair(p, g.generations[i].gpu.name);
      auto it = capacity.find(key);
      if (it == capacity.end()) {
        it = capacity
                 .emplace(key, ServingRatePerGpu(g.products[p],
                                                 g.generations[i].gpu, s.seed))
                 .first;
      }
      gen.serving_requests_per_gpu_s.push_back(it->second);
    }
  }
}

// The mean of a day's hourly prices, or the flat price.
double MeanElectricityPrice(const fleet::GroundSiteConfig& site) {
  const auto& by_hour = site.electricity_usd_per_mwh_by_hour;
  if (by_hour.empty()) return site.electricity_usd_per_mwh;
  return std::accumulate(by_hour.begin(), by_hour.end(), 0.0) /
         static_cast<double>(by_hour.size());
}

growth::Site GroundSite(const Scenario& s, std::size_t i) {
  const fleet::GroundSiteConfig& c = s.sites[i];
  const scenario::GrowthSiteTiming& t = s.growth->sites[i];
  growth::Site site;
  site.name = c.name;
  site.online_month = t.online_month;
  site.retire_month = t.retire_month;
  site.power_cap_w = c.power_cap_w + c.generation_w;
  site.pue = c.pue;
  site.electricity_usd_per_mwh = MeanElectricityPrice(c);
  site.carbon_kg_per_mwh = c.carbon_kg_per_mwh;
  site.construction_months = t.construction_months;
  site.facility_capex_usd = econ::FacilityCapexUsd(s.economics, c.facility_w);
  site.facility_life_months = s.economics.facility_depreciation_years * 12;
  return site;
}

growth::Site OrbitalSite(const Scenario& s, std::size_t i) {
  const scenario::OrbitalSpec& spec = s.orbital[i];
  const scenario::GrowthSiteTiming& t = s.growth->shells[i];
  const OrbitalShell prepared = PrepareOrbitalShell(s, spec);
  const econ::OrbitalShellOutcome out =
      econ::EvaluateOrbitalShell(prepared.spec, prepared.ground);
  const fleet::OrbitalSatelliteDesign design =
      fleet::DesignSatellite(spec.satellite);
  growth::Site site;
  site.name = spec.name;
  site.online_month = t.online_month;
  site.retire_month = t.retire_month;
  growth::OrbitalShell o;
  o.generation = s.growth->shell_generation[i];
  o.target_satellites = static_cast<double>(spec.satellites);
  // Whole satellites a launch carries (as fleet/orbital_deployment.h).
  o.satellites_per_launch =
      std::floor(spec.payload_kg_per_launch / design.mass_kg);
  o.launches_per_year = spec.launches_per_year;
  o.gpus_per_satellite = spec.satellite.gpus;
  o.failures_per_gpu_h = prepared.ground.permanent_failures_per_gpu_hour *
                         spec.radiation_failure_multiplier;
  o.mission_months = spec.satellite.mission_years * 12;
  o.mass_kg_per_satellite = design.mass_kg;
  o.hardware_usd_per_satellite =
      out.capex_usd / static_cast<double>(spec.satellites) -
      spec.launch_usd_per_kg * design.mass_kg;
  o.launch_usd_per_kg = spec.launch_usd_per_kg;
  o.launch_price_decline_per_year = spec.launch_price_decline_per_year;
  o.it_power_w_per_satellite = spec.satellite.it_power_w;
  o.array_power_bol_w_per_satellite = design.array_power_bol_w;
  // The array runs the compute in sunlight and recharges the eclipse
  // battery: P_array = P_it (1 + f / ((1 - f) eta_battery)) (fleet/orbital.h).
  const double f = design.eclipse_fraction;
  o.array_w_needed_per_it_w =
      1 + f / ((1 - f) * spec.satellite.battery_round_trip_efficiency);
  o.degradation_per_year = spec.satellite.degradation_per_year;
  o.link_round_trip_ms = out.ttft_added_ms;
  o.link_tokens_per_s_per_satellite = out.link_tokens_per_s_per_satellite;
  site.orbit = o;
  return site;
}

std::vector<growth::Build> Builds(const GrowthSpec& g) {
  std::vector<growth::Build> out;
  for (const auto& b : g.builds) {
    growth::Build x;
    x.name = b.name;
    x.site = b.site;
    x.generation = b.generation;
    x.gpus = b.gpus;
    x.order_month = b.order_month;
    x.online_month = b.online_month;
    x.retire_month = b.retire_month;
    x.capex_usd = CapexUsd(b.node, b.gpu, b.fabric, b.gpus / b.node.gpus,
                           b.price_usd_per_gpu);
    x.life_months = b.life_months;
    x.failure_rate_multiplier = b.failure_rate_multiplier;
    out.push_back(std::move(x));
  }
  return out;
}

// Restart and checkpoint costs of a job, from the [[training]] preparation
// on the first generation its plan fits (its fabric sets a rejoin's state
// load).
training::GoodputInput GoodputOf(const scenario::GrowthJobSpec& job,
                                 const GrowthSpec& g) {
  scenario::TrainingSpec spec = job.training;
  for (const auto& gen : g.generations) {
    if (StepOn(job, gen)) {
      spec.step.gpu = gen.gpu;
      spec.step.fabric = gen.fabric;
      spec.node_gpus = gen.node.gpus;
      break;
    }
  }
  const training::TrainingJobConfig prepared = PrepareTrainingJob(spec);
  training::GoodputInput in;
  in.mode = spec.fault_tolerance;
  const auto& p = spec.step.plan;
  in.group_gpus = static_cast<std::int64_t>(p.tp) * p.pp * p.cp;
  in.gang_restart = prepared.restart;
  in.group_restart = prepared.rejoin;
  in.checkpoint_write_s = prepared.CheckpointWriteS();
  in.checkpoint_interval_s = spec.checkpoint_interval_s;
  return in;
}

// Tokens per GPU-second of the job in each orbital shell it lists: the step
// on the shell's generation plus the exchange of one model copy's gradients
// over the inter-satellite links, t_x = 2 x gradient bytes / ISL bytes/s.
// ASSUMPTION: a ring all-reduce across satellites, not overlapped with the
// step: an upper bound on its cost.
std::vector<double> OrbitalTokens(const Scenario& s,
                                  const scenario::GrowthJobSpec& job,
                                  const growth::GrowthPlan& plan) {
  std::vector<double> out(plan.sites.size(), 0.0);
  const double gradient_bytes =
      perf::CountTransformer(job.training.step.model, job.training.step.seq_len)
          .params *
      kGradientBytesPerParameter;
  for (int site : job.sites) {
    if (!plan.sites[site].orbital()) continue;
    const std::size_t shell = site - s.sites.size();
    const double isl = s.growth->shells[shell].isl_bytes_per_s;
    const auto step =
        StepOn(job, s.growth->generations[s.growth->shell_generation[shell]]);
    if (!step || isl <= 0) continue;
    const double exchange_s = 2 * gradient_bytes / isl;
    out[site] =
        step->tokens_per_step / (static_cast<double>(job.reference_gpus) *
                                 (step->step_time_s + exchange_s));
  }
  return out;
}

growth::TrainingJob JobOf(const Scenario& s, const scenario::GrowthJobSpec& j,
                          const growth::GrowthPlan& plan) {
  growth::TrainingJob job;
  job.name = j.name;
  job.sites = j.sites;
  job.max_gpus = j.max_gpus;
  job.start_month = j.start_month;
  job.end_month = j.end_month;
  job.target_tokens = j.training.target_tokens;
  job.value_usd_per_million_tokens = j.training.value_usd_per_million_tokens;
  job.value_usd_per_run = j.training.value_usd_per_run;
  job.gpu_utilization = j.training.gpu_utilization;
  job.goodput = GoodputOf(j, *s.growth);
  job.orbital_tokens_per_gpu_s = OrbitalTokens(s, j, plan);
  return job;
}

growth::Product ProductOf(const scenario::GrowthProductSpec& p) {
  growth::Product out;
  out.name = p.name;
  out.requests_per_user_per_day = p.requests_per_user_per_day;
  out.tokens_per_request = p.prompt_tokens + p.output_tokens;
  out.usd_per_million_tokens = p.price_usd_per_million_tokens;
  out.curve = p.curve;
  out.max_round_trip_ms = p.max_round_trip_ms;
  out.gpu_utilization = p.gpu_utilization;
  out.demand = p.demand;
  return out;
}

}  // namespace

growth::GrowthPlan PrepareGrowth(const Scenario& s) {
  const GrowthSpec& g = *s.growth;
  growth::GrowthPlan plan;
  plan.months = g.months;
  plan.start_year = g.start_year;
  const FailureFigures failures = FailureFiguresOf(s);
  for (std::size_t i = 0; i < g.generations.size(); ++i) {
    plan.generations.push_back(GenerationOf(s, static_cast<int>(i), failures));
  }
  FillModelFigures(s, plan);
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    plan.sites.push_back(GroundSite(s, i));
  }
  for (std::size_t i = 0; i < s.orbital.size(); ++i) {
    plan.sites.push_back(OrbitalSite(s, i));
  }
  plan.builds = Builds(g);
  plan.leases = g.leases;
  for (const auto& j : g.jobs) plan.jobs.push_back(JobOf(s, j, plan));
  for (const auto& p : g.products) plan.products.push_back(ProductOf(p));
  for (const auto& r : g.regions) {
    plan.regions.push_back(growth::Region{r.name, r.round_trip_ms});
  }
  plan.discount_rate = s.economics.discount_rate;
  plan.other_opex_usd_per_gpu_hour = s.economics.other_opex_usd_per_gpu_hour;
  plan.spare_swap_s = s.spare_swap_h * sim::kSecondsPerHour;
  return plan;
}

}  // namespace kardashev::prepare
