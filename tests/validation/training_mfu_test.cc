// Validation of the training step-time model against published MFU of large
// runs. The GEMM and attention shares of data/catalog/efficiency.toml are
// fitted jointly on B01, B03 and B07 with eight MosaicML MPT runs
// (tests/validation/training_step_calibration_test.cc); B02 is a prediction.
#include <gtest/gtest.h>

#include <cstdio>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/training_step.h"

namespace kardashev::perf {
namespace {

class TrainingMfuTest : public ::testing::Test {
 protected:
  TrainingStepInput Llama3(int dp, int cp, int seq_len) const {
    TrainingStepInput in;
    in.model = *catalog_.FindModel("llama3-405b");
    in.gpu = *catalog_.FindGpu("h100-sxm");
    in.efficiency = *catalog_.FindEfficiency("megatron-bf16");
    in.fabric = *catalog_.FindFabric(
        "roce-400");  // figures.csv A01: RoCE 400 Gb/s per GPU
    in.seq_len = seq_len;
    in.global_batch_tokens = 16.0 * 1024 * 1024;  // "16M tokens/batch"
    in.plan.tp = 8;
    in.plan.pp = 16;
    in.plan.dp = dp;
    in.plan.cp = cp;
    // ASSUMPTION: interleaving depth. The paper uses an interleaved schedule
    // with balanced stages but does not give the number of virtual stages; 126
    // layers over 16 stages allow up to ~8 (one layer per chunk).
    in.plan.virtual_stages = 8;
    // The published plans fit 80 GB only with full recomputation in this memory
    // model (selective needs ~92 GB per GPU at 8K GPUs).
    in.plan.recompute = Recompute::kFull;
    in.plan.zero_stage = 1;
    return in;
  }

  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

void Report(const char* id, const TrainingStep& s, double published) {
  std::printf(
      "%s: predicted MFU %.1f%% (%.0f TFLOP/s per GPU), published %.1f%%; step "
      "%.2f s, "
      "bubble %.1f%%, compute %.2f s, TP %.2f s, CP %.2f s, PP %.2f s, DP %.2f "
      "s, "
      "memory %.1f GB\n",
      id, 100 * s.mfu, s.tflops_per_gpu, published, s.step_time_s,
      100 * s.bubble_fraction, s.compute_s, s.tp_comm_exposed_s,
      s.cp_comm_exposed_s, s.pp_comm_exposed_s, s.dp_comm_exposed_s,
      s.memory.total_bytes * 1e-9);
}

// figures.csv B01, B02, B03: 43%, 41% and 38% BF16 MFU; each within 4 points,
// in that order.
TEST_F(TrainingMfuTest, Llama3405BThreePublishedPlans) {
  const TrainingStep b01 = EstimateTrainingStep(Llama3(64, 1, 8192));
  const TrainingStep b02 = EstimateTrainingStep(Llama3(128, 1, 8192));
  const TrainingStep b03 = EstimateTrainingStep(Llama3(8, 16, 131072));
  Report("B01", b01, 43);
  Report("B02", b02, 41);
  Report("B03", b03, 38);
  EXPECT_EQ(b01.gpus, 8192);
  EXPECT_EQ(b02.gpus, 16384);
  EXPECT_EQ(b03.gpus, 16384);
  EXPECT_NEAR(100 * b01.mfu, 43, 4);
  EXPECT_NEAR(100 * b02.mfu, 41, 4);
  EXPECT_NEAR(100 * b03.mfu, 38, 4);
  EXPECT_GT(b01.mfu, b02.mfu);
  EXPECT_GT(b02.mfu, b03.mfu);
}

// figures.csv B07: MegaScale, a 175B model on 12,288 Ampere GPUs at 55.2% MFU;
// within 6 points.
TEST_F(TrainingMfuTest, MegaScale175BOn12288Gpus) {
  TrainingStepInput in;
  in.model = *catalog_.FindModel("gpt3-175b");
  in.gpu = *catalog_.FindGpu("a100-sxm");
  in.efficiency = *catalog_.FindEfficiency("megatron-bf16");
  in.fabric = *catalog_.FindFabric("roce-400");
  in.seq_len = 2048;
  in.global_batch_tokens =
      6144.0 * 2048;  // MegaScale Table 2: batch 6,144 sequences
  in.plan.tp = 8;
  in.plan.pp = 8;
  in.plan.dp = 192;
  in.plan.virtual_stages =
      4;  // ASSUMPTION: interleaved 1F1B; depth not published
  in.plan.zero_stage = 1;
  const TrainingStep s = EstimateTrainingStep(in);
  Report("B07", s, 55.2);
  EXPECT_EQ(s.gpus, 12288);
  // A check (data/figures.csv B07): within the 20% bound the validation
  // suite holds training checks to.
  EXPECT_NEAR(s.mfu, 0.552, 0.2 * 0.552);
}

}  // namespace
}  // namespace kardashev::perf
