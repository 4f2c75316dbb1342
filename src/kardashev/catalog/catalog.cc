#include "kardashev/catalog/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>

#include "kardashev/catalog/readers.h"

namespace kardashev::catalog {

namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

// Reads `entry` with `read_one`, refusing keys it did not read.
template <typename Fn>
auto ReadOne(const Entry& entry, Fn&& read_one) {
  EntryReader r(entry);
  auto item = read_one(r);
  r.Finish();
  return item;
}

// Appends `item` (read from `entry`), refusing a second of the same name.
template <typename T>
void PushUnique(std::vector<T>& items, T item, const Entry& entry) {
  if (FindByName(items, item.name) != nullptr) {
    throw CatalogError(entry.where, entry.table, item.name, "name",
                       "a second entry has this name; names must be unique");
  }
  items.push_back(std::move(item));
}

bool IsUserTable(std::string_view table) {
  const auto& tables = UserTables();
  return std::find(tables.begin(), tables.end(), table) != tables.end();
}

// The problem with a second entry named like `first`.
std::string ClashProblem(const EntryOrigin& first, bool user) {
  if (!first.user && user) {
    return fmt::format(
        "the built-in catalog already has a [[{}]] named \"{}\" ({}); a "
        "user entry cannot replace it: give this one another name",
        first.table, first.name, first.where.ToString());
  }
  return fmt::format(
      "a second [[{}]] is named \"{}\" (the first is at {}); "
      "names must be unique",
      first.table, first.name, first.where.ToString());
}

}  // namespace

const std::vector<std::string_view>& UserTables() {
  static const std::vector<std::string_view> tables = {"gpu",
                                                       "node",
                                                       "fabric",
                                                       "model",
                                                       "efficiency",
                                                       "gemm_efficiency",
                                                       "inference_efficiency",
                                                       "recovery"};
  return tables;
}

Catalog Catalog::LoadEmbedded() { return Load(EmbeddedCatalogFiles()); }

Catalog Catalog::Load(const std::vector<EmbeddedFile>& files) {
  Catalog c;
  std::vector<RepairOutcome> repair_outcomes;
  std::vector<RepairMix> repair_mixes;
  for (const EmbeddedFile& file : files) {
    for (const Entry& e : ParseCatalogText(file.text, file.path)) {
      if (e.table == "component") {
        PushUnique(c.failures_, ReadOne(e, ReadFailureComponent), e);
      } else if (e.table == "repair_outcome") {
        PushUnique(repair_outcomes, ReadOne(e, ReadRepairOutcome), e);
      } else if (e.table == "repair_mix") {
        PushUnique(repair_mixes, ReadOne(e, ReadRepairMix), e);
      } else if (IsUserTable(e.table)) {
        c.Add(e, /*user=*/false);
      } else {
        throw CatalogError(e.where, "", "", e.table, "unknown catalog table");
      }
    }
  }
  ResolveRepairs(repair_outcomes, repair_mixes, c.failures_);
  c.Link();
  return c;
}

Catalog Catalog::Extend(const std::vector<Entry>& entries) const {
  Catalog c = *this;
  for (const Entry& e : entries) {
    if (!IsUserTable(e.table)) {
      std::string known;
      for (const auto t : UserTables()) {
        known += fmt::format("{}[[{}]]", known.empty() ? "" : ", ", t);
      }
      throw CatalogError(
          e.where, "", "", e.table,
          fmt::format("a user catalog may not hold [[{}]] entries; expected "
                      "one of: {}",
                      e.table, known));
    }
    c.Add(e, /*user=*/true);
  }
  c.Link();
  return c;
}

void Catalog::Add(const Entry& e, bool user) {
  const std::string& t = e.table;
  std::string name;
  if (t == "gpu") {
    gpus_.push_back(ReadOne(e, ReadGpu));
    name = gpus_.back().name;
  } else if (t == "node") {
    nodes_.push_back(ReadOne(e, ReadNode));
    name = nodes_.back().name;
  } else if (t == "fabric") {
    fabrics_.push_back(ReadOne(e, ReadFabric));
    name = fabrics_.back().name;
  } else if (t == "model") {
    models_.push_back(ReadOne(e, ReadModel));
    name = models_.back().name;
  } else if (t == "efficiency") {
    efficiencies_.push_back(ReadOne(e, ReadEfficiency));
    name = efficiencies_.back().name;
  } else if (t == "gemm_efficiency") {
    gemm_sets_.push_back(ReadOne(e, ReadGemmEfficiency));
    name = gemm_sets_.back().name;
  } else if (t == "inference_efficiency") {
    inference_efficiencies_.push_back(ReadOne(e, ReadInferenceEfficiency));
    name = inference_efficiencies_.back().name;
  } else {
    recoveries_.push_back(ReadOne(e, ReadRecovery));
    name = recoveries_.back().name;
  }
  if (const EntryOrigin* first = Origin(t, name)) {
    const EntryValue* at = e.Find("name");
    throw CatalogError(at != nullptr ? at->where : e.where, t, name, "name",
                       ClashProblem(*first, user));
  }
  origins_.push_back(EntryOrigin{t, name, e.where, user});
}

void Catalog::Link() {
  // Every training stack sees every GEMM efficiency set.
  for (EfficiencySpec& e : efficiencies_) e.gemm_sets = gemm_sets_;
  for (InferenceEfficiencySpec& e : inference_efficiencies_) {
    e.gemm_sets = gemm_sets_;
  }
  for (const NodeSpec& n : nodes_) {
    if (FindGpu(n.gpu) == nullptr) {
      const EntryOrigin* at = Origin("node", n.name);
      throw CatalogError(
          at->where, "node", n.name, "gpu",
          fmt::format("no catalog gpu is named \"{}\"; expected one of: {}",
                      n.gpu, NameList(gpus_)));
    }
  }
}

const EntryOrigin* Catalog::Origin(std::string_view table,
                                   std::string_view name) const {
  for (const EntryOrigin& o : origins_) {
    if (o.table == table && o.name == name) return &o;
  }
  return nullptr;
}

bool Catalog::has_user_entries() const {
  return std::any_of(origins_.begin(), origins_.end(),
                     [](const EntryOrigin& o) { return o.user; });
}

const GpuSpec* Catalog::FindGpu(std::string_view name) const {
  return FindByName(gpus_, name);
}
const NodeSpec* Catalog::FindNode(std::string_view name) const {
  return FindByName(nodes_, name);
}
const NodeSpec* Catalog::FirstNodeWithGpu(std::string_view gpu) const {
  for (const NodeSpec& n : nodes_) {
    if (n.gpu == gpu && n.gpus > 0) return &n;
  }
  return nullptr;
}
const FabricSpec* Catalog::FindFabric(std::string_view name) const {
  return FindByName(fabrics_, name);
}
const ModelSpec* Catalog::FindModel(std::string_view name) const {
  return FindByName(models_, name);
}
const EfficiencySpec* Catalog::FindEfficiency(std::string_view name) const {
  return FindByName(efficiencies_, name);
}
const InferenceEfficiencySpec* Catalog::FindInferenceEfficiency(
    std::string_view name) const {
  return FindByName(inference_efficiencies_, name);
}

const RecoverySpec* Catalog::FindRecovery(std::string_view name) const {
  return FindByName(recoveries_, name);
}

}  // namespace kardashev::catalog
