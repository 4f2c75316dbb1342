// The economics of a fleet over the simulated horizon: capital cost,
// straight-line depreciation, energy and other operating cost, revenue, profit
// and NPV. Pure functions of plain inputs.
//
// NPV takes the capex as spent at time zero, the operating cash flow (revenue -
// opex) as spread evenly over the horizon in monthly instalments discounted at
// the annual rate, and the book value left at the end of the horizon (capex -
// depreciation) as the terminal value, also discounted. So a one-year NPV does
// not charge a five-year asset's whole cost to one year.
#ifndef KARDASHEV_ECON_ECONOMICS_H_
#define KARDASHEV_ECON_ECONOMICS_H_

namespace kardashev::econ {

struct EconomicsConfig {
  double gpu_depreciation_years = 5;
  double facility_capex_usd_per_mw = 0;
  double facility_depreciation_years = 20;
  double discount_rate = 0.10;
  double other_opex_usd_per_gpu_hour = 0;
};

struct EconomicsInput {
  double it_capex_usd =
      0;  // GPUs, servers and network: depreciated over the GPU life
  double facility_capex_usd = 0;  // depreciated over the facility life
  double installed_gpu_hours = 0;
  double energy_cost_usd = 0;
  double revenue_usd = 0;  // net of SLA credits
  double horizon_s = 0;
};

struct EconomicsOutcome {
  double capex_usd = 0;
  double depreciation_usd = 0;
  double energy_cost_usd = 0;
  double opex_usd = 0;  // energy plus other operating cost
  double revenue_usd = 0;
  double profit_usd = 0;  // revenue - opex - depreciation
  double npv_usd = 0;
  double cost_per_gpu_hour_usd =
      0;  // (opex + depreciation) / installed GPU-hours
};

EconomicsOutcome ComputeEconomics(const EconomicsConfig& config,
                                  const EconomicsInput& input);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_ECONOMICS_H_
