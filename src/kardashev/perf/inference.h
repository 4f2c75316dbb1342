// The time of one iteration (one batch step) of an inference replica, and the
// KV-cache capacity of a replica. Pure functions.
//
// A replica is one copy of a model over `tp` GPUs with tensor parallelism. One
// iteration runs a batch of prefill tokens (whole prompts or chunks of them)
// and decode tokens (one per running sequence). Its time is, per operation
// class, the larger of compute time and memory time (a roofline), split over
// the tp GPUs:
//   matrix multiplies   FLOPs 2 * active params per token; bytes: the weights,
//   read once per
//                       iteration (of a mixture-of-experts model, only the
//                       experts the batch touches: E * (1 - (1 - k/E)^tokens)
//                       per layer, in expectation)
//   attention           FLOPs 4 * q_dim * context per token and layer; bytes:
//   the KV cache
//                       read by decode tokens and written by prefill tokens
// plus two all-reduces of the activations per layer over NVLink and a fixed
// step overhead. Efficiencies come from the catalog
// (data/catalog/efficiency.toml, [[inference_efficiency]]).
#ifndef KARDASHEV_PERF_INFERENCE_H_
#define KARDASHEV_PERF_INFERENCE_H_

#include <cstdint>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/training_step.h"

namespace kardashev::perf {

struct InferenceDeployment {
  catalog::ModelSpec model;
  catalog::GpuSpec gpu;
  int tp = 1;
  Precision weights = Precision::kBf16;   // FP8 weights run at the FP8 peak
  Precision kv_cache = Precision::kBf16;  // bytes per KV element: 2 or 1
  catalog::InferenceEfficiencySpec efficiency;
};

// The shape of one iteration's batch.
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
  double communication_s = 0;
  double overhead_s = 0;
  bool gemm_memory_bound = false;
  bool attention_memory_bound = false;
};

// REQUIRES: a valid deployment (see KvCacheTokens).
IterationCost IterationTime(const InferenceDeployment& d,
                            const IterationBatch& batch);

// Bytes of KV cache one token occupies across all layers.
double KvBytesPerToken(const InferenceDeployment& d);

// Tokens of KV cache the replica holds: memory_share of its HBM minus the
// weights, divided by the KV bytes per token. Throws PlanError when the weights
// alone do not fit (saying by how much) or tp does not divide the heads.
double KvCacheTokens(const InferenceDeployment& d);

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_INFERENCE_H_
