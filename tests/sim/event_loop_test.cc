#include "kardashev/sim/event_loop.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "kardashev/sim/random.h"

namespace kardashev::sim {
namespace {

SimTime At(double seconds) { return kSimStart + FromSeconds(seconds); }

TEST(EventLoopTest, RunsEventsInTimeOrder) {
  EventLoop loop;
  std::vector<int> order;
  loop.ScheduleAt(At(3), [&] { order.push_back(3); });
  loop.ScheduleAt(At(1), [&] { order.push_back(1); });
  loop.ScheduleAt(At(2), [&] { order.push_back(2); });
  EXPECT_EQ(loop.RunUntil(kSimEnd), 3u);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(loop.Now(), At(3));
}

TEST(EventLoopTest, TiesRunInInsertionOrder) {
  EventLoop loop;
  std::vector<int> order;
  for (int i = 0; i < 100; ++i)
    loop.ScheduleAt(At(5), [&order, i] { order.push_back(i); });
  loop.RunUntil(kSimEnd);
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
}

TEST(EventLoopTest, EventsScheduledByEventsAtTheSameTimeRunAfterEarlierOnes) {
  EventLoop loop;
  std::vector<std::string> order;
  loop.ScheduleAt(At(1), [&] {
    order.push_back("a");
    loop.ScheduleAfter(SimDuration::zero(), [&] { order.push_back("c"); });
  });
  loop.ScheduleAt(At(1), [&] { order.push_back("b"); });
  loop.RunUntil(kSimEnd);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(EventLoopTest, CancelPreventsTheEventAndReportsWhetherItWasPending) {
  EventLoop loop;
  int ran = 0;
  const EventId a = loop.ScheduleAt(At(1), [&] { ran += 1; });
  const EventId b = loop.ScheduleAt(At(2), [&] { ran += 10; });
  EXPECT_TRUE(loop.IsPending(a));
  EXPECT_TRUE(loop.Cancel(a));
  EXPECT_FALSE(loop.Cancel(a));  // already cancelled
  EXPECT_FALSE(loop.IsPending(a));
  EXPECT_EQ(loop.PendingCount(), 1u);
  loop.RunUntil(kSimEnd);
  EXPECT_EQ(ran, 10);
  EXPECT_FALSE(loop.Cancel(b));  // already ran
  EXPECT_FALSE(loop.Cancel(EventId{}));
}

TEST(EventLoopTest, ACancelledEventsSlotReusedDoesNotResurrectIt) {
  EventLoop loop;
  std::vector<int> ran;
  const EventId a = loop.ScheduleAt(At(1), [&] { ran.push_back(1); });
  loop.Cancel(a);
  const EventId b = loop.ScheduleAt(At(2), [&] { ran.push_back(2); });
  EXPECT_FALSE(loop.IsPending(a));
  EXPECT_TRUE(loop.IsPending(b));
  EXPECT_FALSE(loop.Cancel(a));  // must not cancel b, which took a's slot
  loop.RunUntil(kSimEnd);
  EXPECT_EQ(ran, (std::vector<int>{2}));
}

TEST(EventLoopTest, RunUntilStopsAtTheBoundaryInclusiveAndAdvancesTime) {
  EventLoop loop;
  std::vector<int> ran;
  loop.ScheduleAt(At(1), [&] { ran.push_back(1); });
  loop.ScheduleAt(At(2), [&] { ran.push_back(2); });
  loop.ScheduleAt(At(3), [&] { ran.push_back(3); });
  EXPECT_EQ(loop.RunUntil(At(2)), 2u);
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  EXPECT_EQ(loop.Now(), At(2));
  EXPECT_EQ(loop.RunUntil(At(2.5)), 0u);
  EXPECT_EQ(loop.Now(), At(2.5));
  EXPECT_EQ(loop.PendingCount(), 1u);
}

TEST(EventLoopTest, SchedulingInThePastIsRejected) {
  EventLoop loop;
  loop.RunUntil(At(10));
  EXPECT_THROW(loop.ScheduleAt(At(5), [] {}), std::invalid_argument);
  EXPECT_THROW(loop.ScheduleAfter(FromSeconds(-1), [] {}),
               std::invalid_argument);
}

TEST(EventLoopTest, ScheduleAfterSaturatesAtTheEndOfTime) {
  EventLoop loop;
  bool ran = false;
  loop.ScheduleAfter(SimDuration::max(), [&] { ran = true; });
  loop.RunUntil(At(1e9));
  EXPECT_FALSE(ran);
  EXPECT_EQ(loop.PendingCount(), 1u);
}

// Many random schedules and cancels against a reference: the loop must run
// exactly the live events, in (time, insertion) order, also across heap
// compactions.
TEST(EventLoopTest, MatchesAReferenceOrderUnderRandomCancels) {
  EventLoop loop;
  RngStream rng(7, "test", 0);
  struct Planned {
    std::int64_t t;
    int seq;
    EventId id;
    bool cancelled = false;
  };
  std::vector<Planned> planned;
  std::vector<int> ran;
  for (int i = 0; i < 5000; ++i) {
    const auto t = static_cast<std::int64_t>(rng.UniformInt(1000));
    Planned p{t, i, {}};
    p.id = loop.ScheduleAt(kSimStart + SimDuration{t},
                           [&ran, i] { ran.push_back(i); });
    planned.push_back(p);
  }
  for (auto& p : planned) {
    if (rng.Uniform() < 0.7) {
      EXPECT_TRUE(loop.Cancel(p.id));
      p.cancelled = true;
    }
  }
  std::vector<Planned> expected;
  for (const auto& p : planned) {
    if (!p.cancelled) expected.push_back(p);
  }
  std::stable_sort(
      expected.begin(), expected.end(),
      [](const Planned& a, const Planned& b) { return a.t < b.t; });
  EXPECT_EQ(loop.PendingCount(), expected.size());
  loop.RunUntil(kSimEnd);
  ASSERT_EQ(ran.size(), expected.size());
  for (std::size_t i = 0; i < ran.size(); ++i)
    EXPECT_EQ(ran[i], expected[i].seq);
}

}  // namespace
}  // namespace kardashev::sim
