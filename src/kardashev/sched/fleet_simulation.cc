// The fleet simulation's event wiring: it owns the event loop, and each
// handler carries the fleet's state (sched/fleet_state) up to now, then acts
// on the concept the event concerns: nodes (fleet/node_pool), which node goes
// where (sched/placement), training jobs (training/job_run), services
// (sched/service, sched/preemption), leases (sched/lease) and the sums over
// time (sched/accounting).
//
// Outputs are byte-identical run to run only if order is kept: events at one
// time run in the order scheduled, sums are taken term by term in a fixed
// order (sites, clusters, then holder slots), and every handler calls
// Advance() before it changes state. Stale events (a swap, restart or finish
// overtaken by a failure or a preemption) are dropped by epoch checks rather
// than EventLoop::Cancel: they still run, as no-ops, so the count of events
// run, which the outcome reports, does not depend on how they are dropped.
//
// Tracing (sched/trace_recorder.h): every handler that changes a job's phase
// tells the recorder (TraceJob), as do failures and closed billing periods;
// an untraced run only checks a null pointer and records nothing.
#include "kardashev/sched/fleet_simulation.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kardashev/fleet/node_pool.h"
#include "kardashev/sched/fleet_state.h"
#include "kardashev/sched/holder.h"
#include "kardashev/sched/placement.h"
#include "kardashev/sched/preemption.h"
#include "kardashev/sim/event_loop.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/job_run.h"

namespace kardashev::sched {

namespace {

using fleet::NodeState;

class Simulation {
 public:
  Simulation(const FleetPlan& plan,
             const std::vector<catalog::FailureComponent>& components,
             TraceRecorder* trace, const SimulatedShare& progress)
      : plan_(plan),
        progress_(progress),
        state_(plan, components),
        trace_(trace) {}
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  FleetOutcome Run();

 private:
  double NowS() const { return sim::ToSeconds(loop_.Now()); }
  // Schedules `fn(t)` at t = step_s, 2 step_s, ... while t < end_s.
  template <typename F>
  void ScheduleEvery(double step_s, double end_s, F fn) {
    for (double t = step_s; t < end_s; t += step_s) {
      loop_.ScheduleAt(sim::kSimStart + sim::FromSeconds(t),
                       [fn, t] { fn(t); });
    }
  }

  void ScheduleStart();
  void Advance();
  void OnHour();
  void StepService(int service, int hour);
  void PreemptFor(int service);
  void Apply();
  void ScheduleFailure(int node);
  void OnFailure(int node, int component);
  void TraceFailure(int node, int component, int slot);
  void OnRepaired(int node);
  void OnActivated(int node, std::uint32_t epoch);
  void MaybeRestartJob(int job);
  // Replica and elastic modes (training/replica_groups.h).
  void GroupNodeFailed(int job, int node, int component);
  void GroupNodeJoined(int job, int node);
  void GroupWhole(int job, int domain);
  void MaybeRestartGroupJob(int job);
  void OnGroupRejoined(int job, int domain, std::uint32_t epoch);
  void SyncDomains(int job);
  void OnJobRestarted(int job, std::uint32_t epoch);
  void ScheduleJobFinish(int job);
  void OnJobFinished(int job, std::uint32_t epoch);
  void CloseBillingPeriod(int lease, double end_s);
  void Sample();
  void CloseMonth();
  // Tells the trace, when there is one, the phase `job` is in now.
  void TraceJob(int job) {
    const auto& run = state_.jobs[job];
    if (trace_ != nullptr)
      trace_->SetJobPhase(job, run.phase(), NowS(), run.timing());
  }

