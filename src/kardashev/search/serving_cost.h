// What `kardashev search serving` charges for a GPU-hour of each catalog GPU:
// the one GPU-hour rule (econ/gpu_hour_price.h), on the scenario's basis
// (prepare::GpuHourBasisOf), with the GPU's first catalog node. A GPU that no
// catalog node holds is not priced, and the search leaves it out.
#ifndef KARDASHEV_SEARCH_SERVING_COST_H_
#define KARDASHEV_SEARCH_SERVING_COST_H_

#include <optional>

#include "kardashev/catalog/catalog.h"
#include "kardashev/econ/gpu_hour_price.h"

namespace kardashev::search {

using CostBasis = econ::GpuHourBasis;

// The price of a GPU-hour of `gpu` in the first catalog node that holds it;
// nullopt when none does.
std::optional<econ::GpuHourPrice> CostPerGpuHour(
    const catalog::Catalog& catalog, const catalog::GpuSpec& gpu,
    const CostBasis& basis);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_SERVING_COST_H_
