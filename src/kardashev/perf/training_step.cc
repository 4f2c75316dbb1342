#include "kardashev/perf/training_step.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kardashev/perf/attention.h"
#include "kardashev/perf/collectives.h"
#include "kardashev/perf/gemm_efficiency.h"
#include "kardashev/perf/training_plan_check.h"
#include "kardashev/perf/transformer.h"

namespace kardashev::perf {

using internal::Checker;
using internal::CheckPlan;
using internal::MicroBatches;

namespace {

constexpr double kBf16Bytes = 2;
constexpr double kFp32Bytes = 4;
// Adam in mixed precision: FP32 master weights and two FP32 moments.
constexpr double kOptimizerBytesPerParam = 12;
// Activations per layer per token, in units of hidden_size bytes, with sequence
// parallelism and flash attention (Korthikanti et al., "Reducing Activation
// Recomputation in Large Transformer Models", MLSys 2023, eq. 2 without the
// attention-score term).
constexpr double kActivationBytesPerHidden = 34;
constexpr double kFullRecomputeBytesPerHidden = 2;
// SMs an overlapped all-to-all's kernels hold while compute runs on the rest:
// DeepSeek-V3 dedicates 20 of an H800's 132 SMs to its communication
// (arXiv 2412.19437, sec. 3.2.2; figures.csv KS01). Taken for every GPU.
constexpr double kCommSms = 20;

// What one micro-batch on one pipeline stage holds.
struct StageShape {
  TransformerCounts counts;
  double h = 0;             // hidden size
  double layers_stage = 0;  // layers of the slowest pipeline stage
  double layer_share = 0;   // of the model's layers
  double tokens_mb = 0;     // tokens of a micro-batch on one cp rank
};

// Compute of one micro-batch on one stage, by class (forward, backward and
// recomputation together).
struct MicroBatchCompute {
  double gemm_s = 0;
  double attention_s = 0;
  double elementwise_s = 0;
  double recompute_s = 0;
  double recompute_flops = 0;  // FLOPs recomputed, on one GPU
  int sms = 0;  // of the GEMM set that priced it; 0 when no set covers the GPU
  double total_s() const {
    return gemm_s + attention_s + elementwise_s + recompute_s;
  }
};

// Forward GEMM seconds of one micro-batch on one GPU: one dense layer, one
// mixture-of-experts layer, and the LM head (whole, not yet spread over the
// stages). Shapes are per GPU after the tensor- and expert-parallel split.
struct LayerGemmS {
  double dense_layer = 0;
  double moe_layer = 0;
  double lm_head = 0;
};

LayerGemmS GemmsOfMicroBatch(const TrainingStepInput& in, double tokens,
                             const GemmDevice& dev) {
  const auto& m = in.model;
  const auto& p = in.plan;
  const double tp = p.tp;
  const double h = m.hidden_size;
  const double q = static_cast<double>(m.heads) * m.head_dim;
  const double kv = static_cast<double>(m.kv_heads) * m.head_dim;
  const double up_mats = m.gated_mlp ? 2.0 : 1.0;  // gate and up, fused
  LayerGemmS r;
  const double attention_s = GemmTimeS({tokens, (q + 2 * kv) / tp, h}, dev) +
                             GemmTimeS({tokens, h, q / tp}, dev);
  const double ffn = m.ffn_hidden_size;
  r.dense_layer = attention_s +
                  GemmTimeS({tokens, up_mats * ffn / tp, h}, dev) +
                  GemmTimeS({tokens, h, ffn / tp}, dev);
  if (m.experts > 0) {
    const double e_ffn = m.moe_ffn_hidden_size;
    // Each of the experts / ep experts a GPU holds gets the routed tokens of
    // ep ranks, tokens * ep * top-k / experts; they run as grouped GEMMs.
    const double expert_tokens =
        tokens * p.ep * m.experts_per_token / m.experts;
    const double local_experts = static_cast<double>(m.experts) / p.ep;
    const double shared = m.shared_experts;
    r.moe_layer =
        attention_s + GemmTimeS({tokens, m.experts / tp, h}, dev) +
        GemmTimeS({expert_tokens, up_mats * e_ffn / tp, h, local_experts},
                  dev) +
        GemmTimeS({expert_tokens, h, e_ffn / tp, local_experts}, dev) +
        GemmTimeS({tokens, shared * up_mats * e_ffn / tp, h}, dev) +
        GemmTimeS({tokens, h, shared * e_ffn / tp}, dev);
  }
  r.lm_head = GemmTimeS({tokens, m.vocab_size / tp, h}, dev);
  return r;
}

// The GEMM device of the plan's precision on the input's GPU.
GemmDevice GemmDeviceOf(const TrainingStepInput& in, double peak) {
  const bool fp8 = in.plan.precision == Precision::kFp8;
  GemmDevice d;
  d.set = FindGemmSet(in.efficiency, in.gpu.name, fp8 ? "fp8" : "bf16");
  d.flat_share = in.efficiency.gemm;
  d.peak_flops = peak;
  d.hbm_bandwidth_bytes_per_s = in.gpu.hbm_bandwidth_bytes_per_s;
  d.bytes_per_element = fp8 ? 1 : 2;
  return d;
}

MicroBatchCompute ComputeOfMicroBatch(const TrainingStepInput& in,
                                      const StageShape& shape, double peak) {
  const auto& m = in.model;
  const auto& p = in.plan;
  const auto& e = in.efficiency;
  const auto& counts = shape.counts;
  const double h = shape.h;
  const double layers_stage = shape.layers_stage;
  const double tokens_mb = shape.tokens_mb;
  const GemmDevice device = GemmDeviceOf(in, peak);
  const LayerGemmS gemms = GemmsOfMicroBatch(in, tokens_mb, device);
  const double moe_share =
      m.experts > 0 ? static_cast<double>(m.layers - m.dense_layers) / m.layers
                    : 0.0;
  // Forward, one stage. The LM head is spread over the stages (an
  // assumption: Llama 3 balanced its first and last stages by giving them
  // fewer layers).
  const double layer_gemm_s =
      layers_stage *
      ((1 - moe_share) * gemms.dense_layer + moe_share * gemms.moe_layer);
  const double head_s = gemms.lm_head / p.pp;
  // Attention runs in BF16 (flash attention) whatever the GEMM precision,
  // causal, over the sequence's keys, at the share the generation's kernels
  // reach at that length and head dimension (perf/attention.h).
  AttentionKernel kernel;
  kernel.set = FindGemmSet(e, in.gpu.name, "bf16");
  kernel.flat_share = e.attention;
  kernel.kernel_factor = e.attention_kernel;
  kernel.peak_flops = in.gpu.bf16_dense_flops;
  const double head_dim = AttentionHeadDim(m);
  const double attn_f =
      tokens_mb * counts.attention_flops_per_token * shape.layer_share / p.tp;
  const double attn_s =
      AttentionForwardS(kernel, attn_f, in.seq_len, head_dim, true);
  const double attn_backward_s =
      AttentionBackwardS(kernel, attn_f, in.seq_len, head_dim, true);
  double small_bytes = tokens_mb * layers_stage * e.small_op_bytes_per_hidden *
                       h * kBf16Bytes / p.tp;
  if (p.precision == Precision::kFp8) {
    // Casting each GEMM input to FP8 reads 2 bytes and writes 1 per element:
    // the inputs of QKV (h), attention output (q), MLP up (h) and MLP down
    // (ffn, or the routed experts' top-k ffn).
    const double ffn =
        m.experts > 0
            ? static_cast<double>(m.experts_per_token + m.shared_experts) *
                  m.moe_ffn_hidden_size
            : m.ffn_hidden_size;
    const double cast_elements =
        2 * h + static_cast<double>(m.heads) * m.head_dim + ffn;
    small_bytes += tokens_mb * layers_stage * 3.0 * cast_elements / p.tp;
  }
  const double small_s =
      small_bytes / (in.gpu.hbm_bandwidth_bytes_per_s * e.hbm);
  const double layer_gemm_f =
      tokens_mb * counts.gemm_flops_per_token * shape.layer_share / p.tp;
  MicroBatchCompute c;
  c.sms = device.set != nullptr ? device.set->sms : 0;
  c.gemm_s = 3 * (layer_gemm_s + head_s);
  c.attention_s = attn_s + attn_backward_s;
  c.elementwise_s = 3 * small_s;
  // Recomputation repeats the layers' forward pass (all of it, or only
  // attention), not the LM head.
  if (p.recompute == Recompute::kFull) {
    c.recompute_s = layer_gemm_s + attn_s + small_s;
    c.recompute_flops = layer_gemm_f + attn_f;
  } else if (p.recompute == Recompute::kSelective) {
    c.recompute_s = attn_s;
    c.recompute_flops = attn_f;
  }
  return c;
}

// Exposed communication of one micro-batch on one stage, by kind.
struct MicroBatchComm {
  double tp_s = 0;
  double cp_s = 0;
  double ep_s = 0;
  double pp_s = 0;
};

MicroBatchComm CommOfMicroBatch(const TrainingStepInput& in,
                                const StageShape& shape, double compute_s,
                                int sms_of_gpu) {
  const auto& m = in.model;
  const auto& p = in.plan;
  const auto& e = in.efficiency;
  const double h = shape.h;
  const double layers_stage = shape.layers_stage;
  const double tokens_mb = shape.tokens_mb;
  // Communication of one micro-batch on one stage.
  const Link nvlink{in.gpu.scale_up_bandwidth_bytes_per_s * e.scale_up,
                    e.scale_up_latency_s};
  const Link fabric{in.fabric.bandwidth_bytes_per_s_per_gpu * e.scale_out,
                    in.fabric.latency_s};
  const int node_gpus = in.gpu.scale_up_domain_gpus;
  const double activation_bytes = tokens_mb * h * kBf16Bytes;
  // Sequence-parallel tensor parallelism: per layer, an all-gather and a
  // reduce-scatter around attention and around the MLP, forward and backward
  // (and again when recomputing).
  const double tp_ops = (p.recompute == Recompute::kFull ? 12.0 : 8.0) / 2.0;
  const double tp_s = layers_stage * tp_ops *
                      (AllGatherS(activation_bytes, p.tp, nvlink) +
                       ReduceScatterS(activation_bytes, p.tp, nvlink));
  const Link& cp_link = p.tp * p.cp <= node_gpus ? nvlink : fabric;
  const double kv_bytes = tokens_mb * 2.0 * m.kv_heads * m.head_dim *
                          kBf16Bytes / std::min(p.tp, m.kv_heads);
  const double cp_s =
      layers_stage * 2.0 * AllGatherS(kv_bytes * p.cp, p.cp, cp_link);
  double ep_s = 0;
  if (p.ep > 1) {
    const double moe_share =
        static_cast<double>(m.layers - m.dense_layers) / m.layers;
    const Link& ep_link = p.tp * p.ep <= node_gpus ? nvlink : fabric;
    const double routed = activation_bytes * m.experts_per_token / p.tp;
    ep_s = layers_stage * moe_share * 4.0 * AllToAllS(routed, p.ep, ep_link);
  }
  const Link& pp_link = p.tp * p.pp <= node_gpus ? nvlink : fabric;
  const double pp_s = p.pp > 1
                          ? 2.0 * p.virtual_stages *
                                PointToPointS(activation_bytes / p.tp, pp_link)
                          : 0;
  const double tp_exposed = tp_s * (p.tp_comm_overlap ? 1 - e.tp_overlap : 1.0);
  const double cp_exposed = cp_s * (1 - e.cp_overlap);
  MicroBatchComm c{tp_exposed, cp_exposed, ep_s * (1 - e.ep_overlap),
                   pp_s * (1 - e.pp_overlap)};
  if (p.moe_overlap != MoeOverlap::kNone) {
    // The other micro-batch's compute hides the all-to-alls (and, under
    // DualPipe, the pipeline sends) up to its own length; the SMs the
    // communication kernels hold slow that compute while it runs.
    const double hidden_by = compute_s;
    const double comm =
        ep_s + (p.moe_overlap == MoeOverlap::kDualPipe ? pp_s : 0.0);
    const double overlapped = std::min(comm, hidden_by);
    // ASSUMPTION: a GPU no GEMM set covers has no known SM count; its
    // communication kernels are taken to hold a quarter of its SMs.
    const double sms = sms_of_gpu > 0 ? sms_of_gpu : kCommSms * 4.0;
    c.ep_s = comm - overlapped + overlapped * kCommSms / (sms - kCommSms);
    if (p.moe_overlap == MoeOverlap::kDualPipe) c.pp_s = 0;
  }
  return c;
}

// Exposed data-parallel gradient and parameter exchange of one step.
double DataParallelExposedS(const TrainingStepInput& in, double params_local) {
  const auto& p = in.plan;
  const auto& e = in.efficiency;
  const Link nvlink{in.gpu.scale_up_bandwidth_bytes_per_s * e.scale_up,
                    e.scale_up_latency_s};
  const Link fabric{in.fabric.bandwidth_bytes_per_s_per_gpu * e.scale_out,
                    in.fabric.latency_s};
  const int node_gpus = in.gpu.scale_up_domain_gpus;
  const int dp_group = p.dp * p.cp;
  // Data-parallel ranks are the outermost dimension: the group stays inside
  // one scale-up domain only when the whole job does.
  const Link& dp_link = p.tp * p.pp * p.cp * p.dp > node_gpus ? fabric : nvlink;
  double dp_s = 0;
  if (p.zero_stage == 0) {
    dp_s = RingAllReduceS(params_local * kFp32Bytes, dp_group, dp_link);
  } else {
    dp_s = ReduceScatterS(params_local * kFp32Bytes, dp_group, dp_link) +
           AllGatherS(params_local * kBf16Bytes, dp_group, dp_link);
    if (p.zero_stage == 3)
      dp_s += 2 * AllGatherS(params_local * kBf16Bytes, dp_group, dp_link);
  }
  const double dp_exposed = dp_s * (1 - e.dp_overlap);

  return dp_exposed;
}

// Memory per GPU; check fails when it does not fit.
MemoryPerGpu MemoryOfPlan(const TrainingStepInput& in, const StageShape& shape,
                          double params_local, int micro, Checker& check,
                          bool& fits) {
  const auto& p = in.plan;
  const auto& e = in.efficiency;
  const int dp_group = p.dp * p.cp;
  MemoryPerGpu mem;
  const double h = shape.h;
  const double layers_stage = shape.layers_stage;
  const double tokens_mb = shape.tokens_mb;
  const int shards = dp_group;
  // DualPipe holds a second copy of its stage's weights (the pipeline's two
  // directions).
  const double weight_copies = p.moe_overlap == MoeOverlap::kDualPipe ? 2 : 1;
  mem.weights_bytes = weight_copies * params_local * kBf16Bytes /
                      (p.zero_stage >= 3 ? shards : 1);
  mem.gradients_bytes =
      params_local * kFp32Bytes / (p.zero_stage >= 2 ? shards : 1);
  mem.optimizer_bytes =
      params_local * kOptimizerBytesPerParam / (p.zero_stage >= 1 ? shards : 1);
  const double per_layer_hidden = p.recompute == Recompute::kFull
                                      ? kFullRecomputeBytesPerHidden
                                      : kActivationBytesPerHidden;
  const double in_flight = p.moe_overlap == MoeOverlap::kDualPipe
                               ? std::min(micro, p.pp + 1)
                               : std::min(micro, p.pp);
  mem.activations_bytes =
      tokens_mb * h * per_layer_hidden / p.tp * layers_stage * in_flight;
  mem.total_bytes = mem.weights_bytes + mem.gradients_bytes +
                    mem.optimizer_bytes + mem.activations_bytes;
  mem.capacity_bytes = in.gpu.hbm_bytes * e.usable_hbm;
  fits = check.Require(mem.total_bytes <= mem.capacity_bytes, [&] {
    return fmt::format(
        "the plan needs {:.1f} GB per GPU but a {} has {:.1f} GB usable: "
        "{:.1f} GB too much "
        "(weights {:.1f}, gradients {:.1f}, optimizer {:.1f}, activations "
        "{:.1f} GB)",
        mem.total_bytes * 1e-9, in.gpu.name, mem.capacity_bytes * 1e-9,
        (mem.total_bytes - mem.capacity_bytes) * 1e-9, mem.weights_bytes * 1e-9,
        mem.gradients_bytes * 1e-9, mem.optimizer_bytes * 1e-9,
        mem.activations_bytes * 1e-9);
  });
  return mem;
}

}  // namespace

int SlowestStageLayers(int layers, int pp, int virtual_stages) {
  const int chunks = pp * virtual_stages;
  const int per_chunk = layers / chunks;
  const int longer_chunks = layers % chunks;  // hold per_chunk + 1 layers
  return virtual_stages * per_chunk + (longer_chunks + pp - 1) / pp;
}

namespace {

// What the time and the memory of a plan both start from.
struct PlanBasis {
  double peak_flops = 0;  // of the plan's precision; 0: the plan cannot run
  int micro = 0;          // micro-batches per step
  StageShape shape;
  double params_local = 0;  // parameters held per GPU before ZeRO sharding
};

PlanBasis BasisOf(const TrainingStepInput& in, Checker& check) {
  const auto& m = in.model;
  const auto& p = in.plan;
  PlanBasis b;
  const double peak = CheckPlan(in, check);
  if (peak <= 0) return b;
  b.micro = MicroBatches(in, check);
  if (b.micro <= 0) return b;
  b.peak_flops = peak;
  StageShape& shape = b.shape;
  shape.counts = CountTransformer(m, in.seq_len);
  shape.h = m.hidden_size;
  shape.layers_stage = SlowestStageLayers(m.layers, p.pp, p.virtual_stages);
  shape.layer_share = shape.layers_stage / m.layers;
  shape.tokens_mb =
      static_cast<double>(p.micro_batch_sequences) * in.seq_len / p.cp;
  // Parameters held per GPU: experts are sharded over ep as well.
  const double expert_params = RoutedExpertParams(m);
  b.params_local = (shape.counts.params - expert_params) / (p.tp * p.pp) +
                   expert_params / (static_cast<double>(p.tp) * p.pp * p.ep);
  return b;
}

}  // namespace

void CheckTrainingPlan(const TrainingStepInput& in) {
  std::string why;
  Checker check(&why);
  const PlanBasis b = BasisOf(in, check);
  if (b.peak_flops <= 0) throw PlanError(why);
  bool fits = false;
  MemoryOfPlan(in, b.shape, b.params_local, b.micro, check, fits);
  if (!fits) throw PlanError(why);
}

std::optional<TrainingStep> TryEstimateTrainingStep(const TrainingStepInput& in,
                                                    std::string* why) {
  const auto& p = in.plan;
  Checker check(why);
  const PlanBasis basis = BasisOf(in, check);
  if (basis.peak_flops <= 0) return std::nullopt;
  const double peak = basis.peak_flops;
  const int micro = basis.micro;
  const StageShape& shape = basis.shape;
  const auto& counts = shape.counts;
  const MicroBatchCompute compute = ComputeOfMicroBatch(in, shape, peak);
  const MicroBatchComm comm =
      CommOfMicroBatch(in, shape, compute.total_s(), compute.sms);
  const double overhead_mb = in.efficiency.micro_batch_overhead_s;
  const double t_micro = compute.total_s() + overhead_mb + comm.tp_s +
                         comm.cp_s + comm.ep_s + comm.pp_s;

  const double params_local = basis.params_local;
  const double dp_exposed = DataParallelExposedS(in, params_local);
  // The optimizer step updates the parameters this GPU owns (all it holds, or
  // its ZeRO shard), streaming their state through HBM once.
  const double params_updated =
      params_local / (p.zero_stage >= 1 ? p.dp * p.cp : 1);
  const double optimizer_s =
      params_updated * in.efficiency.optimizer_bytes_per_param /
      (in.gpu.hbm_bandwidth_bytes_per_s * in.efficiency.hbm);

  TrainingStep r;
  r.gpus = p.tp * p.pp * p.dp * p.cp;
  r.micro_batches = micro;
  // DualPipe feeds the pipeline from both ends: pp / 2 - 1 micro-batches of
  // bubble (DeepSeek-V3 report, Table 2).
  const double bubble_micro =
      p.moe_overlap == MoeOverlap::kDualPipe
          ? std::max(0.0, p.pp / 2.0 - 1.0)
          : static_cast<double>(p.pp - 1) / p.virtual_stages;
  r.gemm_s = micro * compute.gemm_s;
  r.attention_s = micro * compute.attention_s;
  r.elementwise_s = micro * compute.elementwise_s;
  r.recompute_s = micro * compute.recompute_s;
  r.compute_s = micro * compute.total_s();
  r.optimizer_s = optimizer_s;
  r.framework_s = micro * overhead_mb;
  r.tp_comm_exposed_s = micro * comm.tp_s;
  r.cp_comm_exposed_s = micro * comm.cp_s;
  r.ep_comm_exposed_s = micro * comm.ep_s;
  r.pp_comm_exposed_s = micro * comm.pp_s;
  r.dp_comm_exposed_s = dp_exposed;
  r.bubble_s = bubble_micro * t_micro;
  r.bubble_fraction = bubble_micro / (micro + bubble_micro);
  r.step_time_s = (micro + bubble_micro) * t_micro + dp_exposed + optimizer_s;
  r.tokens_per_step =
      static_cast<double>(micro) * p.dp * p.micro_batch_sequences * in.seq_len;
  r.tokens_per_s = r.tokens_per_step / r.step_time_s;
  r.model_flops_per_token = 3 * counts.forward_flops_per_token();
  const double capacity_flops = r.step_time_s * r.gpus * peak;
  r.mfu = r.tokens_per_step * r.model_flops_per_token / capacity_flops;
  const double recompute_total =
      compute.recompute_flops * p.tp * p.pp * p.cp * micro * p.dp;
  r.hfu = (r.tokens_per_step * r.model_flops_per_token + recompute_total) /
          capacity_flops;
  r.tflops_per_gpu = r.tokens_per_s * r.model_flops_per_token / r.gpus * 1e-12;

  bool fits = false;
  r.memory = MemoryOfPlan(in, shape, params_local, micro, check, fits);
  if (!fits) return std::nullopt;
  return r;
}

TrainingStep EstimateTrainingStep(const TrainingStepInput& in) {
  std::string why;
  std::optional<TrainingStep> step = TryEstimateTrainingStep(in, &why);
  if (!step) throw PlanError(why);
  return *step;
}

}  // namespace kardashev::perf
