// The economics of a fleet over the simulated horizon: capital cost,
// straight-line depreciation, energy and other operating cost, revenue, profit,
// a monthly cash-flow ledger and NPV. Pure functions of plain inputs.
//
// The ledger has one row per month (a twelfth of a 365-day year; the last may
// be partial). Capex is spent at time zero, in the first row; each month's
// operating cash flow (revenue - SLA credits - energy - other opex) is
// discounted at the annual rate from the month's mid-point; the book value
// left at the end of the horizon (capex - depreciation) is the terminal
// value, also discounted. So a one-year NPV does not charge a five-year
// asset's whole cost to one year. The ledger's columns sum to the totals.
//
// Training output is valued only as the user states it (TrainingValue): that
// value is imputed, not cash. It has its own ledger column, is discounted like
// the cash flows and enters npv_usd; revenue_usd, profit_usd, the cash flows
// and cash_npv_usd leave it out, and value_adjusted_profit_usd adds it.
//
// Cash and accounting are named apart: operating_cash_flow_usd (revenue -
// opex) and cash_flow_usd (that - capex) are cash; profit_usd (revenue - opex
// - depreciation) is accounting profit, since depreciation spreads capex over
// the asset's life and is no cash.
#ifndef KARDASHEV_ECON_ECONOMICS_H_
#define KARDASHEV_ECON_ECONOMICS_H_

#include <string>
#include <vector>

namespace kardashev::econ {

// What the user says a training job's output is worth (both 0: not valued;
// at most one is set).
struct TrainingValue {
  std::string job;                    // the [[training]] job's name
  double usd_per_million_tokens = 0;  // per million tokens trained
  double usd_per_run = 0;  // once, in the month the job reaches its target
};

struct EconomicsConfig {
  double gpu_depreciation_years = 5;
  double facility_capex_usd_per_mw = 0;
  double facility_depreciation_years = 20;
  double discount_rate = 0.10;
  double other_opex_usd_per_gpu_hour = 0;
  std::vector<TrainingValue> training_values;  // valued jobs only
};

// Money that flowed in one month, as the simulation saw it.
struct MonthFlows {
  double end_s = 0;        // end of the month, from the start of the horizon
  double revenue_usd = 0;  // billed: leases and services, before credits
  double sla_credit_usd = 0;
  double energy_cost_usd = 0;
  double training_value_usd = 0;  // imputed, not cash (TrainingValue)
};

struct EconomicsInput {
  double it_capex_usd =
      0;  // GPUs, servers and network: depreciated over the GPU life
  double facility_capex_usd = 0;  // depreciated over the facility life
  double installed_gpu_hours = 0;
  double energy_cost_usd = 0;
  double revenue_usd = 0;         // net of SLA credits
  double training_value_usd = 0;  // imputed, not cash
  double horizon_s = 0;
  // Month by month; empty: revenue and energy spread evenly over the months.
  std::vector<MonthFlows> months;
};

struct LedgerRow {
  int month = 0;  // 1, 2, ...
  double end_s = 0;
  double capex_usd = 0;
  double revenue_usd = 0;
  double sla_credit_usd = 0;
  double energy_cost_usd = 0;
  double other_opex_usd = 0;
  double depreciation_usd = 0;
  double cash_flow_usd = 0;  // revenue - credits - energy - other - capex
  double cumulative_cash_usd = 0;
  double discounted_cash_usd = 0;  // the cash flow's contribution to NPV
  double training_value_usd = 0;   // imputed, not in cash_flow_usd
  double discounted_training_value_usd = 0;  // its contribution to NPV
};

struct EconomicsOutcome {
  double capex_usd = 0;
  double depreciation_usd = 0;
  double energy_cost_usd = 0;
  double opex_usd = 0;     // energy plus other operating cost
  double revenue_usd = 0;  // cash only
  // Accounting profit: revenue - opex - depreciation (not cash).
  double profit_usd = 0;
  double operating_cash_flow_usd = 0;    // revenue - opex: cash
  double cash_flow_usd = 0;              // operating cash flow - capex: cash
  double training_value_usd = 0;         // imputed, not cash
  bool training_valued = false;          // some job's output has a value
  double value_adjusted_profit_usd = 0;  // profit + training value
  double npv_usd = 0;       // discounted cash, training value and terminal
  double cash_npv_usd = 0;  // the same without the training value
  double terminal_value_usd = 0;  // book value left at the horizon
  double cost_per_gpu_hour_usd =
      0;  // (opex + depreciation) / installed GPU-hours
  std::vector<LedgerRow> ledger;
};

EconomicsOutcome ComputeEconomics(const EconomicsConfig& config,
                                  const EconomicsInput& input);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_ECONOMICS_H_
