// growth.csv (report/growth_report.h); its columns are declared in
// report/summary_keys_growth.cc.
#include <fmt/format.h>

#include <algorithm>
#include <cstddef>

#include "kardashev/report/growth_report.h"
#include "kardashev/report/output_reference.h"

namespace kardashev::report {

namespace {

std::string SiteColumns(const growth::SitePeriod& s) {
  return fmt::format(
      "{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}",
      s.installed_gpus, s.working_gpus, s.leased_gpu_hours, s.serving_gpu_hours,
      s.training_gpu_hours, s.idle_gpu_hours, s.down_gpu_hours,
      s.unpowered_gpu_hours, s.energy_mwh);
}

std::string MoneyColumns(const growth::Period& p) {
  const growth::MoneyPeriod& m = p.money;
  return fmt::format(
      "{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},"
      "{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}",
      p.tokens_trained, p.requests_demanded, p.requests_served,
      p.requests_demanded - p.requests_served, p.slo_attainment, m.capex_usd,
      m.revenue_lease_usd, m.revenue_serving_usd, m.sla_credit_usd,
      m.energy_cost_usd, m.other_opex_usd, m.depreciation_usd,
      m.training_value_usd, m.cash_flow_usd, p.cumulative_cash_usd,
      p.npv_to_date_usd);
}

void AddRows(const std::string& variant, const growth::GrowthOutcome& o,
             std::string& out) {
  // The fleet-wide columns, empty on a site's row.
  const std::string empty_money(15, ',');
  for (const growth::Period& month : o.months) {
    const int year = CalendarYear(o, month.index);
    for (std::size_t s = 0; s < month.sites.size() && s < o.site_names.size();
         ++s) {
      const bool orbital = s < o.site_orbital.size() && o.site_orbital[s];
      out += fmt::format("{},{},{},{},{},{},{}\n", variant, month.index, year,
                         o.site_names[s], orbital ? "orbital" : "ground",
                         SiteColumns(month.sites[s]), empty_money);
    }
    out += fmt::format("{},{},{},all,all,{},{}\n", variant, month.index, year,
                       SiteColumns(FleetSites(month)), MoneyColumns(month));
  }
}

}  // namespace

bool HasGrowth(const std::vector<Results>& results) {
  return std::any_of(results.begin(), results.end(),
                     [](const Results& r) { return r.growth.has_value(); });
}

std::string GrowthCsv(const std::vector<Results>& results) {
  std::string out;
  for (const auto& column : GrowthCsvColumns()) {
    if (!out.empty()) out += ',';
    out += column.path;
  }
  out += '\n';
  for (const auto& r : results) {
    if (r.growth) AddRows(r.variant, *r.growth, out);
  }
  return out;
}

}  // namespace kardashev::report
