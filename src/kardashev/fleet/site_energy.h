// The energy of ground sites. MeasureSiteLoads sums the IT power the nodes of
// a pool draw at each site. IntegrateSiteEnergy takes one site over an interval
// in which its load is constant: IntegrateSiteEnergy dispatches the site's
// supply (fleet::Dispatch) and integrates the flows exactly, in pieces that end
// when the battery fills or empties (at most kMaxEnergyPieces). Demand no
// source can serve is shed: the idle nodes first, as they carry no work, then
// working nodes; the integral of the shed share of working nodes comes back as
// throttle_h.
//
// It is a function of its arguments only: the site, its load and the interval
// in; the battery's charge and the site's running totals advanced in place
// (adding each piece in turn, so totals do not depend on how a caller groups
// intervals), and each piece's served and imported energy out.
#ifndef KARDASHEV_FLEET_SITE_ENERGY_H_
#define KARDASHEV_FLEET_SITE_ENERGY_H_

#include <array>
#include <vector>

#include "kardashev/fleet/cluster.h"
#include "kardashev/fleet/node_pool.h"
#include "kardashev/fleet/site.h"

namespace kardashev::fleet {

// IT power of a site's nodes, split into idle and working nodes.
struct SiteLoad {
  double idle_it_w = 0;
  double work_it_w = 0;
};

// Sets `loads` (one per site) to the IT power of `pool`'s nodes: spares that
// draw power and nodes being swapped in at idle power, then, gang by gang, the
// active nodes at `gang_node_w[g]` while `gang_working[g]`, else idle.
void MeasureSiteLoads(const NodePool& pool,
                      const std::vector<ClusterConfig>& clusters,
                      const std::vector<double>& gang_node_w,
                      const std::vector<char>& gang_working,
                      std::vector<SiteLoad>& loads);

// A site's running totals since the start of the horizon.
struct SiteEnergyTotals {
  double energy_mwh = 0;  // facility energy served
  double it_energy_mwh = 0;
  double peak_power_mw = 0;       // highest facility demand
  double peak_drawn_mw = 0;       // highest facility power served
  double power_capped_hours = 0;  // time with demand no source could serve
  double unmet_mwh = 0;           // energy demanded but shed
  double grid_mwh = 0;            // imported, to the facility and the battery
  double generation_mwh = 0;      // generated on site and used
  double curtailed_mwh = 0;       // generation available but not used
  double battery_charged_mwh = 0;
  double battery_discharged_mwh = 0;
  double energy_cost_usd = 0;  // grid at its hourly price, plus generation
  double carbon_t = 0;
};

// Four pieces end at a battery filling or emptying (once per interval, but
// rounding may repeat it); a fifth takes what is left.
inline constexpr int kMaxEnergyPieces = 5;

struct EnergyPiece {
  double served_mwh = 0;  // facility energy served
  double grid_mwh = 0;    // imported
};

struct SiteInterval {
  double throttle_h = 0;  // integral over time of the shed share of work
  int pieces = 0;
  std::array<EnergyPiece, kMaxEnergyPieces> piece;
};

// Integrates the site over [start_s, start_s + dt_h hours).
// REQUIRES: the interval lies within one hour when the site is hourly
// (site.Hourly()); 0 <= stored_wh <= site.battery_wh; dt_h > 0.
SiteInterval IntegrateSiteEnergy(const GroundSiteConfig& site,
                                 const SiteLoad& load, double start_s,
                                 double dt_h, double& stored_wh,
                                 SiteEnergyTotals& totals);

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_SITE_ENERGY_H_
