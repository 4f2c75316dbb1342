#include "kardashev/evaluate/fleet_economics.h"

#include "kardashev/econ/fleet_economics.h"
#include "kardashev/sim/time.h"

namespace kardashev::evaluate {

econ::EconomicsOutcome EvaluateFleetEconomics(
    const econ::EconomicsConfig& config, const sched::FleetPlan& plan,
    const sched::FleetOutcome& outcome) {
  econ::EconomicsInput money;
  money.horizon_s = plan.horizon_s;
  std::int64_t gpus = 0;
  for (const auto& c : plan.clusters) {
    gpus += c.gpus();
    money.it_capex_usd += econ::ClusterCapexUsd(c);
  }
  for (std::size_t i = 0; i < outcome.sites.size(); ++i) {
    money.energy_cost_usd += outcome.sites[i].energy_cost_usd;
    money.facility_capex_usd +=
        econ::FacilityCapexUsd(config, plan.sites[i].facility_w);
  }
  for (const auto& lo : outcome.leases) {
    money.revenue_usd += lo.revenue_usd - lo.sla_penalty_usd;
  }
  for (const auto& so : outcome.services) money.revenue_usd += so.revenue_usd;
  money.installed_gpu_hours =
      static_cast<double>(gpus) * (plan.horizon_s / sim::kSecondsPerHour);
  money.months = outcome.months;
  money.training_value_usd = econ::AddTrainingValue(
      config, outcome.training, plan.horizon_s, money.months);
  econ::EconomicsOutcome out = econ::ComputeEconomics(config, money);
  out.training_valued = !config.training_values.empty();
  return out;
}

}  // namespace kardashev::evaluate
