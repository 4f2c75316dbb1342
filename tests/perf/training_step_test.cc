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
    EXPECT_NEAR(c.params, m.published_params, 0.01 * m.published_params)
        << m.name;
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
  const double layers =
      4096 * (c.gemm_flops_per_token / (peak * in.efficiency.gemm) +
              c.attention_flops_per_token / (peak * in.efficiency.attention));
  const double head =
      4096 * c.lm_head_flops_per_token / (peak * in.efficiency.gemm);
  // Forward, backward (twice the forward) and the recomputed forward of the
  // layers.
  EXPECT_NEAR(s.step_time_s, 3 * (layers + head) + layers, 1e-12);
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

// A made-up generation small enough to compute by hand: 4 SMs, 128 x 128
// tiles, ridge point 1e15 / 1e12 = 1,000 FLOP/byte, BF16 operands.
class GemmEfficiencyTest : public ::testing::Test {
 protected:
  GemmEfficiencyTest() {
    set_.peak_share = 0.8;
    set_.half_intensity = 1.0;
    set_.sms = 4;
    set_.tile_m = 128;
    set_.tile_n = 128;
    device_.set = &set_;
    device_.peak_flops = 1e15;
    device_.hbm_bandwidth_bytes_per_s = 1e12;
    device_.bytes_per_element = 2;
  }
  catalog::GemmEfficiencySpec set_;
  GemmDevice device_;
};

TEST_F(GemmEfficiencyTest, HandComputedShares) {
  // 4096^3: intensity 2 x 4096^3 / (2 x 3 x 4096^2) = 4096 / 3 FLOP/byte,
  // x = 4.096 / 3; 1,024 tiles fill 256 whole waves.
  EXPECT_NEAR(GemmEfficiency({4096, 4096, 4096}, device_),
              0.8 * 4096.0 / (4096 + 3000), 1e-12);
  // 128 x 128 x 4096: intensity 67,108,864 / 1,064,960 FLOP/byte, and one
  // tile keeps one SM of four busy.
  const double x = 67108864.0 / 1064960 / 1000;
  EXPECT_NEAR(GemmEfficiency({128, 128, 4096}, device_),
              0.8 * x / (x + 1) * 0.25, 1e-12);
  // 640 x 128: five tiles on four SMs take two waves, 5 of 8 slots busy.
  const double x5 = 2.0 * 640 * 128 * 4096 /
                    (2.0 * (640.0 * 4096 + 4096.0 * 128 + 640.0 * 128)) / 1000;
  EXPECT_NEAR(GemmEfficiency({640, 128, 4096}, device_),
              0.8 * x5 / (x5 + 1) * 5 / 8, 1e-12);
  // Five such GEMMs grouped in one kernel: the intensity of one, five tiles
  // sharing two waves.
  EXPECT_NEAR(GemmEfficiency({128, 128, 4096, 5}, device_),
              0.8 * x / (x + 1) * 5 / 8, 1e-12);
  // The time is the FLOPs at that share of peak.
  EXPECT_NEAR(GemmTimeS({4096, 4096, 4096}, device_),
              2.0 * 4096 * 4096 * 4096 / (1e15 * 0.8 * 4096 / 7096), 1e-15);
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
