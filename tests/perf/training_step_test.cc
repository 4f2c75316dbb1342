#include "kardashev/perf/training_step.h"

#include <gtest/gtest.h>

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/collectives.h"
#include "kardashev/perf/gemm_efficiency.h"
#include "kardashev/perf/transformer.h"

namespace kardashev::perf {
namespace {

class TrainingStepTest : public ::testing::Test {
 protected:
  // `model` on H100s over RoCE with the Megatron BF16 stack, sequences of
  // 8,192 tokens; the plan and batch are the test's.
  TrainingStepInput OnH100(const char* model) const {
    TrainingStepInput in;
    in.model = *catalog_.FindModel(model);
    in.gpu = *catalog_.FindGpu("h100-sxm");
    in.efficiency = *catalog_.FindEfficiency("megatron-bf16");
    in.fabric = *catalog_.FindFabric("roce-400");
    in.seq_len = 8192;
    return in;
  }

  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

// Parameter counts from the architecture reproduce the published totals within
// 1%. Llama 2's names round (7B, 70B): its exact sizes are checked by hand
// below. DeepSeek-V3 counts its multi-head latent attention from the latent
// ranks (671.0B; 37.5B active against the published 37B, whose weight notes
// give 36.6B without the input embedding). MPT ties its input and output
// embeddings: the untied count less one vocab x hidden matrix is its size
// within 0.3% (the benchmark also counts a learned positional table).
TEST_F(TrainingStepTest, ParameterCountsMatchThePublishedSizes) {
  EXPECT_DOUBLE_EQ(
      CountTransformer(*catalog_.FindModel("llama2-7b"), 4096).params,
      6738415616.0);  // 32 x 202,383,360 + 2 x 32,000 x 4,096 + 4,096
  EXPECT_DOUBLE_EQ(
      CountTransformer(*catalog_.FindModel("llama2-70b"), 4096).params,
      68976648192.0);  // 80 x 855,654,400 + 2 x 32,000 x 8,192 + 8,192
  for (const auto& m : catalog_.models()) {
    if (m.name == "llama2-7b" || m.name == "llama2-70b") continue;
    if (m.name.rfind("mpt-", 0) == 0) {
      const double tied = CountTransformer(m, 2048).params -
                          static_cast<double>(m.vocab_size) * m.hidden_size;
      EXPECT_NEAR(tied, m.published_params, 0.003 * m.published_params)
          << m.name;
      continue;
    }
    const TransformerCounts c = CountTransformer(m, 4096);
    // "22B" is published to two digits: within half a unit of its last one.
    const double tolerance =
        m.name == "gpt-22b" ? 0.5e9 : 0.01 * m.published_params;
    EXPECT_NEAR(c.params, m.published_params, tolerance) << m.name;
    EXPECT_NEAR(c.active_params, m.published_active_params,
                0.02 * m.published_active_params)
        << m.name;
  }
}

// figures.csv B16: about 6N training FLOPs per token for a dense model (without
// attention). Hand check for Llama 3 405B at 8K: the layers' matmuls are 2 x
// 401.6e9 per token forward; causal attention adds 126 x 4 x 16,384 x 4,096.5.
TEST_F(TrainingStepTest, FlopsPerTokenFollowTheArchitecture) {
  const auto& m = *catalog_.FindModel("llama3-405b");
  const TransformerCounts c = CountTransformer(m, 8192);
  const double layer_matmul_params =
      126.0 * (2 * 16384.0 * 16384 + 2 * 16384.0 * 1024 + 3 * 16384.0 * 53248);
  EXPECT_DOUBLE_EQ(c.gemm_flops_per_token, 2 * layer_matmul_params);
  EXPECT_DOUBLE_EQ(c.attention_flops_per_token,
                   126 * 4.0 * 16384 * (8193 / 2.0));
  EXPECT_DOUBLE_EQ(c.lm_head_flops_per_token, 2.0 * 16384 * 128256);
  EXPECT_NEAR(3 * c.forward_flops_per_token(), 6 * 405e9, 0.1 * 6 * 405e9);
}

TEST(CollectivesTest, RingAndTreeCostsByHand) {
  const Link link{100e9, 1e-6};
  // 1 GB all-reduce over 8 ranks: 2 x 7/8 x 1e9 / 1e11 s + 14 steps of 1 us.
  EXPECT_DOUBLE_EQ(RingAllReduceS(1e9, 8, link), 2 * 7.0 / 8 * 1e-2 + 14e-6);
  EXPECT_DOUBLE_EQ(TreeAllReduceS(1e9, 8, link), 2 * 7.0 / 8 * 1e-2 + 6e-6);
  EXPECT_DOUBLE_EQ(AllGatherS(1e9, 8, link), 7.0 / 8 * 1e-2 + 7e-6);
  EXPECT_DOUBLE_EQ(RingAllReduceS(1e9, 1, link), 0);
  EXPECT_DOUBLE_EQ(PointToPointS(1e9, link), 1e-2 + 1e-6);
}

// One GPU, no parallelism: the step is compute alone at the efficiencies.
TEST_F(TrainingStepTest, SingleGpuStepIsComputeByHand) {
  TrainingStepInput in;
  in.model = *catalog_.FindModel("llama2-7b");
  in.gpu = *catalog_.FindGpu("h100-sxm");
  in.efficiency = *catalog_.FindEfficiency("megatron-bf16");
  in.fabric = *catalog_.FindFabric("ib-ndr400");
  in.seq_len = 4096;
  in.global_batch_tokens = 4096;
  in.plan.recompute = Recompute::kFull;
  in.efficiency.small_op_bytes_per_hidden = 0;
  // Flat shares (no shape-dependent sets), no launch or optimizer cost.
  in.efficiency.gemm_sets.clear();
  in.efficiency.micro_batch_overhead_s = 0;
  in.efficiency.optimizer_bytes_per_param = 0;
  in.gpu.hbm_bytes =
      1e12;  // a hypothetical GPU large enough for the whole model
  const TrainingStep s = EstimateTrainingStep(in);
  const TransformerCounts c = CountTransformer(in.model, 4096);
  const double peak = in.gpu.bf16_dense_flops;
  const double gemm =
      4096 * c.gemm_flops_per_token / (peak * in.efficiency.gemm);
  const double attention =
      4096 * c.attention_flops_per_token / (peak * in.efficiency.attention);
  const double head =
      4096 * c.lm_head_flops_per_token / (peak * in.efficiency.gemm);
  // GEMMs: forward, backward (twice the forward); attention: forward, and
  // backward at 2.5 times its FLOPs (flash attention recomputes the scores,
  // perf/attention.h) at the same flat share; then the recomputed forward of
  // the layers.
  EXPECT_NEAR(s.step_time_s,
              3 * (gemm + head) + 3.5 * attention + gemm + attention, 1e-12);
  EXPECT_DOUBLE_EQ(s.bubble_fraction, 0);
  EXPECT_NEAR(s.hfu / s.mfu,
              (3 * c.forward_flops_per_token() + c.gemm_flops_per_token +
               c.attention_flops_per_token) /
                  (3 * c.forward_flops_per_token()),
              1e-9);
}

TEST_F(TrainingStepTest, BubbleShrinksWithMicroBatchesAndInterleaving) {
  TrainingStepInput in;
  in.model = *catalog_.FindModel("llama3-70b");
  in.gpu = *catalog_.FindGpu("h100-sxm");
  in.efficiency = *catalog_.FindEfficiency("megatron-bf16");
  in.fabric = *catalog_.FindFabric("ib-ndr400");
  in.seq_len = 8192;
  in.plan.tp = 8;
  in.plan.pp = 4;
  in.plan.dp = 2;
  in.plan.recompute = Recompute::kFull;
  in.global_batch_tokens = 8192.0 * 2 * 8;  // 8 micro-batches
  const TrainingStep a = EstimateTrainingStep(in);
  EXPECT_DOUBLE_EQ(a.bubble_fraction, 3.0 / (8 + 3));
  in.plan.virtual_stages = 2;
  const TrainingStep b = EstimateTrainingStep(in);
  EXPECT_DOUBLE_EQ(b.bubble_fraction, 3.0 / (16 + 3));
  EXPECT_LT(b.step_time_s, a.step_time_s);
}

TEST_F(TrainingStepTest, APlanThatDoesNotFitIsRefusedSayingByHowMuch) {
  TrainingStepInput in = OnH100("llama3-405b");
  in.global_batch_tokens = 8192.0 * 64;
  in.plan.tp = 8;
  in.plan.pp = 2;
  in.plan.dp = 8;
  try {
    EstimateTrainingStep(in);
    FAIL() << "expected a PlanError";
  } catch (const PlanError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("GB too much"), std::string::npos) << what;
    EXPECT_NE(what.find("h100-sxm"), std::string::npos) << what;
  }
}

TEST_F(TrainingStepTest, InconsistentPlansAreRefused) {
  TrainingStepInput in = OnH100("llama3-8b");
  in.global_batch_tokens = 8192.0 * 3;
  in.gpu.hbm_bytes = 1e12;  // so that only the plan's shape can be wrong
  in.plan.dp = 2;           // 3 sequences over 2 ranks
  EXPECT_THROW(EstimateTrainingStep(in), PlanError);
  in.plan.dp = 1;
  in.plan.tp = 16;  // beyond the 8-GPU NVLink domain
  EXPECT_THROW(EstimateTrainingStep(in), PlanError);
  in.plan.tp = 1;
  in.plan.precision = Precision::kFp8;
  EXPECT_NO_THROW(EstimateTrainingStep(in));
  in.gpu.fp8_dense_flops = 0;
  EXPECT_THROW(EstimateTrainingStep(in), PlanError);
  in.plan.precision = Precision::kFp4;  // an inference precision only
  in.gpu.fp4_dense_flops = 9e15;
  try {
    EstimateTrainingStep(in);
    FAIL() << "expected a PlanError";
  } catch (const PlanError& e) {
    EXPECT_NE(std::string(e.what()).find("fp4"), std::string::npos) << e.what();
  }
}

// The non-throwing entry point gives the same step as the throwing one, and
// nothing (with the same reason when asked) for a plan that does not fit.
TEST_F(TrainingStepTest, TryEstimateAgreesAndRefusesWithAReason) {
  TrainingStepInput in = OnH100("llama3-405b");
  in.global_batch_tokens = 8192.0 * 64;
  in.plan.tp = 8;
  in.plan.pp = 16;
  in.plan.dp = 8;
  in.plan.recompute = Recompute::kFull;
  const TrainingStep thrown = EstimateTrainingStep(in);
  const std::optional<TrainingStep> tried = TryEstimateTrainingStep(in);
  ASSERT_TRUE(tried.has_value());
  EXPECT_DOUBLE_EQ(tried->step_time_s, thrown.step_time_s);
  EXPECT_DOUBLE_EQ(tried->mfu, thrown.mfu);
  EXPECT_DOUBLE_EQ(tried->memory.total_bytes, thrown.memory.total_bytes);

  in.plan.pp = 2;
  in.plan.recompute = Recompute::kNone;
  EXPECT_FALSE(TryEstimateTrainingStep(in).has_value());
  std::string why;
  EXPECT_FALSE(TryEstimateTrainingStep(in, &why).has_value());
  EXPECT_NE(why.find("GB too much"), std::string::npos) << why;
  try {
    EstimateTrainingStep(in);
    FAIL() << "expected a PlanError";
  } catch (const PlanError& e) {
    EXPECT_EQ(std::string(e.what()), why);
  }
  in.plan.pp = 16;
  in.plan.tp = 16;
  why.clear();
  EXPECT_FALSE(TryEstimateTrainingStep(in, &why).has_value());
  EXPECT_NE(why.find("scale-up domain"), std::string::npos) << why;
}

// A made-up generation small enough to compute by hand: 4 SMs of 1e15 / 4
// FLOP/s at peak, HBM 1e14 B/s at half of it, BF16 operands.
// tile_reuse_half = 0 makes every tile equally efficient; 64 K-elements of
// overhead per tile.
class GemmEfficiencyTest : public ::testing::Test {
 protected:
  GemmEfficiencyTest() {
    set_.peak_share = 0.8;
    set_.tile_reuse_half = 0;
    set_.tile_k_overhead = 64;
    set_.hbm_share = 0.5;
    set_.launch_s = 1e-6;
    set_.sms = 4;
    device_.set = &set_;
    device_.peak_flops = 1e15;
    device_.hbm_bandwidth_bytes_per_s = 1e14;
    device_.bytes_per_element = 2;
  }
  catalog::GemmEfficiencySpec set_;
  GemmDevice device_;
};

TEST_F(GemmEfficiencyTest, HandComputedTimes) {
  const double per_sm = 1e15 / 4 * 0.8;  // FLOP/s of one SM
  // 4096^3: 512 tiles of 128 x 256 (at least 8 waves: the largest tile, no
  // split) in 128 waves of 2 x 128 x 256 x (4096 + 64) FLOPs each; its
  // 100 MB of operands and result stream in 2 us.
  const double big = 128 * 2.0 * 128 * 256 * (4096 + 64) / per_sm;
  EXPECT_NEAR(GemmTimeS({4096, 4096, 4096}, device_), big + 1e-6, 1e-15);
  // 128 x 128 x 4096: of the three tiles and three splits, two 64 x 128
  // tiles split in two fill the 4 SMs in one wave of 2 x 64 x 128 x
  // (2048 + 64); its 2.1 MB stream in 43 ns.
  EXPECT_NEAR(GemmTimeS({128, 128, 4096}, device_),
              2.0 * 64 * 128 * 2112 / per_sm + 1e-6, 1e-15);
  // Five of them as one grouped GEMM: ten 64 x 128 tiles split in two take
  // 5 waves, faster than 128 x 128 split in four (also 5 waves, of 1,088).
  EXPECT_NEAR(GemmTimeS({128, 128, 4096, 5}, device_),
              5 * 2.0 * 64 * 128 * 2112 / per_sm + 1e-6, 1e-15);
  // A GEMV (m = 1) on a slower memory is memory-bound: 33.6 MB of weights,
  // input and output at 0.5e12 B/s.
  device_.hbm_bandwidth_bytes_per_s = 1e12;
  const double gemv_bytes = 2.0 * (4096 + 4096.0 * 4096) + 2.0 * 4096;
  EXPECT_NEAR(GemmTimeS({1, 4096, 4096}, device_), gemv_bytes / 0.5e12 + 1e-6,
              1e-15);
  // The efficiency is the FLOPs over the time at peak.
  device_.hbm_bandwidth_bytes_per_s = 1e14;
  EXPECT_NEAR(GemmEfficiency({4096, 4096, 4096}, device_),
              2.0 * 4096 * 4096 * 4096 / (1e15 * (big + 1e-6)), 1e-12);
  // Without a set, the flat share.
  device_.set = nullptr;
  device_.flat_share = 0.5;
  EXPECT_DOUBLE_EQ(GemmEfficiency({128, 128, 128}, device_), 0.5);
}

// With the catalog's Hopper sets: small GEMMs run further from peak, and FP8
// reaches a smaller share of its (doubled) peak than BF16 of its own, though
// it finishes sooner.
TEST_F(TrainingStepTest, CatalogGemmSetsShapeAndPrecision) {
  const auto& e = *catalog_.FindEfficiency("megatron-bf16");
  const auto& h100 = *catalog_.FindGpu("h100-sxm");
  GemmDevice bf16{FindGemmSet(e, "h100-sxm", "bf16"), e.gemm,
                  h100.bf16_dense_flops, h100.hbm_bandwidth_bytes_per_s, 2};
  GemmDevice fp8{FindGemmSet(e, "h100-sxm", "fp8"), e.gemm,
                 h100.fp8_dense_flops, h100.hbm_bandwidth_bytes_per_s, 1};
  ASSERT_NE(bf16.set, nullptr);
  ASSERT_NE(fp8.set, nullptr);
  EXPECT_EQ(FindGemmSet(e, "mi300x", "bf16"), nullptr);
  const GemmShape large{8192, 6144, 16384};  // Llama 3 405B QKV at TP8
  const GemmShape small{2048, 512, 2048};
  EXPECT_LT(GemmEfficiency(small, bf16), GemmEfficiency(large, bf16));
  EXPECT_LT(GemmEfficiency(small, fp8), GemmEfficiency(large, fp8));
  EXPECT_LT(GemmEfficiency(large, fp8), GemmEfficiency(large, bf16));
  EXPECT_LT(GemmTimeS(large, fp8), GemmTimeS(large, bf16));
  EXPECT_GT(GemmEfficiency(large, bf16), 0.6);
  EXPECT_LE(GemmEfficiency(large, bf16), bf16.set->peak_share);
}

TrainingStepInput Llama70BOnTp8(const catalog::Catalog& catalog) {
  TrainingStepInput in;
  in.model = *catalog.FindModel("llama3-70b");
  in.gpu = *catalog.FindGpu("h100-sxm");
  in.efficiency = *catalog.FindEfficiency("megatron-bf16");
  in.fabric = *catalog.FindFabric("ib-ndr400");
  in.seq_len = 8192;
  in.plan.tp = 8;
  in.plan.pp = 4;
  in.plan.dp = 4;
  in.plan.virtual_stages = 2;
  in.plan.recompute = Recompute::kFull;
  in.global_batch_tokens = 8192.0 * 4 * 16;
  return in;
}

// Turning the tensor-parallel overlap off exposes all of its communication:
// twice the exposed time at the catalog's tp_overlap of 0.5, and a longer
// step by that much per micro-batch (bubble included).
TEST_F(TrainingStepTest, TensorParallelOverlapIsAPlanSetting) {
  TrainingStepInput in = Llama70BOnTp8(catalog_);
  ASSERT_DOUBLE_EQ(in.efficiency.tp_overlap, 0.5);
  EXPECT_TRUE(in.plan.tp_comm_overlap);  // the default
  const TrainingStep on = EstimateTrainingStep(in);
  in.plan.tp_comm_overlap = false;
  const TrainingStep off = EstimateTrainingStep(in);
  ASSERT_GT(on.tp_comm_exposed_s, 0);
  EXPECT_NEAR(off.tp_comm_exposed_s, 2 * on.tp_comm_exposed_s, 1e-12);
  const double bubble_micro = 3.0 / 2;  // (pp - 1) / v
  const double per_micro = on.tp_comm_exposed_s / on.micro_batches;
  EXPECT_NEAR(off.step_time_s - on.step_time_s,
              (on.micro_batches + bubble_micro) * per_micro, 1e-9);
  EXPECT_LT(off.mfu, on.mfu);
}

// The breakdown accounts for the whole step, for a pipelined dense plan and
// for a mixture-of-experts plan with expert and context parallelism.
TEST_F(TrainingStepTest, BreakdownTermsSumToTheStep) {
  TrainingStepInput dense = Llama70BOnTp8(catalog_);
  TrainingStepInput moe;
  moe.model = *catalog_.FindModel("deepseek-v3");
  moe.gpu = *catalog_.FindGpu("h100-sxm");
  moe.efficiency = *catalog_.FindEfficiency("megatron-bf16");
  moe.fabric = *catalog_.FindFabric("ib-ndr400");
  moe.seq_len = 4096;
  moe.plan.tp = 2;
  moe.plan.pp = 8;
  moe.plan.cp = 2;
  moe.plan.dp = 64;
  moe.plan.ep = 32;
  moe.plan.recompute = Recompute::kSelective;
  moe.plan.precision = Precision::kFp8;
  moe.global_batch_tokens = 4096.0 * 64 * 16;
  moe.gpu.hbm_bytes = 1e12;  // the sum is the point, not the fit
  for (const TrainingStepInput& in : {dense, moe}) {
    const TrainingStep s = EstimateTrainingStep(in);
    const double compute =
        s.gemm_s + s.attention_s + s.elementwise_s + s.recompute_s;
    EXPECT_NEAR(s.compute_s, compute, 1e-9 * s.step_time_s);
    const double sum = compute + s.optimizer_s + s.framework_s +
                       s.tp_comm_exposed_s + s.cp_comm_exposed_s +
                       s.ep_comm_exposed_s + s.pp_comm_exposed_s +
                       s.dp_comm_exposed_s + s.bubble_s;
    EXPECT_NEAR(sum, s.step_time_s, 1e-9 * s.step_time_s) << in.model.name;
    EXPECT_GT(s.gemm_s, 0);
    EXPECT_GT(s.attention_s, 0);
    EXPECT_GT(s.elementwise_s, 0);
    EXPECT_GT(s.recompute_s, 0);
    EXPECT_GT(s.optimizer_s, 0);
    EXPECT_GT(s.framework_s, 0);
    EXPECT_GT(s.bubble_s, 0);
  }
  EXPECT_GT(EstimateTrainingStep(moe).ep_comm_exposed_s, 0);
  EXPECT_GT(EstimateTrainingStep(moe).cp_comm_exposed_s, 0);
}

// The optimizer step streams 30 bytes per parameter the GPU updates: with
// ZeRO-1 over dp ranks, its shard.
TEST_F(TrainingStepTest, OptimizerStepByHand) {
  TrainingStepInput in;
  in.model = *catalog_.FindModel("llama3-8b");
  in.gpu = *catalog_.FindGpu("h100-sxm");
  in.efficiency = *catalog_.FindEfficiency("megatron-bf16");
  in.fabric = *catalog_.FindFabric("ib-ndr400");
  in.seq_len = 8192;
  in.plan.dp = 8;
  in.plan.zero_stage = 1;
  in.plan.recompute = Recompute::kFull;
  in.global_batch_tokens = 8192.0 * 8;
  const TrainingStep s = EstimateTrainingStep(in);
  const double params = CountTransformer(in.model, 8192).params;
  EXPECT_NEAR(s.optimizer_s,
              params / 8 * 30 / (in.gpu.hbm_bandwidth_bytes_per_s * 0.7),
              1e-12);
  EXPECT_DOUBLE_EQ(s.framework_s, 1e-3);  // one micro-batch
}

// Layers over pp x v chunks as evenly as they go, chunk c on stage c mod pp:
// the slowest stage holds v x floor(L / (pp v)) + ceil((L mod pp v) / pp).
TEST(SlowestStageLayersTest, ByHand) {
  EXPECT_EQ(SlowestStageLayers(80, 8, 1), 10);   // even
  EXPECT_EQ(SlowestStageLayers(126, 16, 1), 8);  // 14 stages of 8, 2 of 7
  EXPECT_EQ(SlowestStageLayers(126, 16, 8), 8);  // 126 chunks of 1 in 128
  EXPECT_EQ(SlowestStageLayers(61, 9, 7), 7);    // 61 chunks of 1 in 63
  EXPECT_EQ(SlowestStageLayers(61, 12, 5), 6);   // one chunk of 2
  EXPECT_EQ(SlowestStageLayers(100, 3, 2), 34);  // chunks 17,17,17,17,16,16
}

// An uneven split is paced by its slowest stage: Llama 3 405B's 126 layers on
// pp 16 take the time of 8 layers a stage, as 128 would; and a plan with more
// chunks than layers (plus the embedding's and the head's) is refused.
TEST_F(TrainingStepTest, UnevenStagesArePacedByTheSlowest) {
  TrainingStepInput in = OnH100("llama3-405b");
  in.plan.tp = 8;
  in.plan.pp = 16;
  in.plan.dp = 8;
  in.plan.recompute = Recompute::kFull;
  in.global_batch_tokens = 8192.0 * 8 * 16;
  const TrainingStep uneven = EstimateTrainingStep(in);
  TrainingStepInput even = in;
  even.model.layers = 128;
  const TrainingStep padded = EstimateTrainingStep(even);
  // The same per-stage layer work, so the same compute per micro-batch on
  // the slowest stage (the head and attention shares aside, within 1%).
  EXPECT_NEAR(uneven.gemm_s, padded.gemm_s, 0.01 * padded.gemm_s);
  EXPECT_LT(uneven.mfu, padded.mfu);  // fewer model FLOPs in the same time
  in.plan.pp = 26;
  in.plan.virtual_stages = 5;  // 130 chunks for 126 layers
  in.plan.dp = 1;
  in.global_batch_tokens = 8192.0 * 26;
  EXPECT_THROW(CheckTrainingPlan(in), PlanError);
  EXPECT_FALSE(TryEstimateTrainingStep(in).has_value());
  std::string why;
  TryEstimateTrainingStep(in, &why);
  EXPECT_NE(why.find("130 pipeline chunks exceed the 126 layers"),
            std::string::npos)
      << why;
}

}  // namespace
}  // namespace kardashev::perf

