#include "kardashev/sched/fleet_simulation.h"

#include <algorithm>
#include <cmath>
#include <deque>

#include "kardashev/fleet/power.h"
#include "kardashev/sim/event_loop.h"
#include "kardashev/sim/random.h"
#include "kardashev/sim/time.h"

namespace kardashev::sched {

namespace {

enum class NodeState : std::uint8_t { kSpare, kProvisioning, kActive, kDown };
enum class JobPhase : std::uint8_t { kRunning, kWaiting, kRestarting, kDone };

struct Node {
  NodeState state = NodeState::kSpare;
  bool in_pool_stack = false;
  bool in_pod_stack = false;
  int cluster = 0;
  int index = 0;    // within its cluster
  int holder = -1;  // the lease or job the node serves; -1 when none
  std::uint32_t epoch =
      0;  // bumped at each failure; stale swap completions check it
};

struct ClusterState {
  std::int64_t spare = 0;
  std::int64_t provisioning = 0;
  std::int64_t down = 0;
  std::vector<int> pool;  // nodes that may be spare (checked when popped)
  std::vector<std::vector<int>> pod_pool;  // the same, by pod (with pods)
  std::deque<int> shortage;  // one entry per node a holder is waiting for
  std::int64_t hot = 0;      // hot spares ready (hot-spare policy only)
  std::int64_t warming = 0;  // cold spares being warmed to replace them
  double idle_node_w = 0;
};

// A lease or a training job: something that holds a gang of nodes of one
// cluster. Holders 0 .. leases-1 are the leases, then the jobs.
struct Holder {
  int cluster = 0;
  std::int64_t target_nodes = 0;
  std::int64_t active = 0;
  std::int64_t provisioning = 0;
  double active_node_w = 0;
};

struct LeaseState {
  double period_start_s = 0;
  double period_delivered_gpu_h = 0;
};

struct JobState {
  JobPhase phase = JobPhase::kRunning;
  training::JobTiming timing;
  double segment_start_s = 0;  // when the current running segment began
  double phase_start_s =
      0;  // when the current waiting or restarting phase began
  std::uint32_t epoch =
      0;  // bumped at each interruption; stale events check it
  double target_training_s =
      0;  // training time that reaches the target tokens (0: none)
  double throttled_s = 0;      // running time lost to power shedding
  bool preempted = false;      // waiting or restarting after a preemption
  std::vector<int> pod_nodes;  // its nodes in each pod of its cluster
  int pods_spanned = 0;
  int max_pods_spanned = 0;
};

struct ServiceState {
  std::vector<int> members;  // nodes it was given (stale entries are skipped)
};

// A site's battery, and scratch values Advance fills for each interval.
struct SiteState {
  double stored_wh = 0;
  double idle_it_w = 0;   // scratch for Advance: IT power of nodes not working
  double work_it_w = 0;   // and of working nodes
  double throttle_h = 0;  // scratch: integral of the shed share of work
};

struct StepAccumulator {
  double up_gpu_h = 0;
  double down_gpu_h = 0;
  double active_gpu_h = 0;
  double short_gpu_h = 0;
  double unpowered_gpu_h = 0;
  double energy_mwh = 0;
  double grid_mwh = 0;
  std::int64_t failures = 0;
};

class Simulation {
 public:
  Simulation(const FleetPlan& plan,
             const std::vector<catalog::FailureComponent>& components)
      : plan_(plan), model_(components, plan.failures) {}

  FleetOutcome Run();

 private:
  int JobOf(int holder) const {
    const int j = holder - static_cast<int>(plan_.leases.size());
    return j >= 0 && j < static_cast<int>(jobs_.size()) ? j : -1;
  }
  int ServiceOf(int holder) const {
    const int s = holder - static_cast<int>(plan_.leases.size()) -
                  static_cast<int>(jobs_.size());
    return s >= 0 ? s : -1;
  }
  // What service `v` has earned so far: its output tokens at its price.
  double ServiceRevenueUsd(int v) const {
    const auto& cfg = plan_.services[v];
    return out_.services[v].requests_served * cfg.tokens_per_request * 1e-6 *
           cfg.price_usd_per_million_tokens;
  }
  int HolderOfJob(int job) const {
    return static_cast<int>(plan_.leases.size()) + job;
  }
  int HolderOfService(int service) const {
    return static_cast<int>(plan_.leases.size() + jobs_.size()) + service;
  }
  bool Running(int holder) const {
    const int j = JobOf(holder);
    return j < 0 || jobs_[j].phase == JobPhase::kRunning;
  }
  double NowS() const { return sim::ToSeconds(loop_.Now()); }

  void Advance();
  void IntegrateSite(int site, double start_s, double dt_h);
  void OnHour();
  void StepService(int service, int hour);
  bool TakeSpare(int holder, int pod = -1);
  void PushSpare(int node);
  int PopSpare(int cluster, int pod, int holder);
  int PopFromPod(int cluster, int pod);
  void CountPod(int node, int holder, int delta);
  void PreemptJob(int job, int service);
  void FreeGang(int job, bool hand_out);
  double EffectiveTrainingS(int job) const {
    return out_.training[job].training_s - jobs_[job].throttled_s;
  }
  void SetState(int node, NodeState state, int holder);
  void ScheduleFailure(int node);
  void OnFailure(int node, int component);
  void OnRepaired(int node);
  void OnActivated(int node, std::uint32_t epoch);
  void RequestSpare(int holder, int pod = -1);
  void ReleaseNode(int node);
  void CloseBillingPeriod(int lease, double end_s);
  void Sample();
  void CloseMonth();

