#include "kardashev/sched/fleet_simulation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "kardashev/catalog/catalog.h"
#include "kardashev/fleet/power.h"
#include "kardashev/sim/time.h"

namespace kardashev::sched {
namespace {

catalog::NodeSpec TestNode() {
  catalog::NodeSpec n;
  n.name = "test-node";
  n.gpu = "test-gpu";
  n.gpus = 8;
  n.host_power_w = 2000;
  n.host_idle_w = 1000;
  return n;
}

catalog::GpuSpec TestGpu() {
  catalog::GpuSpec g;
  g.name = "test-gpu";
  g.tdp_w = 700;
  g.idle_w = 100;
  return g;
}

// One failure cause with a node MTBF of `mtbf_h` hours and a lognormal repair
// time.
std::vector<catalog::FailureComponent> OneCause(double mtbf_h,
                                                double repair_median_h,
                                                double repair_sigma) {
  catalog::FailureComponent c;
  c.name = "only";
  c.rate_per_gpu_hour = 1.0 / (mtbf_h * 8);
  c.repair = {{"repair", 1.0, repair_median_h, repair_sigma}};
  return {c};
}

FleetPlan Plan(int nodes, double horizon_days) {
  FleetPlan p;
  fleet::GroundSiteConfig site;
  site.name = "dc";
  site.power_cap_w = 1e12;
  site.pue = 1.25;
  site.electricity_usd_per_mwh = 50;
  site.carbon_kg_per_mwh = 400;
  p.sites.push_back(site);
  fleet::ClusterConfig c;
  c.name = "c";
  c.node = TestNode();
  c.gpu = TestGpu();
  c.nodes = nodes;
  p.clusters.push_back(c);
  p.seed = 11;
  p.horizon_s = horizon_days * sim::kSecondsPerDay;
  p.timeseries_step_s = sim::kSecondsPerDay;
  return p;
}

LeaseConfig Lease(std::int64_t gpus) {
  LeaseConfig l;
  l.name = "l";
  l.tenant = "t";
  l.gpus = gpus;
  l.price_usd_per_gpu_hour = 2;
  l.availability_sla = 0.99;
  l.sla_credit_fraction = 0.3;
  l.gpu_utilization = 0.5;
  return l;
}

// The long-run fraction of time a node is up is MTBF / (MTBF + MTTR)
// (alternating renewal process). 2,000 nodes over 10 years give ~170,000
// failure-repair cycles, so the simulated fraction down is within 2% (relative)
// of the formula; the statistical error is ~0.5%.
TEST(FleetSimulationTest, LongRunAvailabilityIsMtbfOverMtbfPlusMttr) {
  for (const double sigma : {0.0, 1.0}) {
    const double mtbf_h = 1000;
    const double median_h = 50;
    const double mttr_h = median_h * std::exp(sigma * sigma / 2);
    FleetPlan plan = Plan(2000, 3650);
    const auto out = SimulateFleet(plan, OneCause(mtbf_h, median_h, sigma));
    const auto& c = out.clusters[0];
    const double total = c.spare_gpu_hours + c.down_gpu_hours;
    const double expected_down = mttr_h / (mtbf_h + mttr_h);
    EXPECT_NEAR(c.down_gpu_hours / total, expected_down, 0.02 * expected_down)
        << "sigma " << sigma;
  }
}

TEST(FleetSimulationTest, GpuHoursAreConservedAndEnergyIsTheIntegralOfPower) {
  FleetPlan plan = Plan(300, 90);
  plan.leases.push_back(Lease(2000));
  plan.spare_swap_h = 3;
  plan.timeseries_step_s =
      7 * sim::kSecondsPerDay;  // 90 days: a partial last step
  const auto out = SimulateFleet(plan, OneCause(200, 30, 1.2));
  const auto& c = out.clusters[0];
  const double installed = 300.0 * 8 * 90 * 24;
  EXPECT_NEAR(c.active_gpu_hours + c.spare_gpu_hours +
                  c.provisioning_gpu_hours + c.down_gpu_hours,
              installed, 1e-9 * installed);
  EXPECT_GT(c.down_gpu_hours, 0);
  EXPECT_GT(c.provisioning_gpu_hours, 0);
  EXPECT_NEAR(out.leases[0].delivered_gpu_hours, c.active_gpu_hours, 1e-6);

  // Energy: the sum over time-series steps of power x step length equals the
  // site total.
  double energy = 0;
  double previous_s = 0;
  std::int64_t failures = 0;
  for (const auto& row : out.timeseries) {
    energy += row.power_mw * (row.time_s - previous_s) / 3600.0;
    previous_s = row.time_s;
    failures += row.failures;
  }
  EXPECT_DOUBLE_EQ(previous_s, plan.horizon_s);
  EXPECT_NEAR(energy, out.sites[0].energy_mwh, 1e-9 * energy);
  EXPECT_NEAR(out.timeseries.back().energy_mwh, out.sites[0].energy_mwh, 1e-6);
  EXPECT_EQ(failures, out.failures_total);
  EXPECT_NEAR(out.sites[0].energy_cost_usd, out.sites[0].energy_mwh * 50, 1e-6);
}

// With no failures, power is constant and hand-computable: 250 leased nodes at
// 50% utilisation and 50 idle ones, times the PUE.
TEST(FleetSimulationTest, PowerWithoutFailuresMatchesAHandCalculation) {
  FleetPlan plan = Plan(300, 10);
  plan.leases.push_back(Lease(2000));
  const auto out = SimulateFleet(plan, OneCause(1e30, 1, 0));
  // Leased node at u = 0.5: host 1500 W + 8 x 400 W = 4,700 W. Idle node: 1000
  // + 8 x 100 W.
  const double it_w = 250 * 4700.0 + 50 * 1800.0;
  EXPECT_NEAR(out.sites[0].peak_power_mw, it_w * 1.25e-6, 1e-9);
  EXPECT_NEAR(out.sites[0].energy_mwh, it_w * 1.25e-6 * 240, 1e-6);
  EXPECT_DOUBLE_EQ(out.leases[0].availability, 1.0);
  EXPECT_EQ(out.failures_total, 0);
  EXPECT_DOUBLE_EQ(out.leases[0].revenue_usd, 2000 * 240 * 2.0);
}

TEST(FleetSimulationTest, HotSparesKeepALeaseWholeAndMissingSparesDoNot) {
  // Plenty of spares, instant swap: the lease never runs short.
  FleetPlan plan = Plan(400, 60);
  plan.leases.push_back(Lease(1600));  // 200 of 400 nodes
  auto out = SimulateFleet(plan, OneCause(300, 20, 0.5));
  EXPECT_GT(out.leases[0].interruptions, 0);
  EXPECT_NEAR(out.leases[0].availability, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(out.leases[0].sla_penalty_usd, 0.0);

  // A swap time: each interruption costs about swap_h x 8 GPU-hours.
  plan.spare_swap_h = 4;
  out = SimulateFleet(plan, OneCause(300, 20, 0.5));
  const double lost =
      out.leases[0].contracted_gpu_hours - out.leases[0].delivered_gpu_hours;
  EXPECT_NEAR(lost, out.leases[0].interruptions * 4.0 * 8, 0.05 * lost);

  // No spares at all: every failure of a leased node is lost until its repair.
  plan = Plan(200, 60);
  plan.leases.push_back(Lease(1600));
  out = SimulateFleet(plan, OneCause(300, 20, 0.0));
  EXPECT_LT(out.leases[0].availability, 1.0);
  const double expected = 300.0 / 320.0;  // MTBF / (MTBF + MTTR)
  EXPECT_NEAR(out.leases[0].availability, expected, 0.01);
  EXPECT_GT(out.leases[0].periods_below_sla, 0);
  EXPECT_GT(out.leases[0].sla_penalty_usd, 0.0);
}

TEST(FleetSimulationTest, SameSeedSameOutcomeAndFailuresDoNotDependOnLeases) {
  FleetPlan plan = Plan(500, 120);
  plan.leases.push_back(Lease(3200));
  const auto a = SimulateFleet(plan, OneCause(500, 24, 1));
  const auto b = SimulateFleet(plan, OneCause(500, 24, 1));
  EXPECT_EQ(a.failures_total, b.failures_total);
  EXPECT_DOUBLE_EQ(a.clusters[0].down_gpu_hours, b.clusters[0].down_gpu_hours);
  EXPECT_DOUBLE_EQ(a.sites[0].energy_mwh, b.sites[0].energy_mwh);

  // Common random numbers: without the lease, the same nodes fail at the same
  // times.
  FleetPlan idle = plan;
  idle.leases.clear();
  const auto c = SimulateFleet(idle, OneCause(500, 24, 1));
  EXPECT_EQ(a.failures_total, c.failures_total);
  EXPECT_DOUBLE_EQ(a.clusters[0].down_gpu_hours, c.clusters[0].down_gpu_hours);

  FleetPlan other = plan;
  other.seed = 12;
  const auto d = SimulateFleet(other, OneCause(500, 24, 1));
  EXPECT_NE(a.clusters[0].down_gpu_hours, d.clusters[0].down_gpu_hours);
}

// Failure counts grow with fleet size: the expected count is GPUs x rate x
// hours.
TEST(FleetSimulationTest, FailureCountMatchesTheRateTimesGpuHours) {
  FleetPlan plan = Plan(1000, 365);
  const auto out = SimulateFleet(plan, OneCause(2000, 0.001, 0));
  // Repairs are near-instant, so expected failures = nodes x hours / MTBF =
  // 4,380.
  const double expected = 1000 * 365 * 24 / 2000.0;
  EXPECT_NEAR(static_cast<double>(out.failures_total), expected,
              4 * std::sqrt(expected));
}

TEST(FleetSimulationTest, DemandAboveThePowerCapIsCappedAndCounted) {
  FleetPlan plan = Plan(100, 10);
  plan.sites[0].power_cap_w =
      100000;  // below the 100 x 1,800 W x 1.25 idle demand
  const auto out = SimulateFleet(plan, OneCause(1e30, 1, 0));
  EXPECT_NEAR(out.sites[0].power_capped_hours, 240, 1e-9);
  EXPECT_NEAR(out.sites[0].energy_mwh, 0.1 * 240, 1e-9);
  EXPECT_NEAR(out.sites[0].peak_power_mw, 100 * 1800 * 1.25e-6, 1e-9);
}

// A grid short of the demand, bridged by a battery until it is empty, then
// load shedding. All leased at 50%: 100 nodes x 4,700 W x 1.25 = 587,500 W
// against a 500,000 W grid. The 100 kWh battery covers the 87,500 W deficit
// for 100,000 / 87,500 = 1.142857 h; then 70,000 W of IT load is shed, i.e.
// 70,000 / 470,000 of the working nodes.
TEST(FleetSimulationTest, ABatteryBridgesAShortGridThenWorkIsShed) {
  FleetPlan plan = Plan(100, 2);
  plan.leases.push_back(Lease(800));
  auto& site = plan.sites[0];
  site.power_cap_w = 500000;
  site.battery_wh = 100000;
  site.battery_discharge_w = 200000;
  site.battery_charge_w = 50000;
  site.battery_round_trip_efficiency = 0.9;
  plan.timeseries_step_s = 3600;
  const auto out = SimulateFleet(plan, OneCause(1e30, 1, 0));
  const auto& so = out.sites[0];
  const double bridged_h = 100000.0 / 87500;
  const double shed_h = 48 - bridged_h;
  const double share = 70000.0 / 470000;
  EXPECT_NEAR(so.power_capped_hours, shed_h, 1e-6);
  EXPECT_NEAR(so.battery_discharged_mwh, 0.1, 1e-9);
  EXPECT_NEAR(so.battery_end_mwh, 0, 1e-12);
  EXPECT_NEAR(so.grid_mwh, 0.5 * 48, 1e-9);
  EXPECT_NEAR(so.unmet_mwh, 0.0875 * shed_h, 1e-9);
  EXPECT_NEAR(so.energy_mwh, 0.5 * 48 + 0.1, 1e-9);
  // Energy balance over the horizon.
  EXPECT_NEAR(so.energy_mwh + so.battery_charged_mwh,
              so.grid_mwh + so.generation_mwh + so.battery_discharged_mwh,
              1e-9);
  const auto& c = out.clusters[0];
  EXPECT_NEAR(c.unpowered_gpu_hours, 800 * share * shed_h, 1e-6);
  EXPECT_NEAR(c.active_gpu_hours + c.unpowered_gpu_hours, 800 * 48.0, 1e-6);
  EXPECT_NEAR(out.leases[0].delivered_gpu_hours, c.active_gpu_hours, 1e-6);
  EXPECT_NEAR(out.leases[0].availability, 1 - share * shed_h / 48, 1e-9);
  // The time series shows the battery emptying within the second hour.
  EXPECT_NEAR(out.timeseries[0].battery_mwh, 0.1 - 0.0875, 1e-9);
  EXPECT_NEAR(out.timeseries[1].battery_mwh, 0, 1e-12);
  EXPECT_NEAR(out.timeseries[5].gpus_unpowered, 800 * share, 1e-6);
}

// Idle nodes are shed before working ones: 50 idle nodes (1,800 W each) cover
// a 100 kW shortfall.
TEST(FleetSimulationTest, IdleNodesAreShedBeforeWork) {
  FleetPlan plan = Plan(300, 1);
  plan.leases.push_back(Lease(2000));
  const double demand_w = (250 * 4700.0 + 50 * 1800.0) * 1.25;
  plan.sites[0].power_cap_w = demand_w - 100000;
  const auto out = SimulateFleet(plan, OneCause(1e30, 1, 0));
  EXPECT_NEAR(out.sites[0].power_capped_hours, 24, 1e-9);
  EXPECT_EQ(out.clusters[0].unpowered_gpu_hours, 0);
  EXPECT_NEAR(out.leases[0].availability, 1, 1e-12);
}

// An hourly price curve: with constant demand and no battery, the energy cost
// is demand x days x the sum of the 24 prices. Prices 0, 1, ..., 23 $/MWh sum
// to 276; 100 idle nodes draw 0.225 MW.
TEST(FleetSimulationTest, HourlyPricesAreChargedHourByHour) {
  FleetPlan plan = Plan(100, 3);
  auto& site = plan.sites[0];
  for (int h = 0; h < 24; ++h) {
    site.electricity_usd_per_mwh_by_hour.push_back(h);
  }
  site.generation_w = 0.1e6;
  site.generation_profile.assign(24, 0.0);
  site.generation_profile[12] = 1.0;  // one hour of on-site power a day
  site.generation_usd_per_mwh = 1000;
  site.generation_carbon_kg_per_mwh = 0;
  const auto out = SimulateFleet(plan, OneCause(1e30, 1, 0));
  const auto& so = out.sites[0];
  // At noon 0.1 MW comes from generation instead of the grid at $12.
  const double expected = 0.225 * 3 * 276 - 0.1 * 3 * 12 + 0.1 * 3 * 1000;
  EXPECT_NEAR(so.energy_cost_usd, expected, 1e-6);
  EXPECT_NEAR(so.generation_mwh, 0.3, 1e-9);
  EXPECT_NEAR(so.carbon_t, (0.225 * 72 - 0.3) * 0.4, 1e-9);
  EXPECT_NEAR(so.energy_mwh, 0.225 * 72, 1e-9);
}

// Hot-spare policy: with 40 hot spares a failed leased node is replaced at
// once, while the same failures under the default policy (every spare powered,
// taking the 3-hour swap) leave the lease short; the cold spares draw no power
// and, powered off, fail less often: at most as many failures in all.
TEST(FleetSimulationTest, HotSparesReplaceAtOnceAndColdSparesDrawNothing) {
  FleetPlan plan = Plan(300, 90);
  plan.leases.push_back(Lease(2000));  // 250 nodes; 50 spares
  plan.spare_swap_h = 3;
  const auto all_swap = SimulateFleet(plan, OneCause(2000, 30, 1.0));
  plan.clusters[0].hot_spares = 40;
  const auto hot = SimulateFleet(plan, OneCause(2000, 30, 1.0));
  EXPECT_LE(hot.failures_total, all_swap.failures_total);
  EXPECT_GT(hot.failures_total, 0.9 * all_swap.failures_total);
  EXPECT_GT(all_swap.clusters[0].provisioning_gpu_hours, 0);
  EXPECT_EQ(hot.clusters[0].provisioning_gpu_hours, 0);
  EXPECT_GT(hot.leases[0].availability, all_swap.leases[0].availability);
  EXPECT_NEAR(hot.leases[0].availability, 1, 1e-12);

  // No failures: 10 cold spares draw nothing, 40 hot ones idle power.
  plan.clusters[0].hot_spares = 40;
  const auto quiet = SimulateFleet(plan, OneCause(1e30, 1, 0));
  EXPECT_NEAR(quiet.sites[0].peak_power_mw,
              (250 * 4700.0 + 40 * 1800.0) * 1.25e-6, 1e-9);
}

// Swap times are per cluster and per tier: the same failures with every spare
// warm (handed over in 1 hour) spend a third of the provisioning GPU-hours of
// cold spares taking the fleet default of 3 hours, and a cluster's own cold
// swap time overrides the fleet default.
TEST(FleetSimulationTest, SwapTimesArePerClusterAndPerTier) {
  FleetPlan plan = Plan(300, 90);
  plan.leases.push_back(Lease(2000));  // 250 nodes; 50 spares
  plan.spare_swap_h = 3;
  const auto cold = SimulateFleet(plan, OneCause(2000, 30, 1.0));
  plan.clusters[0].cold_swap_s = 3 * 3600;
  const auto same = SimulateFleet(plan, OneCause(2000, 30, 1.0));
  EXPECT_EQ(same.clusters[0].provisioning_gpu_hours,
            cold.clusters[0].provisioning_gpu_hours);
  plan.clusters[0].hot_spares = 0;
  plan.clusters[0].warm_spares = 50;
  plan.clusters[0].warm_swap_s = 3600;
  const auto warm = SimulateFleet(plan, OneCause(2000, 30, 1.0));
  EXPECT_EQ(warm.failures_total, cold.failures_total);
  ASSERT_GT(cold.clusters[0].provisioning_gpu_hours, 0);
  EXPECT_NEAR(warm.clusters[0].provisioning_gpu_hours /
                  cold.clusters[0].provisioning_gpu_hours,
              1.0 / 3, 0.02);
}

// A cluster held by nobody under a tiered spare policy with no hot or warm
// spares keeps every node cold (powered off): its nodes fail at the
// powered-off share of the running rate, about a tenth as often as the same
// cluster with every spare powered. Common random numbers: the failures that
// happen are a subset of the same draws.
TEST(FleetSimulationTest, PoweredOffNodesFailAtTheirShareOfTheRate) {
  FleetPlan plan = Plan(500, 120);
  const auto powered = SimulateFleet(plan, OneCause(500, 24, 1));
  plan.clusters[0].hot_spares = 0;
  const auto off = SimulateFleet(plan, OneCause(500, 24, 1));
  ASSERT_GT(powered.failures_total, 2000);
  EXPECT_NEAR(static_cast<double>(off.failures_total),
              0.1 * static_cast<double>(powered.failures_total),
              0.02 * static_cast<double>(powered.failures_total));
  plan.failures.powered_off_rate_share = 1;
  const auto as_running = SimulateFleet(plan, OneCause(500, 24, 1));
  EXPECT_EQ(as_running.failures_total, powered.failures_total);
}

TEST(NodePowerTest, LinearBetweenIdleAndTdp) {
  EXPECT_DOUBLE_EQ(fleet::NodePowerW(TestNode(), TestGpu(), 0.0),
                   1000 + 8 * 100);
  EXPECT_DOUBLE_EQ(fleet::NodePowerW(TestNode(), TestGpu(), 1.0),
                   2000 + 8 * 700);
  EXPECT_DOUBLE_EQ(fleet::NodePowerW(TestNode(), TestGpu(), 0.25),
                   1250 + 8 * 250);
}

}  // namespace
}  // namespace kardashev::sched
