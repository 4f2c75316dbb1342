#include "kardashev/sim/event_loop.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace kardashev::sim {

namespace {
constexpr std::size_t kArity = 4;
}  // namespace

EventId EventLoop::ScheduleAt(SimTime time, Callback callback) {
  if (time < now_) {
    throw std::invalid_argument("EventLoop::ScheduleAt: time is before Now()");
  }
  if (next_sequence_ > kMaxSequence) {
    throw std::length_error("EventLoop: more than 2^40 events scheduled");
  }
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (slots_.size() > kSlotMask) {
      throw std::length_error("EventLoop: more than 2^24 events pending");
    }
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  const std::uint64_t key = (next_sequence_++ << kSlotBits) | slot;
  slots_[slot].callback = callback;
  slots_[slot].key = key;
  Push(Entry{time.time_since_epoch().count(), key});
  ++pending_;
  return EventId(key);
}

EventId EventLoop::ScheduleAfter(SimDuration delay, Callback callback) {
  if (delay < SimDuration::zero()) {
    throw std::invalid_argument("EventLoop::ScheduleAfter: negative delay");
  }
  return ScheduleAt(SaturatingAdd(now_, delay), callback);
}

bool EventLoop::IsPending(EventId id) const {
  if (!id.valid()) return false;
  const std::uint64_t slot = id.key_ & kSlotMask;
  return slot < slots_.size() && slots_[slot].key == id.key_;
}

bool EventLoop::Cancel(EventId id) {
  if (!IsPending(id)) return false;
  Slot& s = slots_[id.key_ & kSlotMask];
  s.callback = Callback();
  s.key = 0;
  free_slots_.push_back(static_cast<std::uint32_t>(id.key_ & kSlotMask));
  --pending_;
  ++stale_;
  if (stale_ > 64 && stale_ * 2 > heap_.size()) Compact();
  return true;
}

bool EventLoop::Step() {
  if (stale_ > 0) DropStaleTop();
  if (heap_.empty()) return false;
  const Entry top = heap_.front();
  PopTop();
  const auto slot = static_cast<std::uint32_t>(top.key & kSlotMask);
  Callback callback = slots_[slot].callback;
  slots_[slot].key = 0;
  free_slots_.push_back(slot);
  --pending_;
  now_ = SimTime{SimDuration{top.time_ns}};
  callback();
  return true;
}

std::uint64_t EventLoop::RunUntil(SimTime end) {
  std::uint64_t ran = 0;
  const std::int64_t end_ns = end.time_since_epoch().count();
  for (;;) {
    if (stale_ > 0) DropStaleTop();
    if (heap_.empty() || heap_.front().time_ns > end_ns) break;
    Step();
    ++ran;
  }
  if (end != kSimEnd && end > now_) now_ = end;
  return ran;
}

void EventLoop::Push(Entry e) {
  std::size_t hole = heap_.size();
  heap_.push_back(e);
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!Before(e, heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = e;
}

void EventLoop::PopTop() {
  const Entry last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) SiftDown(0, last);
}

void EventLoop::SiftDown(std::size_t hole, Entry e) {
  const std::size_t n = heap_.size();
  for (;;) {
    const std::size_t first = hole * kArity + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t last = std::min(first + kArity, n);
    for (std::size_t c = first + 1; c < last; ++c) {
      if (Before(heap_[c], heap_[best])) best = c;
    }
    if (!Before(heap_[best], e)) break;
    heap_[hole] = heap_[best];
    hole = best;
  }
  heap_[hole] = e;
}

void EventLoop::DropStaleTop() {
  while (!heap_.empty() && !IsLive(heap_.front())) {
    PopTop();
    --stale_;
  }
}

void EventLoop::Compact() {
  std::erase_if(heap_, [this](const Entry& e) { return !IsLive(e); });
  stale_ = 0;
  if (heap_.size() < 2) return;
  for (std::size_t i = (heap_.size() - 2) / kArity + 1; i-- > 0;) {
    SiftDown(i, heap_[i]);
  }
}

}  // namespace kardashev::sim
