#include "kardashev/sweep/local_workers.h"

#include <cassert>

namespace kardashev::sweep {

std::optional<std::size_t> TaskDispenser::Next() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (stopped_ || next_ >= tasks_.size()) return std::nullopt;
  return tasks_[next_++];
}

void TaskDispenser::Stop() {
  const std::lock_guard<std::mutex> lock(mutex_);
  stopped_ = true;
}

std::optional<std::size_t> TaskMailbox::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (closed_) return std::nullopt;
  ++waiting_;
  changed_.wait(lock, [&] { return !given_.empty() || closed_; });
  if (given_.empty()) return std::nullopt;  // closed while waiting
  const std::size_t task = given_.front();
  given_.pop_front();
  return task;
}

void TaskMailbox::Give(std::size_t task) {
  const std::lock_guard<std::mutex> lock(mutex_);
  assert(waiting_ > 0);
  given_.push_back(task);
  --waiting_;
  changed_.notify_all();
}

void TaskMailbox::Close() {
  const std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

int TaskMailbox::waiting() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return closed_ ? 0 : waiting_;
}

void GuardedRecorder::operator()(std::size_t task, const std::string& result) {
  if (failure_) return;
  try {
    record_(task, result);
  } catch (...) {
    failure_ = std::current_exception();
    dispenser_.Stop();
  }
}

void GuardedRecorder::Rethrow() const {
  if (failure_) std::rethrow_exception(failure_);
}

LocalWorkers::LocalWorkers(int jobs, Next next, const Compute& compute)
    : next_(std::move(next)), running_(jobs) {
  assert(jobs >= 1);
  threads_.reserve(static_cast<std::size_t>(jobs));
  for (int t = 0; t < jobs; ++t) {
    threads_.emplace_back([this, &compute] { Loop(compute); });
  }
}

LocalWorkers::~LocalWorkers() {
  for (auto& t : threads_) t.join();
}

void LocalWorkers::Loop(const Compute& compute) {
  while (const auto task = next_()) {
    std::string result = compute(*task);
    const std::lock_guard<std::mutex> lock(mutex_);
    done_.emplace_back(*task, std::move(result));
    ready_.notify_all();
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  --running_;
  ready_.notify_all();
}

std::vector<LocalWorkers::Result> LocalWorkers::Take() {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Result> out(std::make_move_iterator(done_.begin()),
                          std::make_move_iterator(done_.end()));
  done_.clear();
  return out;
}

void LocalWorkers::WaitForResult(std::chrono::microseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait_for(lock, timeout, [&] { return !done_.empty(); });
}

void LocalWorkers::WaitForResult() {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait(lock, [&] { return !done_.empty() || running_ == 0; });
}

bool LocalWorkers::Finished() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return running_ == 0 && done_.empty();
}

}  // namespace kardashev::sweep
