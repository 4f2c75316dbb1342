// Calibration of the pytorch-fsdp training stack on published training
// throughputs: MPT models on A100 and H100, BF16 and FP8 (data/figures.csv
// MPT01-MPT11, role calibrate).
//
// Source: MosaicML llm-foundry, scripts/train/benchmarking/README.md ("MPT
// Training Benchmarks"): Composer FSDP (FULL_SHARD, i.e. ZeRO-3), no tensor or
// pipeline parallelism, flash attention; tokens/s per GPU is compared (the
// README's MFU counts non-causal attention FLOPs, ours causal).
//
// GEMM and attention times come from the kernel-level sets, fitted on kernel
// benchmarks; the stack's own three factors (attention_kernel,
// small_op_bytes_per_hidden, dp_overlap) are fitted to these eleven runs.
// Each run must be within 15% and the mean absolute error under 6%.
//
// Known misses: MPT-7B at 8K tokens on A100 (-13%: that stack's long-sequence
// attention on A100 is faster than the model's) and MPT-3B at 8K tokens in
// FP8 on H100 (+12%).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/training_step.h"

namespace kardashev::perf {
namespace {

struct PublishedRun {
  const char* id;
  const char* model;
  const char* gpu;
  Precision precision;
  int gpus;
  int seq_len;
  int micro_batch;
  int global_batch;  // sequences
  bool full_recompute;
  double tokens_per_s_per_gpu;  // published
  bool fit;                     // used to calibrate
  double tolerance = 0.15;      // relative
};

// llm-foundry benchmarking README rows (model, SeqLen, # GPUs, MicroBatchSize,
// GlobalBatchSize, Activation Checkpointing, Throughput (T/s/GPU)).
const std::vector<PublishedRun>& MptRuns() {
  static const std::vector<PublishedRun> runs = {
      {"A100 BF16 MPT-7B 2k", "mpt-7b", "a100-sxm", Precision::kBf16, 8, 2048,
       6, 96, false, 4641, true},
      {"A100 BF16 MPT-30B 2k", "mpt-30b", "a100-sxm", Precision::kBf16, 8, 2048,
       3, 504, true, 916, true},
      {"A100 BF16 MPT-3B 2k", "mpt-3b", "a100-sxm", Precision::kBf16, 8, 2048,
       10, 160, false, 10811, false},
      {"A100 BF16 MPT-7B 8k", "mpt-7b", "a100-sxm", Precision::kBf16, 8, 8192,
       8, 128, true, 3206, true},
      {"H100 BF16 MPT-7B 2k", "mpt-7b", "h100-sxm", Precision::kBf16, 8, 2048,
       6, 48, false, 10643, true},
      {"H100 BF16 MPT-30B 2k", "mpt-30b", "h100-sxm", Precision::kBf16, 32,
       2048, 14, 1344, true, 2308, true},
      {"H100 BF16 MPT-3B 2k", "mpt-3b", "h100-sxm", Precision::kBf16, 16, 2048,
       10, 480, false, 24142, false},
      {"H100 BF16 MPT-7B 4k", "mpt-7b", "h100-sxm", Precision::kBf16, 8, 4096,
       16, 256, true, 8611, true},
      {"H100 FP8 MPT-3B 2k", "mpt-3b", "h100-sxm", Precision::kFp8, 8, 2048, 10,
       480, false, 30586, true},
      {"H100 FP8 MPT-3B 512", "mpt-3b", "h100-sxm", Precision::kFp8, 8, 512, 40,
       1920, false, 36527, true},
      {"H100 FP8 MPT-3B 8k", "mpt-3b", "h100-sxm", Precision::kFp8, 8, 8192, 3,
       144, false, 19146, true},
  };
  return runs;
}

class TrainingStepCalibrationTest : public ::testing::Test {
 protected:
  TrainingStepInput Input(const PublishedRun& run) const {
    TrainingStepInput in;
    in.model = *catalog_.FindModel(run.model);
    in.gpu = *catalog_.FindGpu(run.gpu);
    in.efficiency = *catalog_.FindEfficiency("pytorch-fsdp");
    // MosaicML's clusters: 3.2 Tb/s of InfiniBand per 8-GPU node (H100) and
    // 1,600 Gb/s RoCE (A100); only multi-node runs use it.
    in.fabric = *catalog_.FindFabric("ib-ndr400");
    in.seq_len = run.seq_len;
    in.global_batch_tokens =
        static_cast<double>(run.global_batch) * run.seq_len;
    in.plan.dp = run.gpus;
    in.plan.zero_stage = 3;  // FSDP FULL_SHARD
    in.plan.micro_batch_sequences = run.micro_batch;
    in.plan.recompute =
        run.full_recompute ? Recompute::kFull : Recompute::kNone;
    in.plan.precision = run.precision;
    return in;
  }

  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

TEST_F(TrainingStepCalibrationTest, PublishedThroughputsWithinFifteenPercent) {
  double sum_abs_error = 0;
  int points = 0;
  std::printf("%-24s %5s %12s %12s %8s\n", "run", "role", "published",
              "predicted", "error");
  for (const PublishedRun& run : MptRuns()) {
    std::string why;
    const std::optional<TrainingStep> s =
        TryEstimateTrainingStep(Input(run), &why);
    ASSERT_TRUE(s.has_value()) << run.id << ": " << why;
    const double predicted = s->tokens_per_s / s->gpus;
    const double error = predicted / run.tokens_per_s_per_gpu - 1;
    std::printf("%-24s %5s %12.0f %12.0f %+7.1f%%\n", run.id,
                run.fit ? "fit" : "pred", run.tokens_per_s_per_gpu, predicted,
                100 * error);
    EXPECT_LT(std::fabs(error), run.tolerance) << run.id;
    sum_abs_error += std::fabs(error);
    ++points;
  }
  const double mean = sum_abs_error / points;
  std::printf("mean absolute error %.1f%% over %d published runs\n", 100 * mean,
              points);
  EXPECT_LT(mean, 0.06);
}

// The calibrated FP8 share of the FP8 peak is below the BF16 share of the BF16
// peak, as kernel benchmarks show (DeepGEMM: ~1,350 of 1,979 FP8 TFLOPS on
// Hopper), and FP8 still gives more absolute GEMM throughput.
TEST_F(TrainingStepCalibrationTest, Fp8ReachesASmallerShareOfALargerPeak) {
  const auto& e = *catalog_.FindEfficiency("megatron-bf16");
  const catalog::GemmEfficiencySpec* bf16 = nullptr;
  const catalog::GemmEfficiencySpec* fp8 = nullptr;
  for (const auto& g : e.gemm_sets) {
    if (g.name == "hopper-bf16") bf16 = &g;
    if (g.name == "hopper-fp8") fp8 = &g;
  }
  ASSERT_NE(bf16, nullptr);
  ASSERT_NE(fp8, nullptr);
  const auto& h100 = *catalog_.FindGpu("h100-sxm");
  EXPECT_LT(fp8->peak_share, bf16->peak_share);
  EXPECT_GT(fp8->peak_share * h100.fp8_dense_flops,
            bf16->peak_share * h100.bf16_dense_flops);
}

}  // namespace
}  // namespace kardashev::perf
