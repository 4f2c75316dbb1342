// The fleet simulation's event wiring: it owns the event loop and connects the
// concepts, each in its own file: nodes (fleet/node_pool), site energy
// (fleet/site_energy), holders by typed id (sched/holder), which node goes
// where (sched/placement), leases (sched/lease), training jobs
// (training/job_run), services (sched/service), preemption (sched/preemption)
// and the sums over time (sched/accounting).
//
// Outputs are byte-identical run to run only if order is kept: events at one
// time run in the order scheduled, sums are taken term by term in a fixed
// order (sites, clusters, then holder slots), and every handler calls
// Advance() before it changes state. Stale events (a swap, restart or finish
// overtaken by a failure or a preemption) are dropped by epoch checks rather
// than EventLoop::Cancel: they still run, as no-ops, so the count of events
// run, which the outcome reports, does not depend on how they are dropped.
#include "kardashev/sched/fleet_simulation.h"

#include <algorithm>
#include <cmath>

#include "kardashev/fleet/node_pool.h"
#include "kardashev/fleet/power.h"
#include "kardashev/fleet/site_energy.h"
#include "kardashev/sched/accounting.h"
#include "kardashev/sched/holder.h"
#include "kardashev/sched/placement.h"
#include "kardashev/sched/preemption.h"
#include "kardashev/sim/event_loop.h"
#include "kardashev/sim/random.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/job_run.h"

namespace kardashev::sched {

namespace {

using fleet::NodeState;

class Simulation {
 public:
  Simulation(const FleetPlan& plan,
             const std::vector<catalog::FailureComponent>& components)
      : plan_(plan),
        model_(components, plan.failures),
        holders_(static_cast<int>(plan.leases.size()),
                 static_cast<int>(plan.jobs.size()),
                 static_cast<int>(plan.services.size())),
        pool_(plan.clusters),
        placement_(plan, holders_, pool_) {}
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
  // Schedules `fn(t)` at t = step_s, 2 step_s, ... while t < end_s.
  template <typename F>
  void ScheduleEvery(double step_s, double end_s, F fn) {
    for (double t = step_s; t < end_s; t += step_s) {
      loop_.ScheduleAt(sim::kSimStart + sim::FromSeconds(t),
                       [fn, t] { fn(t); });
    }
  }

