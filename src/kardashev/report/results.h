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
#include "kardashev/econ/orbital_shell.h"
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

// An orbital shell against the ground (econ/orbital_shell.h).
using OrbitalOutcome = econ::OrbitalShellOutcome;

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
