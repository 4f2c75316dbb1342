// The time of one training step of a transformer on a parallel plan, with its
// breakdown, and the memory each GPU needs. A pure function: plain inputs,
// plain result, no state.
//
// Plan: tensor (tp, inside the scale-up domain), pipeline (pp, with
// `virtual_stages` interleaving), data (dp, with ZeRO stage 0-3), context (cp)
// and expert (ep, inside dp) parallelism; GPUs = tp * pp * cp * dp. A step runs
// m = global_batch / (dp * micro_batch) micro-batches through the pipeline:
//   step = (m + (pp - 1) / v) * t_micro + exposed data-parallel communication
//          + optimizer step
// where t_micro is one micro-batch's forward and backward on the slowest
// stage (SlowestStageLayers: an uneven split is paced by the stage with the
// most layers; the LM head's GEMM is spread over the stages, as when the first
// and last stages hold a layer fewer for the embedding and the head):
// compute (each GEMM class of a layer at the share of peak its per-GPU shape
// reaches, perf/gemm_efficiency.h; attention in BF16 at a flash-attention
// share; small ops and FP8 casts at HBM bandwidth), a fixed launch overhead,
// plus the exposed part of tensor-, context-, expert- and pipeline-parallel
// communication. The optimizer streams the parameters a GPU updates (its ZeRO
// shard) through HBM once. The bubble is (pp - 1) / (m * v + pp -
// 1) of the pipelined time (Narayanan et al., SC'21).
//
// Memory (Korthikanti et al., MLSys'23, with flash attention, so no s^2 term):
// weights in BF16, FP32 gradients and Adam state (master weights, two moments)
// sharded by ZeRO stage; activations of 34*s*b*h bytes per layer
// (sequence-parallel, divided by tp and cp), 2*s*b*h with full recomputation,
// held for pp micro-batches in flight on the first stage.
//
// MFU counts model FLOPs (forward and backward, no recomputation); HFU adds
// recomputation.
#ifndef KARDASHEV_PERF_TRAINING_STEP_H_
#define KARDASHEV_PERF_TRAINING_STEP_H_

#include <optional>
#include <stdexcept>
#include <string>

#include "kardashev/catalog/catalog.h"

namespace kardashev::perf {

// FP4 (Blackwell's NVFP4) is an inference precision: training refuses it.
enum class Precision { kBf16, kFp8, kFp4 };
enum class Recompute { kNone, kSelective, kFull };

// How a plan's expert-parallel all-to-alls meet its compute, a property of the
// schedule the plan runs:
//   kNone      one micro-batch at a time: the all-to-alls are exposed, less the
//              stack's ep_overlap share (0 for Megatron-style stacks);
//   kTwoBatch  two micro-batches interleave, so one's all-to-alls run under
//              the other's compute: exposed only where they outlast it. The
//              communication kernels hold some of the SMs, so compute under
//              them runs on the rest (kCommSms). No extra memory.
//   kDualPipe  DeepSeek-V3's DualPipe (arXiv 2412.19437, sec. 3.2.1): as
//              kTwoBatch for the all-to-alls and the pipeline sends, with
//              micro-batches fed from both ends of the pipeline, so the bubble
//              is pp/2 - 1 micro-batches rather than pp - 1 (its Table 2); it
//              holds two copies of the weights and pp + 1 micro-batches of
//              activations. REQUIRES an even pp.
enum class MoeOverlap { kNone, kTwoBatch, kDualPipe };

struct ParallelPlan {
  int tp = 1;
  int pp = 1;
  int dp = 1;
  int cp = 1;
  int ep = 1;
  int virtual_stages = 1;
  int micro_batch_sequences = 1;
  int zero_stage = 1;
  Recompute recompute = Recompute::kNone;
  Precision precision = Precision::kBf16;
  // Tensor-parallel collectives overlap the GEMMs (userbuffers / async TP):
  // the stack's `tp_overlap` share of them is hidden. Off: all exposed.
  bool tp_comm_overlap = true;
  MoeOverlap moe_overlap = MoeOverlap::kNone;
};

// Achievable fractions of peak and communication overlaps: catalog data
// (data/catalog/efficiency.toml), where each number is calibrated or named an
// assumption.
using Efficiency = catalog::EfficiencySpec;

struct TrainingStepInput {
  catalog::ModelSpec model;
  catalog::GpuSpec gpu;
  catalog::FabricSpec fabric;
  int seq_len = 0;
  double global_batch_tokens = 0;
  ParallelPlan plan;
  Efficiency efficiency;  // REQUIRES: from the catalog (every factor positive)
};

struct MemoryPerGpu {
  double weights_bytes = 0;
  double gradients_bytes = 0;
  double optimizer_bytes = 0;
  double activations_bytes = 0;
  double total_bytes = 0;
  double capacity_bytes = 0;  // usable HBM

