// The run report's charts of the fleet: GPUs by state, power against supply,
// energy and failures over time (timeseries.csv), failures by component
// (summary.json).
#include <fmt/format.h>

#include <set>

#include "kardashev/report/html_report.h"
#include "kardashev/report/html_report_charts.h"
#include "kardashev/report/html_report_data.h"

namespace kardashev::report::html {

namespace {

constexpr double kSecondsPerDay = 86400.0;

// {x: days, y: column} of `variant`'s rows.
Json Series(const Csv& csv, const std::string& variant, int column) {
  Json points = Json::array();
  const int t = csv.Column("time_s");
  for (const auto* row : csv.Where("variant", variant)) {
    if (t < 0 || static_cast<std::size_t>(column) >= row->size()) continue;
    points.push_back({{"x", Number((*row)[t]) / kSecondsPerDay},
                      {"y", Number((*row)[column])}});
  }
  return points;
}

std::vector<std::string> VariantNames(const Json& summary) {
  std::vector<std::string> names;
  for (const auto& v : summary["variants"])
    names.push_back(v.value("variant", "base"));
  return names;
}

// One chart per variant (at most kMaxVariantCharts) of the gpus_* columns.
void GpuStateCharts(const Json& summary, const Csv& csv,
                    std::vector<Chart>& charts) {
  constexpr std::size_t kMaxVariantCharts = 6;
  const auto names = VariantNames(summary);
  for (std::size_t v = 0; v < names.size() && v < kMaxVariantCharts; ++v) {
    Json datasets = Json::array();
    for (std::size_t c = 0; c < csv.header.size(); ++c) {
      const std::string& col = csv.header[c];
      if (col.rfind("gpus_", 0) != 0) continue;
      datasets.push_back(LineDataset(
          col.substr(5), Series(csv, names[v], static_cast<int>(c))));
    }
    if (datasets.empty()) continue;
    charts.push_back(
        {fmt::format("gpus-{}", v), fmt::format("GPUs by state: {}", names[v]),
         "Working (up, active) against down, owed-but-short and unpowered "
         "GPUs, step by step: dips in up and spikes in down are failures "
         "waiting for repair.",
         LineChart(datasets, "time (days)", "GPUs")});
  }
}

// Power drawn per variant against each variant's ground supply cap.
void PowerChart(const Json& summary, const Csv& csv,
                std::vector<Chart>& charts) {
  const int power = csv.Column("power_mw");
  if (power < 0) return;
  Json datasets = Json::array();
  for (const auto& v : summary["variants"]) {
    const std::string name = v.value("variant", "base");
    const Json drawn = Series(csv, name, power);
    datasets.push_back(LineDataset(fmt::format("{} drawn", name), drawn));
    double cap_mw = 0;
    if (HasEntries(v, "sites")) {
      for (const auto& s : v["sites"]) cap_mw += At(s, "power_cap_mw");
    }
    if (cap_mw > 0 && !drawn.empty()) {
      Json line = Json::array({{{"x", drawn.front()["x"]}, {"y", cap_mw}},
                               {{"x", drawn.back()["x"]}, {"y", cap_mw}}});
      Json ds = LineDataset(fmt::format("{} supply cap", name), line);
      ds["borderDash"] = Json::array({6, 4});
      datasets.push_back(ds);
    }
  }
  charts.push_back({"power", "Power drawn against the site's supply",
                    "Facility power served each step; the dashed line is the "
                    "sites' grid import cap: a curve at the line is capped.",
                    LineChart(datasets, "time (days)", "power (MW)")});
}

// A line per variant of one timeseries column.
void ColumnChart(const Json& summary, const Csv& csv, const std::string& column,
                 Chart chart, const std::string& y_title,
                 std::vector<Chart>& charts) {
  const int c = csv.Column(column);
  if (c < 0) return;
  Json datasets = Json::array();
  for (const auto& name : VariantNames(summary))
    datasets.push_back(LineDataset(name, Series(csv, name, c)));
  chart.config = LineChart(datasets, "time (days)", y_title);
  charts.push_back(std::move(chart));
}

// Failures by component, a bar group per variant.
void FailureComponentChart(const Json& summary, std::vector<Chart>& charts) {
  std::set<std::string> components;
  for (const auto& v : summary["variants"]) {
    if (v.contains("fleet") && v["fleet"].contains("failures") &&
        v["fleet"]["failures"].contains("by_component")) {
      for (const auto& [k, n] : v["fleet"]["failures"]["by_component"].items())
        components.insert(k);
    }
  }
  if (components.empty()) return;
  Json labels = Json::array();
  for (const auto& k : components) labels.push_back(k);
  Json datasets = Json::array();
  for (const auto& v : summary["variants"]) {
    Json values = Json::array();
    for (const auto& k : components)
      values.push_back(At(v, "fleet.failures.by_component." + k));
    datasets.push_back(BarDataset(v.value("variant", "base"), values));
  }
  charts.push_back({"failures-by-component", "Node failures by component",
                    "Which failure categories dominate over the horizon: the "
                    "tallest bars are where reliability work pays most.",
                    BarChart(labels, datasets, "failure category",
                             "failures (count)", false)});
}

}  // namespace

void FleetCharts(const RunFiles& files, std::vector<Chart>& charts) {
  const Json& summary = files.summary;
  const Csv csv = ParseCsv(files.timeseries_csv);
  if (!csv.rows.empty()) {
    GpuStateCharts(summary, csv, charts);
    PowerChart(summary, csv, charts);
    ColumnChart(summary, csv, "energy_mwh",
                {"energy",
                 "Energy served (running total)",
                 "Facility energy served since the start; the slope is the "
                 "mean power.",
                 {}},
                "energy (MWh)", charts);
    ColumnChart(summary, csv, "failures",
                {"failures-over-time",
                 "Node failures per step",
                 "Failures in each step of the time series: bursts stand out "
                 "from the steady rate.",
                 {}},
                "failures (count per step)", charts);
  }
  FailureComponentChart(summary, charts);
}

}  // namespace kardashev::report::html