  void InterruptJob(int job, int component);
  void MaybeRestartJob(int job);
  void OnJobRestarted(int job, std::uint32_t epoch);
  void ScheduleJobFinish(int job);
  void OnJobFinished(int job, std::uint32_t epoch);
  void CloseSegment(int job, bool keep_unsaved);

  const FleetPlan& plan_;
  fleet::FailureModel model_;
  sim::EventLoop loop_;
  std::vector<Node> nodes_;
  std::vector<sim::RngStream> failure_rng_;
  std::vector<sim::RngStream> repair_rng_;
  std::vector<ClusterState> clusters_;
  std::vector<Holder> holders_;
  std::vector<LeaseState> leases_;
  std::vector<JobState> jobs_;
  std::vector<SiteState> sites_;
  std::vector<ServiceState> services_;
  FleetOutcome out_;
  StepAccumulator step_;
  double last_s_ = 0;
  double last_sample_s_ = 0;
  double cumulative_energy_mwh_ = 0;
  econ::MonthFlows month_totals_;  // cumulative at the last month's end
  sim::SimTime horizon_;
};

FleetOutcome Simulation::Run() {
  horizon_ = sim::kSimStart + sim::FromSeconds(plan_.horizon_s);
  const double horizon_h = plan_.horizon_s / sim::kSecondsPerHour;

  for (const auto& s : plan_.sites) {
    SiteOutcome so;
    so.name = s.name;
    so.power_cap_mw = s.power_cap_w * 1e-6;
    // ASSUMPTION: batteries start the horizon full.
    so.battery_start_mwh = s.battery_wh * 1e-6;
    out_.sites.push_back(so);
    SiteState ss;
    ss.stored_wh = s.battery_wh;
    sites_.push_back(ss);
  }
  for (const auto& c : plan_.clusters) {
    ClusterState cs;
    cs.idle_node_w = fleet::NodePowerW(c.node, c.gpu, 0.0);
    clusters_.push_back(std::move(cs));
    ClusterOutcome co;
    co.name = c.name;
    co.gpus = c.gpus();
    out_.clusters.push_back(co);
  }
  for (const auto& l : plan_.leases) {
    const auto& c = plan_.clusters[l.cluster];
    Holder h;
    h.cluster = l.cluster;
    h.target_nodes = l.gpus / c.node.gpus;
    h.active_node_w = fleet::NodePowerW(c.node, c.gpu, l.gpu_utilization);
    holders_.push_back(h);
    leases_.emplace_back();
    LeaseOutcome lo;
    lo.name = l.name;
    lo.tenant = l.tenant;
    lo.gpus = l.gpus;
    lo.contracted_gpu_hours = static_cast<double>(l.gpus) * horizon_h;
    lo.revenue_usd = lo.contracted_gpu_hours * l.price_usd_per_gpu_hour;
    out_.leases.push_back(lo);
  }
  const double rate_per_gpu_s = model_.RatePerGpuHour() / sim::kSecondsPerHour;
  for (const auto& j : plan_.jobs) {
    const auto& c = plan_.clusters[j.cluster];
    Holder h;
    h.cluster = j.cluster;
    h.target_nodes = j.gpus / c.node.gpus;
    h.active_node_w = fleet::NodePowerW(c.node, c.gpu, j.gpu_utilization);
    holders_.push_back(h);
    training::TrainingOutcome to;
    to.name = j.name;
    to.tenant = j.tenant;
    to.model = j.model;
    to.gpus = j.gpus;
    to.mfu = j.step.mfu;
    to.hfu = j.step.hfu;
    to.step_time_s = j.step.step_time_s;
    to.tokens_per_s = j.step.tokens_per_s;
    to.checkpoint_write_s = j.checkpoint_bytes / j.checkpoint_write_bytes_per_s;
    const double rate = rate_per_gpu_s * static_cast<double>(j.gpus);
    to.mtbi_s = rate > 0 ? 1.0 / rate : plan_.horizon_s;
    to.checkpoint_interval_s =
        j.checkpoint_interval_s > 0
            ? j.checkpoint_interval_s
            : training::DalyOptimalIntervalS(to.checkpoint_write_s, to.mtbi_s);
    JobState js;
    js.timing.interval_s = to.checkpoint_interval_s;
    js.timing.checkpoint_s = to.checkpoint_write_s;
    js.timing.restart_s = j.restart_s;
    js.target_training_s =
        j.target_tokens > 0 ? j.target_tokens / j.step.tokens_per_s : 0;
    jobs_.push_back(js);
    out_.training.push_back(to);
  }

  for (const auto& sv : plan_.services) {
    Holder h;
    h.cluster = sv.cluster;
    h.target_nodes = 0;  // set by the first hourly step
    h.active_node_w =
        fleet::NodePowerW(plan_.clusters[sv.cluster].node,
                          plan_.clusters[sv.cluster].gpu, sv.gpu_utilization);
    holders_.push_back(h);
    services_.emplace_back();
    ServiceOutcome so;
    so.name = sv.name;
    so.tenant = sv.tenant;
    out_.services.push_back(so);
  }

  // Nodes: each cluster's leases, then its jobs, take consecutive nodes from
  // the first; the rest are spare.
  for (int c = 0; c < static_cast<int>(plan_.clusters.size()); ++c) {
    const auto& cfg = plan_.clusters[c];
    const int first = static_cast<int>(nodes_.size());
    if (cfg.pod_nodes > 0) clusters_[c].pod_pool.resize(cfg.Pods());
    for (int j = 0; j < static_cast<int>(jobs_.size()); ++j) {
      if (plan_.jobs[j].cluster == c) jobs_[j].pod_nodes.assign(cfg.Pods(), 0);
    }
    for (int i = 0; i < cfg.nodes; ++i) {
      Node n;
      n.cluster = c;
      n.index = i;
      nodes_.push_back(n);
      const std::uint64_t entity = fleet::NodeEntityId(cfg.name, i);
      failure_rng_.emplace_back(plan_.seed, "failure", entity);
      repair_rng_.emplace_back(plan_.seed, "repair", entity);
    }
    int next = first;
    for (int h = 0; h < static_cast<int>(holders_.size()); ++h) {
      if (holders_[h].cluster != c) continue;
      for (std::int64_t k = 0; k < holders_[h].target_nodes; ++k, ++next) {
        nodes_[next].state = NodeState::kActive;
        nodes_[next].holder = h;
        ++holders_[h].active;
        CountPod(next, h, 1);
      }
    }
    for (int i = first + cfg.nodes - 1; i >= next; --i) {
      PushSpare(i);
      ++clusters_[c].spare;
    }
    if (cfg.hot_spares >= 0) {
      clusters_[c].hot =
          std::min<std::int64_t>(cfg.hot_spares, clusters_[c].spare);
    }
  }

  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) ScheduleFailure(i);
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

