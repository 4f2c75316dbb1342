// Parameter and FLOP counts of a decoder-only transformer from its architecture
// (catalog ModelSpec), dense or mixture-of-experts. Pure functions.
//
// FLOPs count multiply-adds as two. Per token and layer, forward:
//   projections  2 * (h*q + 2*h*kv + q*h)     q = heads*head_dim, kv =
//   kv_heads*head_dim attention    2 * 2 * q * s_eff            scores and
//   weighted sum; causal, so the mean
//                                             context is s_eff = (s + 1) / 2
//   MLP          2 * 3 * h * f (gated) or 2 * 2 * h * f; an MoE layer runs
//   top-k routed plus
//                the shared experts, and a router of 2 * h * experts
// plus the LM head, 2 * h * vocab. Backward is twice the forward.
//
// Multi-head latent attention (MLA, DeepSeek-V2/V3: ModelSpec kv_lora_rank >
// 0) replaces the projections by a query bottleneck h*qr + qr*H*(dn+dr) (or
// h*H*(dn+dr) without one), a joint KV down-projection h*(kv + dr), its
// up-projection kv*H*(dn+dv) and the output H*dv*h, with RMS norms on the two
// latents; attention is 2 * H * (dn+dr+dv) * s_eff per token and layer (the
// heads materialised, as training and prefill run it).
#ifndef KARDASHEV_PERF_TRANSFORMER_H_
#define KARDASHEV_PERF_TRANSFORMER_H_

#include "kardashev/catalog/catalog.h"

namespace kardashev::perf {

struct TransformerCounts {
  double params = 0;         // all parameters, embeddings and LM head included
  double active_params = 0;  // those one token uses
  double layer_params =
      0;  // all transformer layers (not embeddings, not LM head)
  // Forward FLOPs per token, by operation class.
  double gemm_flops_per_token = 0;       // projections, MLP, router: all layers
  double attention_flops_per_token = 0;  // scores and weighted sum: all layers
  double lm_head_flops_per_token = 0;

  double forward_flops_per_token() const {
    return gemm_flops_per_token + attention_flops_per_token +
           lm_head_flops_per_token;
  }
};

// Parameters of one layer's attention block (projections and, for MLA, the
// latent norms).
double AttentionParams(const catalog::ModelSpec& model);

// Parameters of one routed or shared expert: its MLP matrices.
double ExpertParams(const catalog::ModelSpec& model);

// Parameters of every routed expert of every MoE layer (0 for a dense model):
// the part of the model that expert parallelism shards.
double RoutedExpertParams(const catalog::ModelSpec& model);

// Counts for sequences of `seq_len` tokens. REQUIRES: seq_len >= 1.
TransformerCounts CountTransformer(const catalog::ModelSpec& model,
                                   int seq_len);

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_TRANSFORMER_H_
