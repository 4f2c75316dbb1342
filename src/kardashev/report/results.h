// Results: what one run of one scenario variant produced, as plain data. run()
// fills it; the writers in report/writers.h turn it into summary.json,
// timeseries.csv and the text table. Results hold no wall-clock time, so the
// same scenario and seed give identical output.
#ifndef KARDASHEV_REPORT_RESULTS_H_
#define KARDASHEV_REPORT_RESULTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/fleet/orbital_deployment.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/serving/demand.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::report {

struct FleetSummary {
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
  double peak_power_mw = 0;
  std::int64_t failures_total = 0;
  std::map<std::string, std::int64_t> failures_by_component;
};

struct ServingOutcome {
  std::string name;
  std::string source;  // the trace, or the synthetic arrival process
  int replicas = 0;
  int gpus_per_replica = 0;
  serving::ServingResult result;
};

struct OrbitalOutcome {
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
  double break_even_launch_usd_per_kg = 0;
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

struct Results {
  std::string scenario;
  std::string variant;
  std::string variant_description;
  std::uint64_t seed = 0;
  double horizon_s = 0;
  FleetSummary fleet;
  std::vector<sched::ClusterOutcome> clusters;
  std::vector<sched::LeaseOutcome> leases;
  std::vector<training::TrainingOutcome> training;
  std::vector<sched::ServiceOutcome> services;  // demand on owned clusters
  std::vector<ServingOutcome> serving;
  std::vector<serving::DemandOutcome> demand;
  std::vector<OrbitalOutcome> orbital;
  std::vector<sched::SiteOutcome> sites;
  std::vector<sched::TimeseriesRow> timeseries;
  econ::EconomicsOutcome economics;
  std::int64_t events = 0;
};

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_RESULTS_H_
