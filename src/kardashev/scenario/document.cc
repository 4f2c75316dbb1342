#include "kardashev/scenario/document.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "kardashev/io/input_file.h"

namespace kardashev::scenario {

namespace {

Location LocationOf(const toml::node& node, const std::string& path) {
  const auto& src = node.source();
  return Location{path, static_cast<int>(src.begin.line),
                  static_cast<int>(src.begin.column)};
}

std::string DeepNestingMessage() {
  return fmt::format(
      "values nest more than {} levels deep (tables, arrays and dotted key "
      "parts together); at most {} are allowed",
      kMaxNestingDepth, kMaxNestingDepth);
}

// The index of the quote closing the string that opens at `open` (a single- or
// triple-quoted basic or literal string), or npos.
std::size_t StringEnd(std::string_view text, std::size_t open) {
  const char quote = text[open];
  const bool triple = text.substr(open, 3) == std::string(3, quote);
  if (triple) {
    const std::size_t end = text.find(std::string(3, quote), open + 3);
    return end == std::string_view::npos ? end : end + 2;
  }
  for (std::size_t i = open + 1; i < text.size() && text[i] != '\n'; ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool IsBareKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
         c == '_';
}

// Refuses text whose keys and brackets nest deeper than kMaxNestingDepth
// before toml++ builds (and recursively walks and frees) such a tree: at each
// dot of a dotted key, the key's parts so far plus the open brackets must stay
// within the bound. Lexical and without recursion; what it lets through is
// bounded (toml++ caps brackets at 256), and CheckDepth then decides exactly.
void CheckTextNesting(std::string_view text, const std::string& path) {
  int line = 1;
  std::size_t line_start = 0;
  int brackets = 0;
  int dots = 0;
  std::size_t run_start = std::string_view::npos;
  bool after_part = false;
  const auto fail = [&](std::size_t at) {
    const std::string key =
        run_start == std::string_view::npos
            ? std::string()
            : Excerpt(text.substr(run_start, at - run_start), kMaxKeyChars);
    throw ScenarioError(
        Location{path, line, static_cast<int>(at - line_start) + 1}, key,
        DeepNestingMessage());
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const std::size_t end = StringEnd(text, i);
      if (end == std::string_view::npos) return;  // toml++ reports it
      for (std::size_t j = i; j < end; ++j) {
        if (text[j] == '\n') {
          ++line;
          line_start = j + 1;
        }
      }
      if (run_start == std::string_view::npos) run_start = i;
      after_part = true;
      i = end;
      continue;
    }
    if (IsBareKeyChar(c)) {
      if (run_start == std::string_view::npos) run_start = i;
      after_part = true;
      continue;
    }
    if (c == '.' && after_part) {
      ++dots;
      after_part = false;
      if (dots + brackets > kMaxNestingDepth) fail(i);
      continue;
    }
    if (c == ' ' || c == '\t') continue;
    if (c == '#') {
      i = std::min(text.find('\n', i), text.size()) - 1;
    } else if (c == '\n') {
      ++line;
      line_start = i + 1;
    } else if (c == '[' || c == '{') {
      if (++brackets > kMaxNestingDepth) fail(i);
    } else if ((c == ']' || c == '}') && brackets > 0) {
      --brackets;
    }
    dots = 0;
    run_start = std::string_view::npos;
    after_part = false;
  }
}

// Throws at the first value inside more than kMaxNestingDepth tables and
// arrays (the document is the first); recurses at most that deep.
void CheckDepth(const toml::node& node, int depth, const std::string& path,
                std::vector<std::string>& keys) {
  if (depth > kMaxNestingDepth) {
    throw ScenarioError(
        LocationOf(node, path),
        Excerpt(fmt::format("{}", fmt::join(keys, ".")), kMaxKeyChars),
        DeepNestingMessage());
  }
  if (const auto* t = node.as_table()) {
    for (const auto& [k, child] : *t) {
      keys.emplace_back(k.str());
      CheckDepth(child, depth + 1, path, keys);
      keys.pop_back();
    }
  } else if (const auto* a = node.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      keys.push_back(std::to_string(i));
      CheckDepth(*a->get(i), depth + 1, path, keys);
      keys.pop_back();
    }
  }
}

// Converts a tree CheckDepth accepted (so the recursion is bounded).
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
      return fmt::format("the string \"{}\"", Excerpt(string_value));
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

namespace {

// Parses and checks the nesting of `text`; `path` names it in locations.
toml::table ParseChecked(std::string_view text, const std::string& path) {
  CheckTextNesting(text, path);
  toml::table doc = toml::parse(text, path);
  std::vector<std::string> keys;
  CheckDepth(doc, 0, path, keys);
  return doc;
}

}  // namespace

Value ParseToml(std::string_view text, const std::string& path) {
  try {
    const toml::table doc = ParseChecked(text, path);
    return Convert(doc, path);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(Location{path, static_cast<int>(e.source().begin.line),
                                 static_cast<int>(e.source().begin.column)},
                        "", fmt::format("TOML syntax: {}", e.description()));
  }
}

Value ParseTomlFile(const std::string& path, const Location& from) {
  std::string text;
  try {
    text = io::ReadInputFile(path, kMaxScenarioFileBytes);
  } catch (const std::runtime_error& e) {
    if (from.file.empty()) {
      throw ScenarioError(
          Location{path, 0, 0}, "",
          fmt::format("cannot read the scenario file: {}", e.what()));
    }
    throw ScenarioError(from, "include",
                        fmt::format("cannot read included file '{}': {}",
                                    Excerpt(path, kMaxKeyChars), e.what()));
  }
  return ParseToml(text, path);
}

Value ParseOverrideValue(std::string_view text, const Location& where) {
  try {
    const toml::table doc =
        ParseChecked(fmt::format("v = {}", text), where.file);
    Value v = Convert(*doc.get("v"), where.file);
    Relocate(v, where);
    return v;
  } catch (const ScenarioError&) {
    throw ScenarioError(where, "", DeepNestingMessage());
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
