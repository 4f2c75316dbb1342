#include "kardashev/fleet/site_energy.h"

#include <algorithm>
#include <cmath>

#include "kardashev/fleet/power.h"
#include "kardashev/sim/time.h"

namespace kardashev::fleet {

void MeasureSiteLoads(const NodePool& pool,
                      const std::vector<ClusterConfig>& clusters,
                      const std::vector<double>& gang_node_w,
                      const std::vector<char>& gang_working,
                      std::vector<SiteLoad>& loads) {
  for (auto& load : loads) load = SiteLoad{};
  const auto idle_node_w = [&](int c) {
    return NodePowerW(clusters[c].node, clusters[c].gpu, 0.0);
  };
  for (int c = 0; c < static_cast<int>(clusters.size()); ++c) {
    loads[clusters[c].site].idle_it_w +=
        static_cast<double>(pool.PoweredSpares(c) +
                            pool.cluster(c).provisioning) *
        idle_node_w(c);
  }
  for (int g = 0; g < pool.gangs(); ++g) {
    const Gang& gang = pool.gang(g);
    SiteLoad& load = loads[clusters[gang.cluster].site];
    if (gang_working[g]) {
      load.work_it_w += static_cast<double>(gang.active) * gang_node_w[g];
    } else {
      load.idle_it_w +=
          static_cast<double>(gang.active) * idle_node_w(gang.cluster);
    }
  }
}

SiteInterval IntegrateSiteEnergy(const GroundSiteConfig& site,
                                 const SiteLoad& load, double start_s,
                                 double dt_h, double& stored_wh,
                                 SiteEnergyTotals& totals) {
  SiteInterval out;
  // Hourly sites get an event on each hour, so the interval lies in one hour.
  const double mid_s = start_s + dt_h * sim::kSecondsPerHour / 2;
  const int hour = static_cast<int>(std::fmod(mid_s, sim::kSecondsPerDay) /
                                    sim::kSecondsPerHour);
  const double price = site.PriceUsdPerMwh(hour);
  const double demand_w = (load.idle_it_w + load.work_it_w) * site.pue;
  totals.peak_power_mw = std::max(totals.peak_power_mw, demand_w * 1e-6);
  double remaining_h = dt_h;
  for (int piece = 0; remaining_h > 0; ++piece) {
    const PowerFlows f = Dispatch(site, demand_w, hour, stored_wh);
    const double rate_w = f.StoredRateW(site);
    double piece_h = remaining_h;
    if (piece < kMaxEnergyPieces - 1) {
      if (rate_w > 0) {
        piece_h = std::min(piece_h, (site.battery_wh - stored_wh) / rate_w);
      } else if (rate_w < 0) {
        piece_h = std::min(piece_h, stored_wh / -rate_w);
      }
    }
    stored_wh = std::clamp(stored_wh + rate_w * piece_h, 0.0, site.battery_wh);
    totals.peak_drawn_mw = std::max(totals.peak_drawn_mw, f.served_w * 1e-6);
    const double served_mwh = f.served_w * 1e-6 * piece_h;
    totals.energy_mwh += served_mwh;
    totals.it_energy_mwh += served_mwh / site.pue;
    totals.unmet_mwh += f.unmet_w * 1e-6 * piece_h;
    totals.grid_mwh += f.grid_w * 1e-6 * piece_h;
    totals.generation_mwh += f.generation_w * 1e-6 * piece_h;
    totals.curtailed_mwh += f.curtailed_w * 1e-6 * piece_h;
    totals.battery_charged_mwh += f.charge_w * 1e-6 * piece_h;
    totals.battery_discharged_mwh += f.discharge_w * 1e-6 * piece_h;
    totals.energy_cost_usd +=
        (f.grid_w * price + f.generation_w * site.generation_usd_per_mwh) *
        1e-6 * piece_h;
    totals.carbon_t += (f.grid_w * site.carbon_kg_per_mwh +
                        f.generation_w * site.generation_carbon_kg_per_mwh) *
                       1e-9 * piece_h;
    out.piece[out.pieces++] = {served_mwh, f.grid_w * 1e-6 * piece_h};
    if (f.unmet_w > 0) {
      totals.power_capped_hours += piece_h;
      // Shed the idle nodes first: they carry no work.
      const double shed_work_w = f.unmet_w / site.pue - load.idle_it_w;
      if (shed_work_w > 0 && load.work_it_w > 0) {
        out.throttle_h += std::min(1.0, shed_work_w / load.work_it_w) * piece_h;
      }
    }
    remaining_h -= piece_h;
  }
  return out;
}

}  // namespace kardashev::fleet
