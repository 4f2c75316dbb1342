// An Executor runs the tasks of a sweep (one point and replication each) on
// its workers and hands every finished task's result to a single recorder.
// Threads on one machine (MakeThreadExecutor) and ranks across machines (an
// MPI executor in the command-line program) offer the same contract, so that
// a sweep's results do not depend on how it was spread.
//
// What it promises: Run calls `compute` exactly once for each task of
// `tasks`, on any worker, in no fixed order, and `record` exactly once for
// each, on the coordinator only and never concurrently, in the order tasks
// finish. `compute` must be safe to call from several threads at once and must
// not throw: it encodes a failure in its result. If `record` throws, Run stops
// handing out tasks, waits for the tasks in flight (their results are
// dropped) and rethrows on the coordinator.
#ifndef KARDASHEV_SWEEP_EXECUTOR_H_
#define KARDASHEV_SWEEP_EXECUTOR_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kardashev::sweep {

class Executor {
 public:
  using Compute = std::function<std::string(std::size_t task)>;
  using Record =
      std::function<void(std::size_t task, const std::string& result)>;

  virtual ~Executor() = default;

  // Runs every task of `tasks` (task numbers, each at most once). On a
  // process that is not the coordinator it computes what it is given and
  // returns when the coordinator says the run is over; `tasks` is read on the
  // coordinator only.
  virtual void Run(const std::vector<std::size_t>& tasks,
                   const Compute& compute, const Record& record) = 0;

  // Whether this process records results and prints: the only process, or
  // rank 0 of an MPI run.
  virtual bool coordinator() const = 0;

  // How the work is spread, for a status line: "2 threads", "4 ranks".
  virtual std::string Describe() const = 0;
};

// Runs tasks on `jobs` >= 1 threads of this process (the calling thread
// records). jobs == 1 computes on the calling thread.
std::unique_ptr<Executor> MakeThreadExecutor(int jobs);

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_EXECUTOR_H_
