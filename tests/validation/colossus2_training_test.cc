// scenarios/colossus2-training.toml: a synchronous job's ETTR falls as it
// grows, because its mean time between interruptions shrinks as 1/GPUs while
// the restart time does not; a checkpoint interval that adapts to the failure
// rate (Young/Daly) loses far less than a fixed one, and only a faster restart
// keeps a million-GPU job useful.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/run.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev {
namespace {

TEST(Colossus2TrainingTest,
     EttrFallsWithScaleUnlessCheckpointsAndRestartsAdapt) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  const auto scenarios = scenario::LoadScenario(
      std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/colossus2-training.toml",
      {}, catalog);
  std::map<std::string, training::TrainingOutcome> jobs;
  for (const auto& s : scenarios) {
    const auto r = kardashev::Run(s, RunOptions{false});
    ASSERT_EQ(r.training.size(), 1u) << s.variant;
    jobs[s.variant] = r.training.front();
    const auto& t = r.training.front();
    std::printf(
        "%-22s %9lld GPUs  MFU %.1f%%  %.1f interruptions/day  ETTR %.1f%%  "
        "checkpoint every %.1f min\n",
        s.variant.c_str(), static_cast<long long>(t.gpus), 100 * t.mfu,
        t.interruptions / 30.0, 100 * t.ettr, t.checkpoint_interval_s / 60);
  }
  EXPECT_GT(jobs["dense-100k"].ettr, jobs["dense-200k"].ettr);
  EXPECT_GT(jobs["dense-200k"].ettr, jobs["dense-500k"].ettr);
  EXPECT_GT(jobs["dense-500k"].ettr, jobs["dense-1m"].ettr);
  // Interruptions grow with the job (while the gang can be kept whole).
  EXPECT_GT(jobs["dense-500k"].interruptions,
            4 * jobs["dense-100k"].interruptions);
  // A fixed hourly checkpoint loses most of the time the adaptive interval
  // keeps.
  EXPECT_LT(jobs["dense-100k-fixed"].ettr, 0.5 * jobs["dense-100k"].ettr);
  EXPECT_LE(jobs["dense-1m-fixed"].ettr, jobs["dense-1m"].ettr);
  // A one-minute restart makes the million-GPU job useful again.
  EXPECT_GT(jobs["dense-1m-fast-restart"].ettr, 10 * jobs["dense-1m"].ettr);
  // MFU is a property of the step, not of failures: about the same at every
  // size.
  EXPECT_NEAR(jobs["dense-1m"].mfu, jobs["dense-100k"].mfu, 0.01);
}

}  // namespace
}  // namespace kardashev