  const FleetPlan& plan_;
  const SimulatedShare& progress_;
  FleetState state_;
  TraceRecorder* trace_;  // null: not traced
  sim::EventLoop loop_;
  std::vector<Handout> handouts_;  // of the last placement call
  double last_s_ = 0;
  sim::SimTime horizon_;
};

FleetOutcome Simulation::Run() {
  horizon_ = sim::kSimStart + sim::FromSeconds(plan_.horizon_s);
  ScheduleStart();
  // Running up to each hundredth in turn runs the same events in the same
  // order as one RunUntil: events are scheduled only by events.
  constexpr int kProgressSteps = 100;
  std::uint64_t ran = 0;
  for (int k = 1; progress_ && k < kProgressSteps; ++k) {
    ran +=
        loop_.RunUntil(sim::kSimStart +
                       sim::FromSeconds(plan_.horizon_s * k / kProgressSteps));
    progress_(static_cast<double>(k) / kProgressSteps);
  }
  const auto events = static_cast<std::int64_t>(ran + loop_.RunUntil(horizon_));
  Advance();
  Sample();
  FleetOutcome out = state_.Finish(NowS());
  out.events = events;
  return out;
}

void Simulation::ScheduleStart() {
  for (int i = 0; i < state_.pool.size(); ++i) ScheduleFailure(i);
  for (int j = 0; j < static_cast<int>(plan_.jobs.size()); ++j) {
    ScheduleJobFinish(j);
  }
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
  ScheduleEvery(sim::kSecondsPerMonth, plan_.horizon_s * (1 - 1e-12),
                [this](double) { CloseMonth(); });
  ScheduleEvery(plan_.timeseries_step_s, plan_.horizon_s,
                [this](double) { Sample(); });
}

// Carries the state from the last event up to now.
void Simulation::Advance() {
  const double now_s = NowS();
  const double start_s = last_s_;
  const double dt_h = (now_s - last_s_) / sim::kSecondsPerHour;
  last_s_ = now_s;
  if (dt_h > 0) state_.Integrate(start_s, dt_h);
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
  RecordServicePeak(state_.services[service], nodes, node_gpus);
  state_.placement.ResizeService(service, nodes, handouts_);
  Apply();
  PreemptFor(service);
}

// Fills service `service` from spares, then by preempting training jobs; a
// preempted job gathers what is left and waits for the rest.
void Simulation::PreemptFor(int service) {
  const auto preemptible = [this](int j) {
    const fleet::Gang& gang = state_.pool.gang(state_.JobSlot(j));
    return !state_.jobs[j].done() && gang.active + gang.provisioning != 0;
  };
  std::vector<int> preempted;
  while (!state_.placement.FillService(service)) {
    const int victim = ChoosePreemptionVictim(plan_.services[service],
                                              plan_.jobs, preemptible);
    if (victim < 0) break;  // the service runs short
    if (state_.jobs[victim].Preempt(NowS())) {
      TraceJob(victim);
      ++state_.services[service].preemptions;
      state_.placement.Free(state_.JobSlot(victim), false, handouts_);
      if (state_.groups[victim]) {
        state_.groups[victim]->LoseAll();
        SyncDomains(victim);
      }
    }
    preempted.push_back(victim);
  }
  for (const int j : preempted) {
    state_.placement.Gather(state_.JobSlot(j), handouts_);
  }
  Apply();
}

// Acts on the nodes the last placement call handed out, in order.
void Simulation::Apply() {
  for (const Handout& h : handouts_) {
    if (h.refill) {
      const int cluster = state_.pool.gang(h.slot).cluster;
      loop_.ScheduleAfter(sim::FromSeconds(plan_.ColdSwapS(cluster)),
                          [this, cluster, tier = h.tier] {
                            Advance();
                            state_.pool.Warmed(cluster, tier);
                          });
    }
    if (h.provisioning) {
      loop_.ScheduleAfter(
          sim::FromSeconds(h.swap_s),
          [this, node = h.node, e = h.epoch] { OnActivated(node, e); });
    } else if (const HolderId id = state_.holders.Id(h.slot);
               id.kind == HolderKind::kJob) {
      if (state_.groups[id.index]) {
        GroupNodeJoined(id.index, h.node);
      } else if (h.gang_whole) {
        MaybeRestartJob(id.index);
      }
    }
  }
  handouts_.clear();
}

void Simulation::ScheduleFailure(int node) {
  const auto draw = state_.DrawFailure(node);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(draw.hours));
  if (at > horizon_) return;
  loop_.ScheduleAt(at,
                   [this, node, c = draw.component] { OnFailure(node, c); });
}

void Simulation::OnFailure(int node, int component) {
  if (!state_.FailureHappens(node)) return ScheduleFailure(node);
  Advance();
  const auto& cause = state_.model.components()[component];
  ++state_.out.failures_total;
  ++state_.out.failures_by_component[cause.name];
  ++state_.out.clusters[state_.pool.cluster_of(node)].failures;
  state_.accounting.CountFailure();
  const int slot = state_.pool.Fail(node);
  if (trace_ != nullptr) TraceFailure(node, component, slot);
  if (slot >= 0) {
    const HolderId id = state_.holders.Id(slot);
    if (id.kind == HolderKind::kJob && state_.groups[id.index]) {
      GroupNodeFailed(id.index, node, component);
    } else {
      if (id.kind == HolderKind::kJob) {
        state_.jobs[id.index].Interrupt(NowS(), cause.name, cause.planned);
        TraceJob(id.index);
      } else if (id.kind == HolderKind::kLease) {
        state_.leases[id.index].CountInterruption();
      }
      state_.placement.Request(slot, state_.pool.pod_of(node), handouts_);
      Apply();
    }
  }
  const double repair_h =
      state_.model.DrawRepairHours(state_.repair_rng[node], component);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(repair_h));
  if (at <= horizon_) loop_.ScheduleAt(at, [this, node] { OnRepaired(node); });
}

