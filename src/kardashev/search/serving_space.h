// The configuration space of `kardashev search serving`: every way to serve a
// deployment's model that the search tries, and how one point of it becomes a
// serving::ServingConfig. The dimensions are enumerated in one place
// (EnumerateServingCandidates) and applied in one place (ConfigOf), so a new
// dimension is a field of ServingCandidate, a loop there and a line here.
//
// The space:
//   GPU                  every catalog GPU; a GPU that cannot hold the model
//                        at a given tp is refused by perf::KvCacheTokens
//   tp                   divisors of the model's heads, up to the GPU's
//                        scale-up domain
//   ep / attention_dp    mixture-of-experts models only: ep = 1 (experts
//                        sharded by tp), or ep over the divisors of the
//                        expert count that are multiples of tp, up to
//                        max_replica_gpus, with attention_dp = ep / tp data-
//                        parallel attention groups; a replica beyond the
//                        scale-up domain crosses the deployment's fabric
//   weights / KV cache   the deployment's precision, or the best the GPU has
//                        below it (FP4 -> FP8 -> BF16; Fp8Capable)
//   batching policy      vLLM (prefill first) or Sarathi (chunked prefill)
//   max_sequences        a ladder of running-sequence limits
//   max_batched_tokens   a ladder per policy (Sarathi's chunk budget; vLLM's
//                        prompt budget, which must take the longest prompt)
//                        Both ladders are per attention group: a replica with
//                        attention_dp groups runs attention_dp times as many.
//   prefill/decode       co-located (0), or 1..n prefill replicas of the same
//                        GPU and tp per decode replica, under either policy
// Enumeration order is fixed, so ties in a ranking resolve the same way.
#ifndef KARDASHEV_SEARCH_SERVING_SPACE_H_
#define KARDASHEV_SEARCH_SERVING_SPACE_H_

#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::search {

struct ServingSpace {
  std::vector<catalog::GpuSpec> gpus;  // the catalog's, in its order
  std::vector<serving::BatchPolicy> policies = {serving::BatchPolicy::kVllm,
                                                serving::BatchPolicy::kSarathi};
  std::vector<int> max_sequences = {64, 128, 256, 512};
  std::vector<int> vllm_batched_tokens = {4096, 8192};
  std::vector<int> sarathi_batched_tokens = {256, 512, 1024, 2048};
  int max_prefill_replicas = 3;  // per decode replica; 0: co-located only
  int max_replica_gpus = 256;  // ep x ... : the widest expert-parallel replica
};

// One point of the space.
struct ServingCandidate {
  int gpu = 0;  // index into ServingSpace::gpus
  int tp = 1;
  int ep = 1;            // GPUs the routed experts are spread over
  int attention_dp = 1;  // attention groups of tp GPUs in a replica
  perf::Precision weights = perf::Precision::kBf16;
  perf::Precision kv_cache = perf::Precision::kBf16;
  serving::BatchPolicy policy = serving::BatchPolicy::kVllm;
  int max_sequences = 0;
  int max_batched_tokens = 0;
  int prefill_replicas = 0;  // 0: co-located

  // GPUs of one replica, and of one decode replica with its prefill replicas.
  int replica_gpus() const { return tp * attention_dp; }
  int gpus() const { return replica_gpus() * (1 + prefill_replicas); }
};

// Whether `gpu` computes in FP8. The catalog's fp8_dense_flops of a GPU
// without FP8 holds its INT8 figure (data/catalog/gpus.toml: A100 and TPU v5p
// say so in their `assumptions`), so the field alone cannot tell.
bool Fp8Capable(const catalog::GpuSpec& gpu);

// Every candidate, GPU-major, in the order of the list above. `base` gives the
// model and the precisions the deployment asked for.
std::vector<ServingCandidate> EnumerateServingCandidates(
    const ServingSpace& space, const serving::ServingConfig& base);

// `base` (model, SLO, efficiency, block size, KV policy, router) with the
// candidate's GPU, plan and scheduler: one decode replica and its prefill
// replicas. The KV link keeps the deployment's bandwidth per GPU; a
// deployment without a scale-out fabric gets its KV link as one, for
// expert-parallel replicas beyond the scale-up domain.
serving::ServingConfig ConfigOf(const ServingSpace& space,
                                const serving::ServingConfig& base,
                                const ServingCandidate& c);

std::string PolicyName(serving::BatchPolicy policy);
std::string PrecisionName(perf::Precision precision);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_SERVING_SPACE_H_
