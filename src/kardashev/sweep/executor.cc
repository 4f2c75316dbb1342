#include "kardashev/sweep/executor.h"

#include <fmt/format.h>

#include <cassert>

#include "kardashev/sweep/local_workers.h"

namespace kardashev::sweep {

namespace {

class ThreadExecutor : public Executor {
 public:
  explicit ThreadExecutor(int jobs) : jobs_(jobs) { assert(jobs >= 1); }

  void Run(const std::vector<std::size_t>& tasks, const Compute& compute,
           const Record& record) override {
    if (jobs_ == 1) {
      for (const std::size_t task : tasks) record(task, compute(task));
      return;
    }
    // Workers take the next task from the dispenser; the calling thread
    // records their results as they come.
    TaskDispenser dispenser(tasks);
    GuardedRecorder guarded(record, dispenser);
    {
      LocalWorkers local(
          jobs_, [&] { return dispenser.Next(); }, compute);
      while (!local.Finished()) {
        local.WaitForResult();
        for (const auto& [task, result] : local.Take()) guarded(task, result);
      }
    }
    guarded.Rethrow();
  }

  bool coordinator() const override { return true; }

  std::string Describe() const override {
    return fmt::format("{} thread{}", jobs_, jobs_ == 1 ? "" : "s");
  }

 private:
  int jobs_;
};

}  // namespace

std::unique_ptr<Executor> MakeThreadExecutor(int jobs) {
  return std::make_unique<ThreadExecutor>(jobs);
}

}  // namespace kardashev::sweep
