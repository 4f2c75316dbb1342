#include "kardashev/econ/economics.h"

#include <algorithm>
#include <cmath>

#include "kardashev/sim/time.h"

namespace kardashev::econ {

EconomicsOutcome ComputeEconomics(const EconomicsConfig& config,
                                  const EconomicsInput& input) {
  EconomicsOutcome out;
  const double years = input.horizon_s / sim::kSecondsPerYear;
  out.capex_usd = input.it_capex_usd + input.facility_capex_usd;
  out.depreciation_usd =
      input.it_capex_usd *
          std::min(1.0, years / config.gpu_depreciation_years) +
      input.facility_capex_usd *
          std::min(1.0, years / config.facility_depreciation_years);
  out.energy_cost_usd = input.energy_cost_usd;
  out.opex_usd = input.energy_cost_usd +
                 config.other_opex_usd_per_gpu_hour * input.installed_gpu_hours;
  out.revenue_usd = input.revenue_usd;
  out.profit_usd = out.revenue_usd - out.opex_usd - out.depreciation_usd;
  out.cost_per_gpu_hour_usd =
      input.installed_gpu_hours > 0
          ? (out.opex_usd + out.depreciation_usd) / input.installed_gpu_hours
          : 0;

  // Monthly instalments of the operating cash flow, each discounted from its
  // mid-point.
  const int months =
      std::max(1, static_cast<int>(std::ceil(years * 12.0 - 1e-9)));
  const double month_years = years / months;
  const double cash_per_month = (out.revenue_usd - out.opex_usd) / months;
  double npv = -out.capex_usd;
  for (int m = 0; m < months; ++m) {
    const double t = (m + 0.5) * month_years;
    npv += cash_per_month / std::pow(1.0 + config.discount_rate, t);
  }
  npv += (out.capex_usd - out.depreciation_usd) /
         std::pow(1.0 + config.discount_rate, years);
  out.npv_usd = npv;
  return out;
}

}  // namespace kardashev::econ