// Records failure of `node` with `component`, which hit holder `slot` (< 0:
// none), in the trace.
void Simulation::TraceFailure(int node, int component, int slot) {
  const HolderId id = slot >= 0 ? state_.holders.Id(slot) : HolderId{};
  const bool job = slot >= 0 && id.kind == HolderKind::kJob;
  const bool lease = slot >= 0 && id.kind == HolderKind::kLease;
  trace_->Failure(NowS(), state_.pool.cluster_of(node),
                  state_.model.components()[component].name,
                  job ? id.index : -1, lease ? id.index : -1);
}

void Simulation::OnRepaired(int node) {
  Advance();
  state_.pool.SetState(node, NodeState::kSpare, -1);
  state_.placement.Release(node, handouts_);
  Apply();
  ScheduleFailure(node);
}

void Simulation::OnActivated(int node, std::uint32_t epoch) {
  if (state_.pool.epoch(node) != epoch ||
      state_.pool.state(node) != NodeState::kProvisioning) {
    return;
  }
  Advance();
  const int slot = state_.pool.gang_of(node);
  state_.pool.SetState(node, NodeState::kActive, slot);
  if (const HolderId id = state_.holders.Id(slot);
      id.kind == HolderKind::kJob) {
    if (state_.groups[id.index]) {
      GroupNodeJoined(id.index, node);
    } else {
      MaybeRestartJob(id.index);
    }
  }
}

// Restarts `job` once its gang is whole again.
void Simulation::MaybeRestartJob(int job) {
  const fleet::Gang& gang = state_.pool.gang(state_.JobSlot(job));
  if (gang.active < gang.target_nodes) return;
  const auto restart_s = state_.jobs[job].BeginRestart(NowS());
  if (!restart_s) return;
  TraceJob(job);
  const std::uint32_t epoch = state_.jobs[job].epoch();
  loop_.ScheduleAfter(sim::FromSeconds(*restart_s),
                      [this, job, epoch] { OnJobRestarted(job, epoch); });
}

// A node of replica- or elastic-mode `job` failed: its domain stops; a
// job-scope cause, or a job left with no group training, restarts the job
// whole. The job asks for a node; in elastic mode, when none is free, it
// re-forms whole groups from the nodes it holds.
void Simulation::GroupNodeFailed(int job, int node, int component) {
  const auto& cause = state_.model.components()[component];
  auto& run = state_.jobs[job];
  auto& groups = *state_.groups[job];
  const auto lost = groups.Lose(node);
  if (lost.domain >= 0) {
    const bool none_left = groups.fielded() + groups.rejoining() == 0;
    if (cause.job_scope || none_left) {
      run.Interrupt(NowS(), cause.name, cause.planned);
      TraceJob(job);
    } else if (lost.was_live) {
      run.GroupFailed(NowS(), cause.name, cause.planned);
    }
    SyncDomains(job);
    MaybeRestartGroupJob(job);
  }
  const int slot = state_.JobSlot(job);
  state_.placement.Request(slot, state_.pool.pod_of(node), handouts_);
  const bool served =
      std::any_of(handouts_.begin(), handouts_.end(),
                  [slot](const Handout& h) { return h.slot == slot; });
  Apply();
  if (!served &&
      plan_.jobs[job].fault_tolerance == training::FaultTolerance::kElastic) {
    for (const int d : groups.Reform()) GroupWhole(job, d);
  }
}

void Simulation::GroupNodeJoined(int job, int node) {
  if (const int d = state_.groups[job]->Join(node); d >= 0) GroupWhole(job, d);
}

