// The "growth" object of summary.json (report/growth_report.h); its keys are
// declared in report/summary_keys_growth.cc, in the same order.
#include <cstddef>

#include "kardashev/report/growth_drivers.h"
#include "kardashev/report/growth_report.h"

namespace kardashev::report {

namespace {

using Json = nlohmann::ordered_json;

Json SitesJson(const growth::GrowthOutcome& o) {
  Json sites = Json::array();
  for (std::size_t s = 0; s < o.site_names.size(); ++s) {
    const bool orbital = s < o.site_orbital.size() && o.site_orbital[s] != 0;
    sites.push_back(
        {{"name", o.site_names[s]}, {"kind", orbital ? "orbital" : "ground"}});
  }
  return sites;
}

Json BySite(const growth::GrowthOutcome& o, const growth::Period& p,
            double growth::SitePeriod::*field) {
  Json by_site = Json::object();
  for (std::size_t s = 0; s < o.site_names.size() && s < p.sites.size(); ++s)
    by_site[o.site_names[s]] = p.sites[s].*field;
  return by_site;
}

// The figures a year and the totals share, after their own first keys.
void AddFigures(const growth::Period& p, Json& j) {
  const growth::MoneyPeriod& m = p.money;
  j["energy_mwh"] = p.energy_mwh;
  j["tokens_trained"] = p.tokens_trained;
  j["requests_demanded"] = p.requests_demanded;
  j["requests_served"] = p.requests_served;
  j["tokens_served"] = p.tokens_served;
  j["slo_attainment"] = p.slo_attainment;
  j["revenue_usd"] = m.revenue_usd;
  j["revenue_lease_usd"] = m.revenue_lease_usd;
  j["revenue_serving_usd"] = m.revenue_serving_usd;
  j["sla_credit_usd"] = m.sla_credit_usd;
  j["capex_usd"] = m.capex_usd;
  j["capex_ground_usd"] = m.capex_ground_usd;
  j["capex_orbital_usd"] = m.capex_orbital_usd;
  j["energy_cost_usd"] = m.energy_cost_usd;
  j["other_opex_usd"] = m.other_opex_usd;
  j["depreciation_usd"] = m.depreciation_usd;
  j["training_value_usd"] = m.training_value_usd;
  j["cash_flow_usd"] = m.cash_flow_usd;
}

Json YearsJson(const growth::GrowthOutcome& o) {
  Json years = Json::array();
  for (const growth::Period& y : o.years) {
    Json j = {
        {"year", y.label},
        {"gpus", y.gpus},
        {"gpus_by_site", BySite(o, y, &growth::SitePeriod::installed_gpus)},
        {"working_gpus_by_site",
         BySite(o, y, &growth::SitePeriod::working_gpus)}};
    AddFigures(y, j);
    j["cumulative_cash_usd"] = y.cumulative_cash_usd;
    j["npv_to_date_usd"] = y.npv_to_date_usd;
    j["book_value_usd"] = y.book_value_usd;
    j["launches"] = FleetSites(y).launches;
    years.push_back(std::move(j));
  }
  return years;
}

Json JobsJson(const growth::GrowthOutcome& o) {
  Json jobs = Json::array();
  for (const auto& t : o.jobs) {
    jobs.push_back({{"name", t.name},
                    {"tokens_trained", t.tokens_trained},
                    {"gpu_hours", t.gpu_hours},
                    {"mean_ettr", t.mean_ettr},
                    {"finish_month", t.finish_month},
                    {"value_usd", t.value_usd}});
  }
  return jobs;
}

Json LeasesJson(const growth::GrowthOutcome& o) {
  Json leases = Json::array();
  for (const auto& l : o.leases) {
    leases.push_back({{"name", l.name},
                      {"contracted_gpu_hours", l.contracted_gpu_hours},
                      {"delivered_gpu_hours", l.delivered_gpu_hours},
                      {"availability", l.availability},
                      {"revenue_usd", l.revenue_usd},
                      {"sla_credit_usd", l.sla_credit_usd}});
  }
  return leases;
}

Json ProductsJson(const growth::GrowthOutcome& o) {
  Json products = Json::array();
  for (const auto& p : o.products) {
    Json by_site = Json::object();
    for (std::size_t s = 0;
         s < p.served_by_site.size() && s < o.site_names.size(); ++s)
      by_site[o.site_names[s]] = p.served_by_site[s];
    products.push_back({{"name", p.name},
                        {"requests_demanded", p.requests_demanded},
                        {"requests_served", p.requests_served},
                        {"requests_dropped", p.requests_dropped},
                        {"tokens_served", p.tokens_served},
                        {"slo_attainment", p.slo_attainment},
                        {"revenue_usd", p.revenue_usd},
                        {"served_by_site", by_site}});
  }
  return products;
}

Json TotalsJson(const growth::GrowthOutcome& o) {
  Json j = {{"npv_usd", o.npv_usd},
            {"cash_npv_usd", o.cash_npv_usd},
            {"terminal_value_usd", o.terminal_value_usd},
            {"discounted_terminal_value_usd", o.discounted_terminal_value_usd},
            {"peak_gpus", o.peak_gpus}};
  AddFigures(o.total, j);
  j["carbon_t"] = FleetSites(o.total).carbon_t;
  const NpvSplit split = SplitNpv(o);
  Json components = Json::object();
  for (int k = 0; k < kNpvComponents; ++k)
    components[std::string(NpvComponentNames()[k].key)] = split.usd[k];
  j["npv_by_component"] = components;
  return j;
}

}  // namespace

growth::SitePeriod FleetSites(const growth::Period& period) {
  growth::SitePeriod all;
  for (const growth::SitePeriod& s : period.sites) {
    all.installed_gpus += s.installed_gpus;
    all.working_gpus += s.working_gpus;
    growth::AddSiteFlows(s, all);
  }
  return all;
}

int CalendarYear(const growth::GrowthOutcome& outcome, int month) {
  return outcome.start_year + month / 12;
}

Json GrowthJson(const growth::GrowthOutcome& o) {
  Json j;
  j["level"] = "growth: monthly expected values";
  j["start_year"] = o.start_year;
  j["discount_rate"] = o.discount_rate;
  j["sites"] = SitesJson(o);
  j["years"] = YearsJson(o);
  j["jobs"] = JobsJson(o);
  j["leases"] = LeasesJson(o);
  j["products"] = ProductsJson(o);
  j["totals"] = TotalsJson(o);
  return j;
}

}  // namespace kardashev::report
