// The time of flash attention (prefill and training) on one GPU, from the
// sequence length, head dimension and mask, with the GPU generation's kernel
// constants (catalog [[gemm_efficiency]], the "bf16" set: attention runs in
// BF16). A pure function.
//
// A query tile of the kernel loops over its keys; each loop pays a prologue
// and the softmax rescaling, so a tile over Lk keys reaches
//   share = attention_share * kernel_factor * Lk / (Lk + kv_half)
//           * (d / (d + d_half)) / (128 / (128 + d_half))
// of the BF16 dense peak, attention_share being the share at head dimension
// 128 and long sequences. Without a mask Lk is the sequence; with a causal
// mask it is half of it (plus half a 128-token block), and the blocks on the
// diagonal are computed whole, so the useful share is further S / (S + 128).
// FLOPs follow FlashAttention's convention: forward 2 S^2 heads (d_qk + d_v),
// halved under a causal mask; backward 2.5 times the forward (it recomputes
// the scores), at attention_backward_ratio of the forward's share. The
// constants are fitted on published FlashAttention-2/-3 and FlashMLA
// benchmarks (data/catalog/efficiency.toml).
#ifndef KARDASHEV_PERF_ATTENTION_H_
#define KARDASHEV_PERF_ATTENTION_H_

#include "kardashev/catalog/catalog.h"

namespace kardashev::perf {

struct AttentionKernel {
  const catalog::GemmEfficiencySpec* set = nullptr;  // the generation's bf16
  double flat_share = 0;     // of peak, when no set covers the GPU
  double kernel_factor = 1;  // the stack's kernels against the best published
  double peak_flops = 0;     // BF16 dense
};

// The head dimension the kernel model prices a model's attention at: its
// head_dim, or for multi-head latent attention the mean of the query/key
// (nope + rope) and value dimensions.
double AttentionHeadDim(const catalog::ModelSpec& model);

// Share of peak the forward pass reaches over `seq_len` keys at head
// dimension `head_dim`, in (0, 1].
double AttentionForwardShare(const AttentionKernel& k, double seq_len,
                             double head_dim, bool causal);

// Seconds of the forward pass and of the backward pass whose forward FLOPs
// (in FlashAttention's convention, the mask already counted) are
// `forward_flops`, over sequences of `seq_len` at `head_dim`.
double AttentionForwardS(const AttentionKernel& k, double forward_flops,
                         double seq_len, double head_dim, bool causal);
double AttentionBackwardS(const AttentionKernel& k, double forward_flops,
                          double seq_len, double head_dim, bool causal);

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_ATTENTION_H_
