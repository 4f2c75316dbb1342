// A Scenario is the plain-data description of one run: the fleet (sites,
// clusters, leases, failure settings), the tenants, the economics, the seed and
// the horizon. LoadScenario turns a scenario file into one Scenario per
// variant, after merging includes and applying the variant's overrides and then
// the command line's (--set, --seed).
//
// Loading is strict and all-or-nothing: the first problem found throws a
// ScenarioError that names the file, line, column and key and says what was
// expected. A returned Scenario is valid: names resolve, catalog entries exist,
// leases fit their clusters.
#ifndef KARDASHEV_SCENARIO_SCENARIO_H_
#define KARDASHEV_SCENARIO_SCENARIO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/econ/economics.h"
#include "kardashev/fleet/orbital.h"
#include "kardashev/scenario/error.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/serving/demand.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::scenario {

// An inference deployment and the requests it is to serve.
struct ServingSpec {
  std::string name;
  serving::ServingConfig config;
  std::vector<serving::Request> requests;
  std::string source;  // where the requests come from, for reports
};

// Fleet-level demand on a serving deployment; run() fills in the replica
// capacity.
struct DemandSpec {
  serving::DemandConfig config;
  std::string
      serving;        // the ServingSpec whose deployment, lengths and SLO apply
  std::string lease;  // a lease whose delivered GPUs serve it, or ""
  // Served on an owned cluster, elastically (sched/service.h): the cluster's
  // index, or -1.
  int cluster = -1;
  std::string tenant;
  int priority = 1;
  double price_usd_per_million_tokens = 0;
  double gpu_utilization = 1;
};

// A shell of satellites carrying nodes, and the ground site it is compared
// with.
struct OrbitalSpec {
  std::string name;
  fleet::OrbitalSatelliteConfig
      satellite;  // it_power_w, gpus and compute mass filled in
  catalog::NodeSpec node;
  catalog::GpuSpec gpu;
  int nodes_per_satellite = 0;
  std::int64_t satellites = 0;
  double array_usd_per_w = 0;
  double battery_usd_per_kwh = 0;
  double radiator_usd_per_m2 = 0;
  double launch_usd_per_kg = 0;
  double payload_kg_per_launch = 0;
  double radiation_failure_multiplier = 1;
  double launches_per_year = 0;
  double launch_price_decline_per_year = 0;
  double ground_link_bps = 0;  // 0: not modelled
  double ground_min_elevation_deg = 25;
  double bytes_per_token = 4;
  int ground_site = 0;  // index into fleet.sites
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;
  std::string variant;  // "base" when the file declares no variants
  std::string variant_description;
  std::uint64_t seed = 0;
  double horizon_s = 0;
  std::vector<std::string> tenants;
  sched::FleetPlan fleet;
  std::vector<ServingSpec> serving;
  std::vector<DemandSpec> demand;
  std::vector<OrbitalSpec> orbital;
  econ::EconomicsConfig economics;
  std::vector<catalog::FailureComponent> failure_components;
  std::vector<std::string>
      warnings;  // legal but probably unintended, for stderr
};

struct LoadOptions {
  std::vector<std::string>
      sets;  // "key.path=value", applied after the variant's overrides
  std::optional<std::uint64_t> seed;
  std::optional<std::string> variant;  // play only this variant
};

// Loads `path` and returns one Scenario per selected variant, in the file's
// order. Throws ScenarioError.
std::vector<Scenario> LoadScenario(const std::string& path,
                                   const LoadOptions& options,
                                   const catalog::Catalog& catalog);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_SCENARIO_H_
