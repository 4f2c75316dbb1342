#include "kardashev/perf/inference.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/collectives.h"
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
    // The flat roofline these hand computations follow: no GEMM kernel sets
    // (KernelModel below takes them).
    d.efficiency.gemm_sets.clear();
    return d;
  }
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

// With the catalog's GEMM kernel sets: a one-sequence decode step streams the
// weights at the set's share of HBM bandwidth (plus a launch per GEMM); a long
// prefill computes near the set's share of peak; both within the roofline.
TEST_F(InferenceTest, KernelModelStreamsDecodeWeightsAndComputesPrefill) {
  InferenceDeployment d = Deployment("llama2-7b", "h100-sxm", 1);
  d.efficiency = *catalog_.FindInferenceEfficiency("vllm-fp8");
  const catalog::GemmEfficiencySpec* set =
      FindGemmSet(d.efficiency.gemm_sets, "h100-sxm", "bf16");
  ASSERT_NE(set, nullptr);
  const InferenceCostModel model(d);
  IterationBatch decode;
  decode.decode_sequences = 1;
  decode.decode_context = 500;
  const double weights = (6738415616.0 - 32000.0 * 4096 - 4096) * 2;
  const double stream_s =
      weights / (d.gpu.hbm_bandwidth_bytes_per_s * set->hbm_share);
  const double gemm_s = model.IterationTime(decode).gemm_s;
  // 32 layers and the LM head each one GEMM, one launch each.
  EXPECT_GE(gemm_s, stream_s);
  EXPECT_NEAR(gemm_s, stream_s + 33 * set->launch_s, 0.01 * stream_s);
  IterationBatch prefill;
  prefill.prefill_sequences = 4;
  prefill.prefill_tokens = 8192;
  prefill.prefill_attention_context = 4 * 2048.0 * 2049 / 2;
  const TransformerCounts c = CountTransformer(d.model, 1);
  const double flops =
      8192 * c.gemm_flops_per_token + 4 * c.lm_head_flops_per_token;
  const double prefill_s = model.IterationTime(prefill).gemm_s;
  EXPECT_GT(prefill_s, flops / d.gpu.bf16_dense_flops);  // under the peak
  EXPECT_LT(prefill_s,
            1.25 * flops / (d.gpu.bf16_dense_flops * set->peak_share));
}

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

// Multi-head latent attention caches the 512-value latent and the 64-value
// rotary key per token and layer: 61 x 576 x 2 bytes in BF16, ~57x less than
// full heads (2 x 128 heads x 128 x 61 x 2 bytes).
TEST_F(InferenceTest, LatentAttentionCachesTheLatentOnly) {
  InferenceDeployment d = Deployment("deepseek-v3", "h200", 8);
  d.weights = Precision::kFp8;
  const InferenceCostModel model(d);
  EXPECT_DOUBLE_EQ(model.KvBytesPerToken(), 61.0 * (512 + 64) * 2);
  EXPECT_NEAR(2.0 * 128 * 128 * 61 * 2 / model.KvBytesPerToken(), 56.9, 0.1);
  // The latent is shared by the heads: every TP rank holds all of it, so the
  // replica's cache is its free memory per GPU over the bytes per token.
  const double free_per_gpu = 141e9 * 0.9 - model.WeightBytesPerGpu();
  EXPECT_NEAR(model.KvCacheTokens(), free_per_gpu / (61.0 * 576 * 2), 1);
}

// Two-tier all-to-all by hand: 144 ranks in domains of 8, 1 MB each. 7/144 of
// it crosses NVLink (100 GB/s), 136/144 the fabric (40 GB/s), concurrently;
// one fabric latency.
TEST_F(InferenceTest, TwoTierAllToAllByHand) {
  const Link nvlink{100e9, 1e-6};
  const Link fabric{40e9, 3e-6};
  const double t = TwoTierAllToAllS(1e6, 144, 8, nvlink, fabric);
  EXPECT_NEAR(t, 136.0 / 144 * 1e6 / 40e9 + 3e-6, 1e-15);
  // Inside one domain it is the flat all-to-all: 7/8 of 1 MB, 7 steps.
  EXPECT_NEAR(TwoTierAllToAllS(1e6, 8, 8, nvlink, fabric),
              7.0 / 8 * 1e6 / 100e9 + 7 * 1e-6, 1e-15);
}

