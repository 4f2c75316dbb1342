#include "kardashev/fleet/node_pool.h"

#include <gtest/gtest.h>

#include <vector>

namespace kardashev::fleet {
namespace {

// 8 nodes in pods of 4.
std::vector<ClusterConfig> OneCluster(int hot_spares = -1) {
  ClusterConfig c;
  c.name = "c";
  c.node.gpus = 8;
  c.nodes = 8;
  c.pod_nodes = 4;
  c.hot_spares = hot_spares;
  return {c};
}

TEST(NodePoolTest, GangsTakeConsecutiveNodesAndTheRestAreSpare) {
  const auto clusters = OneCluster();
  NodePool pool(clusters);
  const int a = pool.AddGang(0, 3, true);
  const int b = pool.AddGang(0, 2, false);
  pool.Populate();
  EXPECT_EQ(pool.gang_of(0), a);
  EXPECT_EQ(pool.gang_of(2), a);
  EXPECT_EQ(pool.gang_of(3), b);
  EXPECT_EQ(pool.gang_of(4), b);
  EXPECT_EQ(pool.gang_of(5), -1);
  EXPECT_EQ(pool.cluster(0).spare, 3);
  EXPECT_EQ(pool.gang(a).active, 3);
  EXPECT_EQ(pool.gang(a).pods_spanned, 1);
}

// Gang 0 holds nodes 0-2 (pod 0); nodes 3-7 are spare, node 3 (pod 0) last
// pushed, so first out of the cluster's stack. A replacement asked for in pod
// 1 comes from pod 1 (node 4) when placement is pod-aware, else it is node 3.
TEST(NodePoolTest, APodLocalSpareIsHandedOutFirst) {
  auto clusters = OneCluster();
  NodePool pool(clusters);
  const int g = pool.AddGang(0, 3, true);
  pool.Populate();
  ASSERT_EQ(pool.Fail(1), g);
  EXPECT_EQ(pool.cluster(0).down, 1);
  const int node = pool.PopSpare(0, 1, g);
  EXPECT_EQ(node, 4);
  pool.SetState(node, NodeState::kActive, g);
  EXPECT_EQ(pool.gang(g).pods_spanned, 2);
  EXPECT_EQ(pool.gang(g).max_pods_spanned, 2);
  // Per cluster every node is in one state.
  const auto& n = pool.cluster(0);
  EXPECT_EQ(n.spare + n.provisioning + n.down + pool.gang(g).active, 8);

  clusters[0].pod_aware = false;
  NodePool any(clusters);
  const int h = any.AddGang(0, 3, true);
  any.Populate();
  any.Fail(1);
  EXPECT_EQ(any.PopSpare(0, 1, h), 3);
}

TEST(NodePoolTest, WaitingGangsAreServedFirstComeFirstServed) {
  const auto clusters = OneCluster();
  NodePool pool(clusters);
  const int a = pool.AddGang(0, 4, false);
  const int b = pool.AddGang(0, 4, false);
  pool.Populate();
  EXPECT_EQ(pool.PopSpare(0, -1, a), -1);  // none spare
  pool.Wait(b);
  pool.Wait(a);
  pool.Wait(b);
  pool.DropWaits(a);
  pool.Fail(0);
  pool.SetState(0, NodeState::kSpare, -1);
  EXPECT_EQ(pool.Release(0), b);
  EXPECT_EQ(pool.Release(0), b);
  EXPECT_EQ(pool.Release(0), -1);
}

TEST(NodePoolTest, HotSparesAreTakenThenWarmed) {
  const auto clusters = OneCluster(1);
  NodePool pool(clusters);
  pool.AddGang(0, 4, false);
  pool.Populate();
  EXPECT_EQ(pool.cluster(0).hot, 1);
  EXPECT_EQ(pool.PoweredSpares(0), 1);  // of 4 spares, 1 hot
  EXPECT_EQ(pool.TakeTier(0), SpareTier::kHot);
  EXPECT_EQ(pool.TakeTier(0), SpareTier::kCold);
  EXPECT_EQ(pool.cluster(0).warming, 1);
  pool.Warmed(0, SpareTier::kHot);
  EXPECT_EQ(pool.cluster(0).hot, 1);
  EXPECT_EQ(pool.cluster(0).warming, 0);
}

// Tiers are taken hot first, then warm, then cold; each hot or warm one taken
// starts a cold one warming to its tier, and only the hot, warm and warming
// spares draw power.
TEST(NodePoolTest, TiersAreTakenHotThenWarmThenCold) {
  auto clusters = OneCluster(1);
  clusters[0].warm_spares = 2;
  NodePool pool(clusters);
  pool.AddGang(0, 4, false);
  pool.Populate();
  EXPECT_EQ(pool.cluster(0).hot, 1);
  EXPECT_EQ(pool.cluster(0).warm, 2);
  EXPECT_EQ(pool.PoweredSpares(0), 3);  // of 4 spares, 1 hot and 2 warm
  EXPECT_EQ(pool.TakeTier(0), SpareTier::kHot);
  EXPECT_EQ(pool.TakeTier(0), SpareTier::kWarm);
  EXPECT_EQ(pool.TakeTier(0), SpareTier::kWarm);
  EXPECT_EQ(pool.TakeTier(0), SpareTier::kCold);
  EXPECT_EQ(pool.cluster(0).warming, 3);
  pool.Warmed(0, SpareTier::kWarm);
  EXPECT_EQ(pool.cluster(0).warm, 1);
  EXPECT_EQ(pool.cluster(0).warming, 2);
}

// A reserved spare pool is kept from services: they may take a spare only
// while more than the reserve are free.
TEST(NodePoolTest, ServicesTakeOnlyBeyondTheReserve) {
  auto clusters = OneCluster();
  clusters[0].spare_nodes = 3;
  NodePool pool(clusters);
  pool.AddGang(0, 4, false);
  pool.Populate();  // 8 nodes: 4 held, 4 spare
  EXPECT_TRUE(pool.SpareBeyondReserve(0));
  pool.SetState(pool.PopSpare(0, -1, 0), NodeState::kDown, -1);
  EXPECT_FALSE(pool.SpareBeyondReserve(0));  // 3 spares left: all reserved
}

}  // namespace
}  // namespace kardashev::fleet
