#include "kardashev/search/serving_cost.h"

#include <numeric>

namespace kardashev::search {

namespace {

constexpr double kHoursPerYear = 8760;
// figures.csv F11: US industrial electricity, 8.06 US cents per kWh (EIA,
// 2023).
constexpr double kDefaultElectricityUsdPerMwh = 80.6;

}  // namespace

CostBasis CostBasisOf(const scenario::Scenario& scenario) {
  CostBasis b;
  b.depreciation_years = scenario.economics.gpu_depreciation_years;
  b.other_usd_per_gpu_hour = scenario.economics.other_opex_usd_per_gpu_hour;
  if (scenario.sites.empty()) {
    b.electricity_usd_per_mwh = kDefaultElectricityUsdPerMwh;
    b.pue = 1;
    b.electricity_source = "US industrial average (EIA 2023), PUE 1";
    return b;
  }
  const auto& site = scenario.sites.front();
  const auto& hourly = site.electricity_usd_per_mwh_by_hour;
  b.electricity_usd_per_mwh =
      hourly.empty() ? site.electricity_usd_per_mwh
                     : std::accumulate(hourly.begin(), hourly.end(), 0.0) /
                           static_cast<double>(hourly.size());
  b.pue = site.pue;
  b.electricity_source = "site " + site.name;
  return b;
}

GpuHourCost CostPerGpuHour(const catalog::Catalog& catalog,
                           const catalog::GpuSpec& gpu,
                           const CostBasis& basis) {
  GpuHourCost c;
  double node_price_share = 0;
  double host_power_share_w = 0;
  if (const catalog::NodeSpec* n = catalog.FirstNodeWithGpu(gpu.name)) {
    c.node = n->name;
    node_price_share = n->price_usd / n->gpus;
    host_power_share_w = n->host_power_w / n->gpus;
  }
  c.capital_usd = (gpu.price_usd + node_price_share) /
                  (basis.depreciation_years * kHoursPerYear);
  c.power_usd = (gpu.tdp_w + host_power_share_w) * 1e-6 * basis.pue *
                basis.electricity_usd_per_mwh;
  c.other_usd = basis.other_usd_per_gpu_hour;
  return c;
}

}  // namespace kardashev::search
