// Validation of the fault-tolerance modes against a published run at O(100K)
// GPUs: Salpekar et al. (Meta), "Training LLMs with Fault Tolerant HSDP on
// 100,000 GPUs", arXiv 2602.00277, abstract: "Compared with fully
// synchronous training at O(100K) GPUs, FT-HSDP can reduce the stall time due
// to failure recovery from 10 minutes to 3 minutes, increasing effective
// training time from 44% to 80%."
//
// The paper's abstract gives neither the failure rate nor the model. The
// failure rate is read from its synchronous figure: a 10-minute stall per
// failure leaving 44% means a failure every 10 / (1 - 0.44) = 17.9 minutes,
// so the catalog's Llama 3 rates are scaled to that interval. The
// fault-tolerant run (replica groups, the catalog's `ft-hsdp` recovery set
// with Meta's 3-minute stall) is then a prediction: nothing in it is fitted to
// 80%. The model is Llama 3 405B on H100s (the paper's own model is not named
// in the abstract).
//
// A miss, reported: the synchronous run with a 10-minute restart keeps
// e^(-10/17.9) = 57%, not 44%. Failures that strike during a restart cut it
// short, so the mean stall per failure is 7.7 minutes, not 10; the abstract's
// "stall time" is a mean per failure, and the first-order reading above
// treats it as one. Either the failure interval is shorter than 17.9 minutes
// (12.2 minutes gives 44% with 10-minute restarts, and then the prediction
// for fault-tolerant HSDP falls to about two thirds), or Meta's restarts are
// longer than their mean stall. The test checks the renewal arithmetic of
// the synchronous run and the published fault-tolerant figure.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/search/training_plan_search.h"
#include "kardashev/training/goodput_model.h"

namespace kardashev {
namespace {

constexpr double kMinutesBetweenFailures = 10.0 / (1 - 0.44);  // 17.9
constexpr int kJobGpus = 98304;  // 768 data-parallel ranks of TP8 x PP16

scenario::Scenario At100k(const std::string& mode, const std::string& recovery,
                          double restart_minutes) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  double rate_per_gpu_h = 0;
  for (const auto& c : catalog.failure_components()) {
    rate_per_gpu_h += c.rate_per_gpu_hour;
  }
  const double rate_scale =
      60.0 / (kMinutesBetweenFailures * kJobGpus * rate_per_gpu_h);
  scenario::LoadOptions options;
  options.sets = {
      "scenario.horizon_days=14",
      "cluster.rsc-24k.nodes=12800",  // the job's 12,288 nodes and 512 spares
      "cluster.rsc-24k.hot_spares=512",
      fmt::format("training.llama3-405b.gpus={}", kJobGpus),
      fmt::format("training.llama3-405b.global_batch_tokens={}",
                  768.0 * 16 * 8192),
      "training.llama3-405b.zero_stage=0",
      "training.llama3-405b.checkpoint=\"memory\"",
      fmt::format("training.llama3-405b.fault_tolerance=\"{}\"", mode),
      fmt::format("training.llama3-405b.recovery=\"{}\"", recovery),
      fmt::format("training.llama3-405b.restart_minutes={}", restart_minutes),
      fmt::format("failures.rate_scale={}", rate_scale),
      "site.meta-dc.power_cap_mw=400",
  };
  return scenario::LoadScenario(
             std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/llama3-405b.toml",
             options, catalog)
      .front();
}

training::TrainingOutcome Play(const scenario::Scenario& s) {
  return sched::SimulateFleet(prepare::Prepare(s).fleet, s.failure_components)
      .training.at(0);
}

// The plan search's analytic ETTR for the job as written.
double AnalyticEttr(const scenario::Scenario& s) {
  const search::SearchJob job = search::SearchJobOf(s, "llama3-405b");
  const auto step = perf::EstimateTrainingStep(job.step);
  return training::EstimateGoodput(search::GoodputInputOf(job, job.step.plan,
                                                          job.mode,
                                                          step.step_time_s))
      .ettr;
}

TEST(FaultTolerantEttrTest, MetaFtHsdpAt100kGpus) {
  const auto sync = Play(At100k("gang", "storage-restart", 10));
  const auto ft = Play(At100k("replica", "ft-hsdp", 0));
  std::printf(
      "O(100K) GPUs, a failure every %.1f min: synchronous ETTR %.1f%% "
      "(published 44%%), fault-tolerant HSDP %.1f%% (published 80%%)\n",
      kMinutesBetweenFailures, 100 * sync.ettr, 100 * ft.ettr);
  // Synchronous: a restart of R completes only when no failure strikes
  // within it, so the share kept is e^(-R / M) (renewal arithmetic), times
  // what checkpoints at the Young/Daly interval tau = sqrt(2 C M) leave:
  // 1 - C / tau - tau / (2 M), with C each GPU's in-memory state over its host
  // copy bandwidth; within 3 points for the waiting it leaves out.
  const double c_s = sync.checkpoint_write_s;
  const double m_s = kMinutesBetweenFailures * 60;
  const double tau_s = std::sqrt(2 * c_s * m_s);
  EXPECT_GT(c_s, 1.0);  // ~44 GB per GPU at 32 GB/s
  EXPECT_NEAR(sync.ettr,
              std::exp(-10 / kMinutesBetweenFailures) *
                  (1 - c_s / tau_s - tau_s / (2 * m_s)),
              0.03);
  // Fault-tolerant HSDP: within 8 points of the published 80%.
  EXPECT_NEAR(100 * ft.ettr, 80, 8);
}

// The plan search ranks plans by an analytic ETTR (training/goodput_model.h);
// where its first-order terms hold it agrees with the simulation: the Llama 3
// snapshot as written (gang, 16,384 GPUs) and fault-tolerant HSDP at 98,304
// GPUs, each within 2 points.
TEST(FaultTolerantEttrTest, AnalyticGoodputAgreesWithTheSimulation) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const auto llama3 = scenario::LoadScenario(std::string(KARDASHEV_SOURCE_DIR) +
                                                 "/scenarios/llama3-405b.toml",
                                             {}, catalog)
                          .front();
  const auto ft = At100k("replica", "ft-hsdp", 0);
  const double llama3_sim = Play(llama3).ettr;
  const double ft_sim = Play(ft).ettr;
  std::printf(
      "ETTR analytic vs simulated: Llama 3 %.3f vs %.3f; "
      "FT-HSDP at 98,304 GPUs %.3f vs %.3f\n",
      AnalyticEttr(llama3), llama3_sim, AnalyticEttr(ft), ft_sim);
  EXPECT_NEAR(AnalyticEttr(llama3), llama3_sim, 0.02);
  EXPECT_NEAR(AnalyticEttr(ft), ft_sim, 0.02);
}

}  // namespace
}  // namespace kardashev
