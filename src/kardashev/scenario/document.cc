#include "kardashev/scenario/document.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kardashev::scenario {

namespace {

Location LocationOf(const toml::node& node, const std::string& path) {
  const auto& src = node.source();
  return Location{path, static_cast<int>(src.begin.line),
                  static_cast<int>(src.begin.column)};
}

Value Convert(const toml::node& node, const std::string& path) {
  Value v;
  v.location = LocationOf(node, path);
  if (const auto* t = node.as_table()) {
    v.kind = Value::Kind::kTable;
    for (const auto& [k, child] : *t) {
      v.keys.push_back(KeyValue{std::string(k.str()), Convert(child, path)});
    }
  } else if (const auto* a = node.as_array()) {
    v.kind = Value::Kind::kArray;
    for (const auto& child : *a) v.items.push_back(Convert(child, path));
  } else if (const auto* s = node.as_string()) {
    v.kind = Value::Kind::kString;
    v.string_value = s->get();
  } else if (const auto* i = node.as_integer()) {
    v.kind = Value::Kind::kInteger;
    v.int_value = i->get();
  } else if (const auto* f = node.as_floating_point()) {
    v.kind = Value::Kind::kFloat;
    v.float_value = f->get();
  } else if (const auto* b = node.as_boolean()) {
    v.kind = Value::Kind::kBoolean;
    v.bool_value = b->get();
  } else {
    v.kind = Value::Kind::kOther;  // dates and times: no scenario key takes one
  }
  return v;
}

void Relocate(Value& v, const Location& where) {
  v.location = where;
  for (auto& item : v.items) Relocate(item, where);
  for (auto& [k, child] : v.keys) Relocate(child, where);
}

}  // namespace

const Value* Value::Find(std::string_view key) const {
  for (const auto& [k, v] : keys) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Value::Find(std::string_view key) {
  for (auto& [k, v] : keys) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Value::Set(const std::string& key, Value value) {
  if (Value* existing = Find(key)) {
    *existing = std::move(value);
  } else {
    keys.push_back(KeyValue{key, std::move(value)});
  }
}

std::string Value::TypeName() const {
  switch (kind) {
    case Kind::kTable:
      return "a table";
    case Kind::kArray:
      return "an array";
    case Kind::kString:
      return fmt::format("the string \"{}\"", string_value);
    case Kind::kInteger:
      return fmt::format("the integer {}", int_value);
    case Kind::kFloat:
      return fmt::format("the number {}", float_value);
    case Kind::kBoolean:
      return bool_value ? "true" : "false";
    case Kind::kOther:
      return "a date or time";
  }
  return "a value";
}

Value ParseToml(std::string_view text, const std::string& path) {
  try {
    const toml::table doc = toml::parse(text, path);
    return Convert(doc, path);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(Location{path, static_cast<int>(e.source().begin.line),
                                 static_cast<int>(e.source().begin.column)},
                        "", fmt::format("TOML syntax: {}", e.description()));
  }
}

Value ParseTomlFile(const std::string& path, const Location& from) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string reason = std::strerror(errno);
    if (from.file.empty()) {
      throw ScenarioError(
          Location{path, 0, 0}, "",
          fmt::format("cannot read the scenario file: {}", reason));
    }
    throw ScenarioError(
        from, "include",
        fmt::format("cannot read included file '{}': {}", path, reason));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw ScenarioError(Location{path, 0, 0}, "", "read error");
  }
  return ParseToml(buffer.str(), path);
}

Value ParseOverrideValue(std::string_view text, const Location& where) {
  try {
    const toml::table doc =
        toml::parse(fmt::format("v = {}", text), where.file);
    Value v = Convert(*doc.get("v"), where.file);
    Relocate(v, where);
    return v;
  } catch (const toml::parse_error&) {
    Value v;
    v.kind = Value::Kind::kString;
    v.string_value = std::string(text);
    v.location = where;
    return v;
  }
}

void Merge(Value& base, Value overlay) {
  if (base.is_table() && overlay.is_table()) {
    for (auto& [k, v] : overlay.keys) {
      if (Value* existing = base.Find(k)) {
        Merge(*existing, std::move(v));
      } else {
        base.keys.push_back(KeyValue{k, std::move(v)});
      }
    }
    return;
  }
  const auto named = [](const Value& v) -> const Value* {
    if (!v.is_table()) return nullptr;
    const Value* n = v.Find("name");
    return n != nullptr && n->kind == Value::Kind::kString ? n : nullptr;
  };
  if (base.is_array() && overlay.is_array()) {
    for (auto& item : overlay.items) {
      Value* match = nullptr;
      if (const Value* name = named(item)) {
        for (auto& b : base.items) {
          const Value* bn = named(b);
          if (bn != nullptr && bn->string_value == name->string_value)
            match = &b;
        }
      }
      if (match != nullptr) {
        Merge(*match, std::move(item));
      } else {
        base.items.push_back(std::move(item));
      }
    }
    return;
  }
  base = std::move(overlay);
}

}  // namespace kardashev::scenario
