#include "kardashev/perf/training_step.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kardashev/perf/collectives.h"
#include "kardashev/perf/transformer.h"

namespace kardashev::perf {

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

// Holds the first reason a plan cannot run. The message is formatted only when
// the check fails and the caller asked for a reason (`why` not null), so a
// plan search pays for no string work.
class Checker {
 public:
  explicit Checker(std::string* why) : why_(why) {}

  // Returns `ok`; on failure records message() (a callable returning a
  // string) when a reason was asked for.
  template <typename Message>
  bool Require(bool ok, Message&& message) {
    if (!ok && why_ != nullptr) *why_ = message();
    return ok;
  }

 private:
  std::string* why_;
};

// Checks the plan against the model and the GPU; returns the peak FLOP/s of
// its precision, or 0 when the plan is inconsistent.
double CheckPlan(const TrainingStepInput& in, Checker& check) {
  const auto& m = in.model;
  const auto& p = in.plan;
  const auto& e = in.efficiency;
  const bool ok =
      check.Require(
          p.tp >= 1 && p.pp >= 1 && p.dp >= 1 && p.cp >= 1 && p.ep >= 1 &&
              p.virtual_stages >= 1 && p.micro_batch_sequences >= 1,
          [] {
            return std::string("every parallel degree must be at least 1");
          }) &&
      check.Require(e.gemm > 0 && e.attention > 0 && e.hbm > 0 &&
                        e.scale_up > 0 && e.scale_out > 0 && e.usable_hbm > 0,
                    [] {
                      return std::string(
                          "the efficiency factors are missing (take them from "
                          "the catalog)");
                    }) &&
      check.Require(
          p.zero_stage >= 0 && p.zero_stage <= 3,
          [] { return std::string("zero_stage must be 0, 1, 2 or 3"); }) &&
      check.Require(in.seq_len >= 1,
                    [] { return std::string("seq_len must be at least 1"); }) &&
      check.Require(p.tp <= in.gpu.scale_up_domain_gpus,
                    [&] {
                      return fmt::format(
                          "tp = {} exceeds the {} GPUs of a {} scale-up domain",
                          p.tp, in.gpu.scale_up_domain_gpus, in.gpu.name);
                    }) &&
      check.Require(m.heads % p.tp == 0,
                    [&] {
                      return fmt::format(
                          "tp = {} does not divide the {} attention heads of "
                          "{}",
                          p.tp, m.heads, m.name);
                    }) &&
      check.Require(p.pp <= m.layers,
                    [&] {
                      return fmt::format("pp = {} exceeds the {} layers of {}",
                                         p.pp, m.layers, m.name);
                    }) &&
      check.Require(in.seq_len % p.cp == 0,
                    [&] {
                      return fmt::format(
                          "cp = {} does not divide the sequence length {}",
                          p.cp, in.seq_len);
                    }) &&
      check.Require(p.dp % p.ep == 0,
                    [&] {
                      return fmt::format("ep = {} does not divide dp = {}",
                                         p.ep, p.dp);
                    }) &&
      check.Require(p.ep == 1 || (m.experts > 0 && m.experts % p.ep == 0), [&] {
        return fmt::format(
            "ep = {} needs a mixture-of-experts model whose "
            "experts it divides",
            p.ep);
      });
  if (!ok) return 0;
  const double peak = p.precision == Precision::kBf16 ? in.gpu.bf16_dense_flops
                                                      : in.gpu.fp8_dense_flops;
  if (!check.Require(peak > 0, [&] {
        return fmt::format("{} has no FP8 tensor cores", in.gpu.name);
      }))
    return 0;
  return peak;
}

// Micro-batches per step on each data-parallel rank, or 0 when the global
// batch is not a whole number of them.
int MicroBatches(const TrainingStepInput& in, Checker& check) {
  const auto& p = in.plan;
  const double sequences_per_step = in.global_batch_tokens / in.seq_len;
  const double micro_exact =
      sequences_per_step / (p.dp * p.micro_batch_sequences);
  const int micro = static_cast<int>(std::lround(micro_exact));
  const bool ok =
      check.Require(
          micro >= 1 && std::fabs(micro_exact - micro) < 1e-6 * micro_exact,
          [&] {
            return fmt::format(
                "the global batch of {} tokens is not a whole number of "
                "micro-batches of {} x {} tokens on {} data-parallel ranks "
                "({:.3f})",
                in.global_batch_tokens, p.micro_batch_sequences, in.seq_len,
                p.dp, micro_exact);
          }) &&
      check.Require(p.virtual_stages == 1 || micro % p.pp == 0, [&] {
        return fmt::format(
            "an interleaved schedule needs the {} micro-batches to be a "
            "multiple of pp = {}",
            micro, p.pp);
      });
  return ok ? micro : 0;
}

// What one micro-batch on one pipeline stage holds.
struct StageShape {
  TransformerCounts counts;
  double h = 0;             // hidden size
  double layers_stage = 0;  // layers per pipeline stage
  double layer_share = 0;   // of the model's layers
  double tokens_mb = 0;     // tokens of a micro-batch on one cp rank
};

struct MicroBatchCompute {
  double compute_s = 0;        // forward, backward and recomputation
  double recompute_flops = 0;  // FLOPs recomputed, on one GPU
};

MicroBatchCompute ComputeOfMicroBatch(const TrainingStepInput& in,
                                      const StageShape& shape, double peak) {
  const auto& p = in.plan;
  const auto& e = in.efficiency;
  const auto& counts = shape.counts;
  const double h = shape.h;
  const double layers_stage = shape.layers_stage;
  const double layer_share = shape.layer_share;
  const double tokens_mb = shape.tokens_mb;
  // Compute of one micro-batch on one stage, forward. The LM head is spread
  // over the stages (an assumption: Llama 3 balanced its first and last stages
  // by giving them fewer layers).
  const double layer_gemm_f =
      tokens_mb * counts.gemm_flops_per_token * layer_share / p.tp;
  const double head_f =
      tokens_mb * counts.lm_head_flops_per_token / p.pp / p.tp;
  const double attn_f =
      tokens_mb * counts.attention_flops_per_token * layer_share / p.tp;
  const double small_bytes = tokens_mb * layers_stage *
                             e.small_op_bytes_per_hidden * h * kBf16Bytes /
                             p.tp;
  const double layer_gemm_s = layer_gemm_f / (peak * e.gemm);
  const double head_s = head_f / (peak * e.gemm);
  const double attn_s = attn_f / (peak * e.attention);
  const double small_s =
      small_bytes / (in.gpu.hbm_bandwidth_bytes_per_s * e.hbm);
  const double forward_s = layer_gemm_s + head_s + attn_s + small_s;
  // Recomputation repeats the layers' forward pass (all of it, or only
  // attention), not the LM head.
  double recompute_s = 0;
  double recompute_flops = 0;
  if (p.recompute == Recompute::kFull) {
    recompute_s = layer_gemm_s + attn_s + small_s;
    recompute_flops = layer_gemm_f + attn_f;
  } else if (p.recompute == Recompute::kSelective) {
    recompute_s = attn_s;
    recompute_flops = attn_f;
  }
  return MicroBatchCompute{3 * forward_s + recompute_s, recompute_flops};
}

// Exposed communication of one micro-batch on one stage, by kind.
struct MicroBatchComm {
  double tp_s = 0;
  double cp_s = 0;
  double ep_s = 0;
  double pp_s = 0;
};

MicroBatchComm CommOfMicroBatch(const TrainingStepInput& in,
                                const StageShape& shape) {
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
  const double tp_exposed = tp_s * (1 - e.tp_overlap);
  const double cp_exposed = cp_s * (1 - e.cp_overlap);
  const double ep_exposed = ep_s * (1 - e.ep_overlap);
  const double pp_exposed = pp_s * (1 - e.pp_overlap);
  return MicroBatchComm{tp_exposed, cp_exposed, ep_exposed, pp_exposed};
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
  const Link& dp_link =
      p.tp * p.pp * p.cp > node_gpus || p.dp > 1 ? fabric : nvlink;
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
  mem.weights_bytes =
      params_local * kBf16Bytes / (p.zero_stage >= 3 ? shards : 1);
  mem.gradients_bytes =
      params_local * kFp32Bytes / (p.zero_stage >= 2 ? shards : 1);
  mem.optimizer_bytes =
      params_local * kOptimizerBytesPerParam / (p.zero_stage >= 1 ? shards : 1);
  const double per_layer_hidden = p.recompute == Recompute::kFull
                                      ? kFullRecomputeBytesPerHidden
                                      : kActivationBytesPerHidden;
  const double in_flight = std::min(micro, p.pp);
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

std::optional<TrainingStep> TryEstimateTrainingStep(const TrainingStepInput& in,
                                                    std::string* why) {
  const auto& m = in.model;
  const auto& p = in.plan;
  Checker check(why);
  const double peak = CheckPlan(in, check);
  if (peak <= 0) return std::nullopt;
  const int micro = MicroBatches(in, check);
  if (micro <= 0) return std::nullopt;

  StageShape shape;
  shape.counts = CountTransformer(m, in.seq_len);
  shape.h = m.hidden_size;
  shape.layers_stage = static_cast<double>(m.layers) / p.pp;
  shape.layer_share = shape.layers_stage / m.layers;
  shape.tokens_mb =
      static_cast<double>(p.micro_batch_sequences) * in.seq_len / p.cp;
  const auto& counts = shape.counts;
  const MicroBatchCompute compute = ComputeOfMicroBatch(in, shape, peak);
  const double compute_mb = compute.compute_s;
  const double recompute_flops = compute.recompute_flops;
  const MicroBatchComm comm = CommOfMicroBatch(in, shape);
  const double tp_exposed = comm.tp_s;
  const double cp_exposed = comm.cp_s;
  const double ep_exposed = comm.ep_s;
  const double pp_exposed = comm.pp_s;
  const double t_micro =
      compute_mb + tp_exposed + cp_exposed + ep_exposed + pp_exposed;

  // Parameters held per GPU: experts are sharded over ep as well.
  const double expert_params = RoutedExpertParams(m);
  const double params_local =
      (counts.params - expert_params) / (p.tp * p.pp) +
      expert_params / (static_cast<double>(p.tp) * p.pp * p.ep);
  const double dp_exposed = DataParallelExposedS(in, params_local);

  TrainingStep r;
  r.gpus = p.tp * p.pp * p.dp * p.cp;
  r.micro_batches = micro;
  const double bubble_micro = static_cast<double>(p.pp - 1) / p.virtual_stages;
  r.compute_s = micro * compute_mb;
  r.tp_comm_exposed_s = micro * tp_exposed;
  r.cp_comm_exposed_s = micro * cp_exposed;
  r.ep_comm_exposed_s = micro * ep_exposed;
  r.pp_comm_exposed_s = micro * pp_exposed;
  r.dp_comm_exposed_s = dp_exposed;
  r.bubble_s = bubble_micro * t_micro;
  r.bubble_fraction = bubble_micro / (micro + bubble_micro);
  r.step_time_s = (micro + bubble_micro) * t_micro + dp_exposed;
  r.tokens_per_step =
      static_cast<double>(micro) * p.dp * p.micro_batch_sequences * in.seq_len;
  r.tokens_per_s = r.tokens_per_step / r.step_time_s;
  r.model_flops_per_token = 3 * counts.forward_flops_per_token();
  const double capacity_flops = r.step_time_s * r.gpus * peak;
  r.mfu = r.tokens_per_step * r.model_flops_per_token / capacity_flops;
  const double recompute_total =
      recompute_flops * p.tp * p.pp * p.cp * micro * p.dp;
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
