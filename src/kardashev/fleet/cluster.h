// A cluster: identical nodes of one catalog type at one site, joined by one
// scale-out fabric. Node i of a cluster is a stable entity: its random draws
// are named by the cluster's name and i, so adding a cluster or a node never
// changes the failures of the others.
#ifndef KARDASHEV_FLEET_CLUSTER_H_
#define KARDASHEV_FLEET_CLUSTER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/sim/random.h"

namespace kardashev::fleet {

// Where a spare handed over came from.
enum class SpareTier : std::uint8_t { kHot, kWarm, kCold };

struct ClusterConfig {
  std::string name;
  int site = 0;  // index into the fleet's sites
  catalog::NodeSpec node;
  catalog::GpuSpec gpu;
  std::optional<catalog::FabricSpec> fabric;
  int nodes = 0;
  // Nodes per network pod (the nodes under one set of leaf/spine switches);
  // node i is in pod i / pod_nodes. 0: no pods.
  int pod_nodes = 0;
  // Whether a failed node is replaced from its own pod when it can be (else
  // from anywhere in the cluster).
  bool pod_aware = true;
  // Spare policy. `spare_nodes` of the cluster's nodes are kept as its spare
  // pool, for the leases and jobs whose nodes fail: services (which grow and
  // shrink with demand) take only the nodes beyond it. 0: none reserved, every
  // node that no holder takes is a spare to whoever asks first.
  std::int64_t spare_nodes = 0;
  // Spare tiers. `hot_spares` are powered and ready, handed over after
  // `hot_swap_s`; `warm_spares` are powered and idle, handed over after
  // `warm_swap_s`; the others are cold (powered off), handed over after
  // `cold_swap_s` (-1: the fleet's default swap time). A hot or warm spare
  // handed over is replaced by a cold one brought up to its tier over the
  // cold swap time. hot_spares = -1: no tiers, every spare is powered and
  // takes the cold swap time.
  int hot_spares = -1;
  int warm_spares = 0;
  double hot_swap_s = 0;
  double warm_swap_s = 0;
  double cold_swap_s = -1;

  int Pods() const {
    return pod_nodes > 0 ? (nodes + pod_nodes - 1) / pod_nodes : 1;
  }
  int PodOf(int index) const { return pod_nodes > 0 ? index / pod_nodes : 0; }
  std::int64_t gpus() const {
    return static_cast<std::int64_t>(nodes) * node.gpus;
  }
};

// The entity id that names node `index` of the cluster called `cluster_name` in
// RNG streams.
inline std::uint64_t NodeEntityId(const std::string& cluster_name, int index) {
  return sim::SplitMix64(sim::Fnv1a64(cluster_name)) +
         static_cast<std::uint64_t>(index);
}

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_CLUSTER_H_
