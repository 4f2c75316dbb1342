// A FleetOutcome is what a fleet simulation produced: GPU-hours by state per
// cluster, each lease's, job's and service's outcome, each site's energy and
// money, failures, the time series and the monthly money ledger. Plain data;
// report/ formats it and econ/ prices it.
#ifndef KARDASHEV_SCHED_FLEET_OUTCOME_H_
#define KARDASHEV_SCHED_FLEET_OUTCOME_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/sched/lease.h"
#include "kardashev/sched/service.h"
#include "kardashev/training/job.h"

namespace kardashev::sched {

struct ClusterOutcome {
  std::string name;
  std::int64_t gpus = 0;
  int site = 0;                     // index into the fleet's sites
  double idle_power_w_per_gpu = 0;  // GPU and host share, at idle
  double active_gpu_hours = 0;      // delivering work (leased, or training)
  double stalled_gpu_hours =
      0;  // held by a training job that is down or restarting
  double unpowered_gpu_hours = 0;     // held, but shed for lack of power
  double spare_gpu_hours = 0;         // up, in the pool, unused
  double provisioning_gpu_hours = 0;  // up, being swapped into a lease
  double down_gpu_hours = 0;          // failed, in repair
  std::int64_t failures = 0;
};

struct SiteOutcome {
  std::string name;
  double energy_mwh = 0;  // facility energy served
  double it_energy_mwh = 0;
  double peak_power_mw = 0;        // highest facility demand
  double peak_drawn_mw = 0;        // highest facility power served
  double power_cap_mw = 0;         // grid import cap
  double power_capped_hours = 0;   // time with demand no source could serve
  double unmet_mwh = 0;            // energy demanded but shed
  double grid_mwh = 0;             // imported, to the facility and the battery
  double generation_mwh = 0;       // generated on site and used
  double curtailed_mwh = 0;        // generation available but not used
  double battery_charged_mwh = 0;  // drawn into the battery
  double battery_discharged_mwh = 0;  // delivered by the battery
  double battery_start_mwh = 0;       // stored at the start (full)
  double battery_end_mwh = 0;         // stored at the end of the horizon
  double energy_cost_usd = 0;  // grid at its hourly price, plus generation
  double carbon_t = 0;
};

// One row of the time series: averages over [time_s - step, time_s).
struct TimeseriesRow {
  double time_s = 0;
  double gpus_up = 0;
  double gpus_down = 0;
  double gpus_active = 0;
  double gpus_leased_short = 0;
  double gpus_unpowered = 0;
  double power_mw = 0;        // facility power served
  double grid_power_mw = 0;   // imported
  double battery_mwh = 0;     // stored at the end of the step
  double energy_mwh = 0;      // cumulative facility energy
  std::int64_t failures = 0;  // in this step
};

struct FleetOutcome {
  std::vector<ClusterOutcome> clusters;
  std::vector<LeaseOutcome> leases;
  std::vector<training::TrainingOutcome> training;
  std::vector<ServiceOutcome> services;
  std::vector<SiteOutcome> sites;
  std::map<std::string, std::int64_t> failures_by_component;
  std::int64_t failures_total = 0;
  std::int64_t events = 0;  // events the loop ran
  std::vector<TimeseriesRow> timeseries;
  // Money by month (twelfths of a 365-day year): lease and service revenue as
  // billed, SLA credits when their billing period closes, energy as drawn.
  std::vector<econ::MonthFlows> months;
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_FLEET_OUTCOME_H_
