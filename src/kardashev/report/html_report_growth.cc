// The run report's charts of the growth level, from each variant's "growth"
// object in summary.json: GPUs installed by site at each year's end (stacked
// bars, one stack per variant), cumulative cash and NPV to date per year, and
// tokens trained and served per year.
#include <fmt/format.h>

#include "kardashev/report/html_report_charts.h"
#include "kardashev/report/html_report_data.h"

namespace kardashev::report::html {

namespace {

constexpr double kUsdPerBillion = 1e9;

// A line chart over calendar years: a tick per year, written 2027 (not
// 2,027.0).
Json YearLineChart(const Json& datasets, const std::string& y_title) {
  Json config = LineChart(datasets, "year", y_title);
  config["options"]["scales"]["x"]["ticks"] = {
      {"stepSize", 1}, {"format", {{"useGrouping", false}}}};
  return config;
}

bool HasGrowthYears(const Json& v) {
  return v.is_object() && v.contains("growth") &&
         HasEntries(v["growth"], "years");
}

// The years of the first variant with a growth outcome, as bar labels.
Json YearLabels(const Json& variants) {
  Json labels = Json::array();
  for (const auto& v : variants) {
    if (!HasGrowthYears(v)) continue;
    for (const auto& y : v["growth"]["years"]) labels.push_back(At(y, "year"));
    break;
  }
  return labels;
}

void GpusBySiteChart(const Json& variants, std::vector<Chart>& charts) {
  const Json labels = YearLabels(variants);
  const bool many = variants.size() > 1;
  Json datasets = Json::array();
  for (const auto& v : variants) {
    if (!HasGrowthYears(v) || !HasEntries(v["growth"], "sites")) continue;
    const std::string variant = v.value("variant", "base");
    for (const auto& site : v["growth"]["sites"]) {
      const std::string name = site.value("name", "?");
      Json values = Json::array();
      for (std::size_t i = 0; i < labels.size(); ++i) {
        const Json& years = v["growth"]["years"];
        // By key, not by At's dotted path: a site name may hold a dot.
        const bool has = i < years.size() &&
                         years[i].contains("gpus_by_site") &&
                         years[i]["gpus_by_site"].contains(name);
        values.push_back(has ? years[i]["gpus_by_site"][name].get<double>()
                             : 0.0);
      }
      Json ds = BarDataset(many ? fmt::format("{} / {}", variant, name) : name,
                           values);
      ds["stack"] = variant;
      datasets.push_back(ds);
    }
  }
  if (datasets.empty()) return;
  charts.push_back(
      {"growth-gpus", "Growth: GPUs by site",
       "GPUs installed at each year's end, stacked by site (one stack per "
       "variant): where the fleet grows, and when.",
       BarChart(labels, datasets, "year", "GPUs installed", true)});
}

void CashChart(const Json& variants, std::vector<Chart>& charts) {
  Json datasets = Json::array();
  for (const auto& v : variants) {
    if (!HasGrowthYears(v)) continue;
    const std::string variant = v.value("variant", "base");
    Json cash = Json::array(), npv = Json::array();
    for (const auto& y : v["growth"]["years"]) {
      cash.push_back({{"x", At(y, "year")},
                      {"y", At(y, "cumulative_cash_usd") / kUsdPerBillion}});
      npv.push_back({{"x", At(y, "year")},
                     {"y", At(y, "npv_to_date_usd") / kUsdPerBillion}});
    }
    Json c = LineDataset(variant + " cumulative cash", cash);
    Json n = LineDataset(variant + " NPV to date", npv);
    c["pointRadius"] = n["pointRadius"] = 2;
    n["borderDash"] = Json::array({6, 3});
    datasets.push_back(c);
    datasets.push_back(n);
  }
  if (datasets.empty()) return;
  charts.push_back(
      {"growth-cash", "Growth: cumulative cash and NPV to date",
       "At each year's end: cash in minus cash out (solid) and the "
       "discounted cash and training value so far (dashed).",
       YearLineChart(datasets, "billion USD")});
}

void TokensChart(const Json& variants, std::vector<Chart>& charts) {
  Json datasets = Json::array();
  bool any = false;
  for (const auto& v : variants) {
    if (!HasGrowthYears(v)) continue;
    const std::string variant = v.value("variant", "base");
    Json trained = Json::array(), served = Json::array();
    for (const auto& y : v["growth"]["years"]) {
      trained.push_back(
          {{"x", At(y, "year")}, {"y", At(y, "tokens_trained") / 1e12}});
      served.push_back(
          {{"x", At(y, "year")}, {"y", At(y, "tokens_served") / 1e12}});
      any = any || At(y, "tokens_trained") > 0 || At(y, "tokens_served") > 0;
    }
    Json t = LineDataset(variant + " trained", trained);
    Json s = LineDataset(variant + " served", served);
    t["pointRadius"] = s["pointRadius"] = 2;
    s["borderDash"] = Json::array({6, 3});
    datasets.push_back(t);
    datasets.push_back(s);
  }
  if (!any) return;  // no training and no serving: nothing to draw
  charts.push_back(
      {"growth-tokens", "Growth: tokens trained and served",
       "Tokens trained (solid) and served (dashed) in each year: what the "
       "fleet produced.",
       YearLineChart(datasets, "trillion tokens per year")});
}

}  // namespace

void GrowthCharts(const RunFiles& files, std::vector<Chart>& charts) {
  if (!files.summary.contains("variants")) return;
  const Json& variants = files.summary["variants"];
  GpusBySiteChart(variants, charts);
  CashChart(variants, charts);
  TokensChart(variants, charts);
}

}  // namespace kardashev::report::html
