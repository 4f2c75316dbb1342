// The sections of a scenario file. Each section has one file under sections/
// that holds its key declarations (for the schema) and its typed reader (for
// the Scenario) together, so that a key is declared, defaulted and read in one
// place. ScenarioSchema() (schema.h) lists the declarations in file order;
// LoadScenario (scenario.h) calls the readers in the order below, each after
// the sections it refers to.
#ifndef KARDASHEV_SCENARIO_SECTIONS_SECTIONS_H_
#define KARDASHEV_SCENARIO_SECTIONS_SECTIONS_H_

#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/scenario/document.h"
#include "kardashev/scenario/overrides.h"
#include "kardashev/scenario/reader.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/scenario/schema.h"

namespace kardashev::scenario {

// What every section reader reads from. REQUIRES: `doc` passed
// ValidateDocument against `schema`.
struct ReadContext {
  const Schema& schema;
  const Value& doc;
  const catalog::Catalog& catalog;
};

SectionDecl ScenarioSection();
SectionDecl SiteSection();
SectionDecl ClusterSection();
SectionDecl TenantSection();
SectionDecl LeaseSection();
SectionDecl TrainingSection();
SectionDecl ServingSection();
SectionDecl DemandSection();
SectionDecl OrbitalSection();
SectionDecl FailuresSection();
SectionDecl EconomicsSection();
SectionDecl VariantSection();
SectionDecl GrowthSection();
SectionDecl BuildSection();
SectionDecl RegionSection();
SectionDecl ProductSection();
SectionDecl GrowthLeaseSection();
SectionDecl GrowthTrainingSection();

// Precisions of weights, matrix multiplies and KV caches.
std::vector<Choice<perf::Precision>> PrecisionChoices();

// Readers, in the order LoadScenario calls them. Each fills its part of `s`
// and throws ScenarioError on a value the schema alone cannot refuse.
void ReadScenarioTable(const ReadContext& in, const LoadOptions& options,
                       Scenario& s);
void ReadSites(const ReadContext& in, Scenario& s);
void ReadClusters(const ReadContext& in, Scenario& s);
void ReadTenants(const ReadContext& in, Scenario& s);
void ReadLeases(const ReadContext& in, GpuClaims& claims, Scenario& s);
void ReadTraining(const ReadContext& in, GpuClaims& claims, Scenario& s);
void ReadServing(const ReadContext& in, Scenario& s);
void ReadDemand(const ReadContext& in, Scenario& s);
void ReadOrbital(const ReadContext& in, Scenario& s);
void ReadFailures(const ReadContext& in, Scenario& s);
void ReadEconomics(const ReadContext& in, Scenario& s);
// The growth level (growth.cc), after every section above: [growth], the
// growth keys of [[site]] and [[orbital]], then [[build]], [[region]],
// [[product]], [[growth_lease]] and [[growth_training]]. Without a [growth]
// table, those sections are refused.
void ReadGrowth(const ReadContext& in, Scenario& s);
GrowthSiteTiming ReadSiteTiming(const Reader& r);   // [[site]]
GrowthSiteTiming ReadShellTiming(const Reader& r);  // [[orbital]]
void ReadBuilds(const ReadContext& in, Scenario& s);
void ReadRegions(const ReadContext& in, Scenario& s);
void ReadProducts(const ReadContext& in, Scenario& s);
void ReadGrowthLeases(const ReadContext& in, Scenario& s);
void ReadGrowthTraining(const ReadContext& in, Scenario& s);
// The growth sites the `sites` key of `r` names: at least one, none twice.
std::vector<int> ResolveGrowthSites(const Reader& r, const Scenario& s);
// The scale-out fabric of a generation no [[build]] names one for.
catalog::FabricSpec DefaultGrowthFabric(const catalog::Catalog& catalog);
// The growth site (ground sites, then orbital shells) named `name`, or -1;
// and the names of them all, for messages.
int FindGrowthSite(const std::string& name, const Scenario& s);

// Whether `name` is an [[orbital]] shell with enabled = false: references to
// it from growth sections are dropped, as the shell is.
bool IsDisabledShell(const std::string& name, const Scenario& s);
std::string GrowthSiteNames(const Scenario& s);
// The growth site (ground sites, then orbital shells) the string at `key`
// names.
int ResolveGrowthSite(const Reader& r, std::string_view key,
                      const std::string& name, const Scenario& s);

// The keys of a served deployment's plan, shared by [[serving]] and
// [[product]] (sections/deployment_keys.cc): `tp`, and the precisions,
// expert parallelism, efficiency set and batching keys.
KeyDecl DeploymentTpKey();
std::vector<KeyDecl> DeploymentKeys();
// Reads those keys into `c` (its deployment's model and GPU set before); a
// scale-out fabric is resolved, nothing is checked against the GPU.
void ReadDeploymentKeys(const Reader& r, const catalog::Catalog& cat,
                        serving::ServingConfig& c);
// Refuses, at the key that is wrong, a deployment its GPU cannot run: FP4
// without FP4 tensor cores, expert parallelism that does not fit, weights
// that leave no room for a KV cache.
void CheckDeploymentOnGpu(const Reader& r, const catalog::Catalog& cat,
                          const perf::InferenceDeployment& d);
// The keys a deployment's expert parallelism is read from: the decode (or
// only) pool's, or the prefill pool's.
struct ExpertKeys {
  const char* ep;
  const char* attention_dp;
};
// Refuses, at the key that is wrong, expert parallelism that does not fit the
// model, its GPU or the fabric (`fabric_named`: the deployment names one).
void CheckExpertParallelism(const Reader& r, const catalog::Catalog& cat,
                            const perf::InferenceDeployment& d,
                            bool fabric_named, const ExpertKeys& k);

// The keys of a training plan, shared by [[training]] and
// [[growth_training]] (sections/training.cc): sequence and batch, the
// parallel plan, the efficiency set, checkpoints, restarts and fault
// tolerance; and the keys of the value of a job's output.
std::vector<KeyDecl> TrainingPlanKeys();
std::vector<KeyDecl> TrainingValueKeys();
// The step-model input of the plan at `gpus` GPUs (dp = gpus / (tp x pp x
// cp), refused at `gpus_key` when not whole); its GPU and fabric are left to
// the caller, and nothing is checked against memory.
perf::TrainingStepInput ReadTrainingPlan(const Reader& r, const ReadContext& in,
                                         const catalog::ModelSpec& model,
                                         std::int64_t gpus,
                                         std::string_view gpus_key);
// Checkpoint, restart and fault-tolerance keys into `j`.
void ReadTrainingResilience(const Reader& r, const ReadContext& in,
                            TrainingSpec& j);
// In replica and elastic modes a replica group (tp x pp x cp GPUs) is whole
// nodes of `node_gpus`, or a node holds whole groups, and holds a whole copy
// of the state; refused at `fault_tolerance` otherwise.
void CheckGroups(const Reader& r, const perf::ParallelPlan& p, int node_gpus);
// The value keys into `j` (REQUIRES: j.target_tokens read): one way at most,
// and a value per run only for a run with an end.
void ReadTrainingValue(const Reader& r, TrainingSpec& j);

// A [[variant]]: a name and the overrides it applies.
struct VariantDecl {
  std::string name;
  std::string description;
  std::vector<Override> overrides;
};

// Takes the [[variant]] entries out of `doc` (validating them) and returns
// them; a file without variants plays one, "base".
std::vector<VariantDecl> TakeVariants(const Schema& schema, Value& doc);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_SECTIONS_SECTIONS_H_
