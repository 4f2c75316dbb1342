// The run report's charts of money, orbit and variants: cumulative cash flow
// from the monthly ledger, the cost breakdown, orbital shells' build-up, and
// the variants' key figures side by side (with 95% intervals under --seeds).
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "kardashev/report/html_report_charts.h"
#include "kardashev/report/html_report_data.h"

namespace kardashev::report::html {

namespace {

constexpr double kUsdPerMillion = 1e6;

void CashFlowChart(const Json& summary, std::vector<Chart>& charts) {
  Json datasets = Json::array();
  for (const auto& v : summary["variants"]) {
    if (!v.contains("economics") || !HasEntries(v["economics"], "ledger"))
      continue;
    Json points = Json::array({{{"x", 0}, {"y", 0}}});
    for (const auto& m : v["economics"]["ledger"]) {
      points.push_back({{"x", At(m, "month")},
                        {"y", At(m, "cumulative_cash_usd") / kUsdPerMillion}});
    }
    Json ds = LineDataset(v.value("variant", "base"), points);
    ds["pointRadius"] = 2;
    datasets.push_back(ds);
  }
  if (datasets.empty()) return;
  charts.push_back(
      {"cash-flow", "Cumulative cash flow",
       "Cash in minus cash out, month by month: where a curve "
       "crosses zero the fleet has paid back its capital.",
       LineChart(datasets, "month", "cumulative cash (million USD)")});
}

void CostChart(const Json& summary, std::vector<Chart>& charts) {
  Json labels = Json::array();
  Json depreciation = Json::array(), energy = Json::array(),
       other = Json::array(), revenue = Json::array();
  bool any = false;
  for (const auto& v : summary["variants"]) {
    if (!v.contains("economics")) continue;
    const Json& e = v["economics"];
    labels.push_back(v.value("variant", "base"));
    depreciation.push_back(At(e, "depreciation_usd") / kUsdPerMillion);
    energy.push_back(At(e, "energy_cost_usd") / kUsdPerMillion);
    other.push_back((At(e, "opex_usd") - At(e, "energy_cost_usd")) /
                    kUsdPerMillion);
    revenue.push_back(At(e, "revenue_usd") / kUsdPerMillion);
    any = any || At(e, "depreciation_usd") != 0 || At(e, "opex_usd") != 0 ||
          At(e, "revenue_usd") != 0;
  }
  if (labels.empty() || !any) return;  // no fleet at the event level
  Json rev = BarDataset("revenue", revenue);
  rev["stack"] = "revenue";
  Json datasets = Json::array({BarDataset("depreciation", depreciation),
                               BarDataset("energy", energy),
                               BarDataset("other opex", other), rev});
  for (std::size_t i = 0; i < 3; ++i) datasets[i]["stack"] = "cost";
  charts.push_back(
      {"costs", "Cost breakdown over the horizon",
       "Depreciation, energy and other operating cost stacked, "
       "beside revenue: the gap is the accounting profit (depreciation "
       "spreads capex over the asset life; it is not cash).",
       BarChart(labels, datasets, "variant", "million USD", true)});
}

void OrbitalChart(const Json& summary, std::vector<Chart>& charts) {
  Json datasets = Json::array();
  const bool many = summary["variants"].size() > 1;
  for (const auto& v : summary["variants"]) {
    if (!HasEntries(v, "sites")) continue;
    for (const auto& s : v["sites"]) {
      if (s.value("kind", "") != "orbital" || !s.contains("mission") ||
          !HasEntries(s["mission"], "months"))
        continue;
      Json satellites = Json::array(), working = Json::array();
      for (const auto& m : s["mission"]["months"]) {
        const double day = At(m, "end_s") / 86400.0;
        satellites.push_back({{"x", day}, {"y", At(m, "satellites")}});
        working.push_back({{"x", day}, {"y", At(m, "working_gpus")}});
      }
      const std::string name =
          many ? fmt::format("{} / {}", v.value("variant", "base"),
                             s.value("name", "?"))
               : s.value("name", "?");
      Json sat = LineDataset(name + " satellites (left axis)", satellites);
      Json gpu = LineDataset(name + " working GPUs (right axis)", working);
      gpu["yAxisID"] = "y1";
      datasets.push_back(sat);
      datasets.push_back(gpu);
    }
  }
  if (datasets.empty()) return;
  Json config = LineChart(datasets, "time (days)", "satellites in orbit");
  config["options"]["scales"]["y1"] = {
      {"position", "right"},
      {"grid", {{"drawOnChartArea", false}}},
      {"title", {{"display", true}, {"text", "working GPUs"}}}};
  charts.push_back({"orbital", "Orbital shell build-up",
                    "Satellites in orbit and the GPUs working on them at each "
                    "month's end: launches build the shell, failures erode it.",
                    config});
}

// A key figure of the variants: its path in a variant object, its title and
// its unit.
struct Figure {
  const char* path;
  const char* title;
  const char* unit;
};

void VariantCharts(const Json& summary, std::vector<Chart>& charts) {
  const Json& variants = summary["variants"];
  if (variants.size() < 2) return;
  const Figure figures[] = {
      {"fleet.utilization", "Utilization", "share of GPU-hours"},
      {"fleet.energy_mwh", "Energy served", "MWh"},
      {"fleet.failures.total", "Node failures", "count"},
      {"economics.profit_usd", "Accounting profit (after depreciation)", "USD"},
      {"economics.cost_per_gpu_hour_usd", "Cost per GPU-hour", "USD"},
      {"economics.npv_usd", "Net present value", "USD"}};
  const bool seeds = variants[0].contains("ci95");
  int index = 0;
  for (const auto& f : figures) {
    Json labels = Json::array(), values = Json::array(), errors = Json::array();
    bool any = false;
    for (const auto& v : variants) {
      labels.push_back(v.value("variant", "base"));
      const double x = At(v, f.path, std::numeric_limits<double>::quiet_NaN());
      any = any || (!std::isnan(x) && x != 0);  // all 0: nothing to compare
      values.push_back(std::isnan(x) ? 0.0 : x);
      errors.push_back(seeds ? At(v["ci95"], f.path) : 0.0);
    }
    if (!any) continue;
    charts.push_back(
        {fmt::format("variants-{}", index++),
         fmt::format("Variants: {}", f.title),
         seeds ? "The variants side by side; error bars are 95% intervals "
                 "over the seeds: overlapping bars are not told apart."
               : "The variants side by side (one seed: run with --seeds N for "
                 "95% intervals).",
         BarChart(labels,
                  Json::array(
                      {BarDataset(f.title, values, seeds ? errors : Json())}),
                  "variant", f.unit, false)});
  }
}

}  // namespace

void EconomicsCharts(const RunFiles& files, std::vector<Chart>& charts) {
  CashFlowChart(files.summary, charts);
  CostChart(files.summary, charts);
  OrbitalChart(files.summary, charts);
  VariantCharts(files.summary, charts);
}

}  // namespace kardashev::report::html
