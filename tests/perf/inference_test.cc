#include "kardashev/perf/inference.h"

#include <gtest/gtest.h>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/transformer.h"

namespace kardashev::perf {
namespace {

class InferenceTest : public ::testing::Test {
 protected:
  InferenceDeployment Deployment(const char* model, const char* gpu,
                                 int tp) const {
    InferenceDeployment d;
    d.model = *catalog_.FindModel(model);
    d.gpu = *catalog_.FindGpu(gpu);
    d.tp = tp;
    d.efficiency = *catalog_.FindInferenceEfficiency("vllm-fp8");
    return d;
  }
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

// One sequence decoding: the step reads every weight once, so its time is the
// weight bytes over the achievable HBM bandwidth, plus a little attention and
// the fixed overhead.
TEST_F(InferenceTest, SmallBatchDecodeIsBandwidthBound) {
  const InferenceDeployment d = Deployment("llama2-7b", "h100-sxm", 1);
  IterationBatch b;
  b.decode_sequences = 1;
  b.decode_context = 500;
  const IterationCost c = IterationTime(d, b);
  EXPECT_TRUE(c.gemm_memory_bound);
  const double weights =
      (6738415616.0 - 32000.0 * 4096 - 4096) * 2;  // all but the embedding
  const double bandwidth = d.gpu.hbm_bandwidth_bytes_per_s * d.efficiency.hbm;
  EXPECT_NEAR(c.gemm_s, weights / bandwidth, 1e-3 * c.gemm_s);
  const double kv = (500 + 1) * 2.0 * 32 * 32 * 128 * 2;
  EXPECT_NEAR(c.attention_s, kv / bandwidth, 1e-9);
  // The framework overhead: the fixed part and one sequence's.
  EXPECT_NEAR(
      c.overhead_s,
      d.efficiency.step_overhead_s + d.efficiency.overhead_per_sequence_s,
      1e-15);
  EXPECT_NEAR(c.time_s, c.gemm_s + c.attention_s + c.overhead_s, 1e-12);
}

// A long prompt: compute-bound, time close to its FLOPs over the achievable
// peak.
TEST_F(InferenceTest, LongPrefillIsComputeBound) {
  const InferenceDeployment d = Deployment("llama2-7b", "h100-sxm", 1);
  IterationBatch b;
  b.prefill_sequences = 1;
  b.prefill_tokens = 8192;
  b.prefill_attention_context = 8192 * (8193 / 2.0);
  const IterationCost c = IterationTime(d, b);
  EXPECT_FALSE(c.gemm_memory_bound);
  EXPECT_FALSE(c.attention_memory_bound);
  const TransformerCounts counts = CountTransformer(d.model, 1);
  const double flops =
      8192 * counts.gemm_flops_per_token + counts.lm_head_flops_per_token;
  EXPECT_NEAR(c.gemm_s, flops / (d.gpu.bf16_dense_flops * d.efficiency.gemm),
              1e-9);
}

TEST_F(InferenceTest, TensorParallelismSplitsWorkAndAddsAllReduces) {
  IterationBatch b;
  b.decode_sequences = 64;
  b.decode_context = 64 * 1000;
  const IterationCost one =
      IterationTime(Deployment("llama2-70b", "h100-sxm", 1), b);
  const IterationCost four =
      IterationTime(Deployment("llama2-70b", "h100-sxm", 4), b);
  EXPECT_NEAR(four.gemm_s, one.gemm_s / 4, 1e-12);
  EXPECT_GT(four.communication_s, 0);
  EXPECT_EQ(one.communication_s, 0);
}

TEST_F(InferenceTest, KvCacheCapacityAndRefusal) {
  InferenceDeployment d = Deployment("llama2-70b", "h100-sxm", 4);
  d.weights = Precision::kFp8;
  d.kv_cache = Precision::kFp8;
  // 4 x 80 GB x 0.9 - 69 GB of FP8 weights, over 80 layers x 8 KV heads x 128 x
  // 2 x 1 byte.
  const double weights = CountTransformer(d.model, 1).params;
  EXPECT_NEAR(KvCacheTokens(d),
              (4 * 80e9 * 0.9 - weights) / (2.0 * 80 * 8 * 128), 1);
  d.tp = 1;
  d.weights = Precision::kBf16;
  EXPECT_THROW(KvCacheTokens(d),
               PlanError);  // 138 GB of BF16 weights on one 80 GB GPU
}

// Mixture of experts: one token reads only its experts' weights; a large batch
// reads nearly all of them.
TEST_F(InferenceTest, MixtureOfExpertsReadsOnlyTouchedExperts) {
  const InferenceDeployment d = Deployment("mixtral-8x7b", "h100-sxm", 1);
  IterationBatch one;
  one.decode_sequences = 1;
  IterationBatch many;
  many.decode_sequences = 64;
  const double t1 = IterationTime(d, one).gemm_s;
  const double t64 = IterationTime(d, many).gemm_s;
  EXPECT_LT(t1, 0.4 * t64);  // 2 of 8 experts against (nearly) all 8
}

}  // namespace
}  // namespace kardashev::perf
