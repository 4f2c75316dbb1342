// Small fleet plans and training jobs shared by the fleet simulation's tests.
#ifndef KARDASHEV_TESTS_SCHED_TEST_PLANS_H_
#define KARDASHEV_TESTS_SCHED_TEST_PLANS_H_

#include <cstdint>

#include "kardashev/sched/fleet_plan.h"
#include "kardashev/sim/time.h"
#include "kardashev/training/job.h"

namespace kardashev::sched::testing {

// One cluster of `nodes` nodes of 8 GPUs (700 W TDP, 100 W idle; host
// 1,000 W, 500 W idle) at one site without a power cap, over `horizon_days`,
// sampled daily.
inline FleetPlan OneClusterPlan(int nodes, double horizon_days,
                                std::uint64_t seed) {
  FleetPlan p;
  fleet::GroundSiteConfig site;
  site.name = "dc";
  site.power_cap_w = 1e12;
  p.sites.push_back(site);
  fleet::ClusterConfig c;
  c.name = "c";
  c.node.gpus = 8;
  c.node.host_power_w = 1000;
  c.node.host_idle_w = 500;
  c.gpu.tdp_w = 700;
  c.gpu.idle_w = 100;
  c.nodes = nodes;
  p.clusters.push_back(c);
  p.seed = seed;
  p.horizon_s = horizon_days * sim::kSecondsPerDay;
  p.timeseries_step_s = sim::kSecondsPerDay;
  return p;
}

// A job of `gpus` GPUs: 10 s steps of 1e6 tokens/s, a 100 s checkpoint (1 TB
// at 10 GB/s) every 3,600 s of training, 600 s restarts.
inline training::TrainingJobConfig TestJob(std::int64_t gpus) {
  training::TrainingJobConfig j;
  j.name = "job";
  j.gpus = gpus;
  j.step.step_time_s = 10;
  j.step.tokens_per_s = 1e6;
  j.checkpoint_bytes = 1e12;
  j.checkpoint_write_bytes_per_s = 1e10;
  j.checkpoint_interval_s = 3600;
  j.restart_s = 600;
  return j;
}

}  // namespace kardashev::sched::testing

#endif  // KARDASHEV_TESTS_SCHED_TEST_PLANS_H_
