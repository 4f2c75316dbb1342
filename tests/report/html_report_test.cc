// Tests of the report page: which charts a run gets (by the models it has),
// that the page is self-contained, and that the data and scenario text are
// escaped.
#include "kardashev/report/html_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>

#include "kardashev/report/chart_library.h"

namespace kardashev::report {
namespace {

using Json = nlohmann::ordered_json;

// A variant with a fleet (failures by component), economics and, when asked,
// a serving deployment and a training job.
Json Variant(const std::string& name, bool serving, bool training) {
  Json v = {{"variant", name},
            {"fleet",
             {{"gpus", 8},
              {"utilization", 0.5},
              {"energy_mwh", 12.0},
              {"failures",
               {{"total", 3}, {"by_component", {{"gpu", 2}, {"nic", 1}}}}}}},
            {"economics",
             {{"revenue_usd", 100.0},
              {"opex_usd", 30.0},
              {"energy_cost_usd", 20.0},
              {"depreciation_usd", 10.0},
              {"profit_usd", 60.0},
              {"ledger",
               Json::array({{{"month", 1}, {"cumulative_cash_usd", -5e6}},
                            {{"month", 2}, {"cumulative_cash_usd", 1e6}}})}}}};
  if (serving) {
    v["serving"] =
        Json::array({{{"name", "chat"},
                      {"slo_attainment", 0.9},
                      {"ttft_s", {{"p50", 0.1}, {"p90", 0.2}, {"p99", 0.4}}},
                      {"e2e_s", {{"p50", 1.0}, {"p90", 2.0}, {"p99", 4.0}}}}});
  }
  if (training) {
    v["training"] = Json::array(
        {{{"name", "frontier"},
          {"ettr", 0.9},
          {"tokens_trained", 1e12},
          {"interruptions", {{"total", 4}}},
          {"time_s", {{"training", 3600.0}, {"lost_work", 360.0}}}}});
  }
  return v;
}

RunFiles Files(std::vector<Json> variants) {
  RunFiles files;
  files.summary = {{"scenario", "test"}, {"seed", 1}, {"horizon_s", 86400.0}};
  files.summary["variants"] = Json::array();
  for (auto& v : variants) files.summary["variants"].push_back(std::move(v));
  return files;
}

std::vector<std::string> Ids(const std::vector<Chart>& charts) {
  std::vector<std::string> ids;
  for (const auto& c : charts) ids.push_back(c.id);
  return ids;
}

bool Has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos;
       p = text.find(what, p + 1))
    ++n;
  return n;
}

TEST(HtmlReportTest, ARunWithoutServingHasNoServingChart) {
  const auto ids = Ids(RunCharts(Files({Variant("base", false, false)})));
  EXPECT_FALSE(Has(ids, "slo"));
  EXPECT_FALSE(Has(ids, "latency-percentiles"));
  EXPECT_FALSE(Has(ids, "training-time"));
  EXPECT_FALSE(Has(ids, "gpus-0"));      // no timeseries.csv
  EXPECT_FALSE(Has(ids, "variants-0"));  // one variant
  EXPECT_TRUE(Has(ids, "failures-by-component"));
  EXPECT_TRUE(Has(ids, "cash-flow"));
  EXPECT_TRUE(Has(ids, "costs"));
}

TEST(HtmlReportTest, ServingAndTrainingChartsComeWithTheirModels) {
  const auto ids = Ids(RunCharts(Files({Variant("base", true, true)})));
  EXPECT_TRUE(Has(ids, "slo"));
  EXPECT_TRUE(Has(ids, "latency-percentiles"));  // no requests.csv
  EXPECT_FALSE(Has(ids, "latency-cdf-e2e_s"));
  EXPECT_TRUE(Has(ids, "training-time"));
  EXPECT_TRUE(Has(ids, "training-progress"));
}