  out_.events = static_cast<std::int64_t>(loop_.RunUntil(horizon_));
  Advance();
  Sample();
  for (int l = 0; l < static_cast<int>(plan_.leases.size()); ++l) {
    CloseBillingPeriod(l, plan_.horizon_s);
    auto& lo = out_.leases[l];
    lo.availability = lo.contracted_gpu_hours > 0
                          ? lo.delivered_gpu_hours / lo.contracted_gpu_hours
                          : 1.0;
  }
  for (int j = 0; j < static_cast<int>(jobs_.size()); ++j) {
    auto& js = jobs_[j];
    auto& to = out_.training[j];
    const double end_s = to.finished ? to.time_to_train_s : plan_.horizon_s;
    if (js.phase == JobPhase::kRunning) CloseSegment(j, true);
    if (js.phase == JobPhase::kWaiting)
      to.waiting_s += end_s - js.phase_start_s;
    if (js.phase == JobPhase::kRestarting)
      to.restarting_s += end_s - js.phase_start_s;
    if (!to.finished) {
      to.training_s = std::max(0.0, to.training_s - js.throttled_s);
    }
    to.power_throttled_s = js.throttled_s;
    const auto& cluster = plan_.clusters[plan_.jobs[j].cluster];
    to.min_pods = cluster.pod_nodes > 0
                      ? static_cast<int>((to.gpus / cluster.node.gpus +
                                          cluster.pod_nodes - 1) /
                                         cluster.pod_nodes)
                      : 1;
    to.max_pods_spanned = js.max_pods_spanned;
    to.pods_spanned_end = js.pods_spanned;
    to.tokens_trained = to.training_s * to.tokens_per_s;
    to.ettr = end_s > 0 ? to.training_s / end_s : 0;
    const double target = plan_.jobs[j].target_tokens;
    if (!to.finished && target > 0 && to.tokens_trained > 0) {
      to.time_to_train_s = plan_.horizon_s * target / to.tokens_trained;
    }
  }
  for (std::size_t s = 0; s < out_.sites.size(); ++s) {
    out_.sites[s].battery_end_mwh = sites_[s].stored_wh * 1e-6;
  }
  CloseMonth();
  for (std::size_t v = 0; v < out_.services.size(); ++v) {
    auto& so = out_.services[v];
    const auto& cfg = plan_.services[v];
    so.slo_attainment = so.requests_demanded > 0
                            ? so.requests_served / so.requests_demanded
                            : 1.0;
    so.tokens_served = so.requests_served * cfg.tokens_per_request;
    so.revenue_usd = ServiceRevenueUsd(static_cast<int>(v));
  }
  return std::move(out_);
}

void Simulation::Advance() {
  const double now_s = NowS();
  const double start_s = last_s_;
  const double dt_h = (now_s - last_s_) / sim::kSecondsPerHour;
  last_s_ = now_s;
  if (dt_h <= 0) return;

  // IT power of each site, split into idle and working nodes.
  for (auto& ss : sites_) ss.idle_it_w = ss.work_it_w = 0;
  for (std::size_t c = 0; c < clusters_.size(); ++c) {
    const auto& cs = clusters_[c];
    // Under a hot-spare policy only the hot and warming spares draw power.
    const int hot_spares = plan_.clusters[c].hot_spares;
    const std::int64_t powered_spares =
        hot_spares < 0 ? cs.spare : std::min(cs.spare, cs.hot + cs.warming);
    sites_[plan_.clusters[c].site].idle_it_w +=
        static_cast<double>(powered_spares + cs.provisioning) * cs.idle_node_w;
  }
  for (std::size_t h = 0; h < holders_.size(); ++h) {
    const auto& hs = holders_[h];
    auto& ss = sites_[plan_.clusters[hs.cluster].site];
    if (Running(static_cast<int>(h))) {
      ss.work_it_w += static_cast<double>(hs.active) * hs.active_node_w;
    } else {
      ss.idle_it_w +=
          static_cast<double>(hs.active) * clusters_[hs.cluster].idle_node_w;
    }
  }
  for (int s = 0; s < static_cast<int>(sites_.size()); ++s) {
    IntegrateSite(s, start_s, dt_h);
  }

  for (std::size_t c = 0; c < clusters_.size(); ++c) {
    const auto& cs = clusters_[c];
    const double g = plan_.clusters[c].node.gpus;
    auto& co = out_.clusters[c];
    co.spare_gpu_hours += static_cast<double>(cs.spare) * g * dt_h;
    co.provisioning_gpu_hours +=
        static_cast<double>(cs.provisioning) * g * dt_h;
    co.down_gpu_hours += static_cast<double>(cs.down) * g * dt_h;
    step_.down_gpu_h += static_cast<double>(cs.down) * g * dt_h;
    step_.up_gpu_h +=
        static_cast<double>(cs.spare + cs.provisioning) * g * dt_h;
  }
  for (std::size_t h = 0; h < holders_.size(); ++h) {
    const auto& hs = holders_[h];
    const auto& cluster = plan_.clusters[hs.cluster];
    const double g = cluster.node.gpus;
    const double held_gpu_h = static_cast<double>(hs.active) * g * dt_h;
    auto& co = out_.clusters[hs.cluster];
    step_.up_gpu_h += held_gpu_h;
    if (!Running(static_cast<int>(h))) {
      co.stalled_gpu_hours += held_gpu_h;
      continue;
    }
    const double throttle_h = sites_[cluster.site].throttle_h;
    const double unpowered_gpu_h =
        static_cast<double>(hs.active) * g * throttle_h;
    const double working_gpu_h = held_gpu_h - unpowered_gpu_h;
    co.active_gpu_hours += working_gpu_h;
    co.unpowered_gpu_hours += unpowered_gpu_h;
    step_.active_gpu_h += working_gpu_h;
    step_.unpowered_gpu_h += unpowered_gpu_h;
    if (const int job = JobOf(static_cast<int>(h)); job >= 0) {
      jobs_[job].throttled_s += throttle_h * sim::kSecondsPerHour;
      continue;
    }
    if (const int sv = ServiceOf(static_cast<int>(h)); sv >= 0) {
      const auto& cfg = plan_.services[sv];
      auto& so = out_.services[sv];
      so.gpu_hours += working_gpu_h;
      const auto& rates = cfg.rate_per_s_by_hour;
      const double mid_s = start_s + dt_h * sim::kSecondsPerHour / 2;
      const std::size_t index =
          std::min(rates.size() - 1,
                   static_cast<std::size_t>(mid_s / sim::kSecondsPerHour));
      const double rate = rates.empty() ? 0.0 : rates[index];
      const double replicas =
          std::floor(static_cast<double>(hs.active) * g / cfg.gpus_per_replica);
      const double capacity = replicas * cfg.replica_rate_per_s *
                              (held_gpu_h > 0 ? working_gpu_h / held_gpu_h : 1);
      const double dt_s = dt_h * sim::kSecondsPerHour;
      so.requests_demanded += rate * dt_s;
      so.requests_served += std::min(rate, capacity) * dt_s;
      continue;
    }
    const double short_gpus =
        static_cast<double>(hs.target_nodes - hs.active) * g;
    step_.short_gpu_h += short_gpus * dt_h;
    leases_[h].period_delivered_gpu_h += working_gpu_h;
    auto& lo = out_.leases[h];
    lo.delivered_gpu_hours += working_gpu_h;
    lo.max_shortfall_gpus = std::max(lo.max_shortfall_gpus, short_gpus);
  }
}

// Integrates site `site`'s supply over [start_s, start_s + dt_h hours), in
// pieces that end when its battery fills or empties, and sets its throttle_h:
// the integral over time of the share of working nodes shed.
void Simulation::IntegrateSite(int site, double start_s, double dt_h) {
  const auto& cfg = plan_.sites[site];
  auto& ss = sites_[site];
  auto& so = out_.sites[site];
  // Hourly sites get an event on each hour, so the interval lies in one hour.
  const double mid_s = start_s + dt_h * sim::kSecondsPerHour / 2;
  const int hour = static_cast<int>(std::fmod(mid_s, sim::kSecondsPerDay) /
                                    sim::kSecondsPerHour);
  const double price = cfg.PriceUsdPerMwh(hour);
  const double demand_w = (ss.idle_it_w + ss.work_it_w) * cfg.pue;
  so.peak_power_mw = std::max(so.peak_power_mw, demand_w * 1e-6);
  ss.throttle_h = 0;
  double remaining_h = dt_h;
  for (int piece = 0; remaining_h > 0; ++piece) {
    const fleet::PowerFlows f =
        fleet::Dispatch(cfg, demand_w, hour, ss.stored_wh);
    const double rate_w = f.StoredRateW(cfg);
    double piece_h = remaining_h;
    // Four pieces at most: a battery fills or empties once per interval, and
    // then its flows stay constant; the bound only guards rounding.
    if (piece < 4) {
      if (rate_w > 0) {
        piece_h = std::min(piece_h, (cfg.battery_wh - ss.stored_wh) / rate_w);
      } else if (rate_w < 0) {
        piece_h = std::min(piece_h, ss.stored_wh / -rate_w);
      }
    }
    ss.stored_wh =
        std::clamp(ss.stored_wh + rate_w * piece_h, 0.0, cfg.battery_wh);
    so.peak_drawn_mw = std::max(so.peak_drawn_mw, f.served_w * 1e-6);
    const double served_mwh = f.served_w * 1e-6 * piece_h;
    so.energy_mwh += served_mwh;
    so.it_energy_mwh += served_mwh / cfg.pue;
    so.unmet_mwh += f.unmet_w * 1e-6 * piece_h;
    so.grid_mwh += f.grid_w * 1e-6 * piece_h;
    so.generation_mwh += f.generation_w * 1e-6 * piece_h;
    so.curtailed_mwh += f.curtailed_w * 1e-6 * piece_h;
    so.battery_charged_mwh += f.charge_w * 1e-6 * piece_h;
    so.battery_discharged_mwh += f.discharge_w * 1e-6 * piece_h;
    so.energy_cost_usd +=
        (f.grid_w * price + f.generation_w * cfg.generation_usd_per_mwh) *
        1e-6 * piece_h;
    so.carbon_t += (f.grid_w * cfg.carbon_kg_per_mwh +
                    f.generation_w * cfg.generation_carbon_kg_per_mwh) *
                   1e-9 * piece_h;
    step_.energy_mwh += served_mwh;
    step_.grid_mwh += f.grid_w * 1e-6 * piece_h;
    cumulative_energy_mwh_ += served_mwh;
    if (f.unmet_w > 0) {
      so.power_capped_hours += piece_h;
      // Shed the idle nodes first: they carry no work.
      const double shed_work_w = f.unmet_w / cfg.pue - ss.idle_it_w;
      if (shed_work_w > 0 && ss.work_it_w > 0) {
        ss.throttle_h += std::min(1.0, shed_work_w / ss.work_it_w) * piece_h;
      }
    }
    remaining_h -= piece_h;
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
  const int holder = HolderOfService(service);
  Holder& h = holders_[holder];
  const int node_gpus = plan_.clusters[cfg.cluster].node.gpus;
  const double rate = cfg.rate_per_s_by_hour[std::min(
      cfg.rate_per_s_by_hour.size() - 1, static_cast<std::size_t>(hour))];
  const double replicas = std::ceil(rate / cfg.replica_rate_per_s - 1e-9);
  h.target_nodes = static_cast<std::int64_t>(
      std::ceil(replicas * cfg.gpus_per_replica / node_gpus - 1e-9));
  auto& so = out_.services[service];
  so.peak_nodes = std::max(so.peak_nodes, h.target_nodes);
  so.peak_gpus = so.peak_nodes * node_gpus;

  auto& members = services_[service].members;
  while (h.active > h.target_nodes && !members.empty()) {
    const int node = members.back();
    members.pop_back();
    if (nodes_[node].holder != holder ||
        nodes_[node].state != NodeState::kActive) {
      continue;
    }
    SetState(node, NodeState::kSpare, -1);
    ReleaseNode(node);
  }
  std::vector<int> preempted;
  while (h.active < h.target_nodes) {
    if (TakeSpare(holder)) continue;
    // No spare: stop the lowest-priority job below this service that holds
    // nodes of the cluster.
    int victim = -1;
    for (int j = 0; j < static_cast<int>(jobs_.size()); ++j) {
      const auto& job = plan_.jobs[j];
      const Holder& jh = holders_[HolderOfJob(j)];
      if (job.cluster != cfg.cluster || job.priority >= cfg.priority ||
          jobs_[j].phase == JobPhase::kDone ||
          jh.active + jh.provisioning == 0) {
        continue;
      }
      if (victim < 0 || job.priority < plan_.jobs[victim].priority) victim = j;
    }
    if (victim < 0) break;  // the service runs short
    PreemptJob(victim, service);
    preempted.push_back(victim);
  }
  // A preempted job gathers what is left and waits for the rest.
  for (const int j : preempted) {
    const Holder& jh = holders_[HolderOfJob(j)];
    for (std::int64_t k = jh.active + jh.provisioning; k < jh.target_nodes;
         ++k) {
      RequestSpare(HolderOfJob(j));
    }
  }
}

// Gives `holder` a spare node of its cluster at once; false when none is free.
bool Simulation::TakeSpare(int holder, int pod) {
  const int node = PopSpare(holders_[holder].cluster, pod, holder);
  if (node < 0) return false;
  SetState(node, NodeState::kActive, holder);
  if (const int sv = ServiceOf(holder); sv >= 0) {
    services_[sv].members.push_back(node);
  }
  return true;
}

// Puts a spare node on its cluster's stacks (entries are checked when popped,
// so a node is pushed once while it sits there).
void Simulation::PushSpare(int node) {
  Node& n = nodes_[node];
  ClusterState& cs = clusters_[n.cluster];
  if (!n.in_pool_stack) {
    n.in_pool_stack = true;
    cs.pool.push_back(node);
  }
  if (!cs.pod_pool.empty() && !n.in_pod_stack) {
    n.in_pod_stack = true;
    cs.pod_pool[plan_.clusters[n.cluster].PodOf(n.index)].push_back(node);
  }
}

// A spare node of `pod`, or -1.
int Simulation::PopFromPod(int cluster, int pod) {
  auto& stack = clusters_[cluster].pod_pool[pod];
  while (!stack.empty()) {
    const int node = stack.back();
    stack.pop_back();
    nodes_[node].in_pod_stack = false;
    if (nodes_[node].state == NodeState::kSpare) return node;
  }
  return -1;
}

// A spare node of `cluster` for `holder`; -1 when none is free. With pod-aware
// placement it comes from pod `pod` (the failed node's) if it can, else from a
// pod the holder already uses, else from anywhere.
int Simulation::PopSpare(int cluster, int pod, int holder) {
  ClusterState& cs = clusters_[cluster];
  if (!cs.pod_pool.empty() && plan_.clusters[cluster].pod_aware) {
    if (pod >= 0) {
      if (const int node = PopFromPod(cluster, pod); node >= 0) return node;
    }
    if (const int job = JobOf(holder); job >= 0) {
      const auto& counts = jobs_[job].pod_nodes;
      for (int p = 0; p < static_cast<int>(counts.size()); ++p) {
        if (counts[p] == 0) continue;
        if (const int node = PopFromPod(cluster, p); node >= 0) return node;
      }
    }
  }
  while (!cs.pool.empty()) {
    const int node = cs.pool.back();
    cs.pool.pop_back();
    nodes_[node].in_pool_stack = false;
    if (nodes_[node].state == NodeState::kSpare) return node;
  }
  return -1;
}

// Counts node `node` in or out of the pods a job holds.
void Simulation::CountPod(int node, int holder, int delta) {
  const int job = JobOf(holder);
  if (job < 0) return;
  JobState& js = jobs_[job];
  const int pod =
      plan_.clusters[nodes_[node].cluster].PodOf(nodes_[node].index);
  int& count = js.pod_nodes[pod];
  if (count == 0 && delta > 0) ++js.pods_spanned;
  count += delta;
  if (count == 0 && delta < 0) --js.pods_spanned;
  js.max_pods_spanned = std::max(js.max_pods_spanned, js.pods_spanned);
}

// Stops `job` whole so that `service` can have its nodes.
void Simulation::PreemptJob(int job, int service) {
  JobState& js = jobs_[job];
  auto& to = out_.training[job];
  const double now_s = NowS();
  switch (js.phase) {
    case JobPhase::kRunning: {
      const double lost_before = to.lost_work_s;
      CloseSegment(job, false);
      to.preemption_lost_work_s += to.lost_work_s - lost_before;
      break;
    }
    case JobPhase::kRestarting:
      to.restarting_s += now_s - js.phase_start_s;
      if (js.preempted) to.preemption_restart_s += now_s - js.phase_start_s;
      break;
    case JobPhase::kWaiting:
      to.waiting_s += now_s - js.phase_start_s;
      if (js.preempted) to.preemption_waiting_s += now_s - js.phase_start_s;
      break;
    case JobPhase::kDone:
      return;
  }
  ++to.preemptions;
  ++out_.services[service].preemptions;
  ++js.epoch;
  js.phase = JobPhase::kWaiting;
  js.phase_start_s = now_s;
  js.preempted = true;
  FreeGang(job, false);
}

// Returns every node of `job` to its cluster's pool and drops its place in the
// shortage queue; with `hand_out`, each node goes on to a holder waiting for
// one.
void Simulation::FreeGang(int job, bool hand_out) {
  const int holder = HolderOfJob(job);
  std::erase(clusters_[holders_[holder].cluster].shortage, holder);
  for (int node = 0; node < static_cast<int>(nodes_.size()); ++node) {
    if (nodes_[node].holder != holder) continue;
    SetState(node, NodeState::kSpare, -1);
    if (hand_out) {
      ReleaseNode(node);
    } else {
      PushSpare(node);
    }
  }
}

void Simulation::SetState(int node, NodeState state, int holder) {
  Node& n = nodes_[node];
  ClusterState& cs = clusters_[n.cluster];
  const bool held_before =
      n.state == NodeState::kActive || n.state == NodeState::kProvisioning;
  if (held_before) CountPod(node, n.holder, -1);
  switch (n.state) {
    case NodeState::kSpare:
      --cs.spare;
      break;
    case NodeState::kProvisioning:
      --cs.provisioning;
      --holders_[n.holder].provisioning;
      break;
    case NodeState::kActive:
      --holders_[n.holder].active;
      break;
    case NodeState::kDown:
      --cs.down;
      break;
  }
  n.state = state;
  n.holder = holder;
  switch (state) {
    case NodeState::kSpare:
      ++cs.spare;
      break;
    case NodeState::kProvisioning:
      ++cs.provisioning;
      ++holders_[holder].provisioning;
      break;
    case NodeState::kActive:
      ++holders_[holder].active;
      break;
    case NodeState::kDown:
      ++cs.down;
      break;
  }
  if (state == NodeState::kActive || state == NodeState::kProvisioning) {
    CountPod(node, holder, 1);
  }
}

void Simulation::ScheduleFailure(int node) {
  const int gpus = plan_.clusters[nodes_[node].cluster].node.gpus;
  const auto draw = model_.DrawFailure(failure_rng_[node], gpus);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(draw.hours));
  if (at > horizon_) return;
  loop_.ScheduleAt(at,
                   [this, node, c = draw.component] { OnFailure(node, c); });
}

void Simulation::OnFailure(int node, int component) {
  Advance();
  Node& n = nodes_[node];
  ++n.epoch;
  ++out_.failures_total;
  ++out_.failures_by_component[model_.components()[component].name];
  ++out_.clusters[n.cluster].failures;
  ++step_.failures;
  const NodeState before = n.state;
  const int holder = n.holder;
  SetState(node, NodeState::kDown, -1);
  if (before == NodeState::kActive || before == NodeState::kProvisioning) {
    const int job = JobOf(holder);
    if (job >= 0) {
      InterruptJob(job, component);
    } else if (ServiceOf(holder) < 0) {
      ++out_.leases[holder].interruptions;
    }
    RequestSpare(holder, plan_.clusters[n.cluster].PodOf(n.index));
  }
  const double repair_h = model_.DrawRepairHours(repair_rng_[node], component);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(repair_h));
  if (at <= horizon_) loop_.ScheduleAt(at, [this, node] { OnRepaired(node); });
}

