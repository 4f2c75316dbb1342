#include "kardashev/econ/fleet_economics.h"

#include "kardashev/sim/time.h"

namespace kardashev::econ {

double ClusterCapexUsd(const fleet::ClusterConfig& c) {
  const double gpus = static_cast<double>(c.gpus());
  return gpus * c.gpu.price_usd + c.nodes * c.node.price_usd +
         (c.fabric ? gpus * c.fabric->price_usd_per_gpu : 0.0);
}

double FacilityCapexUsd(const EconomicsConfig& config, double facility_w) {
  return config.facility_capex_usd_per_mw * facility_w * 1e-6;
}

EconomicsOutcome EvaluateFleetEconomics(const EconomicsConfig& config,
                                        const sched::FleetPlan& plan,
                                        const sched::FleetOutcome& outcome) {
  EconomicsInput money;
  money.horizon_s = plan.horizon_s;
  std::int64_t gpus = 0;
  for (const auto& c : plan.clusters) {
    gpus += c.gpus();
    money.it_capex_usd += ClusterCapexUsd(c);
  }
  for (std::size_t i = 0; i < outcome.sites.size(); ++i) {
    money.energy_cost_usd += outcome.sites[i].energy_cost_usd;
    money.facility_capex_usd +=
        FacilityCapexUsd(config, plan.sites[i].facility_w);
  }
  for (const auto& lo : outcome.leases) {
    money.revenue_usd += lo.revenue_usd - lo.sla_penalty_usd;
  }
  for (const auto& so : outcome.services) money.revenue_usd += so.revenue_usd;
  money.installed_gpu_hours =
      static_cast<double>(gpus) * (plan.horizon_s / sim::kSecondsPerHour);
  money.months = outcome.months;
  return ComputeEconomics(config, money);
}

}  // namespace kardashev::econ