namespace kardashev::perf {
namespace {

// DeepSeek-V3's plan on H800 (PP16, EP64 in 128 data-parallel ranks, FP8):
// the expert all-to-alls exposed, hidden behind the other micro-batch, or
// under DualPipe, which also halves the bubble and holds two weight copies.
TEST(MoeOverlapTest, TwoBatchAndDualPipeHideTheAllToAlls) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  TrainingStepInput in;
  in.model = *catalog.FindModel("deepseek-v3");
  in.gpu = *catalog.FindGpu("h800");
  in.gpu.hbm_bytes *= 4;  // the memory model is not the question here
  in.fabric = *catalog.FindFabric("ib-ndr400");
  in.efficiency = *catalog.FindEfficiency("megatron-bf16");
  in.seq_len = 4096;
  in.global_batch_tokens = 15360.0 * 4096;
  in.plan.pp = 16;
  in.plan.dp = 128;
  in.plan.ep = 64;
  in.plan.precision = Precision::kFp8;
  const TrainingStep none = EstimateTrainingStep(in);
  in.plan.moe_overlap = MoeOverlap::kTwoBatch;
  const TrainingStep two = EstimateTrainingStep(in);
  in.plan.moe_overlap = MoeOverlap::kDualPipe;
  const TrainingStep dual = EstimateTrainingStep(in);
  EXPECT_GT(none.ep_comm_exposed_s, 0);
  EXPECT_LT(two.ep_comm_exposed_s, none.ep_comm_exposed_s);
  EXPECT_LT(two.step_time_s, none.step_time_s);
  // DualPipe: pp / 2 - 1 = 7 micro-batches of bubble against 15, no exposed
  // pipeline sends, and twice the weights.
  EXPECT_NEAR(dual.bubble_fraction, 7.0 / (dual.micro_batches + 7), 1e-12);
  EXPECT_NEAR(none.bubble_fraction, 15.0 / (none.micro_batches + 15), 1e-12);
  EXPECT_EQ(dual.pp_comm_exposed_s, 0);
  EXPECT_NEAR(dual.memory.weights_bytes, 2 * two.memory.weights_bytes, 1);
  EXPECT_LT(dual.step_time_s, two.step_time_s);
  // DualPipe needs an even pp and no interleaving.
  in.plan.pp = 15;
  in.plan.dp = 128;
  std::string why;
  in.global_batch_tokens = 15360.0 * 4096;
  EXPECT_FALSE(TryEstimateTrainingStep(in, &why).has_value());
  EXPECT_NE(why.find("DualPipe"), std::string::npos) << why;
}

}  // namespace
}  // namespace kardashev::perf