void Simulation::OnRepaired(int node) {
  Advance();
  SetState(node, NodeState::kSpare, -1);
  ReleaseNode(node);
  ScheduleFailure(node);
}

// Puts a spare node back in its cluster's pool and gives it to a holder waiting
// for one.
void Simulation::ReleaseNode(int node) {
  ClusterState& cs = clusters_[nodes_[node].cluster];
  PushSpare(node);
  if (!cs.shortage.empty()) {
    const int holder = cs.shortage.front();
    cs.shortage.pop_front();
    RequestSpare(holder);
  }
}

void Simulation::OnActivated(int node, std::uint32_t epoch) {
  Node& n = nodes_[node];
  if (n.epoch != epoch || n.state != NodeState::kProvisioning) return;
  Advance();
  const int holder = n.holder;
  SetState(node, NodeState::kActive, holder);
  if (const int job = JobOf(holder); job >= 0) MaybeRestartJob(job);
}

void Simulation::RequestSpare(int holder, int pod) {
  if (ServiceOf(holder) >= 0) {
    // A service does not queue: it tries again at its next hourly step.
    TakeSpare(holder, pod);
    return;
  }
  const int job = JobOf(holder);
  if (job >= 0 && jobs_[job].phase == JobPhase::kDone) return;
  ClusterState& cs = clusters_[holders_[holder].cluster];
  if (const int node = PopSpare(holders_[holder].cluster, pod, holder);
      node >= 0) {
    const int hot_spares = plan_.clusters[holders_[holder].cluster].hot_spares;
    bool at_once = plan_.spare_swap_h <= 0;
    if (hot_spares >= 0 && cs.hot > 0) {
      // A hot spare goes at once; a cold one is warmed to take its place.
      at_once = true;
      --cs.hot;
      ++cs.warming;
      loop_.ScheduleAfter(sim::FromHours(plan_.spare_swap_h),
                          [this, c = holders_[holder].cluster] {
                            Advance();
                            --clusters_[c].warming;
                            ++clusters_[c].hot;
                          });
    }
    if (at_once) {
      SetState(node, NodeState::kActive, holder);
      if (job >= 0) MaybeRestartJob(job);
    } else {
      SetState(node, NodeState::kProvisioning, holder);
      const std::uint32_t epoch = nodes_[node].epoch;
      loop_.ScheduleAfter(sim::FromHours(plan_.spare_swap_h),
                          [this, node, epoch] { OnActivated(node, epoch); });
    }
    return;
  }
  cs.shortage.push_back(holder);
}