// A small decode batch at wide expert parallelism reads, per GPU, only its
// own experts' weights that the batch touches: 58 MoE layers x (256 + 32) /
// 144 = 2 expert slots x P(touched) x 44.04M parameters x 1 byte, at the
// achievable HBM bandwidth; the dense part (attention, dense layers, shared
// expert, LM head) streams its weights too, on its own roofline.
TEST_F(InferenceTest, WideExpertParallelDecodeReadsTouchedExpertsOnly) {
  InferenceDeployment d = Deployment("deepseek-v3", "h800", 1);
  d.ep = 144;
  d.attention_dp = 144;
  d.redundant_experts = 32;
  d.fabric = *catalog_.FindFabric("ib-ndr400");
  d.weights = Precision::kFp8;
  const InferenceCostModel model(d);
  IterationBatch b;
  b.decode_sequences = 144;  // one sequence per attention group
  b.decode_context = 144 * 1000.0;
  const IterationCost c = model.IterationTime(b);
  EXPECT_TRUE(c.gemm_memory_bound);
  const double expert = 3.0 * 7168 * 2048;
  const double touched = 1 - std::pow(1 - 8.0 / 288, 144);
  const double expert_bytes = 58 * 2 * touched * expert;
  const TransformerCounts counts = CountTransformer(d.model, 1);
  const double dense_bytes = counts.layer_params - 58.0 * 256 * expert +
                             7168.0 * 129280;  // LM head; no input embedding
  const double hbm = d.gpu.hbm_bandwidth_bytes_per_s * d.efficiency.hbm;
  EXPECT_NEAR(c.gemm_s, (dense_bytes + expert_bytes) / hbm, 1e-9);
  EXPECT_GT(c.all_to_all_s, 0);
}

// FP4 weights are half the bytes of FP8 ones: on a bandwidth-bound decode the
// weight streaming halves. GPUs without FP4 refuse them.
TEST_F(InferenceTest, Fp4WeightsHalveFp8WeightBytes) {
  InferenceDeployment d = Deployment("llama2-70b", "b200", 1);
  d.weights = Precision::kFp8;
  const InferenceCostModel fp8(d);
  d.weights = Precision::kFp4;
  const InferenceCostModel fp4(d);
  EXPECT_DOUBLE_EQ(fp4.WeightBytesPerGpu(), fp8.WeightBytesPerGpu() / 2);
  IterationBatch b;
  b.decode_sequences = 1;
  EXPECT_NEAR(fp4.IterationTime(b).gemm_s, fp8.IterationTime(b).gemm_s / 2,
              1e-12);
  InferenceDeployment h100 = Deployment("llama2-70b", "h100-sxm", 4);
  h100.weights = Precision::kFp4;
  EXPECT_THROW(InferenceCostModel{h100}, PlanError);
}

// Expert parallelism is refused where it cannot run.
TEST_F(InferenceTest, ExpertParallelPlansAreValidated) {
  InferenceDeployment d = Deployment("deepseek-v3", "h800", 1);
  d.weights = Precision::kFp8;
  d.ep = 144;
  d.attention_dp = 144;
  d.fabric = *catalog_.FindFabric("ib-ndr400");
  EXPECT_THROW(InferenceCostModel{d}, PlanError);  // 144 does not divide 256
  d.redundant_experts = 32;
  EXPECT_NO_THROW(InferenceCostModel{d});
  d.attention_dp = 72;  // 1 x 72 != 144
  EXPECT_THROW(InferenceCostModel{d}, PlanError);
  d.attention_dp = 144;
  d.fabric = catalog::FabricSpec{};  // 144 GPUs, no fabric
  EXPECT_THROW(InferenceCostModel{d}, PlanError);
  InferenceDeployment dense = Deployment("llama2-70b", "h100-sxm", 4);
  dense.ep = 4;
  EXPECT_THROW(InferenceCostModel{dense}, PlanError);
}

}  // namespace
}  // namespace kardashev::perf