  void SetUp();
  void ScheduleStart();
  void Close();
  void Advance();
  void AccountHolders(double start_s, double dt_h);
  void OnHour();
  void StepService(int service, int hour);
  void PreemptFor(int service);
  void Apply();
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
  Placement placement_;
  std::vector<Handout> handouts_;  // of the last placement call
  std::vector<sim::RngStream> failure_rng_;
  std::vector<sim::RngStream> repair_rng_;
  std::vector<double> active_node_w_;  // by holder slot
  std::vector<char> working_;          // by holder slot, for Advance
  std::vector<LeaseBook> leases_;
  std::vector<training::JobRun> jobs_;
  std::vector<ServiceOutcome> services_;
  std::vector<double> stored_wh_;  // by site: its battery
  std::vector<fleet::SiteLoad> loads_;
  std::vector<double> throttle_h_;  // by site, of the last interval
  std::vector<fleet::SiteEnergyTotals> site_totals_;
  FleetAccounting accounting_;
  FleetOutcome out_;
  double last_s_ = 0;
  sim::SimTime horizon_;
};

FleetOutcome Simulation::Run() {
  horizon_ = sim::kSimStart + sim::FromSeconds(plan_.horizon_s);
  SetUp();
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

// Sites, clusters, then the holders: leases, jobs, services (slot order).
void Simulation::SetUp() {
  for (const auto& s : plan_.sites) stored_wh_.push_back(s.battery_wh);
  loads_.resize(plan_.sites.size());
  throttle_h_.resize(plan_.sites.size());
  site_totals_.resize(plan_.sites.size());
  for (const auto& c : plan_.clusters) {
    out_.clusters.push_back({.name = c.name, .gpus = c.gpus()});
  }
  const double horizon_h = plan_.horizon_s / sim::kSecondsPerHour;
  const auto node_w = [&](int cluster, double utilization) {
    const auto& c = plan_.clusters[cluster];
    return fleet::NodePowerW(c.node, c.gpu, utilization);
  };
  for (const auto& l : plan_.leases) {
    active_node_w_.push_back(node_w(l.cluster, l.gpu_utilization));
    leases_.emplace_back(l, horizon_h);
  }
  const double rate_per_gpu_s = model_.RatePerGpuHour() / sim::kSecondsPerHour;
  for (const auto& j : plan_.jobs) {
    active_node_w_.push_back(node_w(j.cluster, j.gpu_utilization));
    jobs_.emplace_back(j, rate_per_gpu_s, plan_.horizon_s);
  }
  for (const auto& sv : plan_.services) {
    active_node_w_.push_back(node_w(sv.cluster, sv.gpu_utilization));
    services_.push_back({.name = sv.name, .tenant = sv.tenant});
  }
  working_.resize(holders_.size());
}

void Simulation::ScheduleStart() {
  for (int i = 0; i < pool_.size(); ++i) ScheduleFailure(i);
  for (int j = 0; j < static_cast<int>(jobs_.size()); ++j) ScheduleJobFinish(j);
  for (int l = 0; l < static_cast<int>(plan_.leases.size()); ++l) {
    ScheduleEvery(plan_.leases[l].billing_period_days * sim::kSecondsPerDay,
                  plan_.horizon_s,
                  [this, l](double t) { CloseBillingPeriod(l, t); });
  }
  if (!plan_.services.empty() ||
      std::any_of(
          plan_.sites.begin(), plan_.sites.end(),
          [](const fleet::GroundSiteConfig& s) { return s.Hourly(); })) {
    loop_.ScheduleAt(sim::kSimStart, [this] { OnHour(); });
  }
  ScheduleEvery(sim::kSecondsPerYear / 12, plan_.horizon_s * (1 - 1e-12),
                [this](double) { CloseMonth(); });
  ScheduleEvery(plan_.timeseries_step_s, plan_.horizon_s,
                [this](double) { Sample(); });
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
  for (std::size_t s = 0; s < plan_.sites.size(); ++s) {
    out_.sites.push_back(
        MakeSiteOutcome(plan_.sites[s], site_totals_[s], stored_wh_[s]));
  }
  CloseMonth();
  for (std::size_t v = 0; v < services_.size(); ++v) {
    CloseServiceOutcome(plan_.services[v], services_[v]);
    out_.services.push_back(services_[v]);
  }
}

void Simulation::Advance() {
  const double now_s = NowS();
  const double start_s = last_s_;
  const double dt_h = (now_s - last_s_) / sim::kSecondsPerHour;
  last_s_ = now_s;
  if (dt_h <= 0) return;
  for (int h = 0; h < holders_.size(); ++h) working_[h] = Working(h);
  fleet::MeasureSiteLoads(pool_, plan_.clusters, active_node_w_, working_,
                          loads_);
  for (int s = 0; s < static_cast<int>(plan_.sites.size()); ++s) {
    const fleet::SiteInterval interval =
        fleet::IntegrateSiteEnergy(plan_.sites[s], loads_[s], start_s, dt_h,
                                   stored_wh_[s], site_totals_[s]);
    throttle_h_[s] = interval.throttle_h;
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

void Simulation::AccountHolders(double start_s, double dt_h) {
  for (int h = 0; h < holders_.size(); ++h) {
    const fleet::Gang& gang = pool_.gang(h);
    const auto& cluster = plan_.clusters[gang.cluster];
    const double g = cluster.node.gpus;
    const double throttle_h = throttle_h_[cluster.site];
    const HeldInterval held =
        accounting_.AddHeldInterval(gang.active, g, dt_h, working_[h],
                                    throttle_h, out_.clusters[gang.cluster]);
    if (!working_[h]) continue;
    const HolderId id = holders_.Id(h);
    switch (id.kind) {
      case HolderKind::kJob:
        jobs_[id.index].AddThrottledS(throttle_h * sim::kSecondsPerHour);
        break;
      case HolderKind::kService:
        AccountServiceInterval(plan_.services[id.index], services_[id.index],
                               gang.active, g, held.held_gpu_h,
                               held.working_gpu_h, start_s, dt_h);
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
  const int node_gpus = plan_.clusters[cfg.cluster].node.gpus;
  const std::int64_t nodes = ServiceNodesNeeded(cfg, hour, node_gpus);
  RecordServicePeak(services_[service], nodes, node_gpus);
  placement_.ResizeService(service, nodes, handouts_);
  Apply();
  PreemptFor(service);
}

// Fills service `service` from spares, then by preempting training jobs; a
// preempted job gathers what is left and waits for the rest.
void Simulation::PreemptFor(int service) {
  const auto preemptible = [this](int j) {
    const fleet::Gang& gang = pool_.gang(JobSlot(j));
    return !jobs_[j].done() && gang.active + gang.provisioning != 0;
  };
  std::vector<int> preempted;
  while (!placement_.FillService(service)) {
    const int victim = ChoosePreemptionVictim(plan_.services[service],
                                              plan_.jobs, preemptible);
    if (victim < 0) break;  // the service runs short
    if (jobs_[victim].Preempt(NowS())) {
      ++services_[service].preemptions;
      placement_.Free(JobSlot(victim), false, handouts_);
    }
    preempted.push_back(victim);
  }
  for (const int j : preempted) placement_.Gather(JobSlot(j), handouts_);
  Apply();
}

// Acts on the nodes the last placement call handed out, in order.
void Simulation::Apply() {
  for (const Handout& h : handouts_) {
    if (h.hot_taken) {
      const int cluster = pool_.gang(h.slot).cluster;
      loop_.ScheduleAfter(sim::FromHours(plan_.spare_swap_h), [this, cluster] {
        Advance();
        pool_.Warmed(cluster);
      });
    }
    if (h.provisioning) {
      loop_.ScheduleAfter(
          sim::FromHours(plan_.spare_swap_h),
          [this, node = h.node, e = h.epoch] { OnActivated(node, e); });
    } else if (const HolderId id = holders_.Id(h.slot);
               h.gang_whole && id.kind == HolderKind::kJob) {
      MaybeRestartJob(id.index);
    }
  }
  handouts_.clear();
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
    placement_.Request(slot, pool_.pod_of(node), handouts_);
    Apply();
  }
  const double repair_h = model_.DrawRepairHours(repair_rng_[node], component);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(repair_h));
  if (at <= horizon_) loop_.ScheduleAt(at, [this, node] { OnRepaired(node); });
}

void Simulation::OnRepaired(int node) {
  Advance();
  pool_.SetState(node, NodeState::kSpare, -1);
  placement_.Release(node, handouts_);
  Apply();
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
  placement_.Retire(JobSlot(job));
  placement_.Free(JobSlot(job), true, handouts_);
  Apply();
}

void Simulation::CloseBillingPeriod(int lease, double end_s) {
  Advance();
  leases_[lease].ClosePeriod(plan_.leases[lease], end_s);
}

void Simulation::Sample() {
  Advance();
  double battery_mwh = 0;
  for (const double wh : stored_wh_) battery_mwh += wh * 1e-6;
  accounting_.Sample(NowS(), battery_mwh, out_.timeseries);
}

// Records the money of the month ending now.
void Simulation::CloseMonth() {
  Advance();
  out_.months.push_back(accounting_.CloseMonth(
      MoneyToDate(NowS(), plan_, leases_, services_, site_totals_)));
}

}  // namespace

FleetOutcome SimulateFleet(
    const FleetPlan& plan,
    const std::vector<catalog::FailureComponent>& components) {
  Simulation sim(plan, components);
  return sim.Run();
}

}  // namespace kardashev::sched
