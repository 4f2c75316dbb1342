#include "kardashev/fleet/site.h"

#include <algorithm>
#include <numeric>

namespace kardashev::fleet {

double GroundSiteConfig::PriceUsdPerMwh(int hour) const {
  return electricity_usd_per_mwh_by_hour.empty()
             ? electricity_usd_per_mwh
             : electricity_usd_per_mwh_by_hour[hour];
}

double GroundSiteConfig::GenerationW(int hour) const {
  return generation_profile.empty() ? generation_w
                                    : generation_w * generation_profile[hour];
}

double GroundSiteConfig::MaxSupplyW(int hour) const {
  return GenerationW(hour) + power_cap_w +
         (battery_wh > 0 ? battery_discharge_w : 0.0);
}

PowerFlows Dispatch(const GroundSiteConfig& site, double demand_w, int hour,
                    double stored_wh) {
  // Tolerances keep a battery that is exactly full or empty from flickering.
  const bool can_discharge =
      site.battery_wh > 0 && stored_wh > site.battery_wh * 1e-12;
  const bool can_charge =
      site.battery_wh > 0 && stored_wh < site.battery_wh * (1 - 1e-12);
  bool expensive = false;
  bool cheap = true;
  if (!site.electricity_usd_per_mwh_by_hour.empty()) {
    const auto& p = site.electricity_usd_per_mwh_by_hour;
    const double mean = std::accumulate(p.begin(), p.end(), 0.0) /
                        static_cast<double>(p.size());
    expensive = p[hour] > mean;
    cheap = p[hour] < mean;
  }

  PowerFlows f;
  f.demand_w = demand_w;
  const double generation_w = site.GenerationW(hour);
  const double direct_w = std::min(demand_w, generation_w);
  double rest_w = demand_w - direct_w;
  double surplus_w = generation_w - direct_w;
  f.generation_w = direct_w;
  if (expensive && can_discharge) {
    f.discharge_w = std::min(rest_w, site.battery_discharge_w);
    rest_w -= f.discharge_w;
  }
  f.grid_w = std::min(rest_w, site.power_cap_w);
  rest_w -= f.grid_w;
  if (rest_w > 0 && can_discharge) {
    const double more_w =
        std::min(rest_w, site.battery_discharge_w - f.discharge_w);
    f.discharge_w += more_w;
    rest_w -= more_w;
  }
  f.unmet_w = rest_w;
  f.served_w = demand_w - rest_w;
  if (f.discharge_w == 0 && can_charge) {
    const double from_generation_w = std::min(surplus_w, site.battery_charge_w);
    surplus_w -= from_generation_w;
    f.generation_w += from_generation_w;
    f.charge_w = from_generation_w;
    if (cheap) {
      const double from_grid_w = std::min(site.battery_charge_w - f.charge_w,
                                          site.power_cap_w - f.grid_w);
      f.grid_w += from_grid_w;
      f.charge_w += from_grid_w;
    }
  }
  f.curtailed_w = surplus_w;
  return f;
}

}  // namespace kardashev::fleet
