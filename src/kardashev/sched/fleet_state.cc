#include "kardashev/sched/fleet_state.h"

#include "kardashev/fleet/power.h"
#include "kardashev/sim/time.h"

namespace kardashev::sched {

FleetState::FleetState(const FleetPlan& p,
                       const std::vector<catalog::FailureComponent>& components)
    : plan(p),
      model(components, p.failures),
      holders(static_cast<int>(p.leases.size()),
              static_cast<int>(p.jobs.size()),
              static_cast<int>(p.services.size())),
      pool(p.clusters),
      placement(p, holders, pool) {
  for (const auto& s : plan.sites) stored_wh.push_back(s.battery_wh);
  site_totals.resize(plan.sites.size());
  loads_.resize(plan.sites.size());
  throttle_h_.resize(plan.sites.size());
  for (const auto& c : plan.clusters) {
    out.clusters.push_back(
        {.name = c.name,
         .gpus = c.gpus(),
         .site = c.site,
         .idle_power_w_per_gpu =
             fleet::NodePowerW(c.node, c.gpu, 0.0) / c.node.gpus});
  }
  const double horizon_h = plan.horizon_s / sim::kSecondsPerHour;
  const auto node_w = [&](int cluster, double utilization) {
    const auto& c = plan.clusters[cluster];
    return fleet::NodePowerW(c.node, c.gpu, utilization);
  };
  for (const auto& l : plan.leases) {
    active_node_w_.push_back(node_w(l.cluster, l.gpu_utilization));
    leases.emplace_back(l, horizon_h);
  }
  const double rate_per_gpu_s = model.RatePerGpuHour() / sim::kSecondsPerHour;
  const double job_rate_per_gpu_s =
      model.JobScopeRatePerGpuHour() / sim::kSecondsPerHour;
  for (const auto& j : plan.jobs) {
    active_node_w_.push_back(node_w(j.cluster, j.gpu_utilization));
    jobs.emplace_back(j, rate_per_gpu_s, plan.horizon_s, job_rate_per_gpu_s);
  }
  for (const auto& sv : plan.services) {
    active_node_w_.push_back(node_w(sv.cluster, sv.gpu_utilization));
    services.push_back({.name = sv.name, .tenant = sv.tenant});
  }
  working_.resize(holders.size());
  pool.Populate();
  groups.resize(plan.jobs.size());
  for (int j = 0; j < static_cast<int>(plan.jobs.size()); ++j) {
    const auto& cfg = plan.jobs[j];
    if (cfg.fault_tolerance == training::FaultTolerance::kGang) continue;
    std::vector<int> nodes;
    for (int i = 0; i < pool.size(); ++i) {
      if (pool.gang_of(i) == JobSlot(j)) nodes.push_back(i);
    }
    groups[j].emplace(cfg.domains, cfg.domain_nodes, nodes);
  }
  for (int i = 0; i < pool.size(); ++i) {
    const std::uint64_t entity = fleet::NodeEntityId(
        plan.clusters[pool.cluster_of(i)].name, pool.index_of(i));
    failure_rng.emplace_back(plan.seed, "failure", entity);
    repair_rng.emplace_back(plan.seed, "repair", entity);
    powered_off_rng.emplace_back(plan.seed, "powered-off", entity);
  }
}

bool FleetState::FailureHappens(int node) {
  const int c = pool.cluster_of(node);
  const std::int64_t spares = pool.cluster(c).spare;
  const std::int64_t powered = pool.PoweredSpares(c);
  if (pool.state(node) != fleet::NodeState::kSpare || powered >= spares) {
    return true;
  }
  return fleet::SpareFailureHappens(spares, powered,
                                    plan.failures.powered_off_rate_share,
                                    powered_off_rng[node].Uniform());
}

void FleetState::Integrate(double start_s, double dt_h) {
  for (int h = 0; h < holders.size(); ++h)
    working_[h] = static_cast<char>(Working(h));
  fleet::MeasureSiteLoads(pool, plan.clusters, active_node_w_, working_,
                          loads_);
  for (int s = 0; s < static_cast<int>(plan.sites.size()); ++s) {
    const fleet::SiteInterval interval = fleet::IntegrateSiteEnergy(
        plan.sites[s], loads_[s], start_s, dt_h, stored_wh[s], site_totals[s]);
    throttle_h_[s] = interval.throttle_h;
    for (int p = 0; p < interval.pieces; ++p) {
      accounting.AddEnergy(interval.piece[p].served_mwh,
                           interval.piece[p].grid_mwh);
    }
  }
  for (int c = 0; c < static_cast<int>(plan.clusters.size()); ++c) {
    accounting.AddClusterInterval(pool.cluster(c), plan.clusters[c].node.gpus,
                                  dt_h, out.clusters[c]);
  }
  AccountHolders(start_s, dt_h);
}

void FleetState::AccountHolders(double start_s, double dt_h) {
  for (int h = 0; h < holders.size(); ++h) {
    const fleet::Gang& gang = pool.gang(h);
    const auto& cluster = plan.clusters[gang.cluster];
    const double g = cluster.node.gpus;
    const double throttle_h = throttle_h_[cluster.site];
    const HeldInterval held =
        accounting.AddHeldInterval(gang.active, g, dt_h, working_[h],
                                   throttle_h, out.clusters[gang.cluster]);
    if (!working_[h]) continue;
    const HolderId id = holders.Id(h);
    switch (id.kind) {
      case HolderKind::kJob:
        jobs[id.index].AddThrottledS(throttle_h * sim::kSecondsPerHour);
        break;
      case HolderKind::kService:
        AccountServiceInterval(plan.services[id.index], services[id.index],
                               gang.active, g, held.held_gpu_h,
                               held.working_gpu_h, start_s, dt_h);
        break;
      case HolderKind::kLease: {
        const double short_gpus =
            static_cast<double>(gang.target_nodes - gang.active) * g;
        accounting.AddShortfall(short_gpus, dt_h);
        leases[id.index].Deliver(held.working_gpu_h, short_gpus);
        break;
      }
    }
  }
}

double FleetState::BatteryMwh() const {
  double battery_mwh = 0;
  for (const double wh : stored_wh) battery_mwh += wh * 1e-6;
  return battery_mwh;
}

FleetOutcome FleetState::Finish(double now_s) {
  for (int l = 0; l < static_cast<int>(leases.size()); ++l) {
    leases[l].ClosePeriod(plan.leases[l], plan.horizon_s);
    out.leases.push_back(leases[l].Close());
  }
  for (int j = 0; j < static_cast<int>(jobs.size()); ++j) {
    const fleet::Gang& gang = pool.gang(JobSlot(j));
    out.training.push_back(jobs[j].Close(
        now_s, plan.horizon_s, plan.clusters[plan.jobs[j].cluster],
        gang.max_pods_spanned, gang.pods_spanned));
  }
  for (std::size_t s = 0; s < plan.sites.size(); ++s) {
    out.sites.push_back(
        MakeSiteOutcome(plan.sites[s], site_totals[s], stored_wh[s]));
  }
  out.months.push_back(accounting.CloseMonth(MoneyToDateAt(now_s)));
  for (std::size_t v = 0; v < services.size(); ++v) {
    CloseServiceOutcome(plan.services[v], services[v]);
    out.services.push_back(services[v]);
  }
  return std::move(out);
}

}  // namespace kardashev::sched
