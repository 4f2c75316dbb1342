#include "kardashev/econ/gpu_hour_price.h"

#include "kardashev/sim/time.h"

namespace kardashev::econ {

std::optional<GpuHourPrice> PriceGpuHour(const catalog::GpuSpec& gpu,
                                         const catalog::NodeSpec* node,
                                         const GpuHourBasis& basis) {
  if (node == nullptr) return std::nullopt;
  const double gpus = node->gpus;
  GpuHourPrice p;
  p.node = node->name;
  p.capex_usd_per_gpu_hour = (gpu.price_usd + node->price_usd / gpus) /
                             (basis.depreciation_years * sim::kHoursPerYear);
  p.busy_power_w = (gpu.tdp_w + node->host_power_w / gpus) * basis.pue;
  p.idle_power_w = (gpu.idle_w + node->host_idle_w / gpus) * basis.pue;
  p.electricity_usd_per_mwh = basis.electricity_usd_per_mwh;
  p.other_usd_per_gpu_hour = basis.other_usd_per_gpu_hour;
  return p;
}

}  // namespace kardashev::econ
