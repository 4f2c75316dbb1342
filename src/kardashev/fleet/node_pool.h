// A NodePool is the state of every node of a fleet's clusters and of the gangs
// that hold them. A node is spare (up, in its cluster's pool), provisioning
// (being swapped into a gang), active (working for a gang) or down (in
// repair). A gang is anything that holds whole nodes of one cluster; the pool
// knows gangs only by an opaque dense handle, so fleet/ stays free of what the
// holders are (leases, jobs and services live in sched/, which numbers them).
//
// The pool promises:
//  - per cluster, spare + provisioning + active + down = nodes at all times,
//    and per gang, active and provisioning count its nodes in those states;
//  - spares are handed out last-in first-out; with pods and pod-aware
//    placement, from the pod asked for first, then from a pod the gang already
//    uses (for gangs that track pods), then from anywhere;
//  - a gang waiting for a node is queued in its cluster's shortage queue, one
//    entry per node, first come first served;
//  - under a tiered spare policy, the count of hot and warm spares and of the
//    cold ones being brought up to replace them.
// It schedules nothing: callers decide what happens next from what it returns.
#ifndef KARDASHEV_FLEET_NODE_POOL_H_
#define KARDASHEV_FLEET_NODE_POOL_H_

#include <cstdint>
#include <deque>
#include <vector>

#include "kardashev/fleet/cluster.h"

namespace kardashev::fleet {

enum class NodeState : std::uint8_t { kSpare, kProvisioning, kActive, kDown };

struct Gang {
  int cluster = 0;
  std::int64_t target_nodes = 0;  // nodes it wants
  std::int64_t active = 0;
  std::int64_t provisioning = 0;
  bool track_pods = false;     // counts its nodes by pod, and prefers its pods
  std::vector<int> pod_nodes;  // its nodes in each pod (track_pods only)
  int pods_spanned = 0;
  int max_pods_spanned = 0;
};

// A cluster's node counts.
struct ClusterNodes {
  std::int64_t spare = 0;
  std::int64_t provisioning = 0;
  std::int64_t down = 0;
  std::int64_t hot = 0;      // hot spares ready (tiered policy only)
  std::int64_t warm = 0;     // warm spares ready (tiered policy only)
  std::int64_t warming = 0;  // cold spares being brought up to hot or warm
};

class NodePool {
 public:
  explicit NodePool(const std::vector<ClusterConfig>& clusters);
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;

  // Adds a gang and returns its handle (0, 1, ... in the order added).
  // REQUIRES: Populate() not yet called.
  int AddGang(int cluster, std::int64_t target_nodes, bool track_pods);

  // Creates every cluster's nodes. In each cluster the gangs, in the order
  // added, take consecutive nodes from the first; the rest are spare.
  void Populate();

  int size() const { return static_cast<int>(nodes_.size()); }
  NodeState state(int node) const { return nodes_[node].state; }
  int gang_of(int node) const { return nodes_[node].gang; }  // -1: none
  int cluster_of(int node) const { return nodes_[node].cluster; }
  int index_of(int node) const { return nodes_[node].index; }  // in cluster
  int pod_of(int node) const;
  // Bumped at each failure of the node: a swap scheduled before it is stale.
  std::uint32_t epoch(int node) const { return nodes_[node].epoch; }

  const Gang& gang(int g) const { return gangs_[g]; }
  int gangs() const { return static_cast<int>(gangs_.size()); }
  void set_target_nodes(int g, std::int64_t n) { gangs_[g].target_nodes = n; }
  const ClusterNodes& cluster(int c) const { return clusters_[c].counts; }
  // Spares that draw power: all of them, or under a tiered policy only the
  // hot, warm and warming ones.
  std::int64_t PoweredSpares(int c) const;

  // Moves `node` to `state`, held by `gang` (-1 when spare or down).
  void SetState(int node, NodeState state, int gang);

  // Marks `node` down and bumps its epoch; returns the gang it served, or -1
  // when it served none (it was spare or already down).
  int Fail(int node);

  // Puts a spare node on its cluster's stacks.
  void PushSpare(int node);

  // A spare node of `cluster` for gang `g`, taken off the stacks; -1 when none
  // is free. `pod` (-1: none) is the pod to prefer.
  int PopSpare(int cluster, int pod, int g);

  // Puts a spare node back on the stacks and returns the gang first in its
  // cluster's shortage queue (taken off the queue), or -1 when none waits.
  int Release(int node);

  // Queues gang `g` for one node of its cluster.
  void Wait(int g);
  // Drops every place of gang `g` in its cluster's shortage queue.
  void DropWaits(int g);

  // The tier of the next spare handed over in cluster `c`, taken off its
  // count: hot while any is ready, then warm, then cold. A hot or warm one
  // starts a cold one warming to its tier (call Warmed when it is up). Without
  // tiers, every spare is cold.
  SpareTier TakeTier(int c);
  // A cold spare of cluster `c` is up, in `tier` (hot or warm).
  void Warmed(int c, SpareTier tier);
  // Whether a service may take a spare of cluster `c`: only beyond its
  // reserved spare pool.
  bool SpareBeyondReserve(int c) const {
    return clusters_[c].counts.spare > configs_[c].spare_nodes;
  }

 private:
  struct Node {
    NodeState state = NodeState::kSpare;
    bool in_pool_stack = false;
    bool in_pod_stack = false;
    int cluster = 0;
    int index = 0;  // within its cluster
    int gang = -1;
    std::uint32_t epoch = 0;
  };
  struct ClusterState {
    ClusterNodes counts;
    std::vector<int> pool;  // nodes that may be spare (checked when popped)
    std::vector<std::vector<int>> pod_pool;  // the same, by pod (with pods)
    std::deque<int> shortage;  // one entry per node a gang is waiting for
  };

  int PopFromPod(int cluster, int pod);
  void CountPod(int node, int g, int delta);

  const std::vector<ClusterConfig>& configs_;
  std::vector<Node> nodes_;
  std::vector<ClusterState> clusters_;
  std::vector<Gang> gangs_;
};

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_NODE_POOL_H_
