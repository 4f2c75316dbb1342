// What SimulateGrowth found, month by month and year by year: GPUs by site
// and by use, energy, training, serving, and a ledger that follows each
// purchase. All figures are expectations (the growth level plays the mean of
// the failure processes, not draws), so the same plan always gives the same
// outcome.
//
// Conservation, checked by tests: per site and month, the GPU-hours leased +
// serving + training + idle + down + unpowered = the installed GPU-hours; the
// energy of the months sums to the total; per purchase, depreciation to date
// plus the book value left (or written off at retirement) equals its capex;
// cash = revenue - SLA credits - energy - other opex - capex, month by month.
#ifndef KARDASHEV_GROWTH_GROWTH_OUTCOME_H_
#define KARDASHEV_GROWTH_GROWTH_OUTCOME_H_

#include <cstdint>
#include <string>
#include <vector>

namespace kardashev::growth {

// One site over one month (or one year: sums of GPU-hours and energy, and
// GPU counts at the period's end).
struct SitePeriod {
  double installed_gpus = 0;  // at the end of the period
  double working_gpus = 0;    // expected, at the end of the period
  double installed_gpu_hours = 0;
  double leased_gpu_hours = 0;
  double serving_gpu_hours = 0;
  double training_gpu_hours = 0;
  double idle_gpu_hours = 0;
  double down_gpu_hours = 0;       // in repair (ground) or failed (orbit)
  double unpowered_gpu_hours = 0;  // working, but the supply falls short
  double energy_mwh = 0;           // facility energy (orbit: solar, IT only)
  double carbon_t = 0;
  int launches = 0;  // orbital: launches in the period
};

// Money over one month (or year). cash_flow_usd = revenue_lease_usd +
// revenue_serving_usd - sla_credit_usd - energy_cost_usd - other_opex_usd -
// capex_usd; training_value_usd is imputed, not cash.
struct MoneyPeriod {
  double capex_ground_usd = 0;   // nodes and facilities
  double capex_orbital_usd = 0;  // satellites and launches
  double capex_usd = 0;          // the two above
  double revenue_lease_usd = 0;
  double revenue_serving_usd = 0;
  double revenue_usd = 0;  // the two above
  double sla_credit_usd = 0;
  double energy_cost_usd = 0;
  double other_opex_usd = 0;
  double depreciation_usd = 0;  // write-offs at retirement included
  double training_value_usd = 0;
  double cash_flow_usd = 0;
  double discounted_cash_usd = 0;  // contribution to NPV
  double discounted_training_value_usd = 0;
};

// One month or one year of the whole fleet.
struct Period {
  int index = 0;     // month 0, 1, ... or year 0, 1, ...
  int label = 0;     // year periods: the calendar year; months: month index
  double end_s = 0;  // end of the period from the start of the horizon
  std::vector<SitePeriod> sites;  // by site
  double gpus = 0;                // installed at the end, all sites
  double energy_mwh = 0;
  double tokens_trained = 0;
  double requests_demanded = 0;
  double requests_served = 0;  // within capacity and the network budget
  double tokens_served = 0;
  double slo_attainment = 1;  // served / demanded (1 with no demand)
  MoneyPeriod money;
  double cumulative_cash_usd = 0;  // at the period's end
  double npv_to_date_usd = 0;  // discounted cash and value to the period's end
  double book_value_usd = 0;   // of every purchase, at the period's end
  // Months only: what a dollar of the month is divided by in NPV. Flows
  // (revenue, credits, energy, opex, training value) are discounted from the
  // month's mid-point, capex from its start, so discounted_cash_usd =
  // (revenue - credits - energy - opex) / flow_discount - capex /
  // capex_discount.
  double flow_discount = 1;
  double capex_discount = 1;
};

// Adds what `a` counts over its period (GPU-hours, energy, carbon, launches)
// into `b`; GPU counts are left as they are.
void AddSiteFlows(const SitePeriod& a, SitePeriod& b);

// Adds month `m` into the period `into` (a year, or the whole horizon): sums
// of GPU-hours, energy, tokens, requests and money; GPU counts, cumulative
// cash, NPV to date and book value as at `m`'s end; the SLO attainment of
// the sums. Periods added in time order.
void AddPeriod(const Period& m, Period& into);

struct JobTotals {
  std::string name;
  double tokens_trained = 0;
  double gpu_hours = 0;
  double mean_ettr = 0;   // GPU-hour weighted over the months it trained
  int finish_month = -1;  // the month the target was met; -1: not met
  double value_usd = 0;
};

struct LeaseTotals {
  std::string name;
  double contracted_gpu_hours = 0;
  double delivered_gpu_hours = 0;
  double availability = 1;  // delivered / contracted
  double revenue_usd = 0;   // net of credits
  double sla_credit_usd = 0;
};

struct ProductTotals {
  std::string name;
  double requests_demanded = 0;
  double requests_served = 0;
  double requests_dropped = 0;
  double tokens_served = 0;
  double slo_attainment = 1;
  double revenue_usd = 0;
  std::vector<double> served_by_site;  // requests, by site
};

struct GrowthOutcome {
  int start_year = 0;                   // the calendar year of month 0
  std::vector<std::string> site_names;  // by site, as in the plan
  std::vector<char> site_orbital;       // by site: 1 for an orbital shell
  std::vector<Period> months;
  std::vector<Period> years;  // the last may be partial
  std::vector<JobTotals> jobs;
  std::vector<LeaseTotals> leases;
  std::vector<ProductTotals> products;
  Period total;                   // the whole horizon (index 0)
  double terminal_value_usd = 0;  // book value left at the horizon
  double discounted_terminal_value_usd = 0;
  double npv_usd = 0;       // discounted cash + training value + terminal value
  double cash_npv_usd = 0;  // without the training value
  double peak_gpus = 0;
  double discount_rate = 0;  // a year
  // What the terminal value is divided by: (1 + rate)^(horizon in years).
  double terminal_discount = 1;
};

}  // namespace kardashev::growth

#endif  // KARDASHEV_GROWTH_GROWTH_OUTCOME_H_
