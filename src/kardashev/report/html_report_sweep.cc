// The sweep report's charts: each output against each swept parameter, the
// mean over the replications with its 95% interval, a line per combination of
// the other parameters.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "kardashev/report/html_report.h"
#include "kardashev/report/html_report_data.h"

namespace kardashev::report {

namespace {

using html::Json;

// Lines drawn per chart at most: more combinations of the other parameters
// would be unreadable.
constexpr std::size_t kMaxLines = 8;

double NumberOr0(const Json& j) {
  return j.is_number() ? j.get<double>() : 0.0;
}

// The parameters that are functions of `axis` (derived keys: one value per
// value of the axis), which follow the axis rather than label a line.
std::set<std::string> Dependents(const Json& points, const std::string& axis) {
  std::set<std::string> out;
  for (const auto& [k, v] : points.front()["parameters"].items()) {
    if (k == axis) continue;
    std::map<std::string, std::string> value_of;
    bool functional = true;
    for (const auto& p : points) {
      const auto [it, fresh] = value_of.emplace(p["parameters"][axis].dump(),
                                                p["parameters"][k].dump());
      functional =
          functional && (fresh || it->second == p["parameters"][k].dump());
    }
    if (functional) out.insert(k);
  }
  return out;
}

// "b=2, c=3": the point's parameters other than `axis` and `skip`.
std::string OthersLabel(const Json& parameters, const std::string& axis,
                        const std::set<std::string>& skip) {
  std::string label;
  for (const auto& [k, v] : parameters.items()) {
    if (k == axis || skip.count(k) > 0) continue;
    if (!label.empty()) label += ", ";
    label += fmt::format("{}={}", k, v.dump());
  }
  return label.empty() ? "mean" : label;
}

Chart OutputChart(const Json& points, const std::string& output,
                  const std::string& axis, int index) {
  std::map<std::string, std::map<double, std::pair<double, double>>> lines;
  const auto skip = Dependents(points, axis);
  for (const auto& p : points) {
    if (!p.contains("outputs") || !p["outputs"].contains(output)) continue;
    const Json& o = p["outputs"][output];
    lines[OthersLabel(p["parameters"], axis, skip)]
         [NumberOr0(p["parameters"][axis])] = {NumberOr0(o["mean"]),
                                               NumberOr0(o["ci95_half_width"])};
  }
  Json datasets = Json::array();
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const auto& [label, line] : lines) {
    if (datasets.size() == kMaxLines) break;
    Json data = Json::array(), errors = Json::array();
    for (const auto& [x, mean_ci] : line) {
      data.push_back({{"x", x}, {"y", mean_ci.first}});
      errors.push_back(mean_ci.second);
      low = std::min(low, mean_ci.first - mean_ci.second);
      high = std::max(high, mean_ci.first + mean_ci.second);
    }
    Json ds = html::LineDataset(label, data);
    ds["errors"] = errors;
    ds["pointRadius"] = 3;
    datasets.push_back(ds);
  }
  Json config = html::LineChart(datasets, axis, output);
  if (low < high) {  // the intervals inside the plot
    config["options"]["scales"]["y"]["suggestedMin"] = low;
    config["options"]["scales"]["y"]["suggestedMax"] = high;
  }
  return {fmt::format("sweep-{}", index),
          fmt::format("{} against {}", output, axis),
          "The mean over the replications at each swept value; error bars are "
          "95% intervals (none with one replication).",
          config};
}

}  // namespace

std::vector<Chart> SweepCharts(const Json& sweep) {
  std::vector<Chart> charts;
  if (!html::HasEntries(sweep, "points")) return charts;
  const Json& points = sweep["points"];
  const Json& first = points.front();
  int index = 0;
  for (const auto& [output, o] : first["outputs"].items()) {
    for (const auto& [axis, a] : first["parameters"].items()) {
      charts.push_back(OutputChart(points, output, axis, index++));
    }
  }
  return charts;
}

std::string SweepReportHtml(const Json& sweep) {
  const std::string name = sweep.value("sweep", "sweep");
  std::string body = fmt::format(
      "<p>Sweep <b>{}</b> of scenario <code>{}</code>: {} points, {} "
      "replications each.</p>\n",
      EscapeHtml(name), EscapeHtml(sweep.value("scenario", "")),
      sweep.value("points_total", 0), sweep.value("replications", 0));
  return ReportPage(fmt::format("Kardashev sweep: {}", name), body,
                    SweepCharts(sweep));
}

}  // namespace kardashev::report
