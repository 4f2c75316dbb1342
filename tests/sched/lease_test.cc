#include "kardashev/sched/lease.h"

#include <gtest/gtest.h>

#include "kardashev/sched/preemption.h"

namespace kardashev::sched {
namespace {

// 100 GPUs at $2 per GPU-hour, a 99% SLA crediting 30% of a missed period.
LeaseConfig Lease() {
  LeaseConfig l;
  l.name = "l";
  l.gpus = 100;
  l.price_usd_per_gpu_hour = 2;
  l.availability_sla = 0.99;
  l.sla_credit_fraction = 0.3;
  return l;
}

// Two 10-hour periods: the first delivers 995 of 1,000 GPU-hours (99.5%), the
// second 980 (98%), so only the second is credited: 30% of its $2,000 bill.
TEST(LeaseBookTest, APeriodBelowTheSlaIsCreditedAShareOfItsBill) {
  const LeaseConfig cfg = Lease();
  LeaseBook book(cfg, 20);
  EXPECT_DOUBLE_EQ(book.outcome().revenue_usd, 100 * 20 * 2.0);
  EXPECT_DOUBLE_EQ(LeaseBilledUsd(cfg.terms(), 1000), 2000);
  book.Deliver(995, 0);
  book.ClosePeriod(cfg, 36000);
  book.Deliver(980, 2);
  book.ClosePeriod(cfg, 72000);
  book.ClosePeriod(cfg, 72000);  // an empty period is not counted
  const LeaseOutcome out = book.Close();
  EXPECT_EQ(out.periods, 2);
  EXPECT_EQ(out.periods_below_sla, 1);
  EXPECT_NEAR(out.sla_penalty_usd, 0.3 * 2000, 1e-9);
  EXPECT_NEAR(out.worst_period_availability, 0.98, 1e-12);
  EXPECT_NEAR(out.availability, 1975.0 / 2000, 1e-12);
  EXPECT_EQ(out.max_shortfall_gpus, 2);
}

TEST(PreemptionTest, TheLowestPriorityJobBelowTheServiceOnItsCluster) {
  ServiceConfig service;
  service.cluster = 0;
  service.priority = 5;
  std::vector<training::TrainingJobConfig> jobs(5);
  jobs[0].priority = 3;
  jobs[1].priority = 1;  // lowest, but holds no nodes
  jobs[2].priority = 2;
  jobs[3].priority = 0;
  jobs[3].cluster = 1;  // another cluster
  jobs[4].priority = 2;
  const auto holds = [](int j) { return j != 1; };
  EXPECT_EQ(ChoosePreemptionVictim(service, jobs, holds), 2);  // first of two
  service.priority = 2;
  EXPECT_EQ(ChoosePreemptionVictim(service, jobs, holds), -1);
}

}  // namespace
}  // namespace kardashev::sched
