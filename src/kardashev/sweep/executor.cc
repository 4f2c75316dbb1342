#include "kardashev/sweep/executor.h"

#include <fmt/format.h>

#include <atomic>
#include <cassert>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

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
    RunOnThreads(tasks, compute, record);
  }

  bool coordinator() const override { return true; }

  std::string Describe() const override {
    return fmt::format("{} thread{}", jobs_, jobs_ == 1 ? "" : "s");
  }

 private:
  // Workers take the next task from a shared counter and queue their results;
  // the calling thread records them as they come.
  void RunOnThreads(const std::vector<std::size_t>& tasks,
                    const Compute& compute, const Record& record) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<std::size_t, std::string>> done;
    std::size_t workers_left = static_cast<std::size_t>(jobs_);
    auto work = [&] {
      while (!stop.load()) {
        const std::size_t i = next.fetch_add(1);
        if (i >= tasks.size()) break;
        std::string result = compute(tasks[i]);
        const std::lock_guard<std::mutex> lock(mutex);
        done.emplace_back(tasks[i], std::move(result));
        ready.notify_one();
      }
      const std::lock_guard<std::mutex> lock(mutex);
      --workers_left;
      ready.notify_one();
    };
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(jobs_));
    for (int t = 0; t < jobs_; ++t) threads.emplace_back(work);
    std::exception_ptr failure;
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      ready.wait(lock, [&] { return !done.empty() || workers_left == 0; });
      if (done.empty()) break;
      auto [task, result] = std::move(done.front());
      done.pop_front();
      if (failure) continue;  // drain: results after a failure are dropped
      lock.unlock();
      try {
        record(task, result);
      } catch (...) {
        failure = std::current_exception();
        stop.store(true);
      }
      lock.lock();
    }
    lock.unlock();
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
  }

  int jobs_;
};

}  // namespace

std::unique_ptr<Executor> MakeThreadExecutor(int jobs) {
  return std::make_unique<ThreadExecutor>(jobs);
}

}  // namespace kardashev::sweep
