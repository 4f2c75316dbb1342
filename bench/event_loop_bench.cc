// The hold model (Vaucher and Duval, 1975): keep N events pending; repeatedly
// take the earliest and schedule one new event at an exponential delay after
// it. The engine (callbacks, cancel support, tie-breaking by insertion order)
// is measured beside a bare std::priority_queue of (time, sequence) pairs doing
// the same work in the same binary, so the ratio of the two is meaningful on a
// noisy machine.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "kardashev/sim/event_loop.h"
#include "kardashev/sim/random.h"

namespace kardashev::sim {
namespace {

constexpr double kMeanDelayNs = 1e6;

// A callback that reschedules itself: one hold operation per run.
struct Hold {
  EventLoop* loop;
  RngStream* rng;
  void operator()() const {
    loop->ScheduleAfter(SimDuration{static_cast<std::int64_t>(
                            rng->Exponential(1 / kMeanDelayNs))},
                        Hold{loop, rng});
  }
};

void BM_HoldEventLoop(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  EventLoop loop;
  RngStream rng(1, "bench", 0);
  for (std::size_t i = 0; i < pending; ++i) {
    loop.ScheduleAt(kSimStart + SimDuration{static_cast<std::int64_t>(
                                    rng.Exponential(1 / kMeanDelayNs))},
                    Hold{&loop, &rng});
  }
  for (auto _ : state) loop.Step();
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(loop.PendingCount());
}
BENCHMARK(BM_HoldEventLoop)->Arg(10'000)->Arg(1'000'000);

void BM_HoldBarePriorityQueue(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  using Entry = std::pair<std::int64_t, std::uint64_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  RngStream rng(1, "bench", 0);
  std::uint64_t sequence = 0;
  for (std::size_t i = 0; i < pending; ++i) {
    heap.emplace(static_cast<std::int64_t>(rng.Exponential(1 / kMeanDelayNs)),
                 sequence++);
  }
  for (auto _ : state) {
    const std::int64_t now = heap.top().first;
    heap.pop();
    heap.emplace(
        now + static_cast<std::int64_t>(rng.Exponential(1 / kMeanDelayNs)),
        sequence++);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(heap.size());
}
BENCHMARK(BM_HoldBarePriorityQueue)->Arg(10'000)->Arg(1'000'000);

}  // namespace
}  // namespace kardashev::sim
