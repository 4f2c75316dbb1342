#include "kardashev/scenario/user_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

#include "kardashev/io/input_file.h"
#include "kardashev/scenario/error.h"

namespace kardashev::scenario {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCatalogKey = "scenario.catalog";

bool IsCatalogTable(std::string_view key) {
  const auto& tables = catalog::UserTables();
  return std::find(tables.begin(), tables.end(), key) != tables.end();
}

catalog::SourcePos PosOf(const Location& l) {
  return catalog::SourcePos{l.file, l.line, l.column};
}

catalog::EntryValue EntryValueOf(const Value& v) {
  catalog::EntryValue e;
  e.where = PosOf(v.location);
  e.type_name = v.TypeName();
  switch (v.kind) {
    case Value::Kind::kString:
      e.kind = catalog::EntryValue::Kind::kString;
      e.text = v.string_value;
      e.type_name = "a string";
      break;
    case Value::Kind::kInteger:
      e.kind = catalog::EntryValue::Kind::kInteger;
      e.integer = v.int_value;
      break;
    case Value::Kind::kFloat:
      e.kind = catalog::EntryValue::Kind::kFloat;
      e.number = v.float_value;
      break;
    case Value::Kind::kBoolean:
      e.kind = catalog::EntryValue::Kind::kBoolean;
      e.boolean = v.bool_value;
      break;
    default:
      e.kind = catalog::EntryValue::Kind::kOther;
      break;
  }
  return e;
}

// The [[`table`]] entries of `v`, appended to `out`.
void AppendEntries(const std::string& table, const Value& v,
                   std::vector<catalog::Entry>& out) {
  if (!v.is_array() ||
      std::any_of(v.items.begin(), v.items.end(),
                  [](const Value& i) { return !i.is_table(); })) {
    throw ScenarioError(
        v.location, table,
        fmt::format("expected [[{}]] entries (an array of tables), got {}",
                    table, v.TypeName()));
  }
  for (const Value& item : v.items) {
    catalog::Entry e;
    e.table = table;
    e.where = PosOf(item.location);
    for (const auto& [key, value] : item.keys) {
      e.keys.emplace_back(key, EntryValueOf(value));
    }
    out.push_back(std::move(e));
  }
}

ScenarioError FromCatalogError(const catalog::CatalogError& e) {
  std::string key = e.key();
  if (!e.table().empty()) {
    key = fmt::format("{}.{}{}", e.table(), e.entry().empty() ? "?" : e.entry(),
                      e.key().empty() ? "" : "." + e.key());
  }
  const catalog::SourcePos& at = e.where();
  return ScenarioError(Location{at.file, at.line, at.column}, key, e.problem());
}

// The entries of the catalog file `path`, named at `from` by `key`.
std::vector<catalog::Entry> ReadCatalogFile(const std::string& path,
                                            const Location& from,
                                            const std::string& key) {
  std::string text;
  try {
    text = io::ReadInputFile(path, kMaxScenarioFileBytes, "a catalog file");
  } catch (const std::runtime_error& e) {
    throw ScenarioError(from, key,
                        fmt::format("cannot read catalog file '{}': {}",
                                    Excerpt(path, kMaxKeyChars), e.what()));
  }
  const Value doc = ParseToml(text, path);
  std::vector<catalog::Entry> out;
  for (const auto& [table, v] : doc.keys) AppendEntries(table, v, out);
  return out;
}

// The entries of the files `[scenario] catalog` names, each resolved against
// the file it is written in.
std::vector<catalog::Entry> ScenarioCatalogFiles(const Value& doc,
                                                 const LoadOptions& options) {
  const Value* table = doc.Find("scenario");
  const Value* list = table != nullptr ? table->Find("catalog") : nullptr;
  if (list == nullptr) return {};
  if (!list->is_array()) {
    throw ScenarioError(
        list->location, std::string(kCatalogKey),
        fmt::format("expected a list of catalog file names, got {}",
                    list->TypeName()));
  }
  std::vector<catalog::Entry> out;
  for (const Value& item : list->items) {
    if (item.kind != Value::Kind::kString) {
      throw ScenarioError(item.location, std::string(kCatalogKey),
                          fmt::format("expected a file name (a string), got {}",
                                      item.TypeName()));
    }
    if (!options.read_catalog_files) {
      throw ScenarioError(item.location, std::string(kCatalogKey),
                          "catalog files are not read in this context; "
                          "declare the entries in the scenario itself");
    }
    const fs::path dir = fs::path(item.location.file).parent_path();
    const std::string path = (dir / item.string_value).lexically_normal();
    auto entries = ReadCatalogFile(path, item.location, "scenario.catalog");
    std::move(entries.begin(), entries.end(), std::back_inserter(out));
  }
  return out;
}

// What each catalog table of a scenario holds, and which built-in file has its
// keys.
#define KARDASHEV_USER_ENTRY_RULE                                          \
  " Keys, types and ranges are those of the built-in catalog, checked by " \
  "its reader; the name may not be one the catalog (or another user "      \
  "entry) already has; neither variants nor --set change it."
constexpr std::pair<std::string_view, std::string_view> kTableMeanings[] = {
    {"gpu",
     "A user GPU, with the keys of "
     "data/catalog/gpus.toml." KARDASHEV_USER_ENTRY_RULE},
    {"node",
     "A user node (server or rack of a catalog or user GPU), with the keys of "
     "data/catalog/nodes.toml." KARDASHEV_USER_ENTRY_RULE},
    {"fabric",
     "A user scale-out fabric, with the keys of "
     "data/catalog/fabrics.toml." KARDASHEV_USER_ENTRY_RULE},
    {"model",
     "A user transformer model, with the keys of "
     "data/catalog/models.toml." KARDASHEV_USER_ENTRY_RULE},
    {"efficiency",
     "A user training efficiency set, with the keys of [[efficiency]] in "
     "data/catalog/efficiency.toml." KARDASHEV_USER_ENTRY_RULE},
    {"gemm_efficiency",
     "A user GEMM efficiency set (seen by every training stack), with the keys "
     "of [[gemm_efficiency]] in "
     "data/catalog/efficiency.toml." KARDASHEV_USER_ENTRY_RULE},
    {"inference_efficiency",
     "A user inference efficiency set, with the keys of "
     "[[inference_efficiency]] in "
     "data/catalog/efficiency.toml." KARDASHEV_USER_ENTRY_RULE},
    {"recovery",
     "A user restart recovery set, with the keys of "
     "data/catalog/recovery.toml." KARDASHEV_USER_ENTRY_RULE},
};
#undef KARDASHEV_USER_ENTRY_RULE

}  // namespace

