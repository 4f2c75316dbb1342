#include "kardashev/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "kardashev/evaluate/derived_figures.h"
#include "kardashev/evaluate/fleet_economics.h"
#include "kardashev/evaluate/serving_evaluation.h"
#include "kardashev/growth/simulate_growth.h"
#include "kardashev/prepare/growth_prepare.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/report/invariants.h"
#include "kardashev/sim/time.h"

namespace kardashev {

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
        evaluate::EvaluateFleetEconomics(scenario.economics, plan, outcome);
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
  evaluate::EvaluateServing(prepared, options.requests, r);
  for (const auto& o : prepared.orbital) {
    r.orbital.push_back(econ::EvaluateOrbitalShell(o.spec, o.ground));
  }

  // The growth level, when the scenario has one.
  if (scenario.growth) {
    r.growth = growth::SimulateGrowth(prepare::PrepareGrowth(scenario));
  }

  // Results: every figure derived from the outcomes.
  evaluate::FillDerivedFigures(r);
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
