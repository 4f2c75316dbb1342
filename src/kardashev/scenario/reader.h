// Typed reads of a validated scenario document. A Reader is one table of the
// document (a [section] or one [[section]] entry) with its schema section: it
// returns each key's value, or the schema's default when the key is absent,
// and fails with a ScenarioError pointing at the key. The helpers below
// resolve names (catalog entries, sites, clusters, tenants) with one standard
// message each, and map closed sets of strings to enums through one table.
//
// REQUIRES of every read: the document passed ValidateDocument, so keys have
// their declared types and strings their declared choices.
#ifndef KARDASHEV_SCENARIO_READER_H_
#define KARDASHEV_SCENARIO_READER_H_

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/document.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/scenario/schema.h"

namespace kardashev::scenario {

// One allowed string of an enum key and the value it maps to.
template <typename T>
struct Choice {
  std::string_view name;
  T value;
};

// The strings of a choice table, for a KeyDecl's `choices`.
template <typename T>
std::vector<std::string_view> ChoiceNames(const std::vector<Choice<T>>& table) {
  std::vector<std::string_view> names;
  names.reserve(table.size());
  for (const auto& c : table) names.push_back(c.name);
  return names;
}

// The string of `value` in a choice table. REQUIRES: it is there.
template <typename T>
std::string_view ChoiceName(const std::vector<Choice<T>>& table, T value) {
  for (const auto& c : table) {
    if (c.value == value) return c.name;
  }
  return {};
}

bool IsValidName(const std::string& name);

// "section.NAME" for an entry with a valid name, else "section.INDEX".
std::string ElementPath(const SectionDecl& sec, const Value& element,
                        std::size_t index);

class Reader {
 public:
  Reader(const Schema& schema, std::string_view section, const Value* table,
         std::string path);

  double Number(std::string_view key) const;
  // Whether the file wrote `key` (else its value is the declared default).
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  std::int64_t Integer(std::string_view key) const;
  int Int(std::string_view key) const { return static_cast<int>(Integer(key)); }
  std::string String(std::string_view key) const;
  bool Bool(std::string_view key) const;
  std::vector<double> NumberList(std::string_view key) const;
  std::vector<std::string> StringList(std::string_view key) const;

  // One entry of a table keyed by names (KeyDecl::keyed_by): the name, where
  // it was written, and its number or its [x, y] points.
  struct NamedEntry {
    std::string name;
    Location where;
    double number = 0;
    std::vector<double> xs;
    std::vector<double> ys;
  };
  // The entries of such a table, in file order (none when absent).
  std::vector<NamedEntry> NamedTable(std::string_view key) const;

  // The value of an enum key through its choice table.
  template <typename T>
  T Enum(std::string_view key, const std::vector<Choice<T>>& table) const {
    const std::string text = String(key);
    for (const auto& c : table) {
      if (c.name == text) return c.value;
    }
    Fail(key,
         fmt::format("expected {}, got \"{}\"", Decl(key).Expectation(), text));
  }

  // Where `key` was written, or where its table was, for errors about its
  // value.
  Location Where(std::string_view key) const;
  std::string Path(std::string_view key) const;
  [[noreturn]] void Fail(std::string_view key, const std::string& what) const;

 private:
  const Value* Get(std::string_view key) const;
  const KeyDecl& Decl(std::string_view key) const;

  const Schema& schema_;
  std::string_view section_;
  const Value* table_;
  std::string path_;
};

// A Reader for each entry of a [[section]], in order.
std::vector<Reader> Entries(const Schema& schema, const Value& doc,
                            std::string_view section);

// The catalog entry `found` that the string at `key` names, or the standard
// error: no catalog WHAT is named "X"; expected one of: ...
template <typename T>
const T& CatalogEntry(const Reader& r, std::string_view key,
                      std::string_view what, const T* found,
                      const std::vector<T>& all) {
  if (found == nullptr) {
    r.Fail(key,
           fmt::format("no catalog {} is named \"{}\"; expected one of: {}",
                       what, r.String(key), catalog::NameList(all)));
  }
  return *found;
}

// The index of the [[site]] the string at `key` names.
int ResolveSite(const Reader& r, std::string_view key, const Scenario& s);
// The index of the [[cluster]] the `cluster` key names.
int ResolveCluster(const Reader& r, const Scenario& s);
// The [[tenant]] the `tenant` key names ("" allowed when `optional`).
std::string ResolveTenant(const Reader& r, const Scenario& s, bool optional);

// The GPUs leases and jobs take from each cluster, so that together they
// never take more than it has.
class GpuClaims {
 public:
  explicit GpuClaims(std::size_t clusters) : claimed_(clusters, 0) {}
  // The `gpus` of a lease or job: whole nodes, and with the others on its
  // cluster no more than the cluster has.
  std::int64_t Claim(const Reader& r, const fleet::ClusterConfig& cluster,
                     int index);

 private:
  std::vector<std::int64_t> claimed_;
};

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_READER_H_
