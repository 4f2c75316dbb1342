// Routing a product's requests across sites for one month. The month is
// played as one representative day of 24 hours: in each hour, each region's
// request rate (daily users x requests per user, shaped by the product's
// daily curve) goes to the sites it reaches within the product's network
// budget, nearest first, each up to its free capacity (free GPUs of each
// generation times requests per GPU-second within the SLO, best generation
// first; an orbital shell also up to what its ground link carries). Regions
// are served in the plan's order. A site keeps, for the month, the GPUs of
// each generation its busiest hour needed; requests no site could take are
// dropped. Pure function.
#ifndef KARDASHEV_GROWTH_ROUTING_H_
#define KARDASHEV_GROWTH_ROUTING_H_

#include <vector>

#include "kardashev/growth/growth_plan.h"

namespace kardashev::growth {

// The value of a monthly curve at `month` (linear between points, flat
// beyond). REQUIRES: !curve.empty(), months increasing.
double CurveAt(const std::vector<CurvePoint>& curve, double month);

// The product's demand relative to its daily mean in hour `hour` (0-23): the
// cosine of serving/demand.h taken at the hour's mid-point.
double HourFactor(const serving::DemandCurve& curve, int hour);

struct RoutedMonth {
  double requests_demanded = 0;  // over the month
  double requests_served = 0;
  std::vector<double> served_by_site;  // requests over the month
  // GPUs kept for the month, by site and generation.
  std::vector<std::vector<double>> gpus;
  // The ground-link tokens per second of the busiest hour, by site.
  std::vector<double> link_tokens_per_s;
};

// `free_gpus[site][generation]`: working GPUs not yet taken.
// `link_tokens_per_s[site]` is what an orbital site's ground link still
// carries (< 0: unbounded); a request moves the product's tokens per request.
// `month` is the month's index (curves are read at its mid-point). REQUIRES:
// product `p` of `plan`.
RoutedMonth RouteProduct(const GrowthPlan& plan, int p, int month,
                         const std::vector<std::vector<double>>& free_gpus,
                         const std::vector<double>& link_tokens_per_s);

}  // namespace kardashev::growth

#endif  // KARDASHEV_GROWTH_ROUTING_H_
