#include "kardashev/econ/fleet_economics.h"

#include <gtest/gtest.h>

#include "kardashev/evaluate/fleet_economics.h"
#include "kardashev/sim/time.h"

namespace kardashev::econ {
namespace {

fleet::ClusterConfig SmallCluster() {
  fleet::ClusterConfig c;
  c.nodes = 10;
  c.node.gpus = 8;
  c.node.price_usd = 50'000;
  c.gpu.price_usd = 25'000;
  catalog::FabricSpec fabric;
  fabric.price_usd_per_gpu = 2'000;
  c.fabric = fabric;
  return c;
}

TEST(FleetEconomicsTest, ClusterCapexIsGpusServersAndNetwork) {
  // 80 GPUs x $25k + 10 servers x $50k + 80 x $2k of fabric.
  EXPECT_DOUBLE_EQ(ClusterCapexUsd(SmallCluster()),
                   2'000'000 + 500'000 + 160'000);
  fleet::ClusterConfig no_fabric = SmallCluster();
  no_fabric.fabric.reset();
  EXPECT_DOUBLE_EQ(ClusterCapexUsd(no_fabric), 2'500'000);
}

TEST(FleetEconomicsTest, RevenueIsLeaseBillsNetOfCreditsPlusServices) {
  EconomicsConfig config;
  config.facility_capex_usd_per_mw = 10e6;
  config.discount_rate = 0;
  sched::FleetPlan plan;
  plan.horizon_s = sim::kSecondsPerYear;
  plan.clusters.push_back(SmallCluster());
  fleet::GroundSiteConfig site;
  site.facility_w = 2e6;
  plan.sites.push_back(site);
  sched::FleetOutcome outcome;
  sched::SiteOutcome so;
  so.energy_cost_usd = 300;
  outcome.sites.push_back(so);
  sched::LeaseOutcome lease;
  lease.revenue_usd = 1'000;
  lease.sla_penalty_usd = 100;
  outcome.leases.push_back(lease);
  outcome.leases.push_back(lease);
  sched::ServiceOutcome service;
  service.revenue_usd = 50;
  outcome.services.push_back(service);

  const auto e = evaluate::EvaluateFleetEconomics(config, plan, outcome);
  EXPECT_DOUBLE_EQ(e.revenue_usd, 2 * (1'000 - 100) + 50);
  EXPECT_DOUBLE_EQ(e.energy_cost_usd, 300);
  EXPECT_DOUBLE_EQ(e.capex_usd, 2'660'000 + 20e6);
  // Cost per GPU-hour spreads over the installed 80 GPUs for 8,760 hours.
  EXPECT_DOUBLE_EQ(e.cost_per_gpu_hour_usd,
                   (e.opex_usd + e.depreciation_usd) / (80 * 8760.0));
}

}  // namespace
}  // namespace kardashev::econ
