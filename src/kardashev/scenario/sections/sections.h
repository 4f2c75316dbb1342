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
