// The fleet simulation's event wiring: it owns the event loop and connects the
// concepts, each in its own file: the nodes (fleet/node_pool), each site's
// energy (fleet/site_energy), the holders of nodes by typed id
// (sched/holder), leases (sched/lease), training jobs (training/job_run),
// services (sched/service) and their preemptions (sched/preemption), and the
// sums over time (sched/accounting).
//
// Order matters for byte-identical outputs: events at one time run in the
// order they were scheduled, sums are taken one term at a time in a fixed
// order (sites, clusters, then holders: leases, jobs, services), and every
// handler calls Advance() before it changes any state.
//
// Stale events (a swap, restart or finish overtaken by a failure or a
// preemption) are dropped by epoch checks rather than EventLoop::Cancel: they
// still run as no-ops, so the count of events run, which the outcome reports,
// stays what it is.
#include "kardashev/sched/fleet_simulation.h"

#include <algorithm>
#include <cmath>

#include "kardashev/fleet/node_pool.h"
#include "kardashev/fleet/power.h"
#include "kardashev/fleet/site_energy.h"
#include "kardashev/sched/accounting.h"
#include "kardashev/sched/holder.h"
#include "kardashev/sched/preemption.h"
#include "kardashev/sim/event_loop.h"
#include "kardashev/sim/random.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/job_run.h"

namespace kardashev::sched {

namespace {

using fleet::NodeState;

// A site's battery and totals, and the load Advance measures for an interval.
struct SiteRun {
  double stored_wh = 0;
  fleet::SiteLoad load;
  double throttle_h = 0;  // of the last interval
  fleet::SiteEnergyTotals totals;
};

class Simulation {
 public:
  Simulation(const FleetPlan& plan,
             const std::vector<catalog::FailureComponent>& components)
      : plan_(plan),
        model_(components, plan.failures),
        holders_(static_cast<int>(plan.leases.size()),
                 static_cast<int>(plan.jobs.size()),
                 static_cast<int>(plan.services.size())),
        pool_(plan.clusters) {}
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  FleetOutcome Run();

 private:
  double NowS() const { return sim::ToSeconds(loop_.Now()); }
  int JobSlot(int job) const { return holders_.Slot(HolderId::Job(job)); }
  // Whether holder `slot`'s nodes work (a job's only while it runs).
  bool Working(int slot) const {
    const HolderId id = holders_.Id(slot);
    return id.kind != HolderKind::kJob || jobs_[id.index].running();
  }

  void SetUpHolders();
  void ScheduleStart();
  void Close();
  void Advance();
  void MeasureSiteLoads();
  void AccountHolders(double start_s, double dt_h);
  void OnHour();
  void StepService(int service, int hour);
  void PreemptFor(int service);
  bool TakeSpare(int slot, int pod = -1);
  void RequestSpare(int slot, int pod = -1);
  void ReleaseNode(int node);
  void FreeGang(int job, bool hand_out);
  void ScheduleFailure(int node);
  void OnFailure(int node, int component);
  void OnRepaired(int node);
  void OnActivated(int node, std::uint32_t epoch);
  void MaybeRestartJob(int job);
  void OnJobRestarted(int job, std::uint32_t epoch);
  void ScheduleJobFinish(int job);
  void OnJobFinished(int job, std::uint32_t epoch);
  void CloseBillingPeriod(int lease, double end_s);
  void Sample();
  void CloseMonth();

