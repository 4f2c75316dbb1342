// A GrowthSpec is the growth level of a scenario as its file says it: the
// horizon in months, when each site and orbital shell comes online and
// retires, the purchases of nodes (builds), the regions users are in, the
// served products and their users by region, the leases and the training
// jobs. Names are resolved to indices and catalog entries are copied in;
// nothing is modelled here (prepare/growth_prepare.h computes the throughput,
// capacity and satellite figures a growth::GrowthPlan holds).
//
// Growth sites are numbered ground sites first (Scenario::sites, in file
// order), then orbital shells (Scenario::orbital, in file order).
#ifndef KARDASHEV_SCENARIO_GROWTH_SPEC_H_
#define KARDASHEV_SCENARIO_GROWTH_SPEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/growth/growth_plan.h"
#include "kardashev/scenario/training_spec.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::scenario {

// When a ground site or an orbital shell holds working nodes, and for a
// shell its inter-satellite link.
struct GrowthSiteTiming {
  int online_month = 0;
  int construction_months = 0;  // ground only
  int retire_month = -1;        // -1: never
  double isl_bytes_per_s = 0;   // orbital only; 0: no inter-satellite link
};

// One purchase of nodes at a ground site (a [[build]] with `repeat` > 1
// gives one per repeat, named name#1, name#2, ...).
struct GrowthBuildSpec {
  std::string name;
  int site = 0;        // index into Scenario::sites
  int generation = 0;  // index into GrowthSpec::generations
  catalog::NodeSpec node;
  catalog::GpuSpec gpu;
  std::optional<catalog::FabricSpec> fabric;
  std::int64_t gpus = 0;
  int order_month = 0;  // online_month - lead_months, at least 0
  int online_month = 0;
  int retire_month = -1;
  double life_months = 60;
  double failure_rate_multiplier = 1;
  double price_usd_per_gpu = 0;  // 0: the catalog GPU price
};

struct GrowthRegionSpec {
  std::string name;
  std::vector<double> round_trip_ms;  // by growth site; < 0: unreachable
};

// A served product: its deployment (the GPU is each generation's), its
// request lengths and SLO (in `config`), its price and its users.
struct GrowthProductSpec {
  std::string name;
  serving::ServingConfig config;
  int prompt_tokens = 0;
  int output_tokens = 0;
  double requests_per_user_per_day = 0;
  double price_usd_per_million_tokens = 0;
  serving::DemandCurve curve;
  double max_round_trip_ms = 0;
  double gpu_utilization = 1;
  std::vector<growth::RegionDemand> demand;
};

// A training job at the growth level: its plan at reference_gpus (the step
// input's GPU and fabric are each generation's) and where it may run.
struct GrowthJobSpec {
  std::string name;
  std::vector<int> sites;  // growth sites
  std::int64_t max_gpus = 0;
  std::int64_t reference_gpus = 0;
  int start_month = 0;
  int end_month = -1;
  // The plan, checkpoints, recovery, target, value and utilisation, as a
  // [[training]] job holds them (its cluster, node_gpus and priority unused;
  // gpus = reference_gpus).
  TrainingSpec training;
};

// A hardware generation: a node type, with the scale-out fabric its training
// plans are evaluated on.
struct GrowthGenerationSpec {
  catalog::NodeSpec node;
  catalog::GpuSpec gpu;
  catalog::FabricSpec fabric;
};

struct GrowthSpec {
  int months = 0;
  int start_year = 0;
  // One per distinct node of the builds, then of the orbital shells, in
  // first-use order.
  std::vector<GrowthGenerationSpec> generations;
  std::vector<int> shell_generation;     // by Scenario::orbital
  std::vector<GrowthSiteTiming> sites;   // by Scenario::sites
  std::vector<GrowthSiteTiming> shells;  // by Scenario::orbital
  std::vector<GrowthBuildSpec> builds;
  std::vector<GrowthRegionSpec> regions;
  std::vector<GrowthProductSpec> products;
  std::vector<growth::Lease> leases;  // sites are growth sites
  std::vector<GrowthJobSpec> jobs;
};

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_GROWTH_SPEC_H_
