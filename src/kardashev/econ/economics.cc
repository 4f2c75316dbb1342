#include "kardashev/econ/economics.h"

#include <algorithm>
#include <cmath>

#include "kardashev/sim/time.h"

namespace kardashev::econ {

namespace {

// Straight-line depreciation of the capex between 0 and t_s.
double DepreciationUntil(const EconomicsConfig& config,
                         const EconomicsInput& input, double t_s) {
  const double years = t_s / sim::kSecondsPerYear;
  return input.it_capex_usd *
             std::min(1.0, years / config.gpu_depreciation_years) +
         input.facility_capex_usd *
             std::min(1.0, years / config.facility_depreciation_years);
}

// Revenue and energy spread evenly over months of a twelfth of a year.
std::vector<MonthFlows> EvenMonths(const EconomicsInput& input) {
  const double month_s = sim::kSecondsPerMonth;
  std::vector<MonthFlows> months;
  for (double start_s = 0; start_s < input.horizon_s * (1 - 1e-12);
       start_s += month_s) {
    MonthFlows m;
    m.end_s = std::min(input.horizon_s, start_s + month_s);
    const double share = (m.end_s - start_s) / input.horizon_s;
    m.revenue_usd = input.revenue_usd * share;
    m.energy_cost_usd = input.energy_cost_usd * share;
    m.training_value_usd = input.training_value_usd * share;
    months.push_back(m);
  }
  return months;
}

}  // namespace

EconomicsOutcome ComputeEconomics(const EconomicsConfig& config,
                                  const EconomicsInput& input) {
  EconomicsOutcome out;
  const double years = input.horizon_s / sim::kSecondsPerYear;
  out.capex_usd = input.it_capex_usd + input.facility_capex_usd;
  out.depreciation_usd = DepreciationUntil(config, input, input.horizon_s);
  out.energy_cost_usd = input.energy_cost_usd;
  out.opex_usd = input.energy_cost_usd +
                 config.other_opex_usd_per_gpu_hour * input.installed_gpu_hours;
  out.revenue_usd = input.revenue_usd;
  out.profit_usd = out.revenue_usd - out.opex_usd - out.depreciation_usd;
  out.operating_cash_flow_usd = out.revenue_usd - out.opex_usd;
  out.cash_flow_usd = out.operating_cash_flow_usd - out.capex_usd;
  out.training_value_usd = input.training_value_usd;
  out.value_adjusted_profit_usd = out.profit_usd + out.training_value_usd;
  out.cost_per_gpu_hour_usd =
      input.installed_gpu_hours > 0
          ? (out.opex_usd + out.depreciation_usd) / input.installed_gpu_hours
          : 0;

  const std::vector<MonthFlows> months =
      input.months.empty() ? EvenMonths(input) : input.months;
  const double gpu_hours_per_s =
      input.horizon_s > 0 ? input.installed_gpu_hours / input.horizon_s : 0;
  double start_s = 0;
  double cumulative = 0;
  double npv = 0;
  double value_pv = 0;
  for (std::size_t i = 0; i < months.size(); ++i) {
    const MonthFlows& m = months[i];
    LedgerRow row;
    row.month = static_cast<int>(i) + 1;
    row.end_s = m.end_s;
    row.capex_usd = i == 0 ? out.capex_usd : 0.0;
    row.revenue_usd = m.revenue_usd;
    row.sla_credit_usd = m.sla_credit_usd;
    row.energy_cost_usd = m.energy_cost_usd;
    row.other_opex_usd = config.other_opex_usd_per_gpu_hour * gpu_hours_per_s *
                         (m.end_s - start_s);
    row.depreciation_usd = DepreciationUntil(config, input, m.end_s) -
                           DepreciationUntil(config, input, start_s);
    const double operating = row.revenue_usd - row.sla_credit_usd -
                             row.energy_cost_usd - row.other_opex_usd;
    row.cash_flow_usd = operating - row.capex_usd;
    cumulative += row.cash_flow_usd;
    row.cumulative_cash_usd = cumulative;
    const double mid_years = (start_s + m.end_s) / 2 / sim::kSecondsPerYear;
    const double factor = std::pow(1.0 + config.discount_rate, mid_years);
    row.discounted_cash_usd = operating / factor - row.capex_usd;
    npv += row.discounted_cash_usd;
    row.training_value_usd = m.training_value_usd;
    row.discounted_training_value_usd = m.training_value_usd / factor;
    value_pv += row.discounted_training_value_usd;
    out.ledger.push_back(row);
    start_s = m.end_s;
  }
  if (months.empty()) npv = -out.capex_usd;
  out.terminal_value_usd = out.capex_usd - out.depreciation_usd;
  npv += out.terminal_value_usd / std::pow(1.0 + config.discount_rate, years);
  out.cash_npv_usd = npv;
  out.npv_usd = npv + value_pv;
  return out;
}

}  // namespace kardashev::econ