  // The state this GPU holds that a checkpoint saves and a restart loads:
  // its weights and its optimizer state (FP32 master weights and Adam
  // moments), as sharded by the plan and ZeRO. Gradients and activations are
  // rebuilt by the next step. A checkpoint of the GPU's own state takes at
  // least these bytes over its copy bandwidth.
  double checkpoint_bytes() const { return weights_bytes + optimizer_bytes; }
};

struct TrainingStep {
  int gpus = 0;
  int micro_batches = 0;
  // step_time_s = compute_s + optimizer_s + framework_s + the exposed
  // communication (tp, cp, ep, pp, dp) + bubble_s.
  double step_time_s = 0;
  double compute_s = 0;  // all micro-batches, no bubble: the four below
  double gemm_s = 0;     // matrix multiplies, forward and backward
  double attention_s = 0;
  double elementwise_s = 0;  // norms, activations, residuals, FP8 casts
  double recompute_s = 0;    // the recomputed forward pass
  double optimizer_s = 0;    // the optimizer step, once per step
  double framework_s = 0;    // launch and sync overhead of the micro-batches
  double tp_comm_exposed_s = 0;
  double cp_comm_exposed_s = 0;
  double ep_comm_exposed_s = 0;
  double pp_comm_exposed_s = 0;
  double dp_comm_exposed_s = 0;
  double bubble_s = 0;
  double bubble_fraction = 0;
  double tokens_per_step = 0;
  double tokens_per_s = 0;
  double model_flops_per_token = 0;  // forward + backward
  double mfu = 0;
  double hfu = 0;
  double tflops_per_gpu = 0;  // model FLOP/s per GPU, in TFLOP/s
  MemoryPerGpu memory;
};

// A plan that cannot run: inconsistent sizes, or more memory than the GPU has
// (the message says by how much).
class PlanError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Layers held by the slowest of `pp` pipeline stages when `layers` are spread
// as evenly as they go over pp x virtual_stages chunks, chunk c on stage c mod
// pp (Megatron's interleaved order): the stage that sets the pace of every
// micro-batch. layers / pp when the split is even. REQUIRES: pp >= 1,
// virtual_stages >= 1, layers >= 0.
int SlowestStageLayers(int layers, int pp, int virtual_stages);

// The step, or nothing when the plan cannot run; `why` (when not null) gets the
// reason. Formats no string unless `why` is not null and the plan fails, so a
// plan search can call it at a high rate.
std::optional<TrainingStep> TryEstimateTrainingStep(
    const TrainingStepInput& input, std::string* why = nullptr);

// Whether the plan can run (consistent sizes, fits in memory), without
// estimating its time; throws PlanError with the reason when it cannot. A
// scenario is checked with it when it is read; prepare/ estimates the step.
void CheckTrainingPlan(const TrainingStepInput& input);

// The step; throws PlanError with the reason when the plan cannot run.
TrainingStep EstimateTrainingStep(const TrainingStepInput& input);

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_TRAINING_STEP_H_
