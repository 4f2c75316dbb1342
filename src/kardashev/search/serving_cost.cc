#include "kardashev/search/serving_cost.h"

namespace kardashev::search {

std::optional<econ::GpuHourPrice> CostPerGpuHour(
    const catalog::Catalog& catalog, const catalog::GpuSpec& gpu,
    const CostBasis& basis) {
  return econ::PriceGpuHour(gpu, catalog.FirstNodeWithGpu(gpu.name), basis);
}

}  // namespace kardashev::search
