#include "kardashev/perf/inference.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kardashev/perf/collectives.h"
#include "kardashev/perf/transformer.h"

namespace kardashev::perf {

double BytesPerElement(Precision p) {
  switch (p) {
    case Precision::kFp8:
      return 1.0;
    case Precision::kFp4:
      return 0.5;
    case Precision::kBf16:
      break;
  }
  return 2.0;
}

InferenceCostModel::InferenceCostModel(const InferenceDeployment& d) : d_(d) {
  Validate();
  Precompute();
}

void InferenceCostModel::Validate() const {
  const auto& m = d_.model;
  const auto& g = d_.gpu;
  if (d_.tp < 1 || m.heads % d_.tp != 0) {
    throw PlanError(fmt::format("tp = {} does not divide the {} heads of {}",
                                d_.tp, m.heads, m.name));
  }
  if (d_.tp > g.scale_up_domain_gpus) {
    throw PlanError(
        fmt::format("tp = {} exceeds the {}-GPU scale-up domain of {}", d_.tp,
                    g.scale_up_domain_gpus, g.name));
  }
  if (d_.attention_dp < 1 || d_.ep < 1 || d_.redundant_experts < 0) {
    throw PlanError("attention_dp and ep must be >= 1, redundant_experts >= 0");
  }
  if (d_.ep > 1 || d_.attention_dp > 1 || d_.redundant_experts > 0) {
    if (m.experts == 0) {
      throw PlanError(fmt::format(
          "ep, attention_dp and redundant_experts need a mixture-of-experts "
          "model; {} is dense (serve more replicas instead)",
          m.name));
    }
    if (d_.ep != d_.tp * d_.attention_dp) {
      throw PlanError(fmt::format(
          "ep = {} must equal tp x attention_dp = {} x {} = {}: the replica's "
          "GPUs hold the experts",
          d_.ep, d_.tp, d_.attention_dp, d_.tp * d_.attention_dp));
    }
    if ((m.experts + d_.redundant_experts) % d_.ep != 0) {
      throw PlanError(
          fmt::format("ep = {} does not divide the {} routed experts (+ {} "
                      "redundant) of {}",
                      d_.ep, m.experts, d_.redundant_experts, m.name));
    }
  }
  if (Gpus() > g.scale_up_domain_gpus &&
      d_.fabric.bandwidth_bytes_per_s_per_gpu <= 0) {
    throw PlanError(fmt::format(
        "a replica of {} GPUs spans more than the {}-GPU scale-up domain of {} "
        "and needs a scale-out fabric",
        Gpus(), g.scale_up_domain_gpus, g.name));
  }
  if (d_.weights == Precision::kFp4 && g.fp4_dense_flops <= 0) {
    throw PlanError(
        fmt::format("{} has no FP4 tensor cores (weights = fp4)", g.name));
  }
}

void InferenceCostModel::Precompute() {
  const auto& m = d_.model;
  const auto& g = d_.gpu;
  const auto& e = d_.efficiency;
  mla_ = m.kv_lora_rank > 0;
  weight_bytes_ = BytesPerElement(d_.weights);
  const bool low = d_.weights != Precision::kBf16 && g.fp8_dense_flops > 0;
  gemm_peak_ = d_.weights == Precision::kFp4 ? g.fp4_dense_flops
               : low                         ? g.fp8_dense_flops
                                             : g.bf16_dense_flops;
  // MLA's core attention runs in BF16 whatever the GEMM precision (DeepSeek's
  // inference overview, 2025); other attention at the GEMM peak as calibrated.
  attention_peak_ =
      low && m.kv_lora_rank == 0 ? g.fp8_dense_flops : g.bf16_dense_flops;
  hbm_ = g.hbm_bandwidth_bytes_per_s * e.hbm;

  const TransformerCounts c = CountTransformer(m, 1);
  moe_layers_ = m.experts > 0 ? m.layers - m.dense_layers : 0;
  expert_params_ = m.experts > 0 ? ExpertParams(m) : 0;
  expert_flops_per_token_ =
      2.0 * moe_layers_ * m.experts_per_token * expert_params_;
  dense_flops_per_token_ = c.gemm_flops_per_token - expert_flops_per_token_;
  lm_head_flops_ = c.lm_head_flops_per_token;
  const double routed = RoutedExpertParams(m);
  const double lm_head = static_cast<double>(m.hidden_size) * m.vocab_size;
  dense_weight_params_ = c.layer_params - routed + lm_head;

  const double layers = m.layers;
  if (mla_) {
    const double heads = m.heads;
    const double qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
    prefill_attention_flops_ = layers * 2.0 * heads * (qk + m.v_head_dim);
    const double latent = m.kv_lora_rank + m.qk_rope_head_dim;
    decode_attention_flops_ = layers * 2.0 * heads * (latent + m.kv_lora_rank);
    kv_bytes_per_token_ = layers * latent * BytesPerElement(d_.kv_cache);
    kv_share_ = 1.0;  // the latent is shared by every head: each rank holds it
  } else {
    const double q = static_cast<double>(m.heads) * m.head_dim;
    prefill_attention_flops_ = layers * 4.0 * q;
    decode_attention_flops_ = prefill_attention_flops_;
    kv_bytes_per_token_ =
        2.0 * layers * m.kv_heads * m.head_dim * BytesPerElement(d_.kv_cache);
    kv_share_ = 1.0 / d_.tp;
  }

  // Weights on each GPU: the dense part (both embeddings) over tp, the routed
  // experts over tp or, with expert parallelism, the GPU's expert slots.
  const double dense_all = c.params - routed;
  const double experts_on_gpu =
      d_.ep > 1 ? moe_layers_ * (m.experts + d_.redundant_experts) / d_.ep *
                      expert_params_
                : routed / d_.tp;
  weight_bytes_per_gpu_ = (dense_all / d_.tp + experts_on_gpu) * weight_bytes_;
  const double memory = g.hbm_bytes * e.memory_share;
  if (weight_bytes_per_gpu_ >= memory) {
    memory_error_ = fmt::format(
        "the weights of {} take {:.1f} GB per GPU but {} offers {:.1f} GB: "
        "{:.1f} GB too much",
        m.name, weight_bytes_per_gpu_ * 1e-9, g.name, memory * 1e-9,
        (weight_bytes_per_gpu_ - memory) * 1e-9);
    return;
  }
  kv_cache_tokens_ = d_.attention_dp * (memory - weight_bytes_per_gpu_) /
                     (kv_bytes_per_token_ * kv_share_);

  // The kernel models, where a set covers the GPU at the weights' precision.
  // ASSUMPTION: FP4 has no published kernel benchmark by shape here; its
  // GEMMs keep the flat share.
  const char* precision = d_.weights == Precision::kBf16         ? "bf16"
                          : low && d_.weights == Precision::kFp8 ? "fp8"
                                                                 : "";
  gemm_device_.set = FindGemmSet(e.gemm_sets, g.name, precision);
  if (gemm_device_.set == nullptr) return;
  gemm_device_.peak_flops = gemm_peak_;
  gemm_device_.hbm_bandwidth_bytes_per_s = g.hbm_bandwidth_bytes_per_s;
  gemm_device_.bytes_per_element = weight_bytes_;
  const double h = m.hidden_size;
  dense_curve_ =
      GemmCurve((dense_weight_params_ - lm_head) / layers / h / d_.tp, h, 1,
                gemm_device_);
  head_curve_ =
      GemmCurve(m.vocab_size / static_cast<double>(d_.tp), h, 1, gemm_device_);
  if (m.experts > 0) {
    expert_curve_ =
        LogGridCurve([this](double tokens) { return ExpertGemmS(tokens); });
  }
  attention_kernel_.set = FindGemmSet(e.gemm_sets, g.name, "bf16");
  attention_kernel_.flat_share = e.attention;
  attention_kernel_.peak_flops = g.bf16_dense_flops;
  attention_head_dim_ = AttentionHeadDim(m);
}

double InferenceCostModel::ExpertGemmS(double tokens) const {
  // Each MoE layer's routed experts on the busiest GPU: the experts it holds
  // that the batch touches, as one grouped GEMM of their mean tokens.
  const auto& m = d_.model;
  const double k = m.experts_per_token;
  const double slots = d_.ep > 1 ? m.experts + d_.redundant_experts : m.experts;
  const double local = d_.ep > 1 ? slots / d_.ep : slots;
  const double touched = 1 - std::pow(1 - k / slots, tokens);
  const double imbalance = d_.ep > 1 ? d_.efficiency.expert_imbalance : 1.0;
  const double per_expert = imbalance * tokens * k / (slots * touched);
  const double n = expert_params_ / m.hidden_size / (d_.ep > 1 ? 1 : d_.tp);
  return GemmTimeS(
      {per_expert, n, static_cast<double>(m.hidden_size), local * touched},
      gemm_device_);
}

double InferenceCostModel::KernelGemmS(double tokens, double sequences) const {
  const double groups = d_.attention_dp;
  double t = d_.model.layers * dense_curve_.At(tokens / groups) +
             head_curve_.At(sequences / groups);
  if (d_.model.experts > 0 && tokens > 0) {
    t += moe_layers_ * expert_curve_.At(tokens);
  }
  return t;
}

double InferenceCostModel::KernelAttentionS(const IterationBatch& b) const {
  const auto& e = d_.efficiency;
  const double split = d_.attention_dp * static_cast<double>(d_.tp);
  double t = 0;
  if (b.prefill_tokens > 0) {
    // Prompts attend causally to their mean context: the kernel's share at a
    // sequence of twice the mean keys per query.
    const double keys = b.prefill_attention_context / b.prefill_tokens;
    t += AttentionForwardS(
        attention_kernel_,
        prefill_attention_flops_ * b.prefill_attention_context / split,
        2 * keys, attention_head_dim_, true);
  }
  const double tokens =
      b.prefill_tokens + static_cast<double>(b.decode_sequences);
  const double kv_bytes = (b.decode_context + tokens) * kv_bytes_per_token_ *
                          kv_share_ / d_.attention_dp;
  const double decode_flops =
      decode_attention_flops_ * b.decode_context / split;
  t +=
      std::max(decode_flops / (attention_peak_ * e.attention), kv_bytes / hbm_);
  return t;
}

double InferenceCostModel::KvCacheTokens() const {
  if (!memory_error_.empty()) throw PlanError(memory_error_);
  return kv_cache_tokens_;
}

// The routed experts' FLOPs and bytes on the busiest GPU for `tokens` tokens
// of the whole replica.
void InferenceCostModel::AddExperts(double tokens, double& flops,
                                    double& bytes) const {
  const auto& m = d_.model;
  if (m.experts == 0 || tokens <= 0) return;
  const double k = m.experts_per_token;
  if (d_.ep == 1) {
    const double touched =
        m.experts * (1 - std::pow(1 - k / m.experts, tokens));
    flops += tokens * expert_flops_per_token_ / d_.tp;
    bytes += moe_layers_ * touched * expert_params_ * weight_bytes_ / d_.tp;
    return;
  }
  const double slots = m.experts + d_.redundant_experts;
  const double touched_share = 1 - std::pow(1 - k / slots, tokens);
  flops +=
      d_.efficiency.expert_imbalance * tokens * expert_flops_per_token_ / d_.ep;
  bytes += moe_layers_ * slots / d_.ep * touched_share * expert_params_ *
           weight_bytes_;
}

// Dispatch (FP8 with FP8 or FP4 weights, else BF16) and combine (BF16) of
// `tokens` replica tokens over every MoE layer, on the busiest receiver.
double InferenceCostModel::AllToAllTimeS(double tokens) const {
  const auto& m = d_.model;
  if (d_.ep <= 1 || tokens <= 0) return 0;
  const auto& e = d_.efficiency;
  const double per_gpu = tokens / d_.ep * m.hidden_size * m.experts_per_token;
  const double dispatch_bytes =
      per_gpu * (d_.weights == Precision::kBf16 ? 2.0 : 1.0);
  const double combine_bytes = per_gpu * 2.0;
  const Link nvlink{d_.gpu.scale_up_bandwidth_bytes_per_s * e.scale_up,
                    e.scale_up_latency_s};
  const Link fabric{d_.fabric.bandwidth_bytes_per_s_per_gpu * e.scale_out,
                    d_.fabric.latency_s};
  const int domain = d_.gpu.scale_up_domain_gpus;
  const double layer =
      TwoTierAllToAllS(dispatch_bytes, d_.ep, domain, nvlink, fabric) +
      TwoTierAllToAllS(combine_bytes, d_.ep, domain, nvlink, fabric);
  return moe_layers_ * layer * e.expert_imbalance;
}

IterationCost InferenceCostModel::IterationTime(const IterationBatch& b) const {
  const auto& m = d_.model;
  const auto& e = d_.efficiency;
  const double groups = d_.attention_dp;
  const double tp = d_.tp;
  const double tokens =
      b.prefill_tokens + static_cast<double>(b.decode_sequences);
  const double sequences =
      static_cast<double>(b.prefill_sequences + b.decode_sequences);

  // Matrix multiplies: the dense part per attention group over its tp GPUs,
  // then the routed experts as the deployment spreads them, each its own
  // roofline (attention projections may stream weights while experts compute).
  const double dense_flops =
      (tokens * dense_flops_per_token_ + sequences * lm_head_flops_) /
      (groups * tp);
  const double dense_bytes =
      tokens > 0 ? dense_weight_params_ * weight_bytes_ / tp : 0;
  double expert_flops = 0;
  double expert_bytes = 0;
  AddExperts(tokens, expert_flops, expert_bytes);
  const double gemm_rate = gemm_peak_ * e.gemm;
  const double gemm_compute = (dense_flops + expert_flops) / gemm_rate;
  const double gemm_memory = (dense_bytes + expert_bytes) / hbm_;

  // Attention: scores and weighted sum over the context; KV read by decode,
  // written by prefill.
  const double attention_flops =
      (prefill_attention_flops_ * b.prefill_attention_context +
       decode_attention_flops_ * b.decode_context) /
      (groups * tp);
  const double kv_bytes =
      (b.decode_context + tokens) * kv_bytes_per_token_ * kv_share_ / groups;
  const double attention_compute =
      attention_flops / (attention_peak_ * e.attention);
  const double attention_memory = kv_bytes / hbm_;

  IterationCost c;
  if (gemm_device_.set != nullptr) {
    c.gemm_s = KernelGemmS(tokens, sequences);
    c.attention_s = KernelAttentionS(b);
  } else {
    c.gemm_s = std::max(dense_flops / gemm_rate, dense_bytes / hbm_) +
               std::max(expert_flops / gemm_rate, expert_bytes / hbm_);
    c.attention_s = std::max(attention_compute, attention_memory);
  }
  // Bound by memory when the weights take longer to stream than their FLOPs
  // to compute, at the shares of whichever model priced the GEMMs.
  c.gemm_memory_bound =
      gemm_device_.set != nullptr
          ? gemm_memory * e.hbm / gemm_device_.set->hbm_share >
                gemm_compute * e.gemm / gemm_device_.set->peak_share
          : gemm_memory > gemm_compute;
  c.attention_memory_bound = attention_memory > attention_compute;
  if (d_.tp > 1 && tokens > 0) {
    const Link nvlink{d_.gpu.scale_up_bandwidth_bytes_per_s * e.scale_up,
                      e.scale_up_latency_s};
    c.communication_s =
        m.layers * 2.0 *
        RingAllReduceS(tokens / groups * m.hidden_size * 2.0, d_.tp, nvlink);
  }
  c.all_to_all_s = AllToAllTimeS(tokens);
  const double hidden =
      std::min(c.all_to_all_s, e.ep_overlap * (c.gemm_s + c.attention_s));
  c.communication_s += c.all_to_all_s - hidden;
  c.overhead_s =
      (1 - e.cpu_overlap) *
      (e.step_overhead_s + e.overhead_per_sequence_s * sequences / groups);
  c.time_s = c.gemm_s + c.attention_s + c.communication_s + c.overhead_s;
  return c;
}

IterationCost IterationTime(const InferenceDeployment& d,
                            const IterationBatch& batch) {
  return InferenceCostModel(d).IterationTime(batch);
}

double KvBytesPerToken(const InferenceDeployment& d) {
  return InferenceCostModel(d).KvBytesPerToken();
}

double KvCacheTokens(const InferenceDeployment& d) {
  return InferenceCostModel(d).KvCacheTokens();
}

}  // namespace kardashev::perf
