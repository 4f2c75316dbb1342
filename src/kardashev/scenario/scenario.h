// A Scenario is the plain-data description of one run, as its file says it:
// the fleet (sites, clusters, leases, failure settings), the tenants, the
// training jobs with their parallel plans, the serving deployments with their
// arrival settings, the demand, the orbital shells, the economics, the seed
// and the horizon. Names are resolved (catalog entries are copied in, sections
// refer to each other by index) and units are converted to SI, but nothing is
// modelled here: step times, checkpoint sizes, request streams, capacities and
// satellite designs are computed by prepare/ (prepare/prepare.h).
//
// LoadScenario turns a scenario file into one Scenario per variant, after
// merging includes and applying the variant's overrides and then the command
// line's (--set, --seed). Loading is strict and all-or-nothing: the first
// problem found throws a ScenarioError that names the file, line, column and
// key and says what was expected. A returned Scenario is valid: names resolve,
// catalog entries exist, leases and jobs fit their clusters, training plans fit
// in memory, traces can be read and satellites fit in a launch.
#ifndef KARDASHEV_SCENARIO_SCENARIO_H_
#define KARDASHEV_SCENARIO_SCENARIO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/econ/economics.h"
#include "kardashev/econ/orbital_shell.h"
#include "kardashev/fleet/cluster.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/fleet/orbital.h"
#include "kardashev/fleet/site.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/growth_spec.h"
#include "kardashev/scenario/training_spec.h"
#include "kardashev/sched/lease.h"
#include "kardashev/serving/demand.h"
#include "kardashev/serving/replica_simulator.h"
#include "kardashev/training/fault_tolerance.h"

namespace kardashev::scenario {

// Where a deployment's requests come from.
enum class Arrival { kTrace, kPoisson, kGamma };

// The name of an arrival process as a scenario file writes it.
std::string_view ArrivalName(Arrival arrival);

// An inference deployment and the settings of the requests it is to serve.
struct ServingSpec {
  std::string name;
  serving::ServingConfig config;
  Arrival arrival = Arrival::kTrace;
  std::string trace;       // as written in the file; "" for none
  std::string trace_path;  // resolved against the scenario file
  double rate_per_s = 0;   // synthetic arrivals
  double arrival_cv = 1;   // of gamma inter-arrival times
  int requests = 10000;    // synthetic requests
  int prompt_tokens = 0;   // synthetic lengths without a trace
  int output_tokens = 0;
  // The node of the deployment's GPU, for serving cost: the first catalog
  // node carrying that GPU (none: the deployment is not priced).
  std::optional<catalog::NodeSpec> node;
};

// Fleet-level demand on a serving deployment; prepare/ fills in the replica
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
  int priority = 0;
  double price_usd_per_million_tokens = 0;
  double gpu_utilization = 0;
};

// A shell of satellites carrying nodes, and the ground site it is compared
// with.
struct OrbitalSpec : econ::OrbitalShellSpec {
  int ground_site = 0;  // index into Scenario::sites
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;
  std::string variant;  // "base" when the file declares no variants
  std::string variant_description;
  std::uint64_t seed = 0;
  double horizon_s = 0;
  double timeseries_step_s = 0;
  std::vector<std::string> tenants;
  std::vector<fleet::GroundSiteConfig> sites;
  std::vector<fleet::ClusterConfig> clusters;
  std::vector<sched::LeaseConfig> leases;     // enabled ones
  std::vector<TrainingSpec> training;         // enabled ones
  std::vector<ServingSpec> serving;           // enabled ones
  std::vector<DemandSpec> demand;             // enabled ones
  std::vector<OrbitalSpec> orbital;           // enabled ones
  std::vector<std::string> disabled_orbital;  // names of the others
  fleet::FailureModelConfig failures;
  double spare_swap_h = 0;  // time to bring a spare into a lease
  econ::EconomicsConfig economics;
  std::vector<catalog::FailureComponent> failure_components;
  std::vector<std::string>
      warnings;  // legal but probably unintended, for stderr
  // The growth level, when the file has a [growth] table.
  std::optional<GrowthSpec> growth;
};

struct LoadOptions {
  std::vector<std::string>
      sets;  // "key.path=value", applied after the variant's overrides
  std::optional<std::uint64_t> seed;
  std::optional<std::string> variant;  // play only this variant
  // Catalog files (data/catalog format) to add to the catalog, after those
  // the scenario names (--catalog; relative to the working directory).
  std::vector<std::string> catalog_files;
  // Whether the files `[scenario] catalog` names are read; when false, naming
  // one is a ScenarioError (for loaders of untrusted input, like the fuzzers).
  bool read_catalog_files = true;
};

// Loads `path` and returns one Scenario per selected variant, in the file's
// order. `catalog` is extended with the scenario's own catalog entries and
// files (user_catalog.h); when `merged` is not null, it receives that
// catalog. Throws ScenarioError.
std::vector<Scenario> LoadScenario(const std::string& path,
                                   const LoadOptions& options,
                                   const catalog::Catalog& catalog,
                                   catalog::Catalog* merged = nullptr);

// `catalog` extended with the catalog entries and files of the scenario
// `path` (none when `path` is empty) and of options.catalog_files, without
// reading the rest of the scenario. Throws ScenarioError.
catalog::Catalog LoadScenarioCatalog(const std::string& path,
                                     const LoadOptions& options,
                                     const catalog::Catalog& catalog);

// As LoadScenario, for scenario TOML `text` that comes from elsewhere than a
// file (e.g. a Python dict): `display_name` (e.g. "<dict>") names it in
// errors, and relative paths in it (includes, traces) resolve against the
// working directory. `text` obeys the limits of a scenario file.
std::vector<Scenario> LoadScenarioText(std::string_view text,
                                       const std::string& display_name,
                                       const LoadOptions& options,
                                       const catalog::Catalog& catalog);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_SCENARIO_H_
