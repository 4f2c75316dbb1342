// The price of one GPU-hour of owned hardware: the one rule that `run` uses to
// cost a serving deployment and `kardashev search serving` uses to rank
// configurations per dollar.
//
//   capital  (GPU price + the GPU's share of its catalog node's price)
//            / (depreciation years x 8,760 h), straight line
//   power    facility power per GPU: (GPU power + its share of the node's
//            host power) x PUE, busy at TDP and host load, idle at idle
//            power; at the basis's electricity price
//   other    the scenario's other operating cost per GPU-hour
// A GPU that no catalog node holds cannot be priced: its host is unknown, and
// a price without it would rank it cheapest for the wrong reason.
//
// The basis is the scenario's: its first ground site's PUE and mean
// electricity price, or, without a site, an industry-typical facility
// (kDefaultPue, kDefaultElectricityUsdPerMwh below).
#ifndef KARDASHEV_ECON_GPU_HOUR_PRICE_H_
#define KARDASHEV_ECON_GPU_HOUR_PRICE_H_

#include <optional>
#include <string>

#include "kardashev/catalog/catalog.h"

namespace kardashev::econ {

// ASSUMPTION: a scenario without a site is costed at an industry-typical
// facility: PUE 1.44, the Uptime Institute 2025 survey's figure for sites of
// 20 MW and more (figures.csv D15), and the 2023 US industrial electricity
// price, 8.06 cents/kWh (EIA, figures.csv F11).
inline constexpr double kDefaultPue = 1.44;
inline constexpr double kDefaultElectricityUsdPerMwh = 80.6;

struct GpuHourBasis {
  double depreciation_years = 5;
  double pue = kDefaultPue;
  double electricity_usd_per_mwh = kDefaultElectricityUsdPerMwh;
  double other_usd_per_gpu_hour = 0;
  std::string source;  // where the PUE and price come from, for the output
};

struct GpuHourPrice {
  std::string node;  // the catalog node whose share is priced
  double capex_usd_per_gpu_hour = 0;
  double busy_power_w = 0;  // facility power per GPU (PUE included)
  double idle_power_w = 0;
  double electricity_usd_per_mwh = 0;
  double other_usd_per_gpu_hour = 0;

  // A GPU-hour at full load: capital, power at TDP and other cost.
  double BusyUsdPerGpuHour() const {
    return capex_usd_per_gpu_hour +
           busy_power_w * 1e-6 * electricity_usd_per_mwh +
           other_usd_per_gpu_hour;
  }
  double PowerUsdPerGpuHour() const {
    return busy_power_w * 1e-6 * electricity_usd_per_mwh;
  }
};

// The price of a GPU-hour of `gpu` in `node`; nullopt when `node` is null (no
// catalog node holds the GPU). REQUIRES: node->gpus > 0 when set.
std::optional<GpuHourPrice> PriceGpuHour(const catalog::GpuSpec& gpu,
                                         const catalog::NodeSpec* node,
                                         const GpuHourBasis& basis);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_GPU_HOUR_PRICE_H_
