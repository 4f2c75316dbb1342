// The scenario schema: every key a scenario file may hold, declared once with
// its type, unit, default, allowed range and one-line meaning. Each section's
// keys are declared in sections/<section>.cc beside the reader that fills the
// Scenario from them; a default comes from the initialiser of the config
// struct the key fills. This one declaration drives validation (a key not
// declared here is an error), the typed readers (defaults come from here),
// `kardashev schema`, and docs/scenario-reference.md.
#ifndef KARDASHEV_SCENARIO_SCHEMA_H_
#define KARDASHEV_SCENARIO_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kardashev::scenario {

enum class KeyType {
  kInteger,
  kNumber,
  kString,
  kBoolean,
  kStringList,
  kNumberList,  // optional: absent means the empty list
  kOverrides
};

struct KeyDecl {
  std::string_view name;
  KeyType type = KeyType::kNumber;
  std::string_view unit;  // "" for unitless
  // The default, or monostate when the key is required.
  std::variant<std::monostate, std::int64_t, double, std::string_view, bool>
      default_value;
  std::optional<double> min;
  bool min_exclusive = false;
  std::optional<double> max;
  // Why the range is what it is ("a share of a whole", "up to 100 GW, twenty
  // times the largest campus", ...); every numeric key has min, max and this.
  std::string_view range_reason;
  std::vector<std::string_view>
      choices;                  // allowed strings, when the set is closed
  std::size_t list_length = 0;  // kNumberList: required length (0: any)
  // When not empty, the value is a table keyed by the names of entries of
  // this kind ("site", "region"), each holding a value of `type`: a number
  // (kNumber, in [min, max]), or, with `points`, a list of [x, y] points
  // (kNumberList; x >= 0 and increasing, y in [min, max]).
  std::string_view keyed_by;
  bool points = false;
  std::string_view meaning;
  // The band published figures span, when one is known: a value far outside
  // it (kFarOutsidePublished times beyond either end) is legal but draws a
  // warning naming the band and its source, the mark of a typo or a unit
  // slip (185 for 1.85).
  std::optional<double> published_min;
  std::optional<double> published_max;
  std::string_view published_source;

  bool required() const {
    return std::holds_alternative<std::monostate>(default_value);
  }
  // "an integer >= 1", "a number in [0, 1]", "one of \"ground\"", ... for error
  // messages.
  std::string Expectation() const;
  std::string DefaultText() const;
};

struct SectionDecl {
  std::string_view name;
  bool is_array =
      false;  // [[name]] (many, each with a unique `name`) or [name] (one)
  std::string_view meaning;
  std::vector<KeyDecl> keys;
  // A catalog table ([[gpu]], [[model]], ...): its keys are the catalog's,
  // read by the catalog's readers (user_catalog.h), so none are declared here.
  bool catalog_entries = false;

  const KeyDecl* Find(std::string_view key) const;
};

struct Schema {
  std::vector<SectionDecl> sections;

  const SectionDecl* Find(std::string_view section) const;
  // The declaration of `section.key`. REQUIRES: both are declared.
  const KeyDecl& Key(std::string_view section, std::string_view key) const;
  std::string SectionList() const;
};

// How far beyond a published band a value must lie to be warned about: a
// factor, on either side.
inline constexpr double kFarOutsidePublished = 3;

// The scenario schema of this version of Kardashev.
Schema ScenarioSchema();

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_SCHEMA_H_
