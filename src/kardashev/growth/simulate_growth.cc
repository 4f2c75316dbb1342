#include "kardashev/growth/simulate_growth.h"

namespace kardashev::growth {

GrowthOutcome SimulateGrowth(const GrowthPlan& plan) {
  GrowthOutcome out;
  out.start_year = plan.start_year;
  for (const Site& s : plan.sites) {
    out.site_names.push_back(s.name);
    out.site_orbital.push_back(s.orbital() ? 1 : 0);
  }
  return out;
}

}  // namespace kardashev::growth
