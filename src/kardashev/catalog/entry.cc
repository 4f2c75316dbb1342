#include "kardashev/catalog/entry.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>

namespace kardashev::catalog {

namespace {

std::string Compose(const SourcePos& where, const std::string& table,
                    const std::string& entry, const std::string& key,
                    const std::string& problem) {
  std::string out = where.ToString() + ":";
  if (!table.empty()) out += fmt::format(" [[{}]]", table);
  if (!entry.empty()) out += fmt::format(" \"{}\"", entry);
  if (!key.empty()) out += fmt::format(" key '{}'", key);
  return fmt::format("{}: {}", out, problem);
}

SourcePos PosOf(const toml::node& node, std::string_view fallback_path) {
  const auto& src = node.source();
  return SourcePos{src.path ? *src.path : std::string(fallback_path),
                   static_cast<int>(src.begin.line),
                   static_cast<int>(src.begin.column)};
}

EntryValue ValueOf(const toml::node& node, std::string_view path) {
  EntryValue v;
  v.where = PosOf(node, path);
  if (node.is_string()) {
    v.kind = EntryValue::Kind::kString;
    v.text = node.as_string()->get();
    v.type_name = "a string";
  } else if (node.is_integer()) {
    v.kind = EntryValue::Kind::kInteger;
    v.integer = node.as_integer()->get();
    v.type_name = "an integer";
  } else if (node.is_floating_point()) {
    v.kind = EntryValue::Kind::kFloat;
    v.number = node.as_floating_point()->get();
    v.type_name = "a float";
  } else if (node.is_boolean()) {
    v.kind = EntryValue::Kind::kBoolean;
    v.boolean = node.as_boolean()->get();
    v.type_name = "a boolean";
  } else {
    v.type_name = node.is_table()   ? "a table"
                  : node.is_array() ? "an array"
                                    : "a date or time";
  }
  return v;
}

}  // namespace

std::string SourcePos::ToString() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

const EntryValue* Entry::Find(std::string_view key) const {
  for (const auto& [k, v] : keys) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Entry::Name() const {
  const EntryValue* v = Find("name");
  return v != nullptr && v->kind == EntryValue::Kind::kString ? v->text : "";
}

CatalogError::CatalogError(const std::string& what)
    : std::runtime_error(what), problem_(what) {}

CatalogError::CatalogError(SourcePos where, std::string table,
                           std::string entry, std::string key,
                           std::string problem)
    : std::runtime_error(Compose(where, table, entry, key, problem)),
      where_(std::move(where)),
      table_(std::move(table)),
      entry_(std::move(entry)),
      key_(std::move(key)),
      problem_(std::move(problem)) {}

std::string EntryReader::String(std::string_view key) {
  const EntryValue& v = Require(key);
  if (v.kind != EntryValue::Kind::kString) Expected(v, key, "a string");
  return v.text;
}

std::string EntryReader::OptionalString(std::string_view key) {
  if (entry_.Find(key) == nullptr) {
    used_.emplace(key);
    return {};
  }
  return String(key);
}

bool EntryReader::Bool(std::string_view key) {
  const EntryValue& v = Require(key);
  if (v.kind != EntryValue::Kind::kBoolean) Expected(v, key, "true or false");
  return v.boolean;
}

int EntryReader::Int(std::string_view key, int min_value) {
  const EntryValue& v = Require(key);
  if (v.kind != EntryValue::Kind::kInteger || v.integer < min_value ||
      v.integer > kMaxCatalogInt) {
    Expected(v, key,
             fmt::format("an integer in [{}, {}]", min_value, kMaxCatalogInt));
  }
  return static_cast<int>(v.integer);
}

int EntryReader::OptionalInt(std::string_view key, int min_value) {
  if (entry_.Find(key) == nullptr) {
    used_.emplace(key);
    return 0;
  }
  return Int(key, min_value);
}

double EntryReader::Number(std::string_view key, double min_value,
                           double max_value) {
  const EntryValue& v = Require(key);
  double x = 0;
  if (v.kind == EntryValue::Kind::kFloat) {
    x = v.number;
  } else if (v.kind == EntryValue::Kind::kInteger) {
    x = static_cast<double>(v.integer);
  } else {
    Expected(v, key, "a number");
  }
  if (!std::isfinite(x) || x < min_value || x > max_value) {
    Expected(v, key,
             max_value < std::numeric_limits<double>::max()
                 ? fmt::format("a number in [{}, {}]", min_value, max_value)
                 : fmt::format("a finite number >= {}", min_value));
  }
  return x;
}

double EntryReader::OptionalNumber(std::string_view key, double min_value,
                                   double absent) {
  if (entry_.Find(key) == nullptr) {
    used_.emplace(key);
    return absent;
  }
  return Number(key, min_value);
}

std::string EntryReader::Choice(
    std::string_view key, std::initializer_list<std::string_view> choices) {
  const EntryValue& v = Require(key);
  std::string list;
  for (const auto c : choices) {
    if (v.kind == EntryValue::Kind::kString && v.text == c) {
      return std::string(c);
    }
    list += fmt::format("{}\"{}\"", list.empty() ? "" : " or ", c);
  }
  Expected(v, key, list);
}

void EntryReader::Finish() const {
  for (const auto& [k, v] : entry_.keys) {
    if (!used_.contains(k)) {
      std::string known;
      for (const auto& u : used_) known += (known.empty() ? "" : ", ") + u;
      throw CatalogError(
          v.where, entry_.table, name_, k,
          fmt::format("unknown key; expected one of: {}", known));
    }
  }
}

void EntryReader::Fail(std::string_view key, std::string problem) const {
  const EntryValue* v = key.empty() ? nullptr : entry_.Find(key);
  throw CatalogError(v != nullptr ? v->where : entry_.where, entry_.table,
                     name_, std::string(key), std::move(problem));
}

const EntryValue& EntryReader::Require(std::string_view key) {
  used_.emplace(key);
  const EntryValue* v = entry_.Find(key);
  if (v == nullptr) {
    throw CatalogError(entry_.where, entry_.table, name_, std::string(key),
                       "required key is missing");
  }
  return *v;
}

void EntryReader::Expected(const EntryValue& v, std::string_view key,
                           std::string_view expected) const {
  std::string got = v.type_name;
  if (v.kind == EntryValue::Kind::kInteger) {
    got = fmt::format("{}", v.integer);
  } else if (v.kind == EntryValue::Kind::kFloat) {
    got = fmt::format("{}", v.number);
  } else if (v.kind == EntryValue::Kind::kString) {
    got = fmt::format("\"{}\"", v.text);
  }
  throw CatalogError(v.where, entry_.table, name_, std::string(key),
                     fmt::format("expected {}, got {}", expected, got));
}

std::vector<Entry> ParseCatalogText(std::string_view text,
                                    std::string_view path) {
  toml::table doc;
  try {
    doc = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw CatalogError(
        SourcePos{std::string(path), static_cast<int>(e.source().begin.line),
                  static_cast<int>(e.source().begin.column)},
        "", "", "", std::string(e.description()));
  }
  std::vector<Entry> out;
  for (const auto& [k, v] : doc) {
    if (!v.is_array_of_tables()) {
      throw CatalogError(PosOf(v, path), "", "", std::string(k.str()),
                         fmt::format("expected [[{}]] entries (an array of "
                                     "tables)",
                                     k.str()));
    }
    for (const toml::node& item : *v.as_array()) {
      Entry e;
      e.table = std::string(k.str());
      e.where = PosOf(item, path);
      for (const auto& [key, value] : *item.as_table()) {
        e.keys.emplace_back(std::string(key.str()), ValueOf(value, path));
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace kardashev::catalog
