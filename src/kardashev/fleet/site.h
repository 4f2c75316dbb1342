// A ground site: a place with a power supply that holds clusters.
//
// The supply has three sources: a grid connection up to an import cap, on-site
// generation (turbines, solar) with an optional daily profile, and a battery
// with energy capacity, charge and discharge limits and a round-trip
// efficiency. The facility draws the IT power of its nodes times the PUE.
// Electricity may be priced flat or by hour of the day, and each source has its
// carbon intensity.
//
// Dispatch() decides, for one instant, where the power comes from. Its rule
// (a stated policy, not an optimiser):
//   1. on-site generation serves the demand first;
//   2. in hours whose price is above the day's mean, the battery discharges
//      before the grid is used (price arbitrage);
//   3. the grid serves what is left, up to its cap;
//   4. the battery covers what the grid cannot (peak shaving);
//   5. demand still unserved is unmet: the operator must shed that load;
//   6. with no discharge, the battery charges from surplus generation, and from
//      the grid's headroom in hours that are not above the mean price (every
//      hour under a flat price); surplus generation it cannot take is
//      curtailed.
// Flows are constant until the hour changes, the demand changes or the battery
// becomes full or empty, so a caller integrates them exactly piecewise.
#ifndef KARDASHEV_FLEET_SITE_H_
#define KARDASHEV_FLEET_SITE_H_

#include <string>
#include <vector>

namespace kardashev::fleet {

struct GroundSiteConfig {
  std::string name;
  double power_cap_w = 0;  // grid import cap
  double pue = 1.0;        // facility power / IT power
  double facility_w = 0;   // power the facility is built for (its capex)
  double electricity_usd_per_mwh = 0;  // flat price, when no hourly curve
  // 24 prices, hour 0 = midnight local time at the start of the horizon; empty
  // for a flat price.
  std::vector<double> electricity_usd_per_mwh_by_hour;
  double carbon_kg_per_mwh = 0;  // of grid energy

  double generation_w = 0;  // on-site generation capacity
  // 24 factors in [0, 1] of generation_w by hour of day; empty for constant.
  std::vector<double> generation_profile;
  double generation_usd_per_mwh = 0;  // fuel and running cost
  double generation_carbon_kg_per_mwh = 0;

  double battery_wh = 0;
  double battery_charge_w = 0;
  double battery_discharge_w = 0;
  // Stored / drawn while charging. Default: utility-scale lithium-ion, 85%
  // (NREL Annual Technology Baseline, utility-scale battery storage).
  double battery_round_trip_efficiency = 0.85;

  // True when supply or price depends on the hour of day.
  bool Hourly() const {
    return !electricity_usd_per_mwh_by_hour.empty() ||
           !generation_profile.empty();
  }
  double PriceUsdPerMwh(int hour) const;
  double GenerationW(int hour) const;
  // The highest power the site can deliver with the battery discharging.
  double MaxSupplyW(int hour) const;
};

// Where the facility's power comes from at one instant; all in watts.
struct PowerFlows {
  double demand_w = 0;
  double served_w = 0;      // demand - unmet
  double grid_w = 0;        // imported: to the facility and to the battery
  double generation_w = 0;  // generated and used: facility and battery
  double curtailed_w = 0;   // generation available but not used
  double charge_w = 0;      // drawn into the battery
  double discharge_w = 0;   // delivered by the battery
  double unmet_w = 0;       // demand no source could serve
  // Rate of change of the stored energy (W): charge x efficiency - discharge.
  double StoredRateW(const GroundSiteConfig& site) const {
    return charge_w * site.battery_round_trip_efficiency - discharge_w;
  }
};

// REQUIRES: 0 <= hour < 24, 0 <= stored_wh <= site.battery_wh.
PowerFlows Dispatch(const GroundSiteConfig& site, double demand_w, int hour,
                    double stored_wh);

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_SITE_H_