// Ends the running segment of `job` now: completed checkpoints are kept; the
// work since the last one is kept only at the end of the horizon
// (`keep_unsaved`), and lost otherwise.
void Simulation::CloseSegment(int job, bool keep_unsaved) {
  JobState& js = jobs_[job];
  auto& to = out_.training[job];
  const auto p =
      training::ProgressAfter(js.timing, NowS() - js.segment_start_s);
  to.training_s += p.saved_s + (keep_unsaved ? p.unsaved_s : 0.0);
  if (!keep_unsaved) to.lost_work_s += p.unsaved_s;
  to.checkpointing_s += p.checkpoint_s;
}

void Simulation::InterruptJob(int job, int component) {
  JobState& js = jobs_[job];
  if (js.phase == JobPhase::kDone) return;
  auto& to = out_.training[job];
  const double now_s = NowS();
  if (js.phase == JobPhase::kWaiting)
    return;  // not training: nothing more is interrupted
  if (js.phase == JobPhase::kRunning) {
    CloseSegment(job, false);
  } else {
    to.restarting_s += now_s - js.phase_start_s;
  }
  const auto& c = model_.components()[component];
  ++to.interruptions;
  ++(c.planned ? to.planned : to.unexpected);
  ++to.by_cause[c.name];
  ++js.epoch;
  js.phase = JobPhase::kWaiting;
  js.phase_start_s = now_s;
}

