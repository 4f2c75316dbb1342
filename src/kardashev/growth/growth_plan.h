// A GrowthPlan is a fleet over years, as the growth level plays it: sites
// (ground datacenters and orbital shells) that come online and retire,
// purchases of nodes (builds) of successive hardware generations, leases,
// training jobs and served products that start and stop, and the demand of
// those products by region. It is plain data: prepare/ fills it from a
// scenario, with every model figure it needs (tokens per GPU-second of each
// job on each generation, requests per GPU-second of each product within its
// SLO, orbital satellite designs) already computed by the models below.
// SimulateGrowth (growth/simulate_growth.h) requires it valid.
//
// Time is counted in months from the start of the horizon; a month is a
// twelfth of a 365-day year (kSecondsPerMonth), as in econ/'s ledger. "Month
// m" is the interval [m, m + 1) months.
#ifndef KARDASHEV_GROWTH_GROWTH_PLAN_H_
#define KARDASHEV_GROWTH_GROWTH_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kardashev/serving/demand.h"
#include "kardashev/training/goodput_model.h"

namespace kardashev::growth {

inline constexpr double kSecondsPerMonth = 365.0 * 86400.0 / 12.0;
inline constexpr double kHoursPerMonth = kSecondsPerMonth / 3600.0;

// A node type with what the models say of it. Ground failures are repaired;
// in orbit, the permanent ones are not.
struct Generation {
  std::string node;  // catalog node name
  std::string gpu;   // catalog GPU name
  int node_gpus = 1;
  double busy_w_per_gpu = 0;     // GPU at TDP plus its share of the host
  double idle_w_per_gpu = 0;     // GPU and host share, idle
  double capex_usd_per_gpu = 0;  // GPU, its share of the node and network
  // Failures per GPU-hour at a multiplier of 1 (catalog table), by scope, and
  // the mean repair time of a node on the ground.
  double node_failures_per_gpu_h = 0;
  double job_failures_per_gpu_h = 0;
  double repair_h = 0;
  // Failures no repair in orbit undoes (GPU, HBM, host hardware), per
  // GPU-hour, before any radiation multiplier.
  double permanent_failures_per_gpu_h = 0;
  // By training job (GrowthPlan::jobs): tokens per second per GPU at the
  // job's plan on this generation, before failures; 0: the job cannot run
  // on it (its plan does not fit).
  std::vector<double> training_tokens_per_gpu_s;
  // By training job: one step, in seconds (for the goodput model).
  std::vector<double> training_step_s;
  // By product (GrowthPlan::products): requests per second one GPU serves
  // within the product's SLO; 0: it cannot.
  std::vector<double> serving_requests_per_gpu_s;
};

// An orbital shell: identical satellites launched at a cadence until the
// shell holds its target, then to replace what failed or deorbited (the
// policy of fleet/orbital_deployment.h, applied from the shell's online
// month). No repair: a satellite launched at t0 with n GPUs has
// n exp(-lambda (t - t0)) working until it deorbits at t0 + mission.
struct OrbitalShell {
  int generation = 0;  // the node the satellites carry
  double target_satellites = 0;
  double satellites_per_launch = 1;
  double launches_per_year = 0;
  int gpus_per_satellite = 0;
  double failures_per_gpu_h = 0;  // permanent, radiation included
  double mission_months = 0;
  double hardware_usd_per_satellite = 0;  // compute, array, battery, radiator
  double mass_kg_per_satellite = 0;
  double launch_usd_per_kg = 0;  // at month 0 of the horizon
  // The price falls by this share a year from month 0 (learning curve), so a
  // shell that comes online later launches at a lower price.
  double launch_price_decline_per_year = 0;
  // Power: the array delivers array_power_bol_w (1 - degradation)^age; one
  // satellite's compute needs it_power_w / sunlit_share_of_array, where the
  // array also recharges the eclipse battery (fleet/orbital.h). Designed for
  // the mission, so it binds only when the user shortens the margin.
  double it_power_w_per_satellite = 0;
  double array_power_bol_w_per_satellite = 0;
  double array_w_needed_per_it_w = 1;  // array power per watt of compute
  double degradation_per_year = 0;
  // The ground link: added round trip at the lowest elevation, and the
  // tokens per second one satellite's link carries (0: not bounded).
  double link_round_trip_ms = 0;
  double link_tokens_per_s_per_satellite = 0;
};

struct Site {
  std::string name;
  int online_month = 0;   // the first month it holds working nodes
  int retire_month = -1;  // the first month it no longer does; -1: never
  // Ground: power, price and the facility's cost. The facility's capex is
  // spent evenly over the construction months before online_month (in the
  // online month when 0; before month 0 it is counted in month 0) and
  // depreciated from online_month over facility_life_months.
  double power_cap_w = 0;  // grid import cap plus on-site generation
  double pue = 1;
  double electricity_usd_per_mwh = 0;  // mean over the day
  double carbon_kg_per_mwh = 0;
  int construction_months = 0;
  double facility_capex_usd = 0;
  double facility_life_months = 240;
  // Set for an orbital shell: no facility, no grid, solar energy at no cost.
  std::optional<OrbitalShell> orbit;
  bool orbital() const { return orbit.has_value(); }
};

// A purchase of nodes at a ground site: capex in order_month, working from
// online_month to retire_month (its GPUs leave the fleet then, and the book
// value left is written off), depreciated straight-line over life_months.
struct Build {
  std::string name;
  int site = 0;
  int generation = 0;
  std::int64_t gpus = 0;
  int order_month = 0;
  int online_month = 0;
  int retire_month = -1;  // -1: kept
  double capex_usd = 0;
  double life_months = 60;
  double failure_rate_multiplier = 1;  // this generation's rates / catalog's
};

// GPUs rented out at some sites, in first place: each month the lease takes
// up to `gpus` working GPUs of its sites (in order). Each month is a billing
// period of the one lease billing rule (sched::BillPeriod, as at the event
// level): the contracted GPU-hours at the price, and a credit of
// sla_credit_fraction of that bill when what it got falls below
// availability_sla of what it contracted.
struct Lease {
  std::string name;
  std::string tenant;
  std::vector<int> sites;
  std::int64_t gpus = 0;
  int start_month = 0;
  int end_month = -1;  // first month without it; -1: the horizon's end
  double price_usd_per_gpu_hour = 0;
  double availability_sla = 0;
  double sla_credit_fraction = 0;
  double gpu_utilization = 1;  // power drawn, idle-to-busy share
};

// A training job that takes, each month, GPUs left after leases and serving
// in one pool (one generation at one of its sites), up to max_gpus: the pool
// and the size (whole model copies; the rest of the pool are its spares) that
// train the most kept tokens. Its ETTR at that size comes from the goodput
// model (training/goodput_model.h) with the pool's failure rates, and the
// share of failures that find no spare from the spares it leaves. Orbital
// pools train at the tokens per GPU-second the shell allows.
struct TrainingJob {
  std::string name;
  std::vector<int> sites;
  std::int64_t max_gpus = 0;  // 0: every GPU left in the pool
  int start_month = 0;
  int end_month = -1;
  double target_tokens = 0;  // 0: no target; the job stops when it is met
  double value_usd_per_million_tokens = 0;
  double value_usd_per_run = 0;  // credited in the month the target is met
  double gpu_utilization = 1;
  // Fault tolerance, restart and checkpoint costs; gpus, group size, rates,
  // waits and step time are filled in per month.
  training::GoodputInput goodput;
  // By orbital site (index into sites; 0 elsewhere): tokens per GPU-second
  // in that shell, the inter-satellite exchange included; 0: refused.
  std::vector<double> orbital_tokens_per_gpu_s;
};

// A point of a monthly curve; the curve is linear between points and flat
// beyond the first and last.
struct CurvePoint {
  double month = 0;
  double value = 0;
};

// Daily users of a product in one region.
struct RegionDemand {
  int region = 0;
  std::vector<CurvePoint> daily_users;
};

// A product served from the fleet: its requests, by region and hour of a
// representative day, are routed to the nearest sites with free capacity.
struct Product {
  std::string name;
  double requests_per_user_per_day = 0;
  double tokens_per_request = 0;  // billed tokens
  double usd_per_million_tokens = 0;
  serving::DemandCurve curve;    // the daily shape (weekend factor unused)
  double max_round_trip_ms = 0;  // network budget; 0: no bound
  double gpu_utilization = 1;
  std::vector<RegionDemand> demand;
};

struct Region {
  std::string name;
  // By site: the network round trip from the region (ms); < 0: not
  // reachable. For an orbital site, the shell's link round trip is added.
  std::vector<double> round_trip_ms;
};

struct GrowthPlan {
  int months = 0;
  int start_year = 0;  // the calendar year of month 0, for labels
  std::vector<Generation> generations;
  std::vector<Site> sites;
  std::vector<Build> builds;
  std::vector<Lease> leases;
  std::vector<TrainingJob> jobs;
  std::vector<Product> products;
  std::vector<Region> regions;
  double discount_rate = 0.10;
  double other_opex_usd_per_gpu_hour = 0;
  double spare_swap_s = 0;  // wait for a spare node on the ground
};

}  // namespace kardashev::growth

#endif  // KARDASHEV_GROWTH_GROWTH_PLAN_H_
