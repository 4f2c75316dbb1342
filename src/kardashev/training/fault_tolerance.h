// How a training job lives through failures, and what a restart is made of.
//
// A job's GPUs form data-parallel replica groups: one group is the tp x pp x
// cp GPUs that hold one copy of the model. The fault-tolerance mode says what
// a failure of one node stops:
//  - gang: the whole job; it waits until every group is whole again, then
//    reloads its last checkpoint.
//  - replica: only the group that holds the node; the other groups train on
//    at a narrower data-parallel width, and the group rejoins from a peer's
//    state once it has a node again.
//  - elastic: as replica, and when no spare node is free the job re-forms as
//    many whole groups as the nodes it holds allow, growing back as nodes
//    return.
// A restart, in any mode, is detection + rescheduling + state load + warm-up.
//
// At a narrower width the global batch shrinks with it: each fielded group
// keeps its micro-batches, so tokens per step fall in proportion to the
// fielded share of groups and the step time is unchanged; the job's token
// throughput is that share of the full one. Failures of job scope (software
// bugs, collective hangs, dependencies; data/catalog/failures.toml) stop
// every rank in every mode, and the job restarts whole from its newest
// checkpoint.
#ifndef KARDASHEV_TRAINING_FAULT_TOLERANCE_H_
#define KARDASHEV_TRAINING_FAULT_TOLERANCE_H_

#include <cstdint>

namespace kardashev::training {

enum class FaultTolerance : std::uint8_t { kGang, kReplica, kElastic };

// The parts of one restart, in seconds.
struct RestartBreakdown {
  double detection_s = 0;     // from the fault to knowing which node failed
  double rescheduling_s = 0;  // relaunching the processes on whole nodes
  double state_load_s = 0;    // model and optimizer state, from storage,
                              // host memory or a peer group
  double warmup_s = 0;        // communicator setup, compilation, data loader

  double total_s() const {
    return detection_s + rescheduling_s + state_load_s + warmup_s;
  }
};

}  // namespace kardashev::training

#endif  // KARDASHEV_TRAINING_FAULT_TOLERANCE_H_
