#include "kardashev/growth/installed.h"

#include <algorithm>
#include <cmath>

#include "kardashev/fleet/orbital_deployment.h"

namespace kardashev::growth {

namespace {

// The first month a build is gone: its own retirement or its site's.
int RetireMonth(int own, int site) {
  if (own < 0) return site;
  if (site < 0) return own;
  return std::min(own, site);
}

// Share of a ground pool in repair.
double DownShare(const Generation& g, double multiplier) {
  const double node_rate_per_h =
      g.node_gpus * g.node_failures_per_gpu_h * multiplier;
  const double x = node_rate_per_h * g.repair_h;
  return x / (1.0 + x);
}

}  // namespace

InstalledFleet::InstalledFleet(const GrowthPlan& plan) : plan_(plan) {
  const int sites = static_cast<int>(plan.sites.size());
  launches_.assign(sites, std::vector<int>(plan.months, 0));
  for (const Build& b : plan.builds) {
    const Site& site = plan.sites[b.site];
    purchases_.push_back(Purchase{
        b.capex_usd, false, b.order_month, b.online_month, b.life_months,
        RetireMonth(b.retire_month, site.retire_month)});
  }
  for (int s = 0; s < sites; ++s) {
    const Site& site = plan.sites[s];
    cohorts_.emplace_back(
        site.orbital() ? site.orbit->gpus_per_satellite : 0,
        site.orbital() ? site.orbit->failures_per_gpu_h : 0,
        site.orbital() ? site.orbit->mission_months * kSecondsPerMonth : 1.0);
    if (site.orbital()) {
      PlanShell(s);
    } else if (site.facility_capex_usd > 0) {
      // Spent evenly over the construction months before online.
      const int c = std::max(site.construction_months, 1);
      const int first = site.online_month - site.construction_months;
      for (int i = 0; i < c; ++i) {
        purchases_.push_back(Purchase{
            site.facility_capex_usd / c, false, first + i, site.online_month,
            site.facility_life_months, site.retire_month});
      }
    }
  }
}

void InstalledFleet::PlanShell(int s) {
  const Site& site = plan_.sites[s];
  const OrbitalShell& o = *site.orbit;
  fleet::SatelliteCohorts& cohorts = cohorts_[s];
  const double interval_s = 365.0 * 86400.0 / o.launches_per_year;
  const double per_launch =
      std::min(o.satellites_per_launch, o.target_satellites);
  const double launch_gpus = per_launch * o.gpus_per_satellite;
  const double target_gpus = o.target_satellites * o.gpus_per_satellite;
  const double end_s =
      (site.retire_month >= 0 ? std::min(site.retire_month, plan_.months)
                              : plan_.months) *
      kSecondsPerMonth;
  for (double t = site.online_month * kSecondsPerMonth; t < end_s;
       t += interval_s) {
    if (cohorts.Working(t) + launch_gpus > target_gpus * (1 + 1e-9)) continue;
    cohorts.Launch(t, per_launch);
    const int m =
        std::min(static_cast<int>(t / kSecondsPerMonth), plan_.months - 1);
    ++launches_[s][m];
    const double price = fleet::LaunchUsdPerKgAt(
        o.launch_usd_per_kg, o.launch_price_decline_per_year, t);
    purchases_.push_back(Purchase{
        per_launch *
            (o.hardware_usd_per_satellite + o.mass_kg_per_satellite * price),
        true, m, m, o.mission_months, -1});
  }
}

double InstalledFleet::SatellitesAt(int site, double t_s) const {
  return plan_.sites[site].orbital() ? cohorts_[site].InOrbit(t_s) : 0.0;
}

void InstalledFleet::AddGround(
    int m, std::vector<std::vector<PoolMonth>>& pools) const {
  for (const Build& b : plan_.builds) {
    const Site& site = plan_.sites[b.site];
    if (!InService(m, b.online_month, b.retire_month) ||
        !InService(m, site.online_month, site.retire_month)) {
      continue;
    }
    PoolMonth& p = pools[b.site][b.generation];
    const double gpus = static_cast<double>(b.gpus);
    const double working =
        gpus * (1.0 - DownShare(plan_.generations[b.generation],
                                b.failure_rate_multiplier));
    // Running GPU-weighted mean of the multiplier.
    p.failure_rate_multiplier =
        (p.failure_rate_multiplier * p.installed_gpus_end +
         b.failure_rate_multiplier * gpus) /
        (p.installed_gpus_end + gpus);
    p.installed_gpus_end += gpus;
    p.working_gpus_end += working;
    p.installed_gpu_hours += gpus * kHoursPerMonth;
    p.working_gpu_hours += working * kHoursPerMonth;
  }
}

void InstalledFleet::AddOrbit(
    int s, int m, std::vector<std::vector<PoolMonth>>& pools) const {
  const OrbitalShell& o = *plan_.sites[s].orbit;
  const fleet::SatelliteCohorts& cohorts = cohorts_[s];
  PoolMonth& p = pools[s][o.generation];
  const double a = m * kSecondsPerMonth;
  const double b = a + kSecondsPerMonth;
  const double mid = a + kSecondsPerMonth / 2;
  for (const auto& k : cohorts.cohorts()) {
    const double hours = cohorts.WorkingGpuHours(k, a, b);
    if (hours <= 0) continue;
    p.working_gpu_hours += hours;
    // The array at the cohort's age against what its working GPUs draw.
    const double age_years =
        std::max(mid - k.launch_s, 0.0) / (365.0 * 86400.0);
    const double array_w = o.array_power_bol_w_per_satellite *
                           std::pow(1.0 - o.degradation_per_year, age_years);
    const double working_share =
        cohorts.Working(k, mid) / (k.satellites * o.gpus_per_satellite);
    const double need_w =
        o.it_power_w_per_satellite * o.array_w_needed_per_it_w * working_share;
    const double powered = need_w > 0 ? std::min(1.0, array_w / need_w) : 1.0;
    p.unpowered_gpu_hours += hours * (1.0 - powered);
  }
  // Sizes at the end of the month (just before it: a cohort deorbiting at
  // the boundary still counts in the month it served).
  const double end = b * (1 - 1e-12);
  p.working_gpus_end = cohorts.Working(end);
  p.installed_gpus_end = cohorts.InOrbit(end) * o.gpus_per_satellite;
  p.installed_gpu_hours = cohorts.InstalledGpuHours(a, b);
}

std::vector<std::vector<PoolMonth>> InstalledFleet::Month(int m) const {
  std::vector<std::vector<PoolMonth>> pools(
      plan_.sites.size(), std::vector<PoolMonth>(plan_.generations.size()));
  AddGround(m, pools);
  for (int s = 0; s < static_cast<int>(plan_.sites.size()); ++s) {
    if (plan_.sites[s].orbital()) AddOrbit(s, m, pools);
  }
  return pools;
}

}  // namespace kardashev::growth
