// The growth level's outputs on a hand-built outcome: summary.json's growth
// object (values, and every key declared in the output reference), growth.csv
// rows, the per-year text, and the NPV's split by component.
#include "kardashev/report/growth_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "kardashev/evaluate/derived_figures.h"
#include "kardashev/report/growth_drivers.h"
#include "kardashev/report/html_report.h"
#include "kardashev/report/output_reference.h"
#include "kardashev/report/run_directory.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/report/text_table.h"

namespace kardashev::report {
namespace {

constexpr double kRate = 0.10;
constexpr int kMonths = 14;  // a whole year and a partial one

// What differs between the two hand-built variants, per month.
struct Shape {
  double lease_usd = 0;
  double ground_capex_usd = 0;   // in month 0
  double orbital_capex_usd = 0;  // in month 0
  double shell_gpus_per_month = 0;
};

// One month: a ground site of 1,000 GPUs and a shell growing by
// shell_gpus_per_month, with money discounted as SimulateGrowth states
// (capex from the month's start, the rest from its mid-point).
growth::Period Month(int m, const Shape& shape) {
  growth::Period p;
  p.index = p.label = m;
  growth::SitePeriod ground;
  ground.installed_gpus = 1000;
  ground.working_gpus = 990;
  ground.installed_gpu_hours = 1000 * 730;
  ground.leased_gpu_hours = 500 * 730;
  ground.training_gpu_hours = 300 * 730;
  ground.serving_gpu_hours = 100 * 730;
  ground.idle_gpu_hours = 90 * 730;
  ground.down_gpu_hours = 10 * 730;
  ground.energy_mwh = 700;
  growth::SitePeriod shell;
  shell.installed_gpus = shape.shell_gpus_per_month * (m + 1);
  shell.working_gpus = shell.installed_gpus;
  shell.idle_gpu_hours = shell.installed_gpu_hours = shell.installed_gpus * 730;
  shell.launches = shape.shell_gpus_per_month > 0 ? 1 : 0;
  p.sites = {ground, shell};
  p.gpus = ground.installed_gpus + shell.installed_gpus;
  p.energy_mwh = ground.energy_mwh;
  p.tokens_trained = 2e12;
  p.requests_demanded = 1e6;
  p.requests_served = 0.9e6;
  p.tokens_served = 1.2e9;
  p.slo_attainment = 0.9;
  growth::MoneyPeriod& money = p.money;
  money.capex_ground_usd = m == 0 ? shape.ground_capex_usd : 0;
  money.capex_orbital_usd = m == 0 ? shape.orbital_capex_usd : 0;
  money.capex_usd = money.capex_ground_usd + money.capex_orbital_usd;
  money.revenue_lease_usd = shape.lease_usd;
  money.revenue_serving_usd = 1e6;
  money.revenue_usd = money.revenue_lease_usd + money.revenue_serving_usd;
  money.sla_credit_usd = 1e5;
  money.energy_cost_usd = 7e4;
  money.other_opex_usd = 2e5;
  money.depreciation_usd = 8e5;
  money.training_value_usd = 3e6;
  const double flows = money.revenue_usd - money.sla_credit_usd -
                       money.energy_cost_usd - money.other_opex_usd;
  money.cash_flow_usd = flows - money.capex_usd;
  const double start = std::pow(1 + kRate, -m / 12.0);
  const double mid = std::pow(1 + kRate, -(m + 0.5) / 12.0);
  money.discounted_cash_usd = flows * mid - money.capex_usd * start;
  p.capex_discount = 1 / start;
  p.flow_discount = 1 / mid;
  money.discounted_training_value_usd = money.training_value_usd * mid;
  return p;
}

growth::GrowthOutcome Outcome(const Shape& shape) {
  growth::GrowthOutcome o;
  o.start_year = 2027;
  o.site_names = {"memphis", "shell"};
  o.site_orbital = {0, 1};
  double cash = 0, npv = 0;
  for (int m = 0; m < kMonths; ++m) {
    growth::Period month = Month(m, shape);
    cash += month.money.cash_flow_usd;
    npv += month.money.discounted_cash_usd +
           month.money.discounted_training_value_usd;
    month.cumulative_cash_usd = cash;
    month.npv_to_date_usd = npv;
    if (m % 12 == 0) {
      o.years.emplace_back();
      o.years.back().index = m / 12;
      o.years.back().label = 2027 + m / 12;
    }
    growth::AddPeriod(month, o.years.back());
    growth::AddPeriod(month, o.total);
    o.years.back().cumulative_cash_usd = cash;
    o.years.back().npv_to_date_usd = npv;
    o.months.push_back(month);
  }
  o.jobs = {{"frontier", 28e12, 3e6, 0.93, -1, 42e6}};
  o.leases = {{"outside", 5e6, 4.9e6, 0.98, 10e6, 1e5}};
  growth::ProductTotals chat;
  chat.name = "chat";
  chat.requests_demanded = 14e6;
  chat.requests_served = 12.6e6;
  chat.requests_dropped = 1.4e6;
  chat.served_by_site = {12e6, 0.6e6};
  o.products = {chat};
  o.terminal_value_usd = 20e6;
  o.discount_rate = kRate;
  o.discounted_terminal_value_usd = 20e6 * std::pow(1 + kRate, -kMonths / 12.0);
  o.npv_usd = npv + o.discounted_terminal_value_usd;
  o.cash_npv_usd = o.npv_usd - o.total.money.discounted_training_value_usd;
  o.peak_gpus = o.months.back().gpus;
  return o;
}

Results Variant(const std::string& name, const Shape& shape) {
  Results r;
  r.scenario = "growth";
  r.variant = name;
  r.growth = Outcome(shape);
  evaluate::FillDerivedFigures(r);
  return r;
}

const Shape kLab = {2e6, 50e6, 0, 0};
const Shape kProvider = {9e6, 50e6, 30e6, 10};

void LeafPaths(const nlohmann::ordered_json& v, const std::string& path,
               std::set<std::string>& out) {
  if (v.is_object()) {
    for (const auto& [key, child] : v.items())
      LeafPaths(child, path.empty() ? key : path + "." + key, out);
  } else if (v.is_array()) {
    for (const auto& child : v) LeafPaths(child, path + "[]", out);
  } else {
    out.insert(path);
  }
}

TEST(GrowthReportTest, SummaryJsonValues) {
  const auto j = SummaryJson({Variant("lab", kLab)});
  const auto& g = j["variants"][0]["growth"];
  EXPECT_EQ(g["level"], "growth: monthly expected values");
  EXPECT_EQ(g["start_year"], 2027);
  EXPECT_EQ(g["sites"][1]["kind"], "orbital");
  ASSERT_EQ(g["years"].size(), 2u);
  const auto& y0 = g["years"][0];
  EXPECT_EQ(y0["year"], 2027);
  EXPECT_DOUBLE_EQ(y0["gpus_by_site"]["memphis"].get<double>(), 1000);
  EXPECT_DOUBLE_EQ(y0["working_gpus_by_site"]["memphis"].get<double>(), 990);
  EXPECT_DOUBLE_EQ(y0["revenue_lease_usd"].get<double>(), 12 * 2e6);
  EXPECT_DOUBLE_EQ(y0["capex_ground_usd"].get<double>(), 50e6);
  EXPECT_DOUBLE_EQ(g["years"][1]["energy_mwh"].get<double>(), 2 * 700);
  EXPECT_DOUBLE_EQ(g["totals"]["npv_usd"].get<double>(), Outcome(kLab).npv_usd);
  EXPECT_DOUBLE_EQ(g["totals"]["revenue_lease_usd"].get<double>(),
                   kMonths * 2e6);
  EXPECT_DOUBLE_EQ(g["discount_rate"].get<double>(), kRate);
  // Capex in month 0 is not discounted; lease revenue is, from mid-month.
  const auto& by = g["totals"]["npv_by_component"];
  EXPECT_NEAR(by["ground_capex_usd"].get<double>(), -50e6, 1e-3);
  double lease = 0;
  for (int m = 0; m < kMonths; ++m)
    lease += 2e6 * std::pow(1 + kRate, -(m + 0.5) / 12.0);
  EXPECT_NEAR(by["lease_revenue_usd"].get<double>(), lease, 1e-6 * lease);
  double components = 0;
  for (const auto& [k, v] : g["totals"]["npv_by_component"].items())
    components += v.get<double>();
  const double npv = g["totals"]["npv_usd"].get<double>();
  EXPECT_NEAR(components, npv, 1e-9 * std::abs(npv));
  // Without a growth outcome, no growth object.
  Results plain;
  EXPECT_FALSE(VariantJson(plain).contains("growth"));
}

// Every growth key written is declared, and every declared one is written by
// this outcome (it has jobs, leases, products and both kinds of site).
TEST(GrowthReportTest, EveryGrowthKeyIsDeclaredAndWritten) {
  const auto j = SummaryJson({Variant("provider", kProvider)});
  std::set<std::string> written;
  LeafPaths(j, "", written);
  std::set<std::string> growth_written;
  for (const auto& p : written)
    if (p.rfind("variants[].growth.", 0) == 0) growth_written.insert(p);
  std::vector<OutputKey> declared;
  for (const auto& k : SummaryJsonKeys())
    if (k.path.rfind("variants[].growth.", 0) == 0) declared.push_back(k);
  for (const auto& p : growth_written) {
    bool found = false;
    for (const auto& k : declared) found = found || PathMatches(k.path, p);
    EXPECT_TRUE(found) << p << " is not declared";
  }
  for (const auto& k : declared) {
    bool found = false;
    for (const auto& p : growth_written)
      found = found || PathMatches(k.path, p);
    EXPECT_TRUE(found) << k.path << " is declared but not written";
  }
}

TEST(GrowthReportTest, CsvRows) {
  const Results r = Variant("lab", kLab);
  const std::string csv = GrowthCsv({r, Results()});
  const auto header_end = csv.find('\n');
  std::string header;
  for (const auto& c : GrowthCsvColumns())
    header += (header.empty() ? "" : ",") + c.path;
  EXPECT_EQ(csv.substr(0, header_end), header);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + kMonths * 3);
  // Month 13 (January 2028) of the ground site, money columns empty.
  EXPECT_NE(csv.find("\nlab,13,2028,memphis,ground,1000,990,365000,73000,"
                     "219000,65700,7300,0,700,,,,,,,,,,,,,,,,\n"),
            std::string::npos)
      << csv.substr(0, 600);
  // The fleet row of month 0: sites summed, training and serving, then the
  // money.
  EXPECT_NE(csv.find("\nlab,0,2027,all,all,1000,990,365000,73000,219000,"
                     "65700,7300,0,700,2e+12,1000000,900000,100000,0.9,"
                     "50000000,2000000,1000000,100000,70000,"
                     "200000,800000,3000000,-47370000,-47370000,"),
            std::string::npos)
      << csv.substr(0, 600);
  EXPECT_TRUE(HasGrowth({Results(), r}));
  EXPECT_FALSE(HasGrowth({Results()}));
  const auto files = RunDirectoryFiles({r});
  EXPECT_NE(std::find(files.begin(), files.end(), "growth.csv"), files.end());
}

TEST(GrowthReportTest, PerYearTableAndWhatDrivesIt) {
  const std::string text = GrowthText({Variant("lab", kLab)});
  EXPECT_NE(text.find("Growth level, lab: year by year"), std::string::npos);
  EXPECT_NE(text.find("year  GPUs memphis  GPUs shell  energy GWh"),
            std::string::npos)
      << text;
  // 2027: 990 working GPUs of 1,000 and none in orbit, 8.4 GWh, 24T tokens
  // trained, 14.4B served, 90% of requests served.
  EXPECT_NE(text.find("2027           990           0         8.4          "
                      "24.00T         14.40B   90.0%  $36.00M"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nlab: NPV "), std::string::npos);
  EXPECT_NE(text.find("largest gain training value"), std::string::npos)
      << text;
  EXPECT_NE(text.find("largest cost ground capex -$"), std::string::npos);
  // A growth-only run prints no event-level table.
  const std::string all = TextTable({Variant("lab", kLab)});
  EXPECT_EQ(all.find("Energy cost"), std::string::npos);
  EXPECT_EQ(all.rfind("growth: seed 0\n\nGrowth level", 0), 0u) << all;
}

TEST(GrowthReportTest, DriversSumToTheNpvDifferenceAndNameTheLargest) {
  const Results lab = Variant("lab", kLab);
  const Results provider = Variant("provider", kProvider);
  const NpvSplit a = SplitNpv(*lab.growth);
  const NpvSplit b = SplitNpv(*provider.growth);
  const NpvDrivers d = DriversOf(a, b);
  const double difference = provider.growth->npv_usd - lab.growth->npv_usd;
  EXPECT_DOUBLE_EQ(d.npv_difference_usd, difference);
  double sum = 0;
  for (const auto& x : d.drivers) sum += x.usd;
  EXPECT_NEAR(sum, difference, 1e-6 * std::abs(difference));
  // Lease revenue: 7M more a month for 14 months, discounted; orbital capex:
  // 30M at month 0, undiscounted.
  ASSERT_GE(d.drivers.size(), 2u);
  EXPECT_EQ(NpvComponentNames()[d.drivers[0].component].label, "lease revenue");
  double lease = 0;
  for (int m = 0; m < kMonths; ++m)
    lease += 7e6 * std::pow(1 + kRate, -(m + 0.5) / 12.0);
  EXPECT_NEAR(d.drivers[0].usd, lease, 1e-6 * lease);
  EXPECT_EQ(NpvComponentNames()[d.drivers[1].component].label, "orbital capex");
  EXPECT_NEAR(d.drivers[1].usd, -30e6, 1e-3);
  const std::string line = DriversLine("provider", "lab", d);
  EXPECT_EQ(line.rfind("provider vs lab: NPV +$", 0), 0u) << line;
  EXPECT_NE(line.find(fmt::format("from lease revenue +${:.1f}M", lease / 1e6)),
            std::string::npos)
      << line;
  // Only the two components that differ: the others cancel to rounding.
  EXPECT_TRUE(line.ends_with("orbital capex -$30.0M\n")) << line;
  const std::string text = GrowthText({lab, provider});
  EXPECT_NE(text.find(line), std::string::npos);
  // One line per variant: the first's own NPV, then the other against it.
  EXPECT_NE(text.find("\nlab: NPV "), std::string::npos) << text;
  EXPECT_LT(text.find("\nlab: NPV "), text.find(line));
}

// An outcome whose months are discounted another way (end of month) still
// splits exactly into its NPV.
TEST(GrowthReportTest, SplitIsExactWhateverTheDiscounting) {
  growth::GrowthOutcome o = Outcome(kProvider);
  double npv = o.discounted_terminal_value_usd;
  for (auto& month : o.months) {
    month.money.discounted_cash_usd =
        month.money.cash_flow_usd *
        std::pow(1 + kRate, -(month.index + 1) / 12.0);
    npv += month.money.discounted_cash_usd +
           month.money.discounted_training_value_usd;
  }
  o.npv_usd = npv;
  const NpvSplit split = SplitNpv(o);
  double sum = 0;
  for (const double x : split.usd) sum += x;
  EXPECT_NEAR(sum, npv, 1e-9 * std::abs(npv));
}

// The report's growth charts are drawn only for a run with a growth outcome,
// each with a title, axis titles and a caption.
TEST(GrowthReportTest, ChartsOnlyWithGrowth) {
  const auto ids = [](const std::vector<Results>& results) {
    RunFiles files;
    files.summary = SummaryJson(results);
    std::set<std::string> out;
    for (const Chart& c : RunCharts(files)) {
      if (c.id.rfind("growth-", 0) != 0) continue;
      if (c.id == "growth-gpus" && results.size() == 2) {
        // Stacks by variant; the provider's shell grows 10 GPUs a month.
        const auto& ds = c.config["data"]["datasets"];
        EXPECT_EQ(ds.size(), 4u);
        if (ds.size() != 4u) continue;
        EXPECT_EQ(ds[0]["label"], "lab / memphis");
        EXPECT_EQ(ds[3]["stack"], "provider");
        EXPECT_DOUBLE_EQ(ds[3]["data"][0].get<double>(), 120);
        EXPECT_DOUBLE_EQ(ds[3]["data"][1].get<double>(), 140);
      }
      EXPECT_FALSE(c.title.empty() || c.caption.empty()) << c.id;
      EXPECT_TRUE(c.config["options"]["scales"]["y"].contains("title"));
      out.insert(c.id);
    }
    return out;
  };
  EXPECT_EQ(
      ids({Variant("lab", kLab), Variant("provider", kProvider)}),
      (std::set<std::string>{"growth-gpus", "growth-cash", "growth-tokens"}));
  Results plain;
  plain.variant = "base";
  EXPECT_TRUE(ids({plain}).empty());
}

}  // namespace
}  // namespace kardashev::report
