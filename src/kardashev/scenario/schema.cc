#include "kardashev/scenario/schema.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "kardashev/scenario/sections/sections.h"
#include "kardashev/scenario/user_catalog.h"

namespace kardashev::scenario {

namespace {

std::string FormatNumber(double v) {
  if (v == std::numeric_limits<double>::infinity()) return "inf";
  // A whole number below 2^53 in full (a seed's 9007199254740992); others
  // to ten digits: 1/60 reads 0.01666666667, not its seventeen.
  if (v == std::floor(v) && std::fabs(v) <= 9'007'199'254'740'992.0) {
    return fmt::format("{:.0f}", v);
  }
  return fmt::format("{:.10g}", v);
}

}  // namespace

std::string KeyDecl::Expectation() const {
  if (!keyed_by.empty()) {
    KeyDecl inner = *this;
    inner.keyed_by = {};
    inner.type = KeyType::kNumber;
    if (points) {
      return fmt::format(
          "a table of {} name = [[x, y], ...] points (x >= 0, increasing; y: "
          "{})",
          keyed_by, inner.Expectation());
    }
    return fmt::format("a table of {} name = {}", keyed_by,
                       inner.Expectation());
  }
  std::string what;
  switch (type) {
    case KeyType::kInteger:
      what = "an integer";
      break;
    case KeyType::kNumber:
      what = "a number";
      break;
    case KeyType::kString:
      what = "a string";
      break;
    case KeyType::kBoolean:
      return "true or false";
    case KeyType::kStringList:
      return "a list of strings";
    case KeyType::kNumberList:
      what = list_length > 0 ? fmt::format("a list of {} numbers", list_length)
                             : std::string("a list of numbers");
      break;
    case KeyType::kOverrides:
      return "a table of \"key.path\" = value overrides";
  }
  if (!choices.empty()) {
    std::string list;
    for (auto c : choices)
      list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", c);
    return fmt::format("one of {}", list);
  }
  if (min && max) {
    what += fmt::format(" in {}{}, {}]", min_exclusive ? "(" : "[",
                        FormatNumber(*min), FormatNumber(*max));
  } else if (min) {
    what +=
        fmt::format(" {} {}", min_exclusive ? ">" : ">=", FormatNumber(*min));
  } else if (max) {
    what += fmt::format(" <= {}", FormatNumber(*max));
  }
  if (!unit.empty()) what += fmt::format(" ({})", unit);
  return what;
}

std::string KeyDecl::DefaultText() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "required";
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          return fmt::format("\"{}\"", v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          return FormatNumber(v);
        } else {
          return fmt::format("{}", v);
        }
      },
      default_value);
}

const KeyDecl* SectionDecl::Find(std::string_view key) const {
  for (const auto& k : keys) {
    if (k.name == key) return &k;
  }
  return nullptr;
}

const SectionDecl* Schema::Find(std::string_view section) const {
  for (const auto& s : sections) {
    if (s.name == section) return &s;
  }
  return nullptr;
}

const KeyDecl& Schema::Key(std::string_view section,
                           std::string_view key) const {
  return *Find(section)->Find(key);
}

std::string Schema::SectionList() const {
  std::string out = "include";
  for (const auto& s : sections) {
    out += fmt::format(", {}", s.is_array ? fmt::format("[[{}]]", s.name)
                                          : fmt::format("[{}]", s.name));
  }
  return out;
}

Schema ScenarioSchema() {
  Schema s;
  s.sections = {
      ScenarioSection(), SiteSection(),        ClusterSection(),
      TenantSection(),   LeaseSection(),       TrainingSection(),
      ServingSection(),  DemandSection(),      OrbitalSection(),
      FailuresSection(), EconomicsSection(),   VariantSection(),
      GrowthSection(),   BuildSection(),       RegionSection(),
      ProductSection(),  GrowthLeaseSection(), GrowthTrainingSection()};
  for (SectionDecl& sec : CatalogEntrySections()) {
    s.sections.push_back(std::move(sec));
  }
  return s;
}

}  // namespace kardashev::scenario