  const FleetPlan& plan_;
  fleet::FailureModel model_;
  sim::EventLoop loop_;
  HolderIndex holders_;
  fleet::NodePool pool_;
  std::vector<sim::RngStream> failure_rng_;
  std::vector<sim::RngStream> repair_rng_;
  std::vector<double> idle_node_w_;    // by cluster
  std::vector<double> active_node_w_;  // by holder slot
  std::vector<LeaseBook> leases_;
  std::vector<training::JobRun> jobs_;
  std::vector<ServiceRun> services_;
  std::vector<SiteRun> sites_;
  FleetAccounting accounting_;
  FleetOutcome out_;
  double last_s_ = 0;
  sim::SimTime horizon_;
};

FleetOutcome Simulation::Run() {
  horizon_ = sim::kSimStart + sim::FromSeconds(plan_.horizon_s);
  for (const auto& s : plan_.sites) {
    SiteRun site;
    site.stored_wh = s.battery_wh;  // ASSUMPTION: batteries start full.
    sites_.push_back(site);
  }
  for (const auto& c : plan_.clusters) {
    idle_node_w_.push_back(fleet::NodePowerW(c.node, c.gpu, 0.0));
    ClusterOutcome co;
    co.name = c.name;
    co.gpus = c.gpus();
    out_.clusters.push_back(co);
  }
  SetUpHolders();
  pool_.Populate();
  for (int i = 0; i < pool_.size(); ++i) {
    const std::uint64_t entity = fleet::NodeEntityId(
        plan_.clusters[pool_.cluster_of(i)].name, pool_.index_of(i));
    failure_rng_.emplace_back(plan_.seed, "failure", entity);
    repair_rng_.emplace_back(plan_.seed, "repair", entity);
  }
  ScheduleStart();
  out_.events = static_cast<std::int64_t>(loop_.RunUntil(horizon_));
  Close();
  return std::move(out_);
}

// Leases, then jobs, then services: the holder slots, in order.
void Simulation::SetUpHolders() {
  const double horizon_h = plan_.horizon_s / sim::kSecondsPerHour;
  const auto node_w = [&](int cluster, double utilization) {
    const auto& c = plan_.clusters[cluster];
    return fleet::NodePowerW(c.node, c.gpu, utilization);
  };
  for (const auto& l : plan_.leases) {
    pool_.AddGang(l.cluster, l.gpus / plan_.clusters[l.cluster].node.gpus,
                  false);
    active_node_w_.push_back(node_w(l.cluster, l.gpu_utilization));
    leases_.emplace_back(l, horizon_h);
  }
  const double rate_per_gpu_s = model_.RatePerGpuHour() / sim::kSecondsPerHour;
  for (const auto& j : plan_.jobs) {
    pool_.AddGang(j.cluster, j.gpus / plan_.clusters[j.cluster].node.gpus,
                  true);
    active_node_w_.push_back(node_w(j.cluster, j.gpu_utilization));
    jobs_.emplace_back(j, rate_per_gpu_s, plan_.horizon_s);
  }
  for (const auto& sv : plan_.services) {
    pool_.AddGang(sv.cluster, 0, false);  // sized by the first hourly step
    active_node_w_.push_back(node_w(sv.cluster, sv.gpu_utilization));
    ServiceRun run;
    run.out.name = sv.name;
    run.out.tenant = sv.tenant;
    services_.push_back(std::move(run));
  }
}

void Simulation::ScheduleStart() {
  for (int i = 0; i < pool_.size(); ++i) ScheduleFailure(i);
  for (int j = 0; j < static_cast<int>(jobs_.size()); ++j) ScheduleJobFinish(j);
  for (int l = 0; l < static_cast<int>(plan_.leases.size()); ++l) {
    const double period_s =
        plan_.leases[l].billing_period_days * sim::kSecondsPerDay;
    for (double t = period_s; t < plan_.horizon_s; t += period_s) {
      loop_.ScheduleAt(sim::kSimStart + sim::FromSeconds(t),
                       [this, l, t] { CloseBillingPeriod(l, t); });
    }
  }
  if (!plan_.services.empty() ||
      std::any_of(
          plan_.sites.begin(), plan_.sites.end(),
          [](const fleet::GroundSiteConfig& s) { return s.Hourly(); })) {
    loop_.ScheduleAt(sim::kSimStart, [this] { OnHour(); });
  }
  const double month_s = sim::kSecondsPerYear / 12;
  for (double t = month_s; t < plan_.horizon_s * (1 - 1e-12); t += month_s) {
    loop_.ScheduleAt(sim::kSimStart + sim::FromSeconds(t),
                     [this] { CloseMonth(); });
  }
  for (double t = plan_.timeseries_step_s; t < plan_.horizon_s;
       t += plan_.timeseries_step_s) {
    loop_.ScheduleAt(sim::kSimStart + sim::FromSeconds(t),
                     [this] { Sample(); });
  }
}

// The end of the horizon: the last interval and step, then every outcome.
void Simulation::Close() {
  Advance();
  Sample();
  for (int l = 0; l < static_cast<int>(leases_.size()); ++l) {
    CloseBillingPeriod(l, plan_.horizon_s);
    out_.leases.push_back(leases_[l].Close());
  }
  for (int j = 0; j < static_cast<int>(jobs_.size()); ++j) {
    const fleet::Gang& gang = pool_.gang(JobSlot(j));
    out_.training.push_back(jobs_[j].Close(
        NowS(), plan_.horizon_s, plan_.clusters[plan_.jobs[j].cluster],
        gang.max_pods_spanned, gang.pods_spanned));
  }
  for (std::size_t s = 0; s < sites_.size(); ++s) {
    const auto& t = sites_[s].totals;
    const auto& cfg = plan_.sites[s];
    out_.sites.push_back(SiteOutcome{
        cfg.name, t.energy_mwh, t.it_energy_mwh, t.peak_power_mw,
        t.peak_drawn_mw, cfg.power_cap_w * 1e-6, t.power_capped_hours,
        t.unmet_mwh, t.grid_mwh, t.generation_mwh, t.curtailed_mwh,
        t.battery_charged_mwh, t.battery_discharged_mwh, cfg.battery_wh * 1e-6,
        sites_[s].stored_wh * 1e-6, t.energy_cost_usd, t.carbon_t});
  }
  CloseMonth();
  for (std::size_t v = 0; v < services_.size(); ++v) {
    CloseServiceOutcome(plan_.services[v], services_[v].out);
    out_.services.push_back(services_[v].out);
  }
}

void Simulation::Advance() {
  const double now_s = NowS();
  const double start_s = last_s_;
  const double dt_h = (now_s - last_s_) / sim::kSecondsPerHour;
  last_s_ = now_s;
  if (dt_h <= 0) return;
  MeasureSiteLoads();
  for (int s = 0; s < static_cast<int>(sites_.size()); ++s) {
    SiteRun& site = sites_[s];
    const fleet::SiteInterval interval = fleet::IntegrateSiteEnergy(
        plan_.sites[s], site.load, start_s, dt_h, site.stored_wh, site.totals);
    site.throttle_h = interval.throttle_h;
    for (int p = 0; p < interval.pieces; ++p) {
      accounting_.AddEnergy(interval.piece[p].served_mwh,
                            interval.piece[p].grid_mwh);
    }
  }
  for (int c = 0; c < static_cast<int>(plan_.clusters.size()); ++c) {
    accounting_.AddClusterInterval(
        pool_.cluster(c), plan_.clusters[c].node.gpus, dt_h, out_.clusters[c]);
  }
  AccountHolders(start_s, dt_h);
}

// The IT power of each site, split into idle and working nodes.
void Simulation::MeasureSiteLoads() {
  for (auto& site : sites_) site.load = fleet::SiteLoad{};
  for (int c = 0; c < static_cast<int>(plan_.clusters.size()); ++c) {
    sites_[plan_.clusters[c].site].load.idle_it_w +=
        static_cast<double>(pool_.PoweredSpares(c) +
                            pool_.cluster(c).provisioning) *
        idle_node_w_[c];
  }
  for (int h = 0; h < pool_.gangs(); ++h) {
    const fleet::Gang& gang = pool_.gang(h);
    auto& load = sites_[plan_.clusters[gang.cluster].site].load;
    if (Working(h)) {
      load.work_it_w += static_cast<double>(gang.active) * active_node_w_[h];
    } else {
      load.idle_it_w +=
          static_cast<double>(gang.active) * idle_node_w_[gang.cluster];
    }
  }
}

void Simulation::AccountHolders(double start_s, double dt_h) {
  for (int h = 0; h < pool_.gangs(); ++h) {
    const fleet::Gang& gang = pool_.gang(h);
    const auto& cluster = plan_.clusters[gang.cluster];
    const double g = cluster.node.gpus;
    const bool working = Working(h);
    const double throttle_h = sites_[cluster.site].throttle_h;
    const HeldInterval held = accounting_.AddHeldInterval(
        gang.active, g, dt_h, working, throttle_h, out_.clusters[gang.cluster]);
    if (!working) continue;
    const HolderId id = holders_.Id(h);
    switch (id.kind) {
      case HolderKind::kJob:
        jobs_[id.index].AddThrottledS(throttle_h * sim::kSecondsPerHour);
        break;
      case HolderKind::kService:
        AccountServiceInterval(
            plan_.services[id.index], services_[id.index].out, gang.active, g,
            held.held_gpu_h, held.working_gpu_h, start_s, dt_h);
        break;
      case HolderKind::kLease: {
        const double short_gpus =
            static_cast<double>(gang.target_nodes - gang.active) * g;
        accounting_.AddShortfall(short_gpus, dt_h);
        leases_[id.index].Deliver(held.working_gpu_h, short_gpus);
        break;
      }
    }
  }
}

void Simulation::OnHour() {
  Advance();
  const int hour = static_cast<int>(std::lround(NowS() / sim::kSecondsPerHour));
  for (int v = 0; v < static_cast<int>(plan_.services.size()); ++v) {
    StepService(v, hour);
  }
  const sim::SimTime next = loop_.Now() + sim::FromHours(1);
  if (next < horizon_) loop_.ScheduleAt(next, [this] { OnHour(); });
}

// Grows or shrinks service `service` to what hour `hour`'s demand needs.
void Simulation::StepService(int service, int hour) {
  const auto& cfg = plan_.services[service];
  if (cfg.rate_per_s_by_hour.empty()) return;
  const int slot = holders_.Slot(HolderId::Service(service));
  const int node_gpus = plan_.clusters[cfg.cluster].node.gpus;
  const std::int64_t target = ServiceNodesNeeded(cfg, hour, node_gpus);
  pool_.set_target_nodes(slot, target);
  RecordServicePeak(services_[service].out, target, node_gpus);
  auto& members = services_[service].members;
  while (pool_.gang(slot).active > target && !members.empty()) {
    const int node = members.back();
    members.pop_back();
    if (pool_.gang_of(node) != slot ||
        pool_.state(node) != NodeState::kActive) {
      continue;
    }
    pool_.SetState(node, NodeState::kSpare, -1);
    ReleaseNode(node);
  }
  PreemptFor(service);
}

// Fills service `service` from spares, then by preempting training jobs; a
// preempted job gathers what is left and waits for the rest.
void Simulation::PreemptFor(int service) {
  const auto& cfg = plan_.services[service];
  const int slot = holders_.Slot(HolderId::Service(service));
  const auto preemptible = [this](int j) {
    const fleet::Gang& gang = pool_.gang(JobSlot(j));
    return !jobs_[j].done() && gang.active + gang.provisioning != 0;
  };
  std::vector<int> preempted;
  while (pool_.gang(slot).active < pool_.gang(slot).target_nodes) {
    if (TakeSpare(slot)) continue;
    const int victim = ChoosePreemptionVictim(cfg, plan_.jobs, preemptible);
    if (victim < 0) break;  // the service runs short
    if (jobs_[victim].Preempt(NowS())) {
      ++services_[service].out.preemptions;
      FreeGang(victim, false);
    }
    preempted.push_back(victim);
  }
  for (const int j : preempted) {
    const fleet::Gang& gang = pool_.gang(JobSlot(j));
    for (std::int64_t k = gang.active + gang.provisioning;
         k < gang.target_nodes; ++k) {
      RequestSpare(JobSlot(j));
    }
  }
}

// Gives holder `slot` a spare node at once; false when none is free.
bool Simulation::TakeSpare(int slot, int pod) {
  const int node = pool_.PopSpare(pool_.gang(slot).cluster, pod, slot);
  if (node < 0) return false;
  pool_.SetState(node, NodeState::kActive, slot);
  if (const HolderId id = holders_.Id(slot); id.kind == HolderKind::kService) {
    services_[id.index].members.push_back(node);
  }
  return true;
}

void Simulation::RequestSpare(int slot, int pod) {
  const HolderId id = holders_.Id(slot);
  // A service does not queue: it tries again at its next hourly step.
  if (id.kind == HolderKind::kService) {
    TakeSpare(slot, pod);
    return;
  }
  const bool job = id.kind == HolderKind::kJob;
  if (job && jobs_[id.index].done()) return;
  const int cluster = pool_.gang(slot).cluster;
  const int node = pool_.PopSpare(cluster, pod, slot);
  if (node < 0) {
    pool_.Wait(slot);
    return;
  }
  bool at_once = plan_.spare_swap_h <= 0;
  if (pool_.TakeHot(cluster)) {
    // A hot spare goes at once; a cold one is warmed to take its place.
    at_once = true;
    loop_.ScheduleAfter(sim::FromHours(plan_.spare_swap_h), [this, cluster] {
      Advance();
      pool_.Warmed(cluster);
    });
  }
  if (at_once) {
    pool_.SetState(node, NodeState::kActive, slot);
    if (job) MaybeRestartJob(id.index);
  } else {
    pool_.SetState(node, NodeState::kProvisioning, slot);
    const std::uint32_t epoch = pool_.epoch(node);
    loop_.ScheduleAfter(sim::FromHours(plan_.spare_swap_h),
                        [this, node, epoch] { OnActivated(node, epoch); });
  }
}

// Puts a spare node back in the pool and gives it to a holder waiting for one.
void Simulation::ReleaseNode(int node) {
  if (const int waiting = pool_.Release(node); waiting >= 0) {
    RequestSpare(waiting);
  }
}

// Returns every node of `job` to the pool and drops its place in the shortage
// queue; with `hand_out`, each node goes on to a holder waiting for one.
void Simulation::FreeGang(int job, bool hand_out) {
  const int slot = JobSlot(job);
  pool_.DropWaits(slot);
  for (int node = 0; node < pool_.size(); ++node) {
    if (pool_.gang_of(node) != slot) continue;
    pool_.SetState(node, NodeState::kSpare, -1);
    if (hand_out) {
      ReleaseNode(node);
    } else {
      pool_.PushSpare(node);
    }
  }
}

void Simulation::ScheduleFailure(int node) {
  const int gpus = plan_.clusters[pool_.cluster_of(node)].node.gpus;
  const auto draw = model_.DrawFailure(failure_rng_[node], gpus);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(draw.hours));
  if (at > horizon_) return;
  loop_.ScheduleAt(at,
                   [this, node, c = draw.component] { OnFailure(node, c); });
}

void Simulation::OnFailure(int node, int component) {
  Advance();
  const auto& cause = model_.components()[component];
  ++out_.failures_total;
  ++out_.failures_by_component[cause.name];
  ++out_.clusters[pool_.cluster_of(node)].failures;
  accounting_.CountFailure();
  if (const int slot = pool_.Fail(node); slot >= 0) {
    const HolderId id = holders_.Id(slot);
    if (id.kind == HolderKind::kJob) {
      jobs_[id.index].Interrupt(NowS(), cause.name, cause.planned);
    } else if (id.kind == HolderKind::kLease) {
      leases_[id.index].CountInterruption();
    }
    RequestSpare(slot, pool_.pod_of(node));
  }
  const double repair_h = model_.DrawRepairHours(repair_rng_[node], component);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(repair_h));
  if (at <= horizon_) loop_.ScheduleAt(at, [this, node] { OnRepaired(node); });
}