void Simulation::MaybeRestartJob(int job) {
  JobState& js = jobs_[job];
  const Holder& h = holders_[HolderOfJob(job)];
  if (js.phase != JobPhase::kWaiting || h.active < h.target_nodes) return;
  const double now_s = NowS();
  out_.training[job].waiting_s += now_s - js.phase_start_s;
  if (js.preempted) {
    out_.training[job].preemption_waiting_s += now_s - js.phase_start_s;
  }
  js.phase = JobPhase::kRestarting;
  js.phase_start_s = now_s;
  const std::uint32_t epoch = js.epoch;
  loop_.ScheduleAfter(sim::FromSeconds(js.timing.restart_s),
                      [this, job, epoch] { OnJobRestarted(job, epoch); });
}

void Simulation::OnJobRestarted(int job, std::uint32_t epoch) {
  JobState& js = jobs_[job];
  if (js.epoch != epoch || js.phase != JobPhase::kRestarting) return;
  Advance();
  out_.training[job].restarting_s += NowS() - js.phase_start_s;
  if (js.preempted) {
    out_.training[job].preemption_restart_s += NowS() - js.phase_start_s;
    js.preempted = false;
  }
  js.phase = JobPhase::kRunning;
  js.segment_start_s = NowS();
  ScheduleJobFinish(job);
}

