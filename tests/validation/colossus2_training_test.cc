// scenarios/colossus2-training.toml: a synchronous (gang) job's ETTR falls
// as it grows, because its mean time between interruptions shrinks as 1/GPUs
// while the restart time does not; a checkpoint interval that adapts to the
// failure rate (Young/Daly) loses far less than a fixed one. Replica groups
// keep far more at every size, but with Meta's 3-minute stall per failure a
// million-GPU job still stalls most of the time: only fast detection keeps it
// useful, and when spares run dry, elastic re-forming keeps it waiting less.
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
  for (const char* mode : {"gang", "replica"}) {
    const std::string m(mode);
    EXPECT_GT(jobs[m + "-100k"].ettr, jobs[m + "-200k"].ettr) << m;
    EXPECT_GT(jobs[m + "-200k"].ettr, jobs[m + "-500k"].ettr) << m;
    EXPECT_GT(jobs[m + "-500k"].ettr, jobs[m + "-1m"].ettr) << m;
  }
  for (const char* size : {"100k", "200k", "500k", "1m"}) {
    const std::string z(size);
    EXPECT_GT(jobs["replica-" + z].ettr, 1.5 * jobs["gang-" + z].ettr) << z;
    // Spares are plenty here: elastic never has to re-form.
    EXPECT_NEAR(jobs["elastic-" + z].ettr, jobs["replica-" + z].ettr, 1e-9);
  }
  // Interruptions grow with the job (while the gang can be kept whole).
  EXPECT_GT(jobs["gang-500k"].interruptions,
            4 * jobs["gang-100k"].interruptions);
  // A fixed hourly checkpoint loses most of the time the adaptive interval
  // keeps.
  EXPECT_LT(jobs["gang-100k-fixed"].ettr, 0.5 * jobs["gang-100k"].ettr);
  // Detecting failures in 30 s instead of 3 minutes makes the million-GPU
  // job useful again.
  EXPECT_GT(jobs["replica-1m-fast"].ettr, 0.6);
  EXPECT_GT(jobs["replica-1m-fast"].ettr, 10 * jobs["replica-1m"].ettr);
  // With spares short, elastic re-forms fewer groups instead of waiting.
  EXPECT_GT(jobs["elastic-1m-fast-tight"].ettr,
            jobs["replica-1m-fast-tight"].ettr);
  EXPECT_LT(jobs["elastic-1m-fast-tight"].waiting_s,
            0.5 * jobs["replica-1m-fast-tight"].waiting_s);
  // MFU is a property of the step, not of failures: about the same at every
  // size.
  EXPECT_NEAR(jobs["gang-1m"].mfu, jobs["gang-100k"].mfu, 0.01);
}

}  // namespace
}  // namespace kardashev