void Simulation::OnRepaired(int node) {
  Advance();
  pool_.SetState(node, NodeState::kSpare, -1);
  ReleaseNode(node);
  ScheduleFailure(node);
}

void Simulation::OnActivated(int node, std::uint32_t epoch) {
  if (pool_.epoch(node) != epoch ||
      pool_.state(node) != NodeState::kProvisioning) {
    return;
  }
  Advance();
  const int slot = pool_.gang_of(node);
  pool_.SetState(node, NodeState::kActive, slot);
  if (const HolderId id = holders_.Id(slot); id.kind == HolderKind::kJob) {
    MaybeRestartJob(id.index);
  }
}

// Restarts `job` once its gang is whole again.
void Simulation::MaybeRestartJob(int job) {
  const fleet::Gang& gang = pool_.gang(JobSlot(job));
  if (gang.active < gang.target_nodes) return;
  const auto restart_s = jobs_[job].BeginRestart(NowS());
  if (!restart_s) return;
  const std::uint32_t epoch = jobs_[job].epoch();
  loop_.ScheduleAfter(sim::FromSeconds(*restart_s),
                      [this, job, epoch] { OnJobRestarted(job, epoch); });
}

void Simulation::OnJobRestarted(int job, std::uint32_t epoch) {
  if (!jobs_[job].IsCurrent(epoch, training::JobPhase::kRestarting)) return;
  Advance();
  jobs_[job].EndRestart(NowS());
  ScheduleJobFinish(job);
}