// Domain `domain` of `job` is whole again: it rejoins a running job from a
// peer group, joins a whole-job restart in progress, or lets a stopped job
// restart.
void Simulation::GroupWhole(int job, int domain) {
  auto& groups = *state_.groups[job];
  switch (state_.jobs[job].phase()) {
    case training::JobPhase::kRunning: {
      groups.SetState(domain, training::DomainState::kRejoining);
      loop_.ScheduleAfter(sim::FromSeconds(state_.jobs[job].rejoin_s()),
                          [this, job, domain, e = groups.epoch(domain)] {
                            OnGroupRejoined(job, domain, e);
                          });
      SyncDomains(job);
      break;
    }
    case training::JobPhase::kRestarting:
      groups.SetState(domain, training::DomainState::kFielded);
      SyncDomains(job);
      break;
    case training::JobPhase::kWaiting:
      MaybeRestartGroupJob(job);
      break;
    case training::JobPhase::kDone:
      break;
  }
}

// A stopped replica-mode job restarts whole with the groups that are whole,
// once there is one.
void Simulation::MaybeRestartGroupJob(int job) {
  auto& run = state_.jobs[job];
  auto& groups = *state_.groups[job];
  if (run.phase() != training::JobPhase::kWaiting) return;
  bool any = false;
  for (int d = 0; d < groups.size(); ++d) {
    if (!groups.Whole(d)) continue;
    any = true;
    groups.SetState(d, training::DomainState::kFielded);
  }
  if (!any) return;
  SyncDomains(job);
  const auto restart_s = run.BeginRestart(NowS());
  TraceJob(job);
  const std::uint32_t epoch = run.epoch();
  loop_.ScheduleAfter(sim::FromSeconds(*restart_s),
                      [this, job, epoch] { OnJobRestarted(job, epoch); });
}

void Simulation::OnGroupRejoined(int job, int domain, std::uint32_t epoch) {
  auto& groups = *state_.groups[job];
  if (groups.epoch(domain) != epoch ||
      groups.state(domain) != training::DomainState::kRejoining) {
    return;
  }
  Advance();
  groups.SetState(domain, training::DomainState::kFielded);
  state_.jobs[job].CountRejoin();
  SyncDomains(job);
}

// Tells the job its groups' counts; a running job whose width changed
// schedules its finish anew.
void Simulation::SyncDomains(int job) {
  auto& run = state_.jobs[job];
  const auto& groups = *state_.groups[job];
  const std::uint32_t before = run.finish_epoch();
  run.SetDomains(NowS(), groups.fielded(), groups.rejoining());
  if (run.running() && run.finish_epoch() != before) ScheduleJobFinish(job);
}

void Simulation::OnJobRestarted(int job, std::uint32_t epoch) {
  if (!state_.jobs[job].IsCurrent(epoch, training::JobPhase::kRestarting)) {
    return;
  }
  Advance();
  state_.jobs[job].EndRestart(NowS());
  TraceJob(job);
  ScheduleJobFinish(job);
}

void Simulation::ScheduleJobFinish(int job) {
  const auto wall_s = state_.jobs[job].WallTimeToTargetS(NowS());
  if (!wall_s) return;
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromSeconds(*wall_s));
  if (at > horizon_) return;
  const std::uint32_t epoch = state_.jobs[job].finish_epoch();
  loop_.ScheduleAt(at, [this, job, epoch] { OnJobFinished(job, epoch); });
}

void Simulation::OnJobFinished(int job, std::uint32_t epoch) {
  if (!state_.jobs[job].IsFinishCurrent(epoch)) return;
  Advance();
  if (!state_.jobs[job].Finish(NowS())) {
    ScheduleJobFinish(job);
    return;
  }
  TraceJob(job);
  // The gang goes back to the pool.
  state_.placement.Retire(state_.JobSlot(job));
  state_.placement.Free(state_.JobSlot(job), true, handouts_);
  Apply();
}

void Simulation::CloseBillingPeriod(int lease, double end_s) {
  Advance();
  state_.leases[lease].ClosePeriod(plan_.leases[lease], end_s);
  if (trace_ != nullptr) {
    trace_->LeasePeriod(
        lease,
        end_s - plan_.leases[lease].billing_period_days * sim::kSecondsPerDay,
        end_s);
  }
}

void Simulation::Sample() {
  Advance();
  state_.accounting.Sample(NowS(), state_.BatteryMwh(), state_.out.timeseries);
}

// Records the money of the month ending now.
void Simulation::CloseMonth() {
  Advance();
  state_.out.months.push_back(
      state_.accounting.CloseMonth(state_.MoneyToDateAt(NowS())));
}

}  // namespace

FleetOutcome SimulateFleet(
    const FleetPlan& plan,
    const std::vector<catalog::FailureComponent>& components,
    TraceRecorder* trace, const SimulatedShare& progress) {
  Simulation sim(plan, components, trace, progress);
  return sim.Run();
}

}  // namespace kardashev::sched
