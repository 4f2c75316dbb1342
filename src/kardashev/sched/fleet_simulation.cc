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

struct Node {
  NodeState state = NodeState::kSpare;
  bool in_pool_stack = false;
  int cluster = 0;
  int lease = -1;
  std::uint32_t epoch =
      0;  // bumped at each failure; stale swap completions check it
};

struct ClusterState {
  std::int64_t spare = 0;
  std::int64_t provisioning = 0;
  std::int64_t down = 0;
  std::vector<int> pool;     // nodes that may be spare (checked when popped)
  std::deque<int> shortage;  // one entry per node a lease is waiting for
  double idle_node_w = 0;
};

struct LeaseState {
  std::int64_t target_nodes = 0;
  std::int64_t active = 0;
  std::int64_t provisioning = 0;
  double active_node_w = 0;
  double period_start_s = 0;
  double period_delivered_gpu_h = 0;
};

struct StepAccumulator {
  double up_gpu_h = 0;
  double down_gpu_h = 0;
  double active_gpu_h = 0;
  double short_gpu_h = 0;
  double energy_mwh = 0;
  std::int64_t failures = 0;
};

class Simulation {
 public:
  Simulation(const FleetPlan& plan,
             const std::vector<catalog::FailureComponent>& components)
      : plan_(plan), model_(components, plan.failures) {}

  FleetOutcome Run();

 private:
  void Advance();
  void SetState(int node, NodeState state, int lease);
  void ScheduleFailure(int node);
  void OnFailure(int node, int component);
  void OnRepaired(int node);
  void OnActivated(int node, std::uint32_t epoch);
  void RequestSpare(int lease);
  void CloseBillingPeriod(int lease, double end_s);
  void Sample();

  const FleetPlan& plan_;
  fleet::FailureModel model_;
  sim::EventLoop loop_;
  std::vector<Node> nodes_;
  std::vector<sim::RngStream> failure_rng_;
  std::vector<sim::RngStream> repair_rng_;
  std::vector<ClusterState> clusters_;
  std::vector<LeaseState> leases_;
  FleetOutcome out_;
  StepAccumulator step_;
  double last_s_ = 0;
  double last_sample_s_ = 0;
  double cumulative_energy_mwh_ = 0;
  sim::SimTime horizon_;
};

FleetOutcome Simulation::Run() {
  horizon_ = sim::kSimStart + sim::FromSeconds(plan_.horizon_s);
  const double horizon_h = plan_.horizon_s / sim::kSecondsPerHour;

  for (const auto& s : plan_.sites) {
    SiteOutcome so;
    so.name = s.name;
    so.power_cap_mw = s.power_cap_w * 1e-6;
    out_.sites.push_back(so);
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
    LeaseState ls;
    ls.target_nodes = l.gpus / c.node.gpus;
    ls.active_node_w = fleet::NodePowerW(c.node, c.gpu, l.gpu_utilization);
    leases_.push_back(ls);
    LeaseOutcome lo;
    lo.name = l.name;
    lo.tenant = l.tenant;
    lo.gpus = l.gpus;
    lo.contracted_gpu_hours = static_cast<double>(l.gpus) * horizon_h;
    lo.revenue_usd = lo.contracted_gpu_hours * l.price_usd_per_gpu_hour;
    out_.leases.push_back(lo);
  }

  // Nodes: each cluster's leases take consecutive nodes from the first; the
  // rest are spare.
  for (int c = 0; c < static_cast<int>(plan_.clusters.size()); ++c) {
    const auto& cfg = plan_.clusters[c];
    const int first = static_cast<int>(nodes_.size());
    for (int i = 0; i < cfg.nodes; ++i) {
      Node n;
      n.cluster = c;
      nodes_.push_back(n);
      const std::uint64_t entity = fleet::NodeEntityId(cfg.name, i);
      failure_rng_.emplace_back(plan_.seed, "failure", entity);
      repair_rng_.emplace_back(plan_.seed, "repair", entity);
    }
    int next = first;
    for (int l = 0; l < static_cast<int>(plan_.leases.size()); ++l) {
      if (plan_.leases[l].cluster != c) continue;
      for (std::int64_t k = 0; k < leases_[l].target_nodes; ++k, ++next) {
        nodes_[next].state = NodeState::kActive;
        nodes_[next].lease = l;
        ++leases_[l].active;
      }
    }
    for (int i = first + cfg.nodes - 1; i >= next; --i) {
      nodes_[i].in_pool_stack = true;
      clusters_[c].pool.push_back(i);
      ++clusters_[c].spare;
    }
  }

  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) ScheduleFailure(i);
  for (int l = 0; l < static_cast<int>(plan_.leases.size()); ++l) {
    const double period_s =
        plan_.leases[l].billing_period_days * sim::kSecondsPerDay;
    for (double t = period_s; t < plan_.horizon_s; t += period_s) {
      loop_.ScheduleAt(sim::kSimStart + sim::FromSeconds(t),
                       [this, l, t] { CloseBillingPeriod(l, t); });
    }
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
  for (std::size_t s = 0; s < out_.sites.size(); ++s) {
    auto& so = out_.sites[s];
    so.energy_cost_usd = so.energy_mwh * plan_.sites[s].electricity_usd_per_mwh;
    so.carbon_t = so.energy_mwh * plan_.sites[s].carbon_kg_per_mwh * 1e-3;
  }
  return std::move(out_);
}

