#include "kardashev/scenario/overrides.h"

#include <fmt/format.h>

#include <algorithm>

#include "kardashev/scenario/error.h"
#include "kardashev/scenario/reader.h"

namespace kardashev::scenario {

namespace {

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t pos = text.find(sep, start);
    parts.emplace_back(text.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

}  // namespace

void Flatten(const Value& table, const std::string& prefix,
             std::vector<Override>& out) {
  for (const auto& [k, v] : table.keys) {
    const std::string path =
        prefix.empty() ? k : fmt::format("{}.{}", prefix, k);
    if (v.is_table()) {
      Flatten(v, path, out);
    } else {
      out.push_back(Override{path, v});
    }
  }
}

void ApplyOverride(const Schema& schema, Value& doc, const Override& o) {
  const auto parts = Split(o.path, '.');
  const auto fail = [&](const std::string& what) {
    throw ScenarioError(o.value.location, o.path, what);
  };
  if (parts.size() < 2 ||
      std::any_of(parts.begin(), parts.end(),
                  [](const std::string& p) { return p.empty(); })) {
    fail(
        "expected a key path such as scenario.horizon_days or lease.NAME.gpus");
  }
  const SectionDecl* sec = schema.Find(parts[0]);
  if (sec == nullptr) {
    fail(fmt::format("unknown section \"{}\"; expected one of: {}", parts[0],
                     schema.SectionList()));
  }
  if (sec->name == "variant") fail("variants cannot be overridden");
  if (!sec->is_array) {
    if (parts.size() != 2) fail(fmt::format("expected {}.KEY", parts[0]));
    Value* table = doc.Find(parts[0]);
    if (table == nullptr) {
      Value t;
      t.location = o.value.location;
      doc.Set(parts[0], std::move(t));
      table = doc.Find(parts[0]);
    }
    if (!table->is_table()) fail(fmt::format("[{}] is not a table", parts[0]));
    table->Set(parts[1], o.value);
    return;
  }
  if (parts.size() != 3) fail(fmt::format("expected {}.NAME.KEY", parts[0]));
  Value* arr = doc.Find(parts[0]);
  if (arr == nullptr || !arr->is_array()) {
    fail(fmt::format("the scenario has no [[{}]] entries", parts[0]));
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < arr->items.size(); ++i) {
    Value& item = arr->items[i];
    if (!item.is_table()) continue;
    const Value* name = item.Find("name");
    const std::string n = name != nullptr && name->kind == Value::Kind::kString
                              ? name->string_value
                              : std::to_string(i);
    if (n == parts[1] || std::to_string(i) == parts[1]) {
      if (parts[2] == "name" && (o.value.kind != Value::Kind::kString ||
                                 !IsValidName(o.value.string_value))) {
        fail(fmt::format(
            "expected a name of letters, digits, '-' and '_', got {}",
            o.value.TypeName()));
      }
      item.Set(parts[2], o.value);
      return;
    }
    names.push_back(n);
  }
  fail(fmt::format("no [[{}]] is named \"{}\"; expected one of: {}", parts[0],
                   parts[1], fmt::join(names, ", ")));
}

Override ParseSetFlag(const std::string& flag) {
  const Location where{fmt::format("--set {}", Excerpt(flag)), 0, 0};
  const std::size_t eq = flag.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ScenarioError(where, "",
                        "expected KEY=VALUE, e.g. --set lease.lab.gpus=1024");
  }
  return Override{flag.substr(0, eq),
                  ParseOverrideValue(flag.substr(eq + 1), where)};
}

}  // namespace kardashev::scenario