void Simulation::ScheduleJobFinish(int job) {
  const JobState& js = jobs_[job];
  if (js.target_training_s <= 0) return;
  const double remaining = js.target_training_s - EffectiveTrainingS(job);
  const sim::SimTime at = sim::SaturatingAdd(
      loop_.Now(),
      sim::FromSeconds(training::WallTimeFor(js.timing, remaining)));
  if (at > horizon_) return;
  const std::uint32_t epoch = js.epoch;
  loop_.ScheduleAt(at, [this, job, epoch] { OnJobFinished(job, epoch); });
}

void Simulation::OnJobFinished(int job, std::uint32_t epoch) {
  JobState& js = jobs_[job];
  if (js.epoch != epoch || js.phase != JobPhase::kRunning) return;
  Advance();
  CloseSegment(job, true);
  if (EffectiveTrainingS(job) < js.target_training_s - 1.0) {
    // Power shedding slowed the job: it trains on for the time it lost.
    js.segment_start_s = NowS();
    ScheduleJobFinish(job);
    return;
  }
  auto& to = out_.training[job];
  to.training_s =
      js.target_training_s;  // exact, despite rounding of event times
  to.finished = true;
  to.time_to_train_s = NowS();
  js.phase = JobPhase::kDone;
  // The gang goes back to the pool.
  holders_[HolderOfJob(job)].target_nodes = 0;
  FreeGang(job, true);
}