void Simulation::Advance() {
  const double now_s = sim::ToSeconds(loop_.Now());
  const double dt_h = (now_s - last_s_) / sim::kSecondsPerHour;
  last_s_ = now_s;
  if (dt_h <= 0) return;

  std::vector<double> it_w(plan_.sites.size(), 0.0);
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
    it_w[plan_.clusters[c].site] +=
        static_cast<double>(cs.spare + cs.provisioning) * cs.idle_node_w;
  }
  for (std::size_t l = 0; l < leases_.size(); ++l) {
    auto& ls = leases_[l];
    const auto& cfg = plan_.leases[l];
    const auto& cluster = plan_.clusters[cfg.cluster];
    const double g = cluster.node.gpus;
    const double delivered = static_cast<double>(ls.active) * g * dt_h;
    const double short_gpus =
        static_cast<double>(ls.target_nodes - ls.active) * g;
    ls.period_delivered_gpu_h += delivered;
    auto& lo = out_.leases[l];
    lo.delivered_gpu_hours += delivered;
    lo.max_shortfall_gpus = std::max(lo.max_shortfall_gpus, short_gpus);
    out_.clusters[cfg.cluster].active_gpu_hours += delivered;
    step_.active_gpu_h += delivered;
    step_.up_gpu_h += delivered;
    step_.short_gpu_h += short_gpus * dt_h;
    it_w[cluster.site] += static_cast<double>(ls.active) * ls.active_node_w;
  }
  for (std::size_t s = 0; s < plan_.sites.size(); ++s) {
    const auto& cfg = plan_.sites[s];
    auto& so = out_.sites[s];
    const double demand_w = it_w[s] * cfg.pue;
    const double drawn_w = std::min(demand_w, cfg.power_cap_w);
    so.peak_power_mw = std::max(so.peak_power_mw, demand_w * 1e-6);
    if (demand_w > cfg.power_cap_w) so.power_capped_hours += dt_h;
    const double energy_mwh = drawn_w * 1e-6 * dt_h;
    so.energy_mwh += energy_mwh;
    so.it_energy_mwh +=
        std::min(it_w[s], cfg.power_cap_w / cfg.pue) * 1e-6 * dt_h;
    step_.energy_mwh += energy_mwh;
    cumulative_energy_mwh_ += energy_mwh;
  }
}

void Simulation::SetState(int node, NodeState state, int lease) {
  Node& n = nodes_[node];
  ClusterState& cs = clusters_[n.cluster];
  switch (n.state) {
    case NodeState::kSpare:
      --cs.spare;
      break;
    case NodeState::kProvisioning:
      --cs.provisioning;
      --leases_[n.lease].provisioning;
      break;
    case NodeState::kActive:
      --leases_[n.lease].active;
      break;
    case NodeState::kDown:
      --cs.down;
      break;
  }
  n.state = state;
  n.lease = lease;
  switch (state) {
    case NodeState::kSpare:
      ++cs.spare;
      break;
    case NodeState::kProvisioning:
      ++cs.provisioning;
      ++leases_[lease].provisioning;
      break;
    case NodeState::kActive:
      ++leases_[lease].active;
      break;
    case NodeState::kDown:
      ++cs.down;
      break;
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
  const int lease = n.lease;
  SetState(node, NodeState::kDown, -1);
  if (before == NodeState::kActive || before == NodeState::kProvisioning) {
    ++out_.leases[lease].interruptions;
    RequestSpare(lease);
  }
  const double repair_h = model_.DrawRepairHours(repair_rng_[node], component);
  const sim::SimTime at =
      sim::SaturatingAdd(loop_.Now(), sim::FromHours(repair_h));
  if (at <= horizon_) loop_.ScheduleAt(at, [this, node] { OnRepaired(node); });
}

void Simulation::OnRepaired(int node) {
  Advance();
  Node& n = nodes_[node];
  SetState(node, NodeState::kSpare, -1);
  ClusterState& cs = clusters_[n.cluster];
  if (!n.in_pool_stack) {
    n.in_pool_stack = true;
    cs.pool.push_back(node);
  }
  ScheduleFailure(node);
  if (!cs.shortage.empty()) {
    const int lease = cs.shortage.front();
    cs.shortage.pop_front();
    RequestSpare(lease);
  }
}

void Simulation::OnActivated(int node, std::uint32_t epoch) {
  Node& n = nodes_[node];
  if (n.epoch != epoch || n.state != NodeState::kProvisioning) return;
  Advance();
  SetState(node, NodeState::kActive, n.lease);
}

void Simulation::RequestSpare(int lease) {
  ClusterState& cs = clusters_[plan_.leases[lease].cluster];
  while (!cs.pool.empty()) {
    const int node = cs.pool.back();
    cs.pool.pop_back();
    nodes_[node].in_pool_stack = false;
    if (nodes_[node].state != NodeState::kSpare) continue;
    if (plan_.spare_swap_h <= 0) {
      SetState(node, NodeState::kActive, lease);
    } else {
      SetState(node, NodeState::kProvisioning, lease);
      const std::uint32_t epoch = nodes_[node].epoch;
      loop_.ScheduleAfter(sim::FromHours(plan_.spare_swap_h),
                          [this, node, epoch] { OnActivated(node, epoch); });
    }
    return;
  }
  cs.shortage.push_back(lease);
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

void Simulation::Sample() {
  Advance();
  const double now_s = sim::ToSeconds(loop_.Now());
  const double step_h = (now_s - last_sample_s_) / sim::kSecondsPerHour;
  if (step_h <= 0) return;
  TimeseriesRow row;
  row.time_s = now_s;
  row.gpus_up = step_.up_gpu_h / step_h;
  row.gpus_down = step_.down_gpu_h / step_h;
  row.gpus_active = step_.active_gpu_h / step_h;
  row.gpus_leased_short = step_.short_gpu_h / step_h;
  row.power_mw = step_.energy_mwh / step_h;
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
