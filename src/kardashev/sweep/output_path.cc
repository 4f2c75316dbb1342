#include "kardashev/sweep/output_path.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <vector>

#include "kardashev/report/output_reference.h"

namespace kardashev::sweep {

namespace {

struct Segment {
  std::string key;
  std::optional<std::string> entry;  // [index] or [name]
};

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         c == '-';
}

// The segments of `path`, or nullopt when it is malformed.
std::optional<std::vector<Segment>> Split(const std::string& path) {
  std::vector<Segment> out;
  std::size_t i = 0;
  while (true) {
    Segment s;
    while (i < path.size() && IsKeyChar(path[i])) s.key += path[i++];
    if (s.key.empty()) return std::nullopt;
    if (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return std::nullopt;
      s.entry = path.substr(i + 1, close - i - 1);
      if (!std::all_of(s.entry->begin(), s.entry->end(), IsKeyChar)) {
        return std::nullopt;
      }
      i = close + 1;
    }
    out.push_back(std::move(s));
    if (i == path.size()) return out;
    if (path[i] != '.') return std::nullopt;
    ++i;
  }
}

bool IsIndex(const std::string& s) {
  return !s.empty() && s.size() < 10 &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

}  // namespace

std::string CheckOutputPath(const std::string& path) {
  const auto segments = Split(path);
  if (!segments) {
    return fmt::format(
        "malformed output path \"{}\"; expected keys joined by '.', an array "
        "entry as [index] or [name], e.g. training[frontier].ettr",
        path);
  }
  std::string declared = "variants[]";
  for (const Segment& s : *segments) {
    declared += "." + s.key;
    if (s.entry) declared += "[]";
  }
  for (const auto& k : report::SummaryJsonKeys()) {
    if (report::PathMatches(k.path, declared)) return "";
  }
  return fmt::format(
      "summary.json has no figure \"{}\" (see docs/outputs.md, under "
      "variants[])",
      path);
}

std::string LookupOutput(const nlohmann::ordered_json& variant,
                         const std::string& path, double& value) {
  const auto segments = Split(path);
  if (!segments) return fmt::format("malformed output path \"{}\"", path);
  const nlohmann::ordered_json* at = &variant;
  for (const Segment& s : *segments) {
    if (!at->is_object() || !at->contains(s.key)) {
      return fmt::format("the summary has no \"{}\"", s.key);
    }
    at = &(*at)[s.key];
    if (!s.entry) continue;
    if (!at->is_array()) return fmt::format("\"{}\" is not a list", s.key);
    const nlohmann::ordered_json* found = nullptr;
    for (std::size_t i = 0; i < at->size(); ++i) {
      const auto& e = (*at)[i];
      const bool by_name = e.is_object() && e.contains("name") &&
                           e["name"].is_string() && e["name"] == *s.entry;
      if (by_name || (IsIndex(*s.entry) && std::stoul(*s.entry) == i)) {
        found = &e;
        break;
      }
    }
    if (found == nullptr) {
      return fmt::format("\"{}\" has no entry \"{}\" ({} entries)", s.key,
                         *s.entry, at->size());
    }
    at = found;
  }
  if (at->is_number()) {
    value = at->get<double>();
  } else if (at->is_boolean()) {
    value = at->get<bool>() ? 1 : 0;
  } else if (at->is_null()) {
    value = std::numeric_limits<double>::quiet_NaN();
  } else {
    return fmt::format("\"{}\" is not a number", path);
  }
  return "";
}

}  // namespace kardashev::sweep