catalog::Catalog TakeUserCatalog(Value& doc, const LoadOptions& options,
                                 const catalog::Catalog& base) {
  std::vector<catalog::Entry> entries = ScenarioCatalogFiles(doc, options);
  for (const std::string& file : options.catalog_files) {
    auto more = ReadCatalogFile(file, Location{"--catalog", 0, 0}, "");
    std::move(more.begin(), more.end(), std::back_inserter(entries));
  }
  for (const auto& [key, v] : doc.keys) {
    if (IsCatalogTable(key)) AppendEntries(key, v, entries);
  }
  std::erase_if(doc.keys,
                [](const KeyValue& kv) { return IsCatalogTable(kv.first); });
  if (entries.empty()) return base;
  try {
    return base.Extend(entries);
  } catch (const catalog::CatalogError& e) {
    throw FromCatalogError(e);
  }
}

void RejectCatalogOverride(const Schema& schema, const Override& o) {
  const std::string section = o.path.substr(0, o.path.find('.'));
  const SectionDecl* sec = schema.Find(section);
  if (o.path == kCatalogKey || (sec != nullptr && sec->catalog_entries)) {
    throw ScenarioError(
        o.value.location, o.path,
        "catalog entries and scenario.catalog are the same for every "
        "variant: neither a variant's `set` nor --set may change them; "
        "declare another entry under a new name instead");
  }
}

std::vector<SectionDecl> CatalogEntrySections() {
  std::vector<SectionDecl> out;
  for (const auto& [table, meaning] : kTableMeanings) {
    SectionDecl sec;
    sec.name = table;
    sec.is_array = true;
    sec.meaning = meaning;
    sec.catalog_entries = true;
    KeyDecl name;
    name.name = "name";
    name.type = KeyType::kString;
    name.meaning =
        "The entry's name, by which sections refer to it; every other key is "
        "the catalog's.";
    sec.keys.push_back(name);
    out.push_back(std::move(sec));
  }
  return out;
}

}  // namespace kardashev::scenario
