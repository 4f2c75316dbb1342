// Placement decides which node goes to which holder: it keeps leases and jobs
// whole from their cluster's spares, queues them when none is free, sizes
// services to their demand, and hands freed nodes to the holders waiting for
// them. It owns the holders' gangs in the node pool (one per holder slot, in
// slot order) and each service's list of nodes.
//
// It schedules nothing. Each call that may hand out nodes appends a Handout per
// node, in the order given; the caller acts on them in that order (warming a
// cold spare, activating a node after its swap, restarting a job whose gang is
// whole), before anything else, so that events are scheduled as if it had
// acted at once. Handouts never make a gang smaller, so acting later in the
// same call sees each gang at least as whole as when the node was given.
#ifndef KARDASHEV_SCHED_PLACEMENT_H_
#define KARDASHEV_SCHED_PLACEMENT_H_

#include <cstdint>
#include <vector>

#include "kardashev/fleet/node_pool.h"
#include "kardashev/sched/fleet_plan.h"
#include "kardashev/sched/holder.h"

namespace kardashev::sched {

// A node given to a holder.
struct Handout {
  int node = -1;
  int slot = -1;              // the holder
  std::uint32_t epoch = 0;    // the node's, when it was given
  bool provisioning = false;  // swapped in after `swap_s`, not at once
  double swap_s = 0;          // the swap time of its tier
  fleet::SpareTier tier = fleet::SpareTier::kCold;
  bool refill = false;  // a hot or warm spare: a cold one starts warming

  bool gang_whole = false;  // given at once, and the holder is now whole
};

class Placement {
 public:
  // Adds one gang per holder of `plan` to `pool`, in slot order.
  // REQUIRES: `pool` not yet populated.
  Placement(const FleetPlan& plan, const HolderIndex& holders,
            fleet::NodePool& pool);
  Placement(const Placement&) = delete;
  Placement& operator=(const Placement&) = delete;

  // Holder `slot` wants one node more, preferably of pod `pod` (-1: any). A
  // service takes a spare at once or goes without (it retries each hour); a
  // lease or job gets a spare, at once or after the swap time, or queues.
  void Request(int slot, int pod, std::vector<Handout>& out);

  // A spare node goes back to the pool, and on to a holder waiting for one.
  void Release(int node, std::vector<Handout>& out);

  // Every node of holder `slot` goes back to the pool, and it leaves the
  // queue; with `hand_out`, each node goes on to a holder waiting for one.
  void Free(int slot, bool hand_out, std::vector<Handout>& out);

  // A finished job wants no node any more.
  void Retire(int slot);

  // Asks for the nodes holder `slot` lacks, one by one.
  void Gather(int slot, std::vector<Handout>& out);

  // Sets service `service`'s target to `nodes` and gives back the nodes it
  // holds beyond it, the last given first.
  void ResizeService(int service, std::int64_t nodes,
                     std::vector<Handout>& out);

  // Gives service `service` spares until it is whole or none is free; true
  // when it is whole.
  bool FillService(int service);

 private:
  bool Take(int slot, int pod);

  const FleetPlan& plan_;
  const HolderIndex& holders_;
  fleet::NodePool& pool_;
  std::vector<std::vector<int>> members_;  // by service; stale entries skipped
  std::vector<char> retired_;              // by slot
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_PLACEMENT_H_
