#include "kardashev/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "kardashev/econ/fleet_economics.h"
#include "kardashev/growth/simulate_growth.h"
#include "kardashev/perf/inference.h"
#include "kardashev/perf/transformer.h"
#include "kardashev/prepare/growth_prepare.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/report/invariants.h"
#include "kardashev/sim/time.h"

namespace kardashev {

namespace {

// A demand that no replica of its deployment serves within the SLO at any
// rate: its demand curve's figures, and zero capacity, replicas, tokens and
// SLO attainment (no request is served within the SLO). The replicas and GPUs
// it would need are unbounded and reported as 0; RunWarnings says why.
serving::DemandOutcome UnservableDemand(const serving::DemandConfig& c) {
  serving::DemandConfig curve = c;
  curve.replica_capacity_rate_per_s = 1;  // any rate: only the curve is kept
  serving::DemandOutcome o = serving::PlanDemand(curve);
  o.replica_capacity_rate_per_s = 0;
  o.replicas_needed_peak = 0;
  o.gpus_needed_peak = 0;
  o.gpus_needed_mean = 0;
  o.slo_attainment = 0;
  o.tokens_served_per_day = 0;
  o.tokens_per_day_at_capacity = 0;
  return o;
}

// Each deployment simulated at iteration level, and each demand planned
// against its replica capacity. A demand served by a lease is planned on the
// GPUs the lease delivered, so it is evaluated after the fleet simulation.
// REQUIRES: r.leases is filled.
void EvaluateServing(const prepare::Prepared& prepared, bool record,
                     report::Results& r) {
  for (const auto& sv : prepared.serving) {
    report::ServingOutcome so;
    so.name = sv.name;
    so.source = sv.source;
    so.replicas = sv.config.replicas;
    so.gpus_per_replica = perf::ReplicaGpus(sv.config.deployment);
    so.result = serving::SimulateServing(sv.config, sv.requests,
                                         record ? &so.records : nullptr);
    so.capacity = sv.capacity.capacity;
    const double prefill_gpus =
        static_cast<double>(sv.config.prefill_replicas) *
        perf::ReplicaGpus(sv.config.PrefillDeployment());
    const double replica_gpus = perf::ReplicaGpus(sv.config.deployment);
    const perf::TransformerCounts counts = perf::CountTransformer(
        sv.config.deployment.model,
        std::max(1, sv.config.deployment.model.max_seq_len));
    const auto& gpu = sv.config.deployment.gpu;
    so.peak_flops_per_gpu = std::max(
        {gpu.bf16_dense_flops, gpu.fp8_dense_flops, gpu.fp4_dense_flops});
    so.prompt_token_flops = counts.gemm_flops_per_token;
    so.output_token_flops =
        counts.gemm_flops_per_token + counts.lm_head_flops_per_token;
    so.capacity_gpus = replica_gpus + prefill_gpus;
    so.load_gpus = sv.config.replicas * replica_gpus + prefill_gpus;
    if (sv.price) {
      so.price = *sv.price;
      so.cost_at_load =
          econ::CostOfRun(*sv.price, so.result,
                          sv.config.replicas * replica_gpus + prefill_gpus);
      so.cost_at_capacity = econ::CostOfRun(*sv.price, so.capacity.at_capacity,
                                            replica_gpus + prefill_gpus);
    }
    r.serving.push_back(std::move(so));
  }
  for (const auto& d : prepared.demand) {
    serving::DemandConfig c = d.config;
    for (const auto& l : r.leases) {
      if (!d.lease.empty() && l.name == d.lease) {
        c.gpus_available = static_cast<std::int64_t>(
            static_cast<double>(l.gpus) * l.availability);
      }
    }
    r.demand.push_back(c.replica_capacity_rate_per_s > 0
                           ? serving::PlanDemand(c)
                           : UnservableDemand(c));
  }
}

}  // namespace

report::Results Run(const scenario::Scenario& scenario,
                    const RunOptions& options) {
  // Prepare: the models' inputs.
  prepare::Prepared prepared = prepare::Prepare(scenario);
  sched::FleetPlan& plan = prepared.fleet;
  if (!options.timeseries) plan.timeseries_step_s = plan.horizon_s;

  // Simulate the fleet.
  std::optional<sched::TraceRecorder> trace;
  if (options.trace) trace.emplace(plan);
  sched::FleetOutcome outcome =
      sched::SimulateFleet(plan, scenario.failure_components,
                           trace ? &*trace : nullptr, options.progress);

  // Evaluate: money, serving, orbital shells.
  report::Results r;
  r.scenario = scenario.name;
  r.variant = scenario.variant;
  r.variant_description = scenario.variant_description;
  r.seed = scenario.seed;
  r.horizon_s = scenario.horizon_s;
  r.events = outcome.events;
  // A growth scenario without clusters has no fleet at the event level: its
  // sites' facilities are the growth level's purchases, priced there.
  const bool event_fleet = !scenario.growth || !scenario.clusters.empty();
  if (event_fleet) {
    r.economics =
        econ::EvaluateFleetEconomics(scenario.economics, plan, outcome);
  }
  r.fleet.failures_total = outcome.failures_total;
  r.fleet.failures_by_component = std::move(outcome.failures_by_component);
  r.clusters = std::move(outcome.clusters);
  r.leases = std::move(outcome.leases);
  r.training = std::move(outcome.training);
  for (const auto& t : r.training) {
    const auto job = std::find_if(
        plan.jobs.begin(), plan.jobs.end(),
        [&](const training::TrainingJobConfig& c) { return c.name == t.name; });
    r.training_steps.push_back(job != plan.jobs.end() ? job->step
                                                      : perf::TrainingStep{});
  }
  r.services = std::move(outcome.services);
  r.sites = std::move(outcome.sites);
  if (trace) {
    trace->AddCounters(outcome.timeseries);
    r.trace = trace->Finish(plan.horizon_s);
    r.trace_recorded = true;
  }
  if (options.timeseries) r.timeseries = std::move(outcome.timeseries);
  r.requests_recorded = options.requests;
  EvaluateServing(prepared, options.requests, r);
  for (const auto& o : prepared.orbital) {
    r.orbital.push_back(econ::EvaluateOrbitalShell(o.spec, o.ground));
  }

  // The growth level, when the scenario has one.
  if (scenario.growth) {
    r.growth = growth::SimulateGrowth(prepare::PrepareGrowth(scenario));
  }

  // Results: every figure derived from the outcomes.
  report::FillDerivedFigures(r);
#ifndef NDEBUG
  // A debug build checks every run's invariants at once (release builds:
  // the CLI checks before writing, report/invariants.h).
  const report::InvariantReport check = report::CheckInvariants(r);
  if (!check.ok()) {
    throw std::logic_error(fmt::format("{} ({}): invariant broken: {}",
                                       scenario.name, scenario.variant,
                                       fmt::join(check.violations, "; ")));
  }
#endif
  return r;
}

std::vector<std::string> RunWarnings(const scenario::Scenario& scenario,
                                     const report::Results& results) {
  std::vector<std::string> warnings;
  for (const auto& d : scenario.demand) {
    const auto outcome =
        std::find_if(results.demand.begin(), results.demand.end(),
                     [&](const serving::DemandOutcome& o) {
                       return o.name == d.config.name;
                     });
    if (outcome == results.demand.end() ||
        outcome->replica_capacity_rate_per_s > 0) {
      continue;
    }
    const auto sv = std::find_if(
        scenario.serving.begin(), scenario.serving.end(),
        [&](const scenario::ServingSpec& s) { return s.name == d.serving; });
    const serving::Slo slo =
        sv == scenario.serving.end() ? serving::Slo{} : sv->config.slo;
    warnings.push_back(fmt::format(
        "[[demand]] {}: one replica of [[serving]] {} cannot meet its SLO "
        "(ttft <= {} s, tpot <= {} s) even at the lowest rate; it is reported "
        "with zero capacity and SLO attainment; relax the SLO or change the "
        "deployment",
        d.config.name, d.serving, slo.ttft_s, slo.tpot_s));
  }
  return warnings;
}

}  // namespace kardashev
