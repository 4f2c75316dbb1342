// ReplicaGroups tracks which failure domain of a replica- or elastic-mode
// training job each of its nodes belongs to, and each domain's state. A
// domain is the unit whose failure stops the same replica groups: a group of
// whole nodes (tp x pp x cp GPUs over several nodes), or one node that holds
// several groups. A domain is fielded (training), rejoining (restarting from
// a peer group's state) or stopped (short of a node, or whole but not yet
// told to rejoin).
//
// It promises:
//  - a node belongs to at most one domain, and a domain holds at most
//    domain_nodes nodes;
//  - a node that joins fills the domain that has waited longest for one
//    (domains are queued in the order they first fell short), so a
//    replacement joins the group that lost a node;
//  - Reform() (elastic mode) moves healthy nodes only between stopped
//    domains, from those holding fewest to those holding most, so that
//    floor(healthy nodes of stopped domains / domain_nodes) of them are whole;
//  - each change of a domain's state bumps its epoch, so a rejoin scheduled
//    before it is stale.
// It knows no node pool and schedules nothing; nodes are the pool's indices.
#ifndef KARDASHEV_TRAINING_REPLICA_GROUPS_H_
#define KARDASHEV_TRAINING_REPLICA_GROUPS_H_

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

namespace kardashev::training {

enum class DomainState : std::uint8_t { kFielded, kRejoining, kStopped };

class ReplicaGroups {
 public:
  // `nodes` are the job's nodes at the start, in order: the k-th belongs to
  // domain k / domain_nodes, and every domain is whole and fielded.
  // REQUIRES: nodes.size() == domains x domain_nodes.
  ReplicaGroups(std::int64_t domains, std::int64_t domain_nodes,
                const std::vector<int>& nodes);

  struct Lost {
    int domain = -1;        // -1: not a node of the job
    bool was_live = false;  // the domain was fielded or rejoining
  };
  // Node `node` left the job (it failed): its domain stops.
  Lost Lose(int node);
  // Every node left the job (it was preempted): every domain stops.
  void LoseAll();
  // Node `node` joined the job; returns the domain it made whole, or -1.
  int Join(int node);
  // Elastic: re-forms whole domains from the healthy nodes of stopped ones;
  // returns the domains made whole, in order.
  std::vector<int> Reform();

  void SetState(int domain, DomainState state);
  DomainState state(int domain) const { return domains_[domain].state; }
  std::uint32_t epoch(int domain) const { return domains_[domain].epoch; }
  bool Whole(int domain) const {
    return static_cast<std::int64_t>(domains_[domain].nodes.size()) ==
           domain_nodes_;
  }
  int size() const { return static_cast<int>(domains_.size()); }
  std::int64_t fielded() const { return fielded_; }
  std::int64_t rejoining() const { return rejoining_; }

 private:
  struct Domain {
    std::vector<int> nodes;
    DomainState state = DomainState::kFielded;
    std::uint32_t epoch = 0;
    bool queued = false;  // in short_
  };
  void Queue(int domain);
  void Unqueue(int domain);
  void Move(int node, int from, int to);

  std::int64_t domain_nodes_;
  std::vector<Domain> domains_;
  std::unordered_map<int, int> domain_of_;  // by node
  std::deque<int> short_;  // stopped domains short of nodes, oldest first
  std::int64_t fielded_ = 0;
  std::int64_t rejoining_ = 0;
};

}  // namespace kardashev::training

#endif  // KARDASHEV_TRAINING_REPLICA_GROUPS_H_
