// The time of one iteration (one batch step) of an inference replica, and the
// KV-cache capacity of a replica.
//
// A replica is one copy of a model. Its attention (and every dense part: the
// projections, dense MLPs, shared experts, LM head) runs as `attention_dp`
// independent groups of `tp` GPUs with tensor parallelism inside the GPUs'
// scale-up domain; the batch is spread evenly over the groups. The routed
// experts of a mixture-of-experts model are either sharded with tensor
// parallelism inside each group (ep = 1) or spread over the replica's ep =
// tp x attention_dp GPUs (expert parallelism), possibly over many nodes: then
// each MoE layer dispatches every token to its experts and combines the
// results with two all-to-alls, over NVLink inside the scale-up domain and the
// deployment's scale-out fabric across it.
//
// On a GPU a [[gemm_efficiency]] set covers, the matrix multiplies are priced
// by the GEMM kernel model (perf/gemm_efficiency.h) at their per-GPU shapes:
// each layer's dense weights as one GEMM of the group's tokens (K the hidden
// size), the LM head over the sequences, and each MoE layer's routed experts
// as one grouped GEMM over the experts the batch touches on the busiest GPU.
// The model itself is compute- or memory-bound by shape, so a decode step
// streams its weights and a prefill step computes. Prefill attention runs at
// the flash-attention kernel's share (perf/attention.h) at the batch's mean
// key length; decode attention is the larger of its FLOPs at the stack's
// `attention` share and its KV-cache bytes at the stack's `hbm` share. FP4
// GEMMs, and GPUs no set covers, use the flat shares below.
//
// Otherwise, per operation class, the iteration time is the larger of
// compute time and memory time (a roofline) on one GPU, the dense matrix
// multiplies and the routed experts each their own:
//   matrix multiplies  FLOPs 2 x active params per token; bytes: the weights,
//                      read once per iteration; of the routed experts only
//                      those the batch touches (E(1 - (1 - k/E)^tokens) per
//                      layer, in expectation); at ep > 1 each GPU reads its
//                      own experts' touched weights and computes the busiest
//                      GPU's share (expert_imbalance x the mean)
//   attention          FLOPs 2 x heads x (qk + v dims) x context per token and
//                      layer; bytes: the KV cache read by decode tokens and
//                      written by prefill tokens. Multi-head latent attention
//                      caches kv_lora_rank + qk_rope_head_dim values per token
//                      and layer, shared by the heads (so every TP rank reads
//                      all of it); decode uses weight absorption (scores over
//                      the 576-value latent, the weighted sum over the 512-
//                      value latent per head), prefill materialises the heads
// plus two all-reduces of the activations per layer inside a group, the
// expert all-to-alls (the stack's ep_overlap share hidden behind compute) and
// the framework overhead: a fixed part plus a part per sequence, less the
// share the stack overlaps with the GPU. Efficiencies come from the catalog
// (data/catalog/efficiency.toml, [[inference_efficiency]]).
//
// Shared experts count with the dense part: every attention group holds them
// and runs them on its own tokens (DeepSeek's "MLA/Shared Expert DP"), so
// they are replicated, not spread. Each token's dispatch is priced as k
// copies of its hidden state (FP8 with FP8 or FP4 weights, else BF16) and its
// combine as k BF16 copies, split between NVLink and the fabric by the share
// of destinations inside the scale-up domain; the node-limited routing that
// lets DeepSeek's prefill kernels send a token once per node (and forward it
// over NVLink) is not modelled, so prefill fabric traffic is an upper bound.
//
// InferenceCostModel validates a deployment once and precomputes its
// per-token constants, so that IterationTime is cheap on the simulator's hot
// path.
#ifndef KARDASHEV_PERF_INFERENCE_H_
#define KARDASHEV_PERF_INFERENCE_H_

#include <cstdint>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/attention.h"
#include "kardashev/perf/gemm_efficiency.h"
#include "kardashev/perf/training_step.h"

