// Results: what one run of one scenario variant produced, as plain data, with
// every figure a reader sees. run() fills the outcomes and then calls
// evaluate::FillDerivedFigures() (evaluate/derived_figures.h), which computes
// each derived figure (costs per million tokens, carbon, shed share, lease
// availability, totals) once; the writers
// (summary_json.h, timeseries_csv.h, text_table.h) only format. Results hold no
// wall-clock time, so the same scenario and seed give identical output.
#ifndef KARDASHEV_REPORT_RESULTS_H_
#define KARDASHEV_REPORT_RESULTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/econ/orbital_shell.h"
#include "kardashev/econ/serving_cost.h"
#include "kardashev/growth/growth_outcome.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/sched/trace_events.h"
#include "kardashev/serving/capacity.h"
#include "kardashev/serving/demand.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::report {

// The fleet as a whole. The failures come from the simulation; every other
// figure is summed over the clusters and sites by FillDerivedFigures.
struct FleetSummary {
  std::int64_t failures_total = 0;
  std::map<std::string, std::int64_t> failures_by_component;
  std::int64_t gpus = 0;
  double gpu_hours = 0;    // installed: GPUs x horizon
  double utilization = 0;  // active GPU-hours / installed GPU-hours
  double active_gpu_hours = 0;
  double spare_gpu_hours = 0;
  double provisioning_gpu_hours = 0;
  double stalled_gpu_hours = 0;
  double unpowered_gpu_hours = 0;
  double down_gpu_hours = 0;
  double energy_mwh = 0;
  double peak_power_mw = 0;  // the sum over sites of the peak demanded
  double peak_drawn_mw = 0;  // the sum over sites of the peak drawn (served)
  double carbon_t = 0;       // the sum over sites
  double shed_gpu_hours_fraction = 0;  // unpowered / installed GPU-hours
};

struct ServingOutcome {
  std::string name;
  std::string source;  // the trace, or the synthetic arrival process
  int replicas = 0;
  int gpus_per_replica = 0;
  serving::ServingResult result;
  // One replica's capacity within the SLO (prepare::FindReplicaCapacity):
  // on the trace time-scaled when the deployment replays one, else on its
  // synthetic arrival process.
  serving::Capacity capacity;
  // Per completed request, by index; filled only when the run records them
  // (RunOptions::requests).
  std::vector<serving::RequestRecord> records;
  // Cost (econ/serving_cost.h): at the observed load (the replay, on all
  // its GPUs) and at the capacity rate (one decode replica with its prefill
  // replicas, at_capacity run); all 0 when the GPU has no catalog node.
  econ::ServingCost cost_at_load;
  econ::ServingCost cost_at_capacity;
  econ::GpuHourPrice price;  // one GPU-hour, by the one rule
  // For the roofline invariant (invariants.h): the GPU's highest dense peak,
  // the matrix-multiply FLOPs of a prompt token computed and of an output
  // token (LM head included), and the GPUs at capacity and at the replay.
  double peak_flops_per_gpu = 0;
  double prompt_token_flops = 0;
  double output_token_flops = 0;
  double capacity_gpus = 0;
  double load_gpus = 0;
};

// An orbital shell against the ground (econ/orbital_shell.h).
using OrbitalOutcome = econ::OrbitalShellOutcome;

// Derived figures of one training job, in the order of Results::training.
struct TrainingFigures {
  // The fleet's cost per GPU-hour (opex and depreciation) times the GPU-hours
  // the job held, per million tokens it trained; 0 when it trained none.
  double cost_usd_per_million_tokens = 0;
  double interruptions_per_day = 0;
};

// Derived figures of one service, in the order of Results::services.
struct ServiceFigures {
  // The fleet's cost per GPU-hour times the GPU-hours the service held, per
  // million tokens it served; 0 when it served none.
  double cost_usd_per_million_tokens = 0;
};

// Sums over a variant's leases.
struct LeaseTotals {
  std::int64_t gpus = 0;
  double contracted_gpu_hours = 0;
  double delivered_gpu_hours = 0;
  double availability = 0;  // delivered / contracted; 0 when none contracted
  double revenue_usd = 0;   // billed
  double revenue_usd_per_year = 0;
  double sla_penalty_usd = 0;
};

// Sums over a variant's training jobs.
struct TrainingTotals {
  std::int64_t gpus = 0;
  double tokens_trained = 0;
  std::int64_t interruptions = 0;
  double interruptions_per_day = 0;
  std::int64_t preemptions = 0;
  // Lost work, waiting and restarts caused by preemptions.
  double preemption_cost_s = 0;
};

// Sums over a variant's services (demand on owned clusters).
struct ServiceTotals {
  double requests_demanded = 0;
  double requests_served = 0;
  double within_capacity = 0;  // served / demanded; 0 when none demanded
  double tokens_served = 0;
  double gpu_hours = 0;
  std::int64_t peak_gpus = 0;
  double revenue_usd = 0;
  double cost_usd_per_million_tokens = 0;  // 0 when none served
};

struct Results {
  std::string scenario;
  std::string variant;
  std::string variant_description;
  std::uint64_t seed = 0;
  double horizon_s = 0;
  bool requests_recorded = false;  // serving[].records filled (requests.csv)
  FleetSummary fleet;
  std::vector<sched::ClusterOutcome> clusters;
  std::vector<sched::LeaseOutcome> leases;
  std::vector<training::TrainingOutcome> training;
  // The step-time model of each training job's plan, in the order of
  // `training` (perf::EstimateTrainingStep): its breakdown and memory per GPU.
  std::vector<perf::TrainingStep> training_steps;
  std::vector<sched::ServiceOutcome> services;  // demand on owned clusters
  std::vector<ServingOutcome> serving;
  std::vector<serving::DemandOutcome> demand;
  std::vector<OrbitalOutcome> orbital;
  std::vector<sched::SiteOutcome> sites;
  std::vector<sched::TimeseriesRow> timeseries;
  // The fleet's trace (trace.json); filled only when the run records it
  // (RunOptions::trace).
  bool trace_recorded = false;
  sched::TraceEvents trace;
  econ::EconomicsOutcome economics;
  // The fleet over years at the growth level (growth/simulate_growth.h);
  // set only when the scenario has a [growth] table.
  std::optional<growth::GrowthOutcome> growth;
  std::int64_t events = 0;
  // Derived (FillDerivedFigures).
  std::vector<TrainingFigures> training_figures;  // one per training job
  std::vector<ServiceFigures> service_figures;    // one per service
  LeaseTotals lease_totals;
  TrainingTotals training_totals;
  ServiceTotals service_totals;
};

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_RESULTS_H_