void Simulation::CloseBillingPeriod(int lease, double end_s) {
  Advance();
  LeaseState& ls = leases_[lease];
  const auto& cfg = plan_.leases[lease];
  const double hours = (end_s - ls.period_start_s) / sim::kSecondsPerHour;
  if (hours <= 0) return;
  const double contracted = static_cast<double>(cfg.gpus) * hours;
  const double availability =
      contracted > 0 ? ls.period_delivered_gpu_h / contracted : 1.0;
  auto& lo = out_.leases[lease];
  ++lo.periods;
  lo.worst_period_availability =
      std::min(lo.worst_period_availability, availability);
  if (availability < cfg.availability_sla) {
    ++lo.periods_below_sla;
    lo.sla_penalty_usd +=
        cfg.sla_credit_fraction * contracted * cfg.price_usd_per_gpu_hour;
  }
  ls.period_start_s = end_s;
  ls.period_delivered_gpu_h = 0;
}

// Records the money of the month ending now, as differences of running
// totals.
void Simulation::CloseMonth() {
  Advance();
  econ::MonthFlows now;
  now.end_s = NowS();
  for (const auto& l : plan_.leases) {
    now.revenue_usd += static_cast<double>(l.gpus) * now.end_s /
                       sim::kSecondsPerHour * l.price_usd_per_gpu_hour;
  }
  for (int v = 0; v < static_cast<int>(plan_.services.size()); ++v) {
    now.revenue_usd += ServiceRevenueUsd(v);
  }
  for (const auto& lo : out_.leases) now.sla_credit_usd += lo.sla_penalty_usd;
  for (const auto& so : out_.sites) now.energy_cost_usd += so.energy_cost_usd;
  econ::MonthFlows month;
  month.end_s = now.end_s;
  month.revenue_usd = now.revenue_usd - month_totals_.revenue_usd;
  month.sla_credit_usd = now.sla_credit_usd - month_totals_.sla_credit_usd;
  month.energy_cost_usd = now.energy_cost_usd - month_totals_.energy_cost_usd;
  out_.months.push_back(month);
  month_totals_ = now;
}

void Simulation::Sample() {
  Advance();
  const double now_s = NowS();
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
  for (const auto& ss : sites_) row.battery_mwh += ss.stored_wh * 1e-6;
  row.energy_mwh = cumulative_energy_mwh_;
  row.failures = step_.failures;
  out_.timeseries.push_back(row);
  step_ = StepAccumulator{};
  last_sample_s_ = now_s;
}

}  // namespace

FleetOutcome SimulateFleet(
    const FleetPlan& plan,
    const std::vector<catalog::FailureComponent>& components) {
  Simulation sim(plan, components);
  return sim.Run();
}

}  // namespace kardashev::sched
