#include "kardashev/fleet/node_pool.h"

#include <algorithm>

namespace kardashev::fleet {

NodePool::NodePool(const std::vector<ClusterConfig>& clusters)
    : configs_(clusters), clusters_(clusters.size()) {}

int NodePool::AddGang(int cluster, std::int64_t target_nodes, bool track_pods) {
  Gang g;
  g.cluster = cluster;
  g.target_nodes = target_nodes;
  g.track_pods = track_pods;
  if (track_pods) g.pod_nodes.assign(configs_[cluster].Pods(), 0);
  gangs_.push_back(std::move(g));
  return static_cast<int>(gangs_.size()) - 1;
}

void NodePool::Populate() {
  for (int c = 0; c < static_cast<int>(configs_.size()); ++c) {
    const auto& cfg = configs_[c];
    ClusterState& cs = clusters_[c];
    const int first = static_cast<int>(nodes_.size());
    if (cfg.pod_nodes > 0) cs.pod_pool.resize(cfg.Pods());
    for (int i = 0; i < cfg.nodes; ++i) {
      Node n;
      n.cluster = c;
      n.index = i;
      nodes_.push_back(n);
    }
    int next = first;
    for (int g = 0; g < static_cast<int>(gangs_.size()); ++g) {
      if (gangs_[g].cluster != c) continue;
      for (std::int64_t k = 0; k < gangs_[g].target_nodes; ++k, ++next) {
        nodes_[next].state = NodeState::kActive;
        nodes_[next].gang = g;
        ++gangs_[g].active;
        CountPod(next, g, 1);
      }
    }
    for (int i = first + cfg.nodes - 1; i >= next; --i) {
      PushSpare(i);
      ++cs.counts.spare;
    }
    if (cfg.hot_spares >= 0) {
      cs.counts.hot = std::min<std::int64_t>(cfg.hot_spares, cs.counts.spare);
      cs.counts.warm = std::min<std::int64_t>(cfg.warm_spares,
                                              cs.counts.spare - cs.counts.hot);
    }
  }
}

int NodePool::pod_of(int node) const {
  return configs_[nodes_[node].cluster].PodOf(nodes_[node].index);
}

std::int64_t NodePool::PoweredSpares(int c) const {
  const ClusterNodes& n = clusters_[c].counts;
  return configs_[c].hot_spares < 0
             ? n.spare
             : std::min(n.spare, n.hot + n.warm + n.warming);
}

void NodePool::SetState(int node, NodeState state, int gang) {
  Node& n = nodes_[node];
  ClusterNodes& cs = clusters_[n.cluster].counts;
  const bool held_before =
      n.state == NodeState::kActive || n.state == NodeState::kProvisioning;
  if (held_before) CountPod(node, n.gang, -1);
  switch (n.state) {
    case NodeState::kSpare:
      --cs.spare;
      break;
    case NodeState::kProvisioning:
      --cs.provisioning;
      --gangs_[n.gang].provisioning;
      break;
    case NodeState::kActive:
      --gangs_[n.gang].active;
      break;
    case NodeState::kDown:
      --cs.down;
      break;
  }
  n.state = state;
  n.gang = gang;
  switch (state) {
    case NodeState::kSpare:
      ++cs.spare;
      break;
    case NodeState::kProvisioning:
      ++cs.provisioning;
      ++gangs_[gang].provisioning;
      break;
    case NodeState::kActive:
      ++gangs_[gang].active;
      break;
    case NodeState::kDown:
      ++cs.down;
      break;
  }
  if (state == NodeState::kActive || state == NodeState::kProvisioning) {
    CountPod(node, gang, 1);
  }
}

int NodePool::Fail(int node) {
  Node& n = nodes_[node];
  ++n.epoch;
  const bool held =
      n.state == NodeState::kActive || n.state == NodeState::kProvisioning;
  const int gang = n.gang;
  SetState(node, NodeState::kDown, -1);
  return held ? gang : -1;
}

// Entries are checked when popped, so a node is pushed once while it sits on
// a stack.
void NodePool::PushSpare(int node) {
  Node& n = nodes_[node];
  ClusterState& cs = clusters_[n.cluster];
  if (!n.in_pool_stack) {
    n.in_pool_stack = true;
    cs.pool.push_back(node);
  }
  if (!cs.pod_pool.empty() && !n.in_pod_stack) {
    n.in_pod_stack = true;
    cs.pod_pool[pod_of(node)].push_back(node);
  }
}

// A spare node of `pod`, or -1.
int NodePool::PopFromPod(int cluster, int pod) {
  auto& stack = clusters_[cluster].pod_pool[pod];
  while (!stack.empty()) {
    const int node = stack.back();
    stack.pop_back();
    nodes_[node].in_pod_stack = false;
    if (nodes_[node].state == NodeState::kSpare) return node;
  }
  return -1;
}

int NodePool::PopSpare(int cluster, int pod, int g) {
  ClusterState& cs = clusters_[cluster];
  if (!cs.pod_pool.empty() && configs_[cluster].pod_aware) {
    if (pod >= 0) {
      if (const int node = PopFromPod(cluster, pod); node >= 0) return node;
    }
    if (g >= 0 && gangs_[g].track_pods) {
      const auto& counts = gangs_[g].pod_nodes;
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

int NodePool::Release(int node) {
  ClusterState& cs = clusters_[nodes_[node].cluster];
  PushSpare(node);
  if (cs.shortage.empty()) return -1;
  const int g = cs.shortage.front();
  cs.shortage.pop_front();
  return g;
}

void NodePool::Wait(int g) {
  clusters_[gangs_[g].cluster].shortage.push_back(g);
}

void NodePool::DropWaits(int g) {
  std::erase(clusters_[gangs_[g].cluster].shortage, g);
}

SpareTier NodePool::TakeTier(int c) {
  ClusterNodes& n = clusters_[c].counts;
  if (configs_[c].hot_spares < 0) return SpareTier::kCold;
  if (n.hot > 0) {
    --n.hot;
    ++n.warming;
    return SpareTier::kHot;
  }
  if (n.warm > 0) {
    --n.warm;
    ++n.warming;
    return SpareTier::kWarm;
  }
  return SpareTier::kCold;
}

void NodePool::Warmed(int c, SpareTier tier) {
  ClusterNodes& n = clusters_[c].counts;
  --n.warming;
  ++(tier == SpareTier::kHot ? n.hot : n.warm);
}

// Counts `node` in or out of the pods gang `g` holds.
void NodePool::CountPod(int node, int g, int delta) {
  Gang& gang = gangs_[g];
  if (!gang.track_pods) return;
  int& count = gang.pod_nodes[pod_of(node)];
  if (count == 0 && delta > 0) ++gang.pods_spanned;
  count += delta;
  if (count == 0 && delta < 0) --gang.pods_spanned;
  gang.max_pods_spanned = std::max(gang.max_pods_spanned, gang.pods_spanned);
}

}  // namespace kardashev::fleet
