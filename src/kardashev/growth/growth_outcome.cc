#include "kardashev/growth/growth_outcome.h"

namespace kardashev::growth {

void AddSiteFlows(const SitePeriod& a, SitePeriod& b) {
  b.installed_gpu_hours += a.installed_gpu_hours;
  b.leased_gpu_hours += a.leased_gpu_hours;
  b.serving_gpu_hours += a.serving_gpu_hours;
  b.training_gpu_hours += a.training_gpu_hours;
  b.idle_gpu_hours += a.idle_gpu_hours;
  b.down_gpu_hours += a.down_gpu_hours;
  b.unpowered_gpu_hours += a.unpowered_gpu_hours;
  b.energy_mwh += a.energy_mwh;
  b.carbon_t += a.carbon_t;
  b.launches += a.launches;
}

void AddPeriod(const Period& m, Period& y) {
  if (y.sites.empty()) y.sites.resize(m.sites.size());
  for (std::size_t s = 0; s < m.sites.size(); ++s) {
    y.sites[s].installed_gpus = m.sites[s].installed_gpus;
    y.sites[s].working_gpus = m.sites[s].working_gpus;
    AddSiteFlows(m.sites[s], y.sites[s]);
  }
  y.end_s = m.end_s;
  y.gpus = m.gpus;
  y.energy_mwh += m.energy_mwh;
  y.tokens_trained += m.tokens_trained;
  y.requests_demanded += m.requests_demanded;
  y.requests_served += m.requests_served;
  y.tokens_served += m.tokens_served;
  y.slo_attainment =
      y.requests_demanded > 0 ? y.requests_served / y.requests_demanded : 1.0;
  MoneyPeriod& a = y.money;
  const MoneyPeriod& b = m.money;
  a.capex_ground_usd += b.capex_ground_usd;
  a.capex_orbital_usd += b.capex_orbital_usd;
  a.capex_usd += b.capex_usd;
  a.revenue_lease_usd += b.revenue_lease_usd;
  a.revenue_serving_usd += b.revenue_serving_usd;
  a.revenue_usd += b.revenue_usd;
  a.sla_credit_usd += b.sla_credit_usd;
  a.energy_cost_usd += b.energy_cost_usd;
  a.other_opex_usd += b.other_opex_usd;
  a.depreciation_usd += b.depreciation_usd;
  a.training_value_usd += b.training_value_usd;
  a.cash_flow_usd += b.cash_flow_usd;
  a.discounted_cash_usd += b.discounted_cash_usd;
  a.discounted_training_value_usd += b.discounted_training_value_usd;
  y.cumulative_cash_usd = m.cumulative_cash_usd;
  y.npv_to_date_usd = m.npv_to_date_usd;
  y.book_value_usd = m.book_value_usd;
}

}  // namespace kardashev::growth
