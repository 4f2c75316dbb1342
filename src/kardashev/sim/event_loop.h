// An EventLoop sequences a discrete-event simulation. Events are callbacks
// scheduled at a simulated time; the loop runs them in time order, and events
// at the same time in the order they were scheduled, so a run is deterministic.
// A scheduled event can be cancelled until it runs. The loop owns no model
// state: models schedule their own callbacks.
//
// The pending set is a 4-ary min-heap of 16-byte entries (time, sequence|slot)
// with the callbacks kept aside in reusable slots, so sifting moves small keys
// only. Cancelled events are dropped lazily when they reach the top, and the
// heap is compacted when more than half of it is stale.
//
// Not thread-safe: one loop belongs to one simulation on one thread.
#ifndef KARDASHEV_SIM_EVENT_LOOP_H_
#define KARDASHEV_SIM_EVENT_LOOP_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kardashev/sim/callback.h"
#include "kardashev/sim/time.h"

namespace kardashev::sim {

// Names one scheduled event. The default value names no event.
class EventId {
 public:
  constexpr EventId() = default;
  constexpr bool valid() const { return key_ != 0; }
  friend constexpr bool operator==(EventId, EventId) = default;

 private:
  friend class EventLoop;
  constexpr explicit EventId(std::uint64_t key) : key_(key) {}
  std::uint64_t key_ = 0;
};

class EventLoop {
 public:
  EventLoop() = default;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // The time of the event running now, or of the last one run, or the end of
  // the last RunUntil: whichever is latest. Starts at kSimStart.
  SimTime Now() const { return now_; }

  // Schedules `callback` to run at `time`.
  // REQUIRES: time >= Now(). Throws std::invalid_argument otherwise, and
  // std::length_error past 2^24 pending events or 2^40 events scheduled in all.
  EventId ScheduleAt(SimTime time, Callback callback);

  // Schedules `callback` to run `delay` after Now(); a delay past the end of
  // the clock is clamped to kSimEnd. REQUIRES: delay >= 0.
  EventId ScheduleAfter(SimDuration delay, Callback callback);

  // Cancels a pending event. Returns true if it was pending; false if it
  // already ran, was already cancelled, or `id` names no event.
  bool Cancel(EventId id);

  // True while the event named by `id` is scheduled and has not run or been
  // cancelled.
  bool IsPending(EventId id) const;

  // Runs the earliest pending event, if any. Returns false when none was
  // pending.
  bool Step();

  // Runs every event with time <= `end`, in order, including those the running
  // events schedule. Afterwards Now() is `end` (unless `end` is kSimEnd).
  // Returns how many ran.
  std::uint64_t RunUntil(SimTime end);

  // The number of events scheduled and neither run nor cancelled.
  std::size_t PendingCount() const { return pending_; }

 private:
  struct Entry {
    std::int64_t time_ns;
    std::uint64_t key;  // sequence << kSlotBits | slot
  };
  struct Slot {
    Callback callback;
    std::uint64_t key = 0;  // key of the event in this slot; 0 when free
  };

  static constexpr int kSlotBits = 24;
  static constexpr std::uint64_t kSlotMask =
      (std::uint64_t{1} << kSlotBits) - 1;
  static constexpr std::uint64_t kMaxSequence =
      (std::uint64_t{1} << (64 - kSlotBits)) - 1;

  static bool Before(const Entry& a, const Entry& b) {
    return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.key < b.key);
  }
  bool IsLive(const Entry& e) const {
    return slots_[e.key & kSlotMask].key == e.key;
  }

  void Push(Entry e);
  void PopTop();
  void SiftDown(std::size_t hole, Entry e);
  void DropStaleTop();
  void Compact();

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 1;
  std::size_t pending_ = 0;
  std::size_t stale_ = 0;  // cancelled entries still in heap_
  SimTime now_ = kSimStart;
};

}  // namespace kardashev::sim

#endif  // KARDASHEV_SIM_EVENT_LOOP_H_
