#include "kardashev/training/replica_groups.h"

#include <gtest/gtest.h>

#include <vector>

namespace kardashev::training {
namespace {

// Three domains of two nodes: nodes 10-11, 12-13 and 14-15.
ReplicaGroups Three() { return ReplicaGroups(3, 2, {10, 11, 12, 13, 14, 15}); }

TEST(ReplicaGroupsTest, AReplacementJoinsTheGroupThatLostTheNode) {
  ReplicaGroups g = Three();
  EXPECT_EQ(g.fielded(), 3);
  const auto lost = g.Lose(13);
  EXPECT_EQ(lost.domain, 1);
  EXPECT_TRUE(lost.was_live);
  EXPECT_EQ(g.fielded(), 2);
  EXPECT_EQ(g.Lose(99).domain, -1);  // not the job's
  EXPECT_EQ(g.Join(20), 1);          // whole again
  EXPECT_TRUE(g.Whole(1));
  EXPECT_EQ(g.state(1), DomainState::kStopped);  // until told to rejoin
  const std::uint32_t e = g.epoch(1);
  g.SetState(1, DomainState::kRejoining);
  EXPECT_EQ(g.rejoining(), 1);
  EXPECT_GT(g.epoch(1), e);
}

TEST(ReplicaGroupsTest, NodesFillTheLongestWaitingGroupFirst) {
  ReplicaGroups g = Three();
  g.Lose(15);  // domain 2 first
  g.Lose(10);  // then domain 0
  EXPECT_EQ(g.Join(20), 2);
  EXPECT_EQ(g.Join(21), 0);
  EXPECT_EQ(g.Join(22), -1);  // nobody short
}

// Two half groups re-form one whole group (floor(2 healthy / 2) = 1); the
// next node that returns makes the other whole: the job grows back.
TEST(ReplicaGroupsTest, ReformMakesWholeGroupsOfPartialOnes) {
  ReplicaGroups g = Three();
  g.Lose(11);
  g.Lose(12);
  EXPECT_EQ(g.fielded(), 1);
  const std::vector<int> made = g.Reform();
  ASSERT_EQ(made.size(), 1u);
  EXPECT_TRUE(g.Whole(made[0]));
  const int other = made[0] == 0 ? 1 : 0;
  EXPECT_FALSE(g.Whole(other));
  EXPECT_TRUE(g.Reform().empty());  // one healthy node left: nothing to form
  g.Lose(14);
  // Domains 1 (no node) and 2 (one node): one healthy node forms nothing.
  EXPECT_TRUE(g.Reform().empty());
  // Returning nodes fill domain 1 first (it fell short first).
  EXPECT_EQ(g.Join(30), -1);
  EXPECT_EQ(g.Join(31), 1);
}

TEST(ReplicaGroupsTest, LosingEveryNodeStopsEveryGroup) {
  ReplicaGroups g = Three();
  g.LoseAll();
  EXPECT_EQ(g.fielded(), 0);
  for (int d = 0; d < 3; ++d) EXPECT_FALSE(g.Whole(d));
  EXPECT_EQ(g.Join(1), -1);
  EXPECT_EQ(g.Join(2), 0);
}

}  // namespace
}  // namespace kardashev::training
