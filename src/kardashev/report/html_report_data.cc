#include "kardashev/report/html_report_data.h"

#include <charconv>
#include <sstream>

namespace kardashev::report::html {

namespace {

// The fields of one CSV line.
std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

Json Title(const std::string& text) {
  return Json{{"display", true}, {"text", text}};
}

}  // namespace

int Csv::Column(const std::string& column) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == column) return static_cast<int>(i);
  }
  return -1;
}

std::vector<const std::vector<std::string>*> Csv::Where(
    const std::string& key, const std::string& value) const {
  const int k = Column(key);
  std::vector<const std::vector<std::string>*> out;
  for (const auto& row : rows) {
    if (k < 0 || (static_cast<std::size_t>(k) < row.size() && row[k] == value))
      out.push_back(&row);
  }
  return out;
}

Csv ParseCsv(const std::string& text) {
  Csv csv;
  std::istringstream in(text);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (first) {
      csv.header = SplitFields(line);
      first = false;
    } else {
      csv.rows.push_back(SplitFields(line));
    }
  }
  return csv;
}

double Number(const std::string& field) {
  double value = 0;
  const auto r =
      std::from_chars(field.data(), field.data() + field.size(), value);
  return r.ec == std::errc() ? value : 0;
}

Json LineDataset(const std::string& label, const Json& points) {
  return Json{{"label", label},
              {"data", points},
              {"pointRadius", 0},
              {"borderWidth", 1.5}};
}

Json LineChart(const Json& datasets, const std::string& x_title,
               const std::string& y_title) {
  return Json{{"type", "line"},
              {"data", {{"datasets", datasets}}},
              {"options",
               {{"parsing", true},
                {"scales",
                 {{"x", {{"type", "linear"}, {"title", Title(x_title)}}},
                  {"y", {{"title", Title(y_title)}}}}}}}};
}

Json BarChart(const Json& labels, const Json& datasets,
              const std::string& x_title, const std::string& y_title,
              bool stacked) {
  return Json{{"type", "bar"},
              {"data", {{"labels", labels}, {"datasets", datasets}}},
              {"options",
               {{"scales",
                 {{"x", {{"stacked", stacked}, {"title", Title(x_title)}}},
                  {"y", {{"stacked", stacked}, {"title", Title(y_title)}}}}}}}};
}

Json BarDataset(const std::string& label, const Json& values,
                const Json& errors) {
  Json ds{{"label", label}, {"data", values}};
  if (!errors.is_null()) ds["errors"] = errors;
  return ds;
}

double At(const Json& object, const std::string& path, double fallback) {
  const Json* node = &object;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(
        start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(key)) return fallback;
    node = &(*node)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node->is_number() ? node->get<double>() : fallback;
}

bool HasEntries(const Json& object, const std::string& key) {
  return object.is_object() && object.contains(key) && object[key].is_array() &&
         !object[key].empty();
}

}  // namespace kardashev::report::html
