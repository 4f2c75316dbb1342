// FillDerivedFigures on hand-computed cases.
#include "kardashev/evaluate/derived_figures.h"

#include <gtest/gtest.h>

#include "kardashev/report/results.h"

namespace kardashev::report {
namespace {

Results TwoJobsTwoLeases() {
  Results r;
  r.horizon_s = 10 * 86400.0;  // 10 days
  r.economics.cost_per_gpu_hour_usd = 2.0;
  training::TrainingOutcome unfinished;
  unfinished.name = "a";
  unfinished.gpus = 1000;
  unfinished.tokens_trained = 4.8e12;
  unfinished.interruptions = 5;
  training::TrainingOutcome finished = unfinished;
  finished.name = std::string("b");  // GCC 12 -Wrestrict false positive
  finished.finished = true;
  finished.time_to_train_s = 86400.0;  // held one day
  r.training = {unfinished, finished};
  sched::LeaseOutcome l1;
  l1.gpus = 100;
  l1.contracted_gpu_hours = 1000;
  l1.delivered_gpu_hours = 990;
  l1.revenue_usd = 3000;
  l1.sla_penalty_usd = 300;
  sched::LeaseOutcome l2 = l1;
  l2.delivered_gpu_hours = 1000;
  r.leases = {l1, l2};
  sched::SiteOutcome s1;
  s1.peak_drawn_mw = 10;
  s1.peak_power_mw = 12;
  s1.carbon_t = 7;
  sched::SiteOutcome s2 = s1;
  s2.peak_drawn_mw = 5;
  r.sites = {s1, s2};
  // 100 GPUs for 240 hours, 600 of the 24,000 GPU-hours shed.
  sched::ClusterOutcome c;
  c.gpus = 100;
  c.active_gpu_hours = 20'000;
  c.unpowered_gpu_hours = 600;
  c.down_gpu_hours = 3'400;
  r.clusters = {c};
  return r;
}

// Cost per million tokens = cost per GPU-hour x GPUs x hours held / tokens x
// 1e6; a finished job held its GPUs until it finished, an unfinished one for
// the horizon.
TEST(ResultsTest, CostPerMillionTokensTrained) {
  Results r = TwoJobsTwoLeases();
  evaluate::FillDerivedFigures(r);
  ASSERT_EQ(r.training_figures.size(), 2u);
  EXPECT_DOUBLE_EQ(r.training_figures[0].cost_usd_per_million_tokens,
                   2.0 * 1000 * 240 / 4.8e12 * 1e6);  // $0.1
  EXPECT_DOUBLE_EQ(r.training_figures[1].cost_usd_per_million_tokens,
                   2.0 * 1000 * 24 / 4.8e12 * 1e6);  // $0.01
  EXPECT_DOUBLE_EQ(r.training_figures[0].interruptions_per_day, 0.5);
  EXPECT_EQ(r.training_totals.gpus, 2000);
  EXPECT_DOUBLE_EQ(r.training_totals.tokens_trained, 9.6e12);
  EXPECT_DOUBLE_EQ(r.training_totals.interruptions_per_day, 1.0);
}

TEST(ResultsTest, FleetAndLeaseFigures) {
  Results r = TwoJobsTwoLeases();
  evaluate::FillDerivedFigures(r);
  EXPECT_EQ(r.fleet.gpus, 100);
  EXPECT_DOUBLE_EQ(r.fleet.gpu_hours, 24'000);
  EXPECT_DOUBLE_EQ(r.fleet.utilization, 20'000.0 / 24'000);
  EXPECT_DOUBLE_EQ(r.fleet.peak_power_mw, 24);
  EXPECT_DOUBLE_EQ(r.fleet.peak_drawn_mw, 15);
  EXPECT_DOUBLE_EQ(r.fleet.carbon_t, 14);
  EXPECT_DOUBLE_EQ(r.fleet.shed_gpu_hours_fraction, 0.025);
  EXPECT_EQ(r.lease_totals.gpus, 200);
  EXPECT_DOUBLE_EQ(r.lease_totals.availability, 1990.0 / 2000.0);
  EXPECT_DOUBLE_EQ(r.lease_totals.revenue_usd, 6000);
  EXPECT_DOUBLE_EQ(r.lease_totals.revenue_usd_per_year, 6000 * 36.5);
  EXPECT_DOUBLE_EQ(r.lease_totals.sla_penalty_usd, 600);
}

TEST(ResultsTest, ServiceCostPerMillionTokensAndNothingServed) {
  Results r;
  r.horizon_s = 86400;
  r.economics.cost_per_gpu_hour_usd = 3.0;
  sched::ServiceOutcome served;
  served.gpu_hours = 100;
  served.tokens_served = 1e9;
  served.requests_demanded = 10;
  served.requests_served = 9;
  sched::ServiceOutcome idle;  // served nothing: no cost per token
  r.services = {served, idle};
  evaluate::FillDerivedFigures(r);
  ASSERT_EQ(r.service_figures.size(), 2u);
  EXPECT_DOUBLE_EQ(r.service_figures[0].cost_usd_per_million_tokens, 0.3);
  EXPECT_EQ(r.service_figures[1].cost_usd_per_million_tokens, 0);
  EXPECT_DOUBLE_EQ(r.service_totals.within_capacity, 0.9);
  EXPECT_DOUBLE_EQ(r.service_totals.cost_usd_per_million_tokens, 0.3);
  // No leases and no sites: zeros, not NaN.
  EXPECT_EQ(r.lease_totals.availability, 0);
  EXPECT_EQ(r.fleet.shed_gpu_hours_fraction, 0);
  // Filling twice gives the same figures.
  evaluate::FillDerivedFigures(r);
  EXPECT_EQ(r.service_figures.size(), 2u);
}

}  // namespace
}  // namespace kardashev::report
