// A fleet over four years with sites coming online and retiring, builds of
// two generations, an orbital shell, a lease, a product served from two
// regions and a training job: GPU-hours, energy and money are conserved.
#include <gtest/gtest.h>

#include <cmath>

#include "kardashev/growth/simulate_growth.h"
#include "kardashev/sched/lease.h"

namespace kardashev::growth {
namespace {

Generation MakeGeneration(const std::string& node, double busy_w,
                          double tokens_per_gpu_s, double requests_per_gpu_s) {
  Generation g;
  g.node = node;
  g.node_gpus = 8;
  g.busy_w_per_gpu = busy_w;
  g.idle_w_per_gpu = busy_w / 10;
  g.node_failures_per_gpu_h = 1e-5;
  g.job_failures_per_gpu_h = 2e-6;
  g.repair_h = 48;
  g.permanent_failures_per_gpu_h = 5e-6;
  g.training_tokens_per_gpu_s = {tokens_per_gpu_s};
  g.training_step_s = {10};
  g.serving_requests_per_gpu_s = {requests_per_gpu_s};
  return g;
}

GrowthPlan FleetPlan() {
  GrowthPlan plan;
  plan.months = 48;
  plan.start_year = 2027;
  plan.discount_rate = 0.08;
  plan.other_opex_usd_per_gpu_hour = 0.1;
  plan.spare_swap_s = 1800;
  plan.generations = {MakeGeneration("old", 1000, 1000, 0.5),
                      MakeGeneration("new", 1500, 2500, 1.2)};
  Site a;
  a.name = "a";
  a.power_cap_w = 30e6;  // binds once the second build is in
  a.pue = 1.25;
  a.electricity_usd_per_mwh = 70;
  a.carbon_kg_per_mwh = 400;
  a.facility_capex_usd = 300e6;
  a.retire_month = 40;
  Site b = a;
  b.name = "b";
  b.power_cap_w = 100e6;
  b.online_month = 6;
  b.construction_months = 12;  // starts before the horizon
  b.retire_month = -1;
  Site shell;
  shell.name = "shell";
  OrbitalShell o;
  o.generation = 1;
  o.target_satellites = 100;
  o.satellites_per_launch = 20;
  o.launches_per_year = 12;
  o.gpus_per_satellite = 16;
  o.failures_per_gpu_h = 2e-5;
  o.mission_months = 30;
  o.hardware_usd_per_satellite = 2e6;
  o.mass_kg_per_satellite = 2000;
  o.launch_usd_per_kg = 1500;
  o.launch_price_decline_per_year = 0.3;
  o.it_power_w_per_satellite = 24000;
  o.array_power_bol_w_per_satellite = 60000;
  o.array_w_needed_per_it_w = 2;
  o.degradation_per_year = 0.01;
  o.link_round_trip_ms = 8;
  o.link_tokens_per_s_per_satellite = 2000;
  shell.online_month = 12;
  shell.orbit = o;
  plan.sites = {a, b, shell};
  plan.builds = {
      Build{"a-old", 0, 0, 16000, 0, 0, 30, 16000 * 30000.0, 60, 1.0},
      Build{"a-new", 0, 1, 8000, 10, 14, -1, 8000 * 40000.0, 60, 1.5},
      Build{"b-new", 1, 1, 24000, 2, 6, -1, 24000 * 40000.0, 48, 1.0},
  };
  Lease lease;
  lease.name = "lab";
  lease.sites = {0, 2};
  lease.gpus = 10000;
  lease.end_month = 36;
  lease.price_usd_per_gpu_hour = 1.9;
  lease.availability_sla = 0.99;
  lease.sla_credit_fraction = 0.1;
  lease.gpu_utilization = 0.7;
  plan.leases = {lease};
  TrainingJob job;
  job.name = "frontier";
  job.sites = {1, 0, 2};
  job.value_usd_per_million_tokens = 2;
  job.gpu_utilization = 0.9;
  job.goodput.group_gpus = 64;
  job.goodput.checkpoint_write_s = 60;
  job.orbital_tokens_per_gpu_s = {0, 0, 1500};
  plan.jobs = {job};
  Product chat;
  chat.name = "chat";
  chat.requests_per_user_per_day = 10;
  chat.tokens_per_request = 1500;
  chat.usd_per_million_tokens = 4;
  chat.curve.daily_amplitude = 0.5;
  chat.curve.peak_hour = 14;
  chat.max_round_trip_ms = 150;
  chat.gpu_utilization = 0.6;
  chat.demand = {RegionDemand{0, {{0, 20e6}, {47, 60e6}}},
                 RegionDemand{1, {{0, 30e6}, {47, 10e6}}}};
  plan.products = {chat};
  plan.regions = {Region{"east", {20, 60, 30}}, Region{"west", {70, 15, -1}}};
  return plan;
}

TEST(GrowthConservation, GpuHoursEnergyAndMoneyBalanceOverFourYears) {
  const GrowthPlan plan = FleetPlan();
  const GrowthOutcome out = SimulateGrowth(plan);
  ASSERT_EQ(out.months.size(), 48u);
  ASSERT_EQ(out.years.size(), 4u);
  double energy = 0, cash = 0, discounted = 0, capex = 0, depreciation = 0;
  for (const Period& m : out.months) {
    for (std::size_t s = 0; s < m.sites.size(); ++s) {
      const SitePeriod& p = m.sites[s];
      const double used = p.leased_gpu_hours + p.serving_gpu_hours +
                          p.training_gpu_hours + p.idle_gpu_hours +
                          p.down_gpu_hours + p.unpowered_gpu_hours;
      EXPECT_NEAR(used, p.installed_gpu_hours,
                  1e-9 * std::max(p.installed_gpu_hours, 1.0))
          << "site " << s << " month " << m.index;
      EXPECT_GE(p.idle_gpu_hours, -1e-6);
      // The facility never draws more than its supply.
      if (s < 2) {
        EXPECT_LE(p.energy_mwh * 1e6 / kHoursPerMonth,
                  plan.sites[s].power_cap_w * (1 + 1e-9))
            << "site " << s << " month " << m.index;
      }
    }
    const MoneyPeriod& k = m.money;
    EXPECT_NEAR(k.cash_flow_usd,
                k.revenue_lease_usd + k.revenue_serving_usd - k.sla_credit_usd -
                    k.energy_cost_usd - k.other_opex_usd - k.capex_usd,
                1e-6 * std::max(std::abs(k.capex_usd), 1.0));
    energy += m.energy_mwh;
    cash += k.cash_flow_usd;
    discounted += k.discounted_cash_usd + k.discounted_training_value_usd;
    capex += k.capex_usd;
    depreciation += k.depreciation_usd;
    EXPECT_NEAR(m.cumulative_cash_usd, cash, 1e-6 * std::abs(cash) + 1e-6);
  }
  EXPECT_NEAR(out.total.energy_mwh, energy, 1e-9 * energy);
  double year_energy = 0;
  for (const Period& y : out.years) year_energy += y.energy_mwh;
  EXPECT_NEAR(year_energy, energy, 1e-9 * energy);
  // Every purchase spent: builds, facilities (b's counted from month 0) and
  // launches; what is not depreciated is on the books or was written off.
  double launches_capex = 0;
  for (const Period& m : out.months)
    launches_capex += m.money.capex_orbital_usd;
  const double ground =
      16000 * 30000.0 + 8000 * 40000.0 + 24000 * 40000.0 + 2 * 300e6;
  EXPECT_NEAR(capex, ground + launches_capex, 1e-6 * capex);
  EXPECT_NEAR(depreciation + out.terminal_value_usd, capex, 1e-6 * capex);
  EXPECT_NEAR(out.npv_usd,
              discounted + out.terminal_value_usd / std::pow(1.08, 48 / 12.0),
              1e-6 * std::abs(out.npv_usd));
  EXPECT_NEAR(out.months.back().npv_to_date_usd, out.npv_usd,
              1e-6 * std::abs(out.npv_usd));
}

TEST(GrowthConservation, SitesComeOnlineAndRetireWithTheirBuilds) {
  const GrowthOutcome out = SimulateGrowth(FleetPlan());
  const auto gpus = [&](int m, int s) {
    return out.months[m].sites[s].installed_gpus;
  };
  EXPECT_DOUBLE_EQ(gpus(0, 0), 16000);
  EXPECT_DOUBLE_EQ(gpus(5, 1), 0);  // b comes online in month 6
  EXPECT_DOUBLE_EQ(gpus(6, 1), 24000);
  EXPECT_DOUBLE_EQ(gpus(14, 0), 24000);  // a's second build
  EXPECT_DOUBLE_EQ(gpus(30, 0), 8000);   // a's first build retired
  EXPECT_DOUBLE_EQ(gpus(40, 0), 0);      // site a retired
  EXPECT_EQ(out.months[40].sites[0].installed_gpu_hours, 0);
  EXPECT_DOUBLE_EQ(gpus(11, 2), 0);  // the shell's first launch: month 12
  EXPECT_GT(gpus(12, 2), 0);
  // The facility of b is built from month -6 to 5: half counted in month 0.
  EXPECT_NEAR(out.months[0].money.capex_ground_usd,
              16000 * 30000.0 + 300e6 + 150e6 + 300e6 / 12, 1e-3);
  // Retiring a's first build writes off what is left of it in month 30:
  // 30 months of a 60-month life.
  EXPECT_GT(out.months[30].money.depreciation_usd, 0.5 * 16000 * 30000.0);
}

// One lease billing rule at both levels: the growth level bills each month
// as the event level bills a billing period (sched::BillPeriod): the
// contracted GPU-hours at the price, less a credit where a month fell short.
// A LeaseBook fed the growth level's months gives the same revenue and
// credits.
TEST(GrowthConservation, ALeaseIsBilledAsAtTheEventLevel) {
  const GrowthPlan plan = FleetPlan();
  const GrowthOutcome out = SimulateGrowth(plan);
  const Lease& lease = plan.leases.at(0);
  sched::LeaseConfig event;
  event.gpus = lease.gpus;
  event.price_usd_per_gpu_hour = lease.price_usd_per_gpu_hour;
  event.availability_sla = lease.availability_sla;
  event.sla_credit_fraction = lease.sla_credit_fraction;
  const double months = lease.end_month;
  sched::LeaseBook book(event, months * kHoursPerMonth);
  double billed = 0;
  for (const Period& m : out.months) {
    if (m.index >= lease.end_month) break;
    double delivered_gpu_h = 0;
    for (const SitePeriod& p : m.sites) delivered_gpu_h += p.leased_gpu_hours;
    book.Deliver(delivered_gpu_h, 0);
    book.ClosePeriod(event, (m.index + 1) * kSecondsPerMonth);
    billed += m.money.revenue_lease_usd;
  }
  const sched::LeaseOutcome e = book.Close();
  const LeaseTotals& g = out.leases.at(0);
  EXPECT_NEAR(billed, e.revenue_usd, 1e-9 * e.revenue_usd);
  EXPECT_NEAR(g.sla_credit_usd, e.sla_penalty_usd, 1e-6);
  EXPECT_NEAR(g.revenue_usd, e.revenue_usd - e.sla_penalty_usd,
              1e-9 * e.revenue_usd);
  EXPECT_GT(e.periods_below_sla, 0);  // the lease starts before its sites
  EXPECT_NEAR(
      e.revenue_usd,
      lease.gpus * months * kHoursPerMonth * lease.price_usd_per_gpu_hour,
      1e-6 * e.revenue_usd);
}

TEST(GrowthConservation, SamePlanGivesTheSameOutcome) {
  const GrowthOutcome a = SimulateGrowth(FleetPlan());
  const GrowthOutcome b = SimulateGrowth(FleetPlan());
  EXPECT_EQ(a.npv_usd, b.npv_usd);
  EXPECT_EQ(a.total.tokens_trained, b.total.tokens_trained);
  EXPECT_EQ(a.total.requests_served, b.total.requests_served);
}

}  // namespace
}  // namespace kardashev::growth
