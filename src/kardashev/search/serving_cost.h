// The cost of one GPU-hour of a serving configuration, for ranking by goodput
// per dollar. The rule:
//   capital   (GPU price + the GPU's share of its catalog node's price)
//             / (economics.gpu_depreciation_years x 8,760 h), straight line
//   power     (GPU TDP + the GPU's share of its node's host power at load)
//             x PUE x electricity price; at capacity a replica runs flat out,
//             so power at TDP is the figure to charge
//   other     economics.other_opex_usd_per_gpu_hour
// Electricity price and PUE are those of the scenario's first site (the mean
// of its hourly prices when it has a curve). A scenario without sites gets the
// US industrial average, 80.6 USD/MWh (figures.csv F11, EIA 2023), and PUE 1
// (IT power only). A GPU without a catalog node (no node lists it) is costed
// without a node share.
#ifndef KARDASHEV_SEARCH_SERVING_COST_H_
#define KARDASHEV_SEARCH_SERVING_COST_H_

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::search {

struct CostBasis {
  double depreciation_years = 5;
  double electricity_usd_per_mwh = 0;
  double pue = 1;
  double other_usd_per_gpu_hour = 0;
  std::string electricity_source;  // the site's name, or the default's source
};

// The basis of `scenario` (see above).
CostBasis CostBasisOf(const scenario::Scenario& scenario);

struct GpuHourCost {
  std::string node;  // the catalog node used for the share, or ""
  double capital_usd = 0;
  double power_usd = 0;
  double other_usd = 0;
  double total_usd() const { return capital_usd + power_usd + other_usd; }
};

GpuHourCost CostPerGpuHour(const catalog::Catalog& catalog,
                           const catalog::GpuSpec& gpu, const CostBasis& basis);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_SERVING_COST_H_