namespace kardashev::perf {

struct InferenceDeployment {
  catalog::ModelSpec model;
  catalog::GpuSpec gpu;
  int tp = 1;
  // Data-parallel attention groups of tp GPUs in one replica (1: none).
  int attention_dp = 1;
  // GPUs the routed experts are spread over (1: tensor-parallel experts).
  // Above 1 it equals tp x attention_dp.
  int ep = 1;
  // Extra routed-expert copies placed for load balancing (DeepSeek's EPLB);
  // experts + redundant_experts is a multiple of ep.
  int redundant_experts = 0;
  // The scale-out fabric between the replica's scale-up domains; needed when
  // tp x attention_dp exceeds the GPU's scale_up_domain_gpus.
  catalog::FabricSpec fabric;
  Precision weights = Precision::kBf16;   // FP8/FP4 weights run at that peak
  Precision kv_cache = Precision::kBf16;  // bytes per KV element: 2 or 1
  catalog::InferenceEfficiencySpec efficiency;
};

// GPUs one replica occupies: tp x attention_dp.
inline int ReplicaGpus(const InferenceDeployment& d) {
  return d.tp * d.attention_dp;
}

// The shape of one iteration's batch, over the whole replica.
struct IterationBatch {
  std::int64_t prefill_sequences =
      0;                      // sequences with prompt tokens in this iteration
  double prefill_tokens = 0;  // prompt tokens processed
  // Sum over prefill tokens of the context each attends to (for a chunk of c
  // tokens after p already processed: c * (p + (c + 1) / 2)).
  double prefill_attention_context = 0;
  std::int64_t decode_sequences = 0;  // one token each
  double decode_context = 0;  // sum of the decoding sequences' context lengths
};

struct IterationCost {
  double time_s = 0;
  double gemm_s = 0;
  double attention_s = 0;
  double communication_s = 0;  // all-reduces and exposed all-to-alls
  double all_to_all_s = 0;     // the expert all-to-alls before any overlap
  double overhead_s = 0;
  bool gemm_memory_bound = false;
  bool attention_memory_bound = false;
};

class InferenceCostModel {
 public:
  // Throws PlanError naming the reason when the deployment cannot run: tp
  // does not divide the heads or exceeds the scale-up domain, ep or
  // attention_dp are inconsistent, FP4 on a GPU without it, or no fabric for
  // a multi-node replica. (Weights that do not fit are refused by
  // KvCacheTokens, so that iteration times stay available for sizing.)
  explicit InferenceCostModel(const InferenceDeployment& d);

  IterationCost IterationTime(const IterationBatch& batch) const;

  // Bytes of KV cache one token occupies across all layers (one copy).
  double KvBytesPerToken() const { return kv_bytes_per_token_; }
  // Tokens of KV cache the replica holds: on each GPU, memory_share of its
  // HBM less its weights, over its share of a token's KV bytes. Throws
  // PlanError when the weights alone do not fit (saying by how much).
  double KvCacheTokens() const;
  // Bytes of weights on each GPU.
  double WeightBytesPerGpu() const { return weight_bytes_per_gpu_; }
  int Gpus() const { return ReplicaGpus(d_); }

 private:
  void Validate() const;
  void Precompute();
  // Adds the routed experts' FLOPs and weight bytes on the busiest GPU.
  void AddExperts(double tokens, double& flops, double& bytes) const;
  double AllToAllTimeS(double tokens) const;
  // The kernel-model GEMM and attention times (a set covers the GPU).
  double KernelGemmS(double tokens, double sequences) const;
  double ExpertGemmS(double tokens) const;
  double KernelAttentionS(const IterationBatch& b) const;

  InferenceDeployment d_;
  bool mla_ = false;
  double weight_bytes_ = 0;  // per parameter
  double gemm_peak_ = 0;
  double attention_peak_ = 0;
  double hbm_ = 0;  // achievable bytes/s
  double dense_flops_per_token_ = 0;
  double expert_flops_per_token_ = 0;  // routed experts, all MoE layers
  double lm_head_flops_ = 0;
  double dense_weight_params_ = 0;  // read per iteration (no input embedding)
  double expert_params_ = 0;        // one expert
  double moe_layers_ = 0;
  double prefill_attention_flops_ = 0;  // per context token, all layers
  double decode_attention_flops_ = 0;   // per context token, all layers
  double kv_bytes_per_token_ = 0;
  double kv_share_ =
      1;  // share of a token's KV bytes each GPU of a group holds
  double weight_bytes_per_gpu_ = 0;
  double kv_cache_tokens_ = 0;
  std::string memory_error_;  // non-empty when the weights do not fit
  // The GEMM kernels (set null: the flat roofline above).
  GemmDevice gemm_device_;
  LogGridCurve dense_curve_;   // one layer's dense weights, of group tokens
  LogGridCurve head_curve_;    // the LM head, of group sequences
  LogGridCurve expert_curve_;  // one MoE layer's routed experts, of tokens
  AttentionKernel attention_kernel_;
  double attention_head_dim_ = 0;
};

// Convenience forms that build an InferenceCostModel each call.
IterationCost IterationTime(const InferenceDeployment& d,
                            const IterationBatch& batch);
double KvBytesPerToken(const InferenceDeployment& d);
double KvCacheTokens(const InferenceDeployment& d);

// Bytes of one stored element at a precision: 2, 1 or 0.5 (FP4's block
// scales are not counted).
double BytesPerElement(Precision p);

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_INFERENCE_H_
