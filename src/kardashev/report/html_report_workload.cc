// The run report's charts of the workloads: training jobs' time breakdown and
// interruptions, serving latency (CDF from requests.csv, else percentiles) and
// SLO attainment, demand against the GPUs available.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "kardashev/report/html_report_charts.h"
#include "kardashev/report/html_report_data.h"

namespace kardashev::report::html {

namespace {

constexpr double kSecondsPerHour = 3600.0;
// Points of an empirical CDF drawn per deployment: enough for a smooth curve.
constexpr std::size_t kCdfPoints = 200;

// "variant / name" for each entry of `key` across the variants, and the
// entries.
std::vector<std::pair<std::string, const Json*>> Entries(
    const Json& summary, const std::string& key) {
  std::vector<std::pair<std::string, const Json*>> out;
  const bool many = summary["variants"].size() > 1;
  for (const auto& v : summary["variants"]) {
    if (!HasEntries(v, key)) continue;
    for (const auto& e : v[key]) {
      const std::string name = e.value("name", "?");
      out.emplace_back(
          many ? fmt::format("{} / {}", v.value("variant", "base"), name)
               : name,
          &e);
    }
  }
  return out;
}

void TrainingCharts(const Json& summary, std::vector<Chart>& charts) {
  const auto jobs = Entries(summary, "training");
  if (jobs.empty()) return;
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"training", "train (kept)"},
      {"lost_work", "lost work"},
      {"checkpointing", "checkpoint"},
      {"restarting", "restart"},
      {"waiting_for_nodes", "wait for nodes"},
      {"power_throttled", "power throttled"}};
  Json labels = Json::array();
  for (const auto& [name, job] : jobs) labels.push_back(name);
  Json datasets = Json::array();
  for (const auto& [key, label] : parts) {
    Json values = Json::array();
    for (const auto& [name, job] : jobs)
      values.push_back(At(*job, "time_s." + key) / kSecondsPerHour);
    datasets.push_back(BarDataset(label, values));
  }
  Json config = BarChart(labels, datasets, "job", "time (hours)", true);
  charts.push_back({"training-time", "Training jobs: where the time went",
                    "Each bar is a job's existence: the train share is "
                    "progress kept (ETTR), the rest is lost to interruptions.",
                    config});
  Json progress = Json::array();
  Json interruptions = Json::array();
  for (const auto& [name, job] : jobs) {
    progress.push_back(At(*job, "tokens_trained") / 1e9);
    interruptions.push_back(At(*job, "interruptions.total"));
  }
  Json per_job = BarDataset("interruptions (right axis)", interruptions);
  per_job["yAxisID"] = "y1";
  Json config2 =
      BarChart(labels,
               Json::array({BarDataset("tokens trained (left axis)", progress),
                            per_job}),
               "job", "tokens trained (billions)", false);
  config2["options"]["scales"]["y1"] = {
      {"position", "right"},
      {"grid", {{"drawOnChartArea", false}}},
      {"title", {{"display", true}, {"text", "interruptions (count)"}}}};
  charts.push_back(
      {"training-progress", "Training jobs: progress and interruptions",
       "Tokens each job trained over the horizon (left axis) beside the "
       "interruptions that stopped it (right axis).",
       config2});
}

// Empirical CDF of `column` per variant and deployment of requests.csv.
bool LatencyCdf(const std::string& text, const std::string& column,
                const std::string& what, std::vector<Chart>& charts) {
  const Csv csv = ParseCsv(text);
  const int c = csv.Column(column);
  const int v = csv.Column("variant");
  const int d = csv.Column("deployment");
  if (c < 0 || v < 0 || d < 0 || csv.rows.empty()) return false;
  std::map<std::string, std::vector<double>> by_key;
  for (const auto& row : csv.rows) {
    if (row.size() <= static_cast<std::size_t>(std::max({c, v, d}))) continue;
    by_key[row[v] + " / " + row[d]].push_back(Number(row[c]));
  }
  Json datasets = Json::array();
  for (auto& [key, values] : by_key) {
    std::sort(values.begin(), values.end());
    Json points = Json::array();
    const std::size_t n = values.size();
    for (std::size_t i = 0; i < kCdfPoints; ++i) {
      const std::size_t k = std::min(n - 1, (i * n) / kCdfPoints);
      points.push_back({{"x", values[k]}, {"y", double(k + 1) / double(n)}});
    }
    points.push_back({{"x", values.back()}, {"y", 1.0}});
    datasets.push_back(LineDataset(key, points));
  }
  charts.push_back({"latency-cdf-" + column,
                    fmt::format("Serving: {} distribution", what),
                    "Share of requests served within x seconds: the curve's "
                    "right tail is the slowest requests.",
                    LineChart(datasets, what + " (s)", "share of requests")});
  return true;
}

void ServingCharts(const RunFiles& files, std::vector<Chart>& charts) {
  const auto deployments = Entries(files.summary, "serving");
  if (deployments.empty()) return;
  const bool cdf =
      LatencyCdf(files.requests_csv, "ttft_s", "time to first token", charts) &&
      LatencyCdf(files.requests_csv, "e2e_s", "end-to-end latency", charts);
  Json labels = Json::array();
  for (const auto& [name, d] : deployments) labels.push_back(name);
  if (!cdf) {
    Json datasets = Json::array();
    for (const std::string metric : {"ttft_s", "e2e_s"}) {
      for (const std::string p : {"p50", "p90", "p99"}) {
        Json values = Json::array();
        for (const auto& [name, d] : deployments)
          values.push_back(At(*d, metric + "." + p));
        datasets.push_back(BarDataset(metric + " " + p, values));
      }
    }
    charts.push_back(
        {"latency-percentiles", "Serving latency percentiles",
         "Time to first token and end-to-end latency at the "
         "median, 90th and 99th percentile of the requests.",
         BarChart(labels, datasets, "deployment", "latency (s)", false)});
  }
  Json slo = Json::array();
  for (const auto& [name, d] : deployments)
    slo.push_back(At(*d, "slo_attainment"));
  Json config =
      BarChart(labels, Json::array({BarDataset("SLO attainment", slo)}),
               "deployment", "share of requests within SLO", false);
  config["options"]["scales"]["y"]["min"] = 0;
  config["options"]["scales"]["y"]["max"] = 1;
  charts.push_back({"slo", "Serving: SLO attainment",
                    "Share of requests that met the deployment's latency "
                    "objectives; 1 is every request.",
                    config});
}

void DemandChart(const Json& summary, std::vector<Chart>& charts) {
  const auto demands = Entries(summary, "demand");
  if (demands.empty()) return;
  Json labels = Json::array();
  Json mean = Json::array(), peak = Json::array(), available = Json::array();
  for (const auto& [name, d] : demands) {
    labels.push_back(name);
    mean.push_back(At(*d, "gpus_needed_mean"));
    peak.push_back(At(*d, "gpus_needed_peak"));
    available.push_back(At(*d, "gpus_available"));
  }
  charts.push_back(
      {"demand", "Demand against capacity over the day",
       "GPUs the daily demand needs on average and at its peak, against the "
       "GPUs available to it: a peak above the available bar misses its SLO.",
       BarChart(labels,
                Json::array({BarDataset("needed (mean)", mean),
                             BarDataset("needed (peak)", peak),
                             BarDataset("available", available)}),
                "demand", "GPUs", false)});
}

}  // namespace

void WorkloadCharts(const RunFiles& files, std::vector<Chart>& charts) {
  TrainingCharts(files.summary, charts);
  ServingCharts(files, charts);
  DemandChart(files.summary, charts);
}

}  // namespace kardashev::report::html
