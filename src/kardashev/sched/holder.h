// What holds nodes in the fleet simulation: a lease, a training job or a
// service. A HolderId names one by its kind and its index in the plan's list of
// that kind. A HolderIndex numbers all holders with one dense slot each (the
// leases first, then the jobs, then the services), which is the opaque gang
// handle fleet::NodePool works with and the order in which the simulation
// accounts holders; it is the one place that knows that numbering.
#ifndef KARDASHEV_SCHED_HOLDER_H_
#define KARDASHEV_SCHED_HOLDER_H_

#include <cstdint>

namespace kardashev::sched {

enum class HolderKind : std::uint8_t { kLease, kJob, kService };

struct HolderId {
  HolderKind kind = HolderKind::kLease;
  int index = 0;  // in the plan's leases, jobs or services

  static HolderId Lease(int i) { return {HolderKind::kLease, i}; }
  static HolderId Job(int i) { return {HolderKind::kJob, i}; }
  static HolderId Service(int i) { return {HolderKind::kService, i}; }
  friend bool operator==(HolderId, HolderId) = default;
};

class HolderIndex {
 public:
  HolderIndex(int leases, int jobs, int services)
      : leases_(leases), jobs_(jobs), services_(services) {}

  // The number of slots: every lease, job and service.
  int size() const { return leases_ + jobs_ + services_; }

  // REQUIRES: `id` names a holder of the plan.
  int Slot(HolderId id) const {
    switch (id.kind) {
      case HolderKind::kLease:
        return id.index;
      case HolderKind::kJob:
        return leases_ + id.index;
      case HolderKind::kService:
        return leases_ + jobs_ + id.index;
    }
    return -1;
  }

  // REQUIRES: 0 <= slot < size().
  HolderId Id(int slot) const {
    if (slot < leases_) return HolderId::Lease(slot);
    if (slot < leases_ + jobs_) return HolderId::Job(slot - leases_);
    return HolderId::Service(slot - leases_ - jobs_);
  }

 private:
  int leases_;
  int jobs_;
  int services_;
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_HOLDER_H_
