#include "kardashev/scenario/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "kardashev/scenario/error.h"
#include "kardashev/scenario/reader.h"

namespace kardashev::scenario {

namespace {

void CheckKey(const KeyDecl& decl, const Value& v, const std::string& path);

// A table keyed by names (KeyDecl::keyed_by): each value checked as a number,
// or as a list of [x, y] points.
void CheckKeyedTable(const KeyDecl& decl, const Value& v,
                     const std::string& path) {
  if (!v.is_table()) {
    throw ScenarioError(
        v.location, path,
        fmt::format("expected {}, got {}", decl.Expectation(), v.TypeName()));
  }
  KeyDecl number = decl;
  number.keyed_by = {};
  number.type = KeyType::kNumber;
  for (const auto& [name, item] : v.keys) {
    const std::string item_path = fmt::format("{}.{}", path, name);
    if (!decl.points) {
      CheckKey(number, item, item_path);
      continue;
    }
    const auto fail = [&](const Value& at, const std::string& got) {
      throw ScenarioError(
          at.location, item_path,
          fmt::format("expected {}, got {}", decl.Expectation(), got));
    };
    if (!item.is_array() || item.items.empty()) fail(item, item.TypeName());
    double last_x = -1;
    for (const auto& point : item.items) {
      if (!point.is_array() || point.items.size() != 2 ||
          !point.items[0].is_number() || !point.items[1].is_number()) {
        fail(point, fmt::format("a point that is not [x, y]"));
      }
      const double x = point.items[0].number();
      if (!std::isfinite(x) || x < 0 || x <= last_x) {
        fail(point, fmt::format("x = {} after {}", x, last_x));
      }
      last_x = x;
      CheckKey(number, point.items[1], item_path);
    }
  }
}

void CheckKey(const KeyDecl& decl, const Value& v, const std::string& path) {
  if (!decl.keyed_by.empty()) {
    CheckKeyedTable(decl, v, path);
    return;
  }
  const auto fail = [&](const std::string& got) {
    throw ScenarioError(
        v.location, path,
        fmt::format("expected {}, got {}", decl.Expectation(), got));
  };
  switch (decl.type) {
    case KeyType::kInteger:
      if (v.kind != Value::Kind::kInteger) fail(v.TypeName());
      break;
    case KeyType::kNumber:
      if (!v.is_number()) fail(v.TypeName());
      if (!std::isfinite(v.number())) fail(v.TypeName());
      break;
    case KeyType::kString:
      if (v.kind != Value::Kind::kString) fail(v.TypeName());
      if (!decl.choices.empty() &&
          std::find(decl.choices.begin(), decl.choices.end(), v.string_value) ==
              decl.choices.end()) {
        fail(v.TypeName());
      }
      break;
    case KeyType::kBoolean:
      if (v.kind != Value::Kind::kBoolean) fail(v.TypeName());
      break;
    case KeyType::kStringList:
      if (!v.is_array()) fail(v.TypeName());
      for (const auto& item : v.items) {
        if (item.kind != Value::Kind::kString) fail(item.TypeName());
      }
      break;
    case KeyType::kNumberList:
      if (!v.is_array()) fail(v.TypeName());
      if (decl.list_length > 0 && v.items.size() != decl.list_length) {
        fail(fmt::format("a list of {} numbers", v.items.size()));
      }
      for (const auto& item : v.items) {
        if (!item.is_number() || !std::isfinite(item.number())) {
          fail(fmt::format("a list holding {}", item.TypeName()));
        }
        const double x = item.number();
        if ((decl.min && x < *decl.min) || (decl.max && x > *decl.max)) {
          fail(fmt::format("a list holding {}", x));
        }
      }
      break;
    case KeyType::kOverrides:
      if (!v.is_table()) fail(v.TypeName());
      break;
  }
  if (v.is_number() &&
      (decl.type == KeyType::kInteger || decl.type == KeyType::kNumber)) {
    const double x = v.number();
    const bool below =
        decl.min && (decl.min_exclusive ? x <= *decl.min : x < *decl.min);
    const bool above = decl.max && x > *decl.max;
    if (below || above) {
      // Out of range: say why the range is what it is.
      fail(
          decl.range_reason.empty()
              ? v.TypeName()
              : fmt::format("{}; bounds: {}", v.TypeName(), decl.range_reason));
    }
  }
}

// `name` must be a string of letters, digits, '-' and '_'; `path` is its
// element's.
void CheckName(const Value& name, const std::string& path) {
  if (name.kind != Value::Kind::kString || !IsValidName(name.string_value)) {
    throw ScenarioError(
        name.location, fmt::format("{}.name", path),
        fmt::format("expected a name of letters, digits, '-' and '_', got {}",
                    name.TypeName()));
  }
}

void ValidateTable(const SectionDecl& sec, const Value& table,
                   const std::string& path) {
  for (const auto& [key, v] : table.keys) {
    const KeyDecl* decl = sec.Find(key);
    if (decl == nullptr) {
      std::vector<std::string> known;
      for (const auto& k : sec.keys) known.emplace_back(k.name);
      throw ScenarioError(
          v.location, fmt::format("{}.{}", path, key),
          fmt::format("unknown key in {}; expected one of: {}",
                      sec.is_array ? fmt::format("[[{}]]", sec.name)
                                   : fmt::format("[{}]", sec.name),
                      fmt::join(known, ", ")));
    }
    CheckKey(*decl, v, fmt::format("{}.{}", path, key));
  }
  for (const auto& k : sec.keys) {
    if (k.required() && table.Find(k.name) == nullptr) {
      throw ScenarioError(
          table.location, fmt::format("{}.{}", path, k.name),
          fmt::format("required key is missing: expected {} ({})",
                      k.Expectation(), k.meaning));
    }
  }
  if (sec.is_array) CheckName(*table.Find("name"), path);
}

}  // namespace

void ValidateNames(const Schema& schema, const Value& doc) {
  for (const auto& [key, v] : doc.keys) {
    const SectionDecl* sec = schema.Find(key);
    if (sec == nullptr || !sec->is_array || !v.is_array()) continue;
    if (sec->catalog_entries) continue;  // the catalog's own name rules
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const Value* name = v.items[i].Find("name");
      if (name != nullptr) {
        CheckName(*name, ElementPath(*sec, v.items[i], i));
      }
    }
  }
}

