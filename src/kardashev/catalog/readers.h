// The reader of each kind of catalog entry: the one list of its keys, their
// types and their ranges, used for every entry of that kind whether it comes
// from data/catalog/*.toml, a user's catalog file or a scenario. Each reads
// through an EntryReader (entry.h) and throws CatalogError at the offending
// key; the caller calls Finish() to refuse keys no reader read.
#ifndef KARDASHEV_CATALOG_READERS_H_
#define KARDASHEV_CATALOG_READERS_H_

#include <string>
#include <utility>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/catalog/entry.h"

namespace kardashev::catalog {

GpuSpec ReadGpu(EntryReader& r);
NodeSpec ReadNode(EntryReader& r);
FabricSpec ReadFabric(EntryReader& r);
ModelSpec ReadModel(EntryReader& r);
EfficiencySpec ReadEfficiency(EntryReader& r);
GemmEfficiencySpec ReadGemmEfficiency(EntryReader& r);
InferenceEfficiencySpec ReadInferenceEfficiency(EntryReader& r);
RecoverySpec ReadRecovery(EntryReader& r);

// The failure model's tables ([[component]], [[repair_outcome]],
// [[repair_mix]]): read from the built-in catalog only.
FailureComponent ReadFailureComponent(EntryReader& r);
// A [[repair_outcome]]: its duration (the share comes from the repair mix).
RepairOutcome ReadRepairOutcome(EntryReader& r);

// A [[repair_mix]]: the share of each outcome for the failures of one
// component category (its name).
struct RepairMix {
  std::string name;
  std::vector<std::pair<std::string, double>> shares;
};
RepairMix ReadRepairMix(EntryReader& r);

// Gives each failure component the repair mix of its category.
void ResolveRepairs(const std::vector<RepairOutcome>& outcomes,
                    const std::vector<RepairMix>& mixes,
                    std::vector<FailureComponent>& components);

}  // namespace kardashev::catalog

#endif  // KARDASHEV_CATALOG_READERS_H_
