// The threads of one process that compute a sweep's tasks, and the two ways
// they get their tasks: from a dispenser over a list this process holds (the
// coordinator), or from a mailbox another thread fills (a worker rank, whose
// tasks come over MPI). The building blocks of the executors
// (sweep/executor.h).
//
// What they promise: each task a dispenser or mailbox hands out is computed
// exactly once, by one thread, and its result taken exactly once by Take().
// Threads stop when their source has nothing left (std::nullopt).
#ifndef KARDASHEV_SWEEP_LOCAL_WORKERS_H_
#define KARDASHEV_SWEEP_LOCAL_WORKERS_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kardashev::sweep {

// Hands out the tasks of a list one at a time, to any thread; after Stop()
// hands out nothing more.
class TaskDispenser {
 public:
  explicit TaskDispenser(const std::vector<std::size_t>& tasks)
      : tasks_(tasks) {}
  TaskDispenser(const TaskDispenser&) = delete;
  TaskDispenser& operator=(const TaskDispenser&) = delete;

  std::optional<std::size_t> Next();
  void Stop();

 private:
  std::mutex mutex_;
  const std::vector<std::size_t>& tasks_;
  std::size_t next_ = 0;
  bool stopped_ = false;
};

// Threads wait here for a task that another thread gives them; Close() wakes
// every waiter, and all later ones, with nothing.
class TaskMailbox {
 public:
  std::optional<std::size_t> Wait();
  void Give(std::size_t task);
  void Close();
  // Threads waiting that no Give() has answered yet.
  int waiting();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::size_t> given_;
  int waiting_ = 0;
  bool closed_ = false;
};

// Records results until the first recorder failure, then stops the
// dispenser and drops the rest; Rethrow() raises that failure, if any.
class GuardedRecorder {
 public:
  using Record =
      std::function<void(std::size_t task, const std::string& result)>;
  GuardedRecorder(const Record& record, TaskDispenser& dispenser)
      : record_(record), dispenser_(dispenser) {}
  GuardedRecorder(const GuardedRecorder&) = delete;
  GuardedRecorder& operator=(const GuardedRecorder&) = delete;

  void operator()(std::size_t task, const std::string& result);
  void Rethrow() const;

 private:
  const Record& record_;
  TaskDispenser& dispenser_;
  std::exception_ptr failure_;
};

// `jobs` threads, each taking a task from `next` and computing it until
// `next` returns nothing. Results wait in a queue until Take().
class LocalWorkers {
 public:
  using Next = std::function<std::optional<std::size_t>()>;
  using Compute = std::function<std::string(std::size_t task)>;
  using Result = std::pair<std::size_t, std::string>;

  LocalWorkers(int jobs, Next next, const Compute& compute);
  ~LocalWorkers();  // joins the threads
  LocalWorkers(const LocalWorkers&) = delete;
  LocalWorkers& operator=(const LocalWorkers&) = delete;

  // The results finished since the last call, in the order they finished.
  std::vector<Result> Take();
  // Waits until a result is queued or `timeout` has passed, even when every
  // thread has stopped: a coordinator polling other ranks sleeps here rather
  // than spinning.
  void WaitForResult(std::chrono::microseconds timeout);
  // Blocks until a result is queued or every thread has stopped.
  void WaitForResult();
  // Every thread has stopped and every result has been taken.
  bool Finished();

 private:
  void Loop(const Compute& compute);

  Next next_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Result> done_;
  int running_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_LOCAL_WORKERS_H_