void ValidateDocument(const Schema& schema, const Value& doc) {
  for (const auto& [key, v] : doc.keys) {
    const SectionDecl* sec = schema.Find(key);
    if (sec == nullptr) {
      throw ScenarioError(
          v.location, key,
          fmt::format("unknown top-level key; expected one of: {}",
                      schema.SectionList()));
    }
    if (!sec->is_array) {
      if (!v.is_table()) {
        throw ScenarioError(
            v.location, key,
            fmt::format("expected a [{}] table, got {}", key, v.TypeName()));
      }
      ValidateTable(*sec, v, key);
      continue;
    }
    if (!v.is_array() ||
        std::any_of(v.items.begin(), v.items.end(),
                    [](const Value& i) { return !i.is_table(); })) {
      throw ScenarioError(
          v.location, key,
          fmt::format("expected [[{}]] entries (an array of tables), got {}",
                      key, v.TypeName()));
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const std::string path = ElementPath(*sec, v.items[i], i);
      ValidateTable(*sec, v.items[i], path);
      const Value* name = v.items[i].Find("name");
      if (!names.insert(name->string_value).second) {
        throw ScenarioError(
            name->location, fmt::format("{}.name", path),
            fmt::format("a second [[{}]] is named \"{}\"; names must be unique",
                        key, name->string_value));
      }
    }
  }
}

namespace {

void WarnOutsideBands(const SectionDecl& sec, const Value& table,
                      const std::string& path, std::vector<std::string>& out) {
  for (const auto& [key, v] : table.keys) {
    const KeyDecl* decl = sec.Find(key);
    if (decl == nullptr || !decl->published_min || !v.is_number()) continue;
    const double x = v.number();
    const auto* zero_default = std::get_if<double>(&decl->default_value);
    if (x == 0 && zero_default != nullptr && *zero_default == 0) continue;
    if (x >= *decl->published_min / kFarOutsidePublished &&
        x <= *decl->published_max * kFarOutsidePublished) {
      continue;
    }
    out.push_back(fmt::format(
        "{}: {}.{} = {:.10g} {} is far outside the published {:.10g} to "
        "{:.10g} ({}); legal, but check for a typo or a unit slip",
        v.location.ToString(), path, key, x, decl->unit, *decl->published_min,
        *decl->published_max, decl->published_source));
  }
}

}  // namespace

std::vector<std::string> PublishedBandWarnings(const Schema& schema,
                                               const Value& doc) {
  std::vector<std::string> out;
  for (const auto& [key, v] : doc.keys) {
    const SectionDecl* sec = schema.Find(key);
    if (sec == nullptr || sec->catalog_entries) continue;
    if (!sec->is_array) {
      if (v.is_table()) WarnOutsideBands(*sec, v, key, out);
      continue;
    }
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      WarnOutsideBands(*sec, v.items[i], ElementPath(*sec, v.items[i], i), out);
    }
  }
  return out;
}

}  // namespace kardashev::scenario