TEST(HtmlReportTest, RequestsCsvGivesLatencyCdfs) {
  RunFiles files = Files({Variant("base", true, false)});
  files.requests_csv =
      "scenario,variant,deployment,request,ttft_s,e2e_s\n"
      "t,base,chat,0,0.1,1.0\nt,base,chat,1,0.3,3.0\n";
  const auto charts = RunCharts(files);
  const auto ids = Ids(charts);
  EXPECT_TRUE(Has(ids, "latency-cdf-ttft_s"));
  EXPECT_TRUE(Has(ids, "latency-cdf-e2e_s"));
  EXPECT_FALSE(Has(ids, "latency-percentiles"));
  // The CDF ends at the slowest request with every request served.
  const auto& c =
      *std::find_if(charts.begin(), charts.end(),
                    [](const auto& c) { return c.id == "latency-cdf-e2e_s"; });
  const Json& last = c.config["data"]["datasets"][0]["data"].back();
  EXPECT_DOUBLE_EQ(last["x"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(last["y"].get<double>(), 1.0);
}

TEST(HtmlReportTest, TimeseriesColumnsGiveFleetCharts) {
  RunFiles files = Files({Variant("base", false, false)});
  files.timeseries_csv =
      "variant,time_s,gpus_up,gpus_down,power_mw,energy_mwh,failures\n"
      "base,86400,7,1,2.5,60,1\nbase,172800,8,0,2.5,120,0\n";
  const auto charts = RunCharts(files);
  const auto ids = Ids(charts);
  ASSERT_TRUE(Has(ids, "gpus-0"));
  EXPECT_TRUE(Has(ids, "power"));
  EXPECT_TRUE(Has(ids, "energy"));
  EXPECT_TRUE(Has(ids, "failures-over-time"));
  // GPUs by state: one line per gpus_* column, x in days.
  const Json& gpus = charts[0].config["data"]["datasets"];
  ASSERT_EQ(gpus.size(), 2u);
  EXPECT_EQ(gpus[1]["label"], "down");
  EXPECT_DOUBLE_EQ(gpus[0]["data"][1]["x"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(gpus[0]["data"][1]["y"].get<double>(), 8.0);
}

TEST(HtmlReportTest, VariantsGetErrorBarsFromTheirIntervals) {
  Json a = Variant("a", false, false), b = Variant("b", false, false);
  a["ci95"] = {{"fleet", {{"utilization", 0.05}}}};
  b["ci95"] = {{"fleet", {{"utilization", 0.07}}}};
  const auto charts = RunCharts(Files({a, b}));
  const auto it = std::find_if(charts.begin(), charts.end(), [](const auto& c) {
    return c.title == "Variants: Utilization";
  });
  ASSERT_NE(it, charts.end());
  const Json& ds = it->config["data"]["datasets"][0];
  EXPECT_EQ(ds["errors"], Json::array({0.05, 0.07}));
  EXPECT_EQ(ds["data"], Json::array({0.5, 0.5}));
}

TEST(HtmlReportTest, ThePageIsSelfContained) {
  RunFiles files = Files({Variant("a", true, true), Variant("b", true, true)});
  const std::string html = RunReportHtml(files);
  const std::regex external(R"((src|href)\s*=\s*["']?\s*(https?:)?//)",
                            std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, external));
  EXPECT_FALSE(ChartLibraryScript().empty());
  EXPECT_NE(html.find(ChartLibraryScript()), std::string::npos);
  // A container per chart.
  EXPECT_EQ(Count(html, "class=\"chart\""), RunCharts(files).size());
}

TEST(HtmlReportTest, TheScenarioTextAndNamesAreEscaped) {
  RunFiles files = Files({Variant("</script><b>v", false, false)});
  files.scenario_toml =
      "name = \"</pre><script>alert('x')</script>\" # a & b\n";
  const std::string html = RunReportHtml(files);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(
      html.find("name = &quot;&lt;/pre&gt;&lt;script&gt;alert(&#39;x&#39;)"
                "&lt;/script&gt;&quot; # a &amp; b"),
      std::string::npos);
  // In the table and in the charts' inline JSON alike.
  EXPECT_EQ(html.find("</script><b>v"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;b&gt;v"), std::string::npos);
  EXPECT_NE(html.find("\\u003c/script>\\u003cb>v"), std::string::npos);
}

TEST(HtmlReportTest, SameInputsSameBytes) {
  RunFiles files = Files({Variant("a", true, true), Variant("b", false, true)});
  EXPECT_EQ(RunReportHtml(files), RunReportHtml(files));
}

TEST(HtmlReportTest, ASummaryWithoutVariantsIsRefused) {
  RunFiles files;
  files.summary = {{"scenario", "x"}};
  EXPECT_THROW(RunReportHtml(files), std::invalid_argument);
}

TEST(HtmlReportTest, ASweepGetsEachOutputAgainstEachAxis) {
  Json sweep = {{"sweep", "s"}, {"points_total", 4}, {"replications", 2}};
  sweep["points"] = Json::array();
  for (double a : {1.0, 2.0}) {
    for (double b : {10.0, 20.0}) {
      Json point;
      point["parameters"] = {{"a", a}, {"b", b}};
      point["outputs"]["x"] = {{"mean", a * b}, {"ci95_half_width", 0.5}};
      point["outputs"]["y"] = {{"mean", a + b}, {"ci95_half_width", nullptr}};
      sweep["points"].push_back(point);
    }
  }
  const auto charts = SweepCharts(sweep);
  ASSERT_EQ(charts.size(), 4u);  // 2 outputs x 2 axes
  EXPECT_EQ(charts[0].title, "x against a");
  // x against a: a line per value of b, the means at a = 1, 2.
  const Json& lines = charts[0].config["data"]["datasets"];
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["label"], "b=10.0");
  EXPECT_DOUBLE_EQ(lines[0]["data"][1]["y"].get<double>(), 20.0);
  EXPECT_EQ(lines[0]["errors"], Json::array({0.5, 0.5}));
  EXPECT_EQ(charts[2].config["data"]["datasets"][0]["errors"],
            Json::array({0.0, 0.0}));  // one replication: no interval
  const std::string html = SweepReportHtml(sweep);
  EXPECT_EQ(Count(html, "class=\"chart\""), 4u);
}

}  // namespace
}  // namespace kardashev::report
