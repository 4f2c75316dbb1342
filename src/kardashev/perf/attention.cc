#include "kardashev/perf/attention.h"

namespace kardashev::perf {

namespace {
// The query and key block of the kernels (FlashAttention-2 and -3 use 128).
constexpr double kBlockTokens = 128;
// Backward FLOPs over forward FLOPs: 5 matrix multiplies against 2
// (FlashAttention-2, arXiv 2307.08691, sec. 4.1).
constexpr double kBackwardFlopsRatio = 2.5;
}  // namespace

double AttentionHeadDim(const catalog::ModelSpec& m) {
  return m.kv_lora_rank > 0
             ? (m.qk_nope_head_dim + m.qk_rope_head_dim + m.v_head_dim) / 2.0
             : m.head_dim;
}

double AttentionForwardShare(const AttentionKernel& k, double seq_len,
                             double head_dim, bool causal) {
  if (k.set == nullptr) return k.flat_share * k.kernel_factor;
  const catalog::GemmEfficiencySpec& g = *k.set;
  const double keys = causal ? (seq_len + kBlockTokens) / 2 : seq_len;
  const double useful = causal ? seq_len / (seq_len + kBlockTokens) : 1.0;
  const double d_half = g.attention_head_dim_half;
  const double head_factor =
      (head_dim / (head_dim + d_half)) / (128.0 / (128.0 + d_half));
  const double share = g.attention_share * k.kernel_factor * head_factor *
                       keys / (keys + g.attention_kv_half_tokens) * useful;
  return share < 1 ? share : 1;
}

double AttentionForwardS(const AttentionKernel& k, double forward_flops,
                         double seq_len, double head_dim, bool causal) {
  if (forward_flops <= 0) return 0;
  return forward_flops /
         (k.peak_flops * AttentionForwardShare(k, seq_len, head_dim, causal));
}

double AttentionBackwardS(const AttentionKernel& k, double forward_flops,
                          double seq_len, double head_dim, bool causal) {
  if (forward_flops <= 0) return 0;
  const double ratio = k.set != nullptr ? k.set->attention_backward_ratio : 1.0;
  return kBackwardFlopsRatio *
         AttentionForwardS(k, forward_flops, seq_len, head_dim, causal) / ratio;
}

}  // namespace kardashev::perf
