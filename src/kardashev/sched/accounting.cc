#include "kardashev/sched/accounting.h"

#include "kardashev/sim/time.h"

namespace kardashev::sched {

SiteOutcome MakeSiteOutcome(const fleet::GroundSiteConfig& site,
                            const fleet::SiteEnergyTotals& t,
                            double stored_wh) {
  return {.name = site.name,
          .energy_mwh = t.energy_mwh,
          .it_energy_mwh = t.it_energy_mwh,
          .peak_power_mw = t.peak_power_mw,
          .peak_drawn_mw = t.peak_drawn_mw,
          .power_cap_mw = site.power_cap_w * 1e-6,
          .power_capped_hours = t.power_capped_hours,
          .unmet_mwh = t.unmet_mwh,
          .grid_mwh = t.grid_mwh,
          .generation_mwh = t.generation_mwh,
          .curtailed_mwh = t.curtailed_mwh,
          .battery_charged_mwh = t.battery_charged_mwh,
          .battery_discharged_mwh = t.battery_discharged_mwh,
          .battery_start_mwh = site.battery_wh * 1e-6,
          .battery_end_mwh = stored_wh * 1e-6,
          .energy_cost_usd = t.energy_cost_usd,
          .carbon_t = t.carbon_t};
}

econ::MonthFlows MoneyToDate(
    double end_s, const FleetPlan& plan, const std::vector<LeaseBook>& leases,
    const std::vector<ServiceOutcome>& services,
    const std::vector<fleet::SiteEnergyTotals>& sites) {
  econ::MonthFlows now;
  now.end_s = end_s;
  for (const auto& l : plan.leases) {
    now.revenue_usd +=
        LeaseBilledUsd(l.terms(), static_cast<double>(l.gpus) * now.end_s /
                                      sim::kSecondsPerHour);
  }
  for (std::size_t v = 0; v < plan.services.size(); ++v) {
    now.revenue_usd += ServiceRevenueUsd(plan.services[v], services[v]);
  }
  for (const auto& l : leases) {
    now.sla_credit_usd += l.outcome().sla_penalty_usd;
  }
  for (const auto& s : sites) now.energy_cost_usd += s.energy_cost_usd;
  return now;
}

void FleetAccounting::AddClusterInterval(const fleet::ClusterNodes& nodes,
                                         double g, double dt_h,
                                         ClusterOutcome& out) {
  out.spare_gpu_hours += static_cast<double>(nodes.spare) * g * dt_h;
  out.provisioning_gpu_hours +=
      static_cast<double>(nodes.provisioning) * g * dt_h;
  out.down_gpu_hours += static_cast<double>(nodes.down) * g * dt_h;
  step_.down_gpu_h += static_cast<double>(nodes.down) * g * dt_h;
  step_.up_gpu_h +=
      static_cast<double>(nodes.spare + nodes.provisioning) * g * dt_h;
}

HeldInterval FleetAccounting::AddHeldInterval(std::int64_t active, double g,
                                              double dt_h, bool working,
                                              double throttle_h,
                                              ClusterOutcome& out) {
  HeldInterval h;
  h.held_gpu_h = static_cast<double>(active) * g * dt_h;
  step_.up_gpu_h += h.held_gpu_h;
  if (!working) {
    out.stalled_gpu_hours += h.held_gpu_h;
    return h;
  }
  h.unpowered_gpu_h = static_cast<double>(active) * g * throttle_h;
  h.working_gpu_h = h.held_gpu_h - h.unpowered_gpu_h;
  out.active_gpu_hours += h.working_gpu_h;
  out.unpowered_gpu_hours += h.unpowered_gpu_h;
  step_.active_gpu_h += h.working_gpu_h;
  step_.unpowered_gpu_h += h.unpowered_gpu_h;
  return h;
}

void FleetAccounting::Sample(double now_s, double battery_mwh,
                             std::vector<TimeseriesRow>& rows) {
  const double step_h = (now_s - last_sample_s_) / sim::kSecondsPerHour;
  if (step_h <= 0) return;
  TimeseriesRow row;
  row.time_s = now_s;
  row.gpus_up = step_.up_gpu_h / step_h;
  row.gpus_down = step_.down_gpu_h / step_h;
  row.gpus_active = step_.active_gpu_h / step_h;
  row.gpus_leased_short = step_.short_gpu_h / step_h;
  row.gpus_unpowered = step_.unpowered_gpu_h / step_h;
  row.power_mw = step_.energy_mwh / step_h;
  row.grid_power_mw = step_.grid_mwh / step_h;
  row.battery_mwh = battery_mwh;
  row.energy_mwh = cumulative_energy_mwh_;
  row.failures = step_.failures;
  rows.push_back(row);
  step_ = StepAccumulator{};
  last_sample_s_ = now_s;
}

econ::MonthFlows FleetAccounting::CloseMonth(const econ::MonthFlows& totals) {
  econ::MonthFlows month;
  month.end_s = totals.end_s;
  month.revenue_usd = totals.revenue_usd - month_totals_.revenue_usd;
  month.sla_credit_usd = totals.sla_credit_usd - month_totals_.sla_credit_usd;
  month.energy_cost_usd =
      totals.energy_cost_usd - month_totals_.energy_cost_usd;
  month_totals_ = totals;
  return month;
}

}  // namespace kardashev::sched
