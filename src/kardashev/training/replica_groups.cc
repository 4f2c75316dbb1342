#include "kardashev/training/replica_groups.h"

#include <algorithm>

namespace kardashev::training {

ReplicaGroups::ReplicaGroups(std::int64_t domains, std::int64_t domain_nodes,
                             const std::vector<int>& nodes)
    : domain_nodes_(domain_nodes), domains_(domains), fielded_(domains) {
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const int d = static_cast<int>(static_cast<std::int64_t>(k) / domain_nodes);
    domains_[d].nodes.push_back(nodes[k]);
    domain_of_[nodes[k]] = d;
  }
}

void ReplicaGroups::Queue(int domain) {
  if (domains_[domain].queued) return;
  domains_[domain].queued = true;
  short_.push_back(domain);
}

void ReplicaGroups::Unqueue(int domain) {
  if (!domains_[domain].queued) return;
  domains_[domain].queued = false;
  std::erase(short_, domain);
}

void ReplicaGroups::SetState(int domain, DomainState state) {
  Domain& d = domains_[domain];
  const auto count = [&](DomainState s, int delta) {
    if (s == DomainState::kFielded) fielded_ += delta;
    if (s == DomainState::kRejoining) rejoining_ += delta;
  };
  count(d.state, -1);
  d.state = state;
  count(d.state, 1);
  ++d.epoch;
}

ReplicaGroups::Lost ReplicaGroups::Lose(int node) {
  Lost lost;
  const auto it = domain_of_.find(node);
  if (it == domain_of_.end()) return lost;
  lost.domain = it->second;
  domain_of_.erase(it);
  Domain& d = domains_[lost.domain];
  std::erase(d.nodes, node);
  lost.was_live = d.state != DomainState::kStopped;
  SetState(lost.domain, DomainState::kStopped);
  Queue(lost.domain);
  return lost;
}

void ReplicaGroups::LoseAll() {
  domain_of_.clear();
  for (int d = 0; d < size(); ++d) {
    domains_[d].nodes.clear();
    SetState(d, DomainState::kStopped);
    Queue(d);
  }
}

int ReplicaGroups::Join(int node) {
  if (short_.empty()) return -1;
  const int d = short_.front();
  domains_[d].nodes.push_back(node);
  domain_of_[node] = d;
  if (!Whole(d)) return -1;
  Unqueue(d);
  return d;
}

void ReplicaGroups::Move(int node, int from, int to) {
  std::erase(domains_[from].nodes, node);
  domains_[to].nodes.push_back(node);
  domain_of_[node] = to;
}

std::vector<int> ReplicaGroups::Reform() {
  std::vector<int> made;
  // Receivers hold the most nodes, donors the fewest; ties by queue order.
  std::vector<int> order(short_.begin(), short_.end());
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return domains_[a].nodes.size() > domains_[b].nodes.size();
  });
  std::size_t receiver = 0;
  std::size_t donor = order.size();
  while (receiver + 1 < donor) {
    const int to = order[receiver];
    const int from = order[donor - 1];
    if (domains_[from].nodes.empty()) {
      --donor;
      continue;
    }
    Move(domains_[from].nodes.back(), from, to);
    if (Whole(to)) {
      Unqueue(to);
      made.push_back(to);
      ++receiver;
    }
  }
  // Partial moves into the last receiver stay: its nodes wait with it.
  return made;
}

}  // namespace kardashev::training
