// SimulateFleet plays out a fleet over a horizon: nodes fail and are repaired,
// leases are kept whole from each cluster's pool of unleased nodes, and power
// is drawn. It is a discrete-event simulation on sim::EventLoop with one
// pending failure per working node; between events every quantity is constant
// (sites with an hourly price or generation curve get an event each hour, and a
// battery's charge is integrated piecewise up to full or empty), so GPU-hours
// and energy are integrated exactly.
//
// Power: each site's supply is dispatched by fleet::Dispatch. Demand no source
// can serve is shed: first the idle nodes are powered off, then working nodes;
// the GPU-hours of working nodes without power are "unpowered", and they
// deliver nothing (a lease counts them against its availability; a training
// job loses that share of its progress).
//
// Conservation holds by construction and is checked by tests: per cluster,
// active + stalled + unpowered + spare + provisioning + down GPU-hours = GPUs x
// horizon; energy = the integral of facility power; per site, served + charged
// = grid + generation + discharged.
//
// Services (sched/service.h) follow their demand hour by hour and may preempt
// lower-priority training jobs.
//
// Randomness: node i of cluster c draws its failures from the stream (seed,
// "failure", NodeEntityId(c, i)) and its repairs from (seed, "repair",
// NodeEntityId(c, i)), so two variants of a scenario see the same failures on
// the same nodes.
#ifndef KARDASHEV_SCHED_FLEET_SIMULATION_H_
#define KARDASHEV_SCHED_FLEET_SIMULATION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kardashev/econ/economics.h"
#include "kardashev/fleet/cluster.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/fleet/site.h"
#include "kardashev/sched/lease.h"
#include "kardashev/sched/service.h"
#include "kardashev/training/job.h"

namespace kardashev::sched {

struct FleetPlan {
  std::vector<fleet::GroundSiteConfig> sites;
  std::vector<fleet::ClusterConfig> clusters;
  std::vector<LeaseConfig> leases;
  std::vector<training::TrainingJobConfig> jobs;
  std::vector<ServiceConfig> services;
  fleet::FailureModelConfig failures;
  double spare_swap_h = 0;  // time to bring a spare into a lease
  std::uint64_t seed = 0;
  double horizon_s = 0;
  double timeseries_step_s = 86400;
};

struct ClusterOutcome {
  std::string name;
  std::int64_t gpus = 0;
  double active_gpu_hours = 0;  // delivering work (leased, or training)
  double stalled_gpu_hours =
      0;  // held by a training job that is down or restarting
  double unpowered_gpu_hours = 0;     // held, but shed for lack of power
  double spare_gpu_hours = 0;         // up, in the pool, unused
  double provisioning_gpu_hours = 0;  // up, being swapped into a lease
  double down_gpu_hours = 0;          // failed, in repair
  std::int64_t failures = 0;
};

struct LeaseOutcome {
  std::string name;
  std::string tenant;
  std::int64_t gpus = 0;
  double contracted_gpu_hours = 0;
  double delivered_gpu_hours = 0;
  double availability = 0;  // delivered / contracted
  double worst_period_availability = 1;
  int periods = 0;
  int periods_below_sla = 0;
  double revenue_usd = 0;  // billed: contracted GPU-hours x price
  double sla_penalty_usd = 0;
  std::int64_t interruptions = 0;  // leased nodes lost to failures
  double max_shortfall_gpus = 0;
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

// REQUIRES: the plan is valid (as scenario/ guarantees): leases fit their
// clusters, indices in range, positive horizon and step.
FleetOutcome SimulateFleet(
    const FleetPlan& plan,
    const std::vector<catalog::FailureComponent>& components);

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_FLEET_SIMULATION_H_