void Simulation::ScheduleJobFinish(int job) {
  const auto wall_s = jobs_[job].WallTimeToTargetS();
  if (!wall_s) return;
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromSeconds(*wall_s));
  if (at > horizon_) return;
  const std::uint32_t epoch = jobs_[job].epoch();
  loop_.ScheduleAt(at, [this, job, epoch] { OnJobFinished(job, epoch); });
}

void Simulation::OnJobFinished(int job, std::uint32_t epoch) {
  if (!jobs_[job].IsCurrent(epoch, training::JobPhase::kRunning)) return;
  Advance();
  if (!jobs_[job].Finish(NowS())) {
    ScheduleJobFinish(job);
    return;
  }
  // The gang goes back to the pool.
  pool_.set_target_nodes(JobSlot(job), 0);
  FreeGang(job, true);
}

void Simulation::CloseBillingPeriod(int lease, double end_s) {
  Advance();
  leases_[lease].ClosePeriod(plan_.leases[lease], end_s);
}

void Simulation::Sample() {
  Advance();
  double battery_mwh = 0;
  for (const auto& site : sites_) battery_mwh += site.stored_wh * 1e-6;
  accounting_.Sample(NowS(), battery_mwh, out_.timeseries);
}

// Records the money of the month ending now, as differences of running
// totals.
void Simulation::CloseMonth() {
  Advance();
  econ::MonthFlows now;
  now.end_s = NowS();
  for (const auto& l : plan_.leases) {
    now.revenue_usd += LeaseBilledUsd(
        l, static_cast<double>(l.gpus) * now.end_s / sim::kSecondsPerHour);
  }
  for (int v = 0; v < static_cast<int>(plan_.services.size()); ++v) {
    now.revenue_usd += ServiceRevenueUsd(plan_.services[v], services_[v].out);
  }
  for (const auto& l : leases_)
    now.sla_credit_usd += l.outcome().sla_penalty_usd;
  for (const auto& s : sites_) now.energy_cost_usd += s.totals.energy_cost_usd;
  out_.months.push_back(accounting_.CloseMonth(now));
}

}  // namespace

FleetOutcome SimulateFleet(
    const FleetPlan& plan,
    const std::vector<catalog::FailureComponent>& components) {
  Simulation sim(plan, components);
  return sim.Run();
}

}  // namespace kardashev::sched
