#include "kardashev/sched/placement.h"

namespace kardashev::sched {

using fleet::NodeState;

Placement::Placement(const FleetPlan& plan, const HolderIndex& holders,
                     fleet::NodePool& pool)
    : plan_(plan),
      holders_(holders),
      pool_(pool),
      members_(plan.services.size()),
      retired_(holders.size(), 0) {
  const auto nodes = [&](int cluster, std::int64_t gpus) {
    return gpus / plan_.clusters[cluster].node.gpus;
  };
  for (const auto& l : plan.leases) {
    pool.AddGang(l.cluster, nodes(l.cluster, l.gpus), false);
  }
  for (const auto& j : plan.jobs) {
    pool.AddGang(j.cluster, nodes(j.cluster, j.gpus), true);
  }
  // A service is sized by its first hourly step.
  for (const auto& s : plan.services) pool.AddGang(s.cluster, 0, false);
}

// Gives `slot` a spare node at once; false when none is free.
bool Placement::Take(int slot, int pod) {
  if (!pool_.SpareBeyondReserve(pool_.gang(slot).cluster)) return false;
  const int node = pool_.PopSpare(pool_.gang(slot).cluster, pod, slot);
  if (node < 0) return false;
  pool_.SetState(node, NodeState::kActive, slot);
  if (const HolderId id = holders_.Id(slot); id.kind == HolderKind::kService) {
    members_[id.index].push_back(node);
  }
  return true;
}

void Placement::Request(int slot, int pod, std::vector<Handout>& out) {
  if (holders_.Id(slot).kind == HolderKind::kService) {
    Take(slot, pod);
    return;
  }
  if (retired_[slot]) return;
  const int cluster = pool_.gang(slot).cluster;
  const int node = pool_.PopSpare(cluster, pod, slot);
  if (node < 0) {
    pool_.Wait(slot);
    return;
  }
  Handout h;
  h.node = node;
  h.slot = slot;
  // A spare goes after its tier's swap time; a hot or warm one taken is
  // replaced by warming a cold one.
  const fleet::ClusterConfig& cfg = plan_.clusters[cluster];
  h.tier = pool_.TakeTier(cluster);
  h.refill = h.tier != fleet::SpareTier::kCold;
  h.swap_s = h.tier == fleet::SpareTier::kHot    ? cfg.hot_swap_s
             : h.tier == fleet::SpareTier::kWarm ? cfg.warm_swap_s
                                                 : plan_.ColdSwapS(cluster);
  h.provisioning = h.swap_s > 0;
  pool_.SetState(node,
                 h.provisioning ? NodeState::kProvisioning : NodeState::kActive,
                 slot);
  h.epoch = pool_.epoch(node);
  const fleet::Gang& gang = pool_.gang(slot);
  h.gang_whole = !h.provisioning && gang.active >= gang.target_nodes;
  out.push_back(h);
}

void Placement::Release(int node, std::vector<Handout>& out) {
  if (const int waiting = pool_.Release(node); waiting >= 0) {
    Request(waiting, -1, out);
  }
}

void Placement::Free(int slot, bool hand_out, std::vector<Handout>& out) {
  pool_.DropWaits(slot);
  for (int node = 0; node < pool_.size(); ++node) {
    if (pool_.gang_of(node) != slot) continue;
    pool_.SetState(node, NodeState::kSpare, -1);
    if (hand_out) {
      Release(node, out);
    } else {
      pool_.PushSpare(node);
    }
  }
}

void Placement::Retire(int slot) {
  retired_[slot] = 1;
  pool_.set_target_nodes(slot, 0);
}

void Placement::Gather(int slot, std::vector<Handout>& out) {
  const fleet::Gang& gang = pool_.gang(slot);
  for (std::int64_t k = gang.active + gang.provisioning; k < gang.target_nodes;
       ++k) {
    Request(slot, -1, out);
  }
}

void Placement::ResizeService(int service, std::int64_t nodes,
                              std::vector<Handout>& out) {
  const int slot = holders_.Slot(HolderId::Service(service));
  pool_.set_target_nodes(slot, nodes);
  auto& members = members_[service];
  while (pool_.gang(slot).active > nodes && !members.empty()) {
    const int node = members.back();
    members.pop_back();
    if (pool_.gang_of(node) != slot ||
        pool_.state(node) != NodeState::kActive) {
      continue;
    }
    pool_.SetState(node, NodeState::kSpare, -1);
    Release(node, out);
  }
}

bool Placement::FillService(int service) {
  const int slot = holders_.Slot(HolderId::Service(service));
  while (pool_.gang(slot).active < pool_.gang(slot).target_nodes) {
    if (!Take(slot, -1)) return false;
  }
  return true;
}

}  // namespace kardashev::sched
