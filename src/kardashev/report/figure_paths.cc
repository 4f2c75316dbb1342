#include "kardashev/report/figure_paths.h"

#include <set>
#include <vector>

namespace kardashev::report {

namespace {

using Json = nlohmann::ordered_json;

std::string PointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// The labels of an array's entries: their names when every entry is an
// object with a distinct string "name", else their indices.
std::vector<std::string> EntryLabels(const Json& array) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& e : array) {
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string() ||
        !seen.insert(e["name"].get<std::string>()).second) {
      names.clear();
      for (std::size_t i = 0; i < array.size(); ++i)
        names.push_back(std::to_string(i));
      return names;
    }
    names.push_back(e["name"].get<std::string>());
  }
  return names;
}

void Walk(const Json& j, const std::string& path, const std::string& pointer,
          const FigureVisitor& visit) {
  if (j.is_object()) {
    for (const auto& [key, child] : j.items()) {
      Walk(child, path.empty() ? key : path + "." + key,
           pointer + "/" + PointerToken(key), visit);
    }
  } else if (j.is_array()) {
    const std::vector<std::string> labels = EntryLabels(j);
    for (std::size_t i = 0; i < j.size(); ++i) {
      Walk(j[i], path + "[" + labels[i] + "]",
           pointer + "/" + std::to_string(i), visit);
    }
  } else if (j.is_number() && path != "seed") {
    visit(path, pointer, j);
  }
}

}  // namespace

void ForEachFigure(const Json& variant, const FigureVisitor& visit) {
  Walk(variant, "", "", visit);
}

bool InIndexedEntry(const std::string& path) {
  for (std::size_t i = path.find('['); i != std::string::npos;
       i = path.find('[', i + 1)) {
    if (i + 1 < path.size() && path[i + 1] >= '0' && path[i + 1] <= '9')
      return true;
  }
  return false;
}

}  // namespace kardashev::report
