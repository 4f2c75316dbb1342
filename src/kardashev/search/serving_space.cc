#include "kardashev/search/serving_space.h"

#include <algorithm>

namespace kardashev::search {

namespace {

// GPUs whose catalog fp8_dense_flops is an INT8 figure (see Fp8Capable).
constexpr const char* kNoFp8Gpus[] = {"a100-sxm", "tpu-v5p"};

std::vector<int> TpLadder(const catalog::ModelSpec& model,
                          const catalog::GpuSpec& gpu) {
  std::vector<int> tps;
  for (int tp = 1; tp <= std::min(model.heads, gpu.scale_up_domain_gpus);
       ++tp) {
    if (model.heads % tp == 0) tps.push_back(tp);
  }
  return tps;
}

}  // namespace

bool Fp8Capable(const catalog::GpuSpec& gpu) {
  if (gpu.fp8_dense_flops <= 0) return false;
  return std::none_of(std::begin(kNoFp8Gpus), std::end(kNoFp8Gpus),
                      [&](const char* n) { return gpu.name == n; });
}

std::vector<ServingCandidate> EnumerateServingCandidates(
    const ServingSpace& space, const serving::ServingConfig& base) {
  std::vector<ServingCandidate> out;
  const auto& d = base.deployment;
  for (int g = 0; g < static_cast<int>(space.gpus.size()); ++g) {
    const catalog::GpuSpec& gpu = space.gpus[g];
    const bool fp8 = Fp8Capable(gpu);
    ServingCandidate c;
    c.gpu = g;
    c.weights = fp8 ? d.weights : perf::Precision::kBf16;
    c.kv_cache = fp8 ? d.kv_cache : perf::Precision::kBf16;
    for (int tp : TpLadder(d.model, gpu)) {
      c.tp = tp;
      for (serving::BatchPolicy policy : space.policies) {
        c.policy = policy;
        const auto& tokens = policy == serving::BatchPolicy::kVllm
                                 ? space.vllm_batched_tokens
                                 : space.sarathi_batched_tokens;
        for (int seqs : space.max_sequences) {
          c.max_sequences = seqs;
          for (int budget : tokens) {
            c.max_batched_tokens = budget;
            const int max_prefill = policy == serving::BatchPolicy::kVllm
                                        ? space.max_prefill_replicas
                                        : 0;
            for (int p = 0; p <= max_prefill; ++p) {
              c.prefill_replicas = p;
              out.push_back(c);
            }
          }
        }
      }
    }
  }
  return out;
}

serving::ServingConfig ConfigOf(const ServingSpace& space,
                                const serving::ServingConfig& base,
                                const ServingCandidate& c) {
  serving::ServingConfig s = base;
  auto& d = s.deployment;
  const double link_per_gpu =
      base.kv_link_bytes_per_s / std::max(1, base.deployment.tp);
  d.gpu = space.gpus[c.gpu];
  d.tp = c.tp;
  d.weights = c.weights;
  d.kv_cache = c.kv_cache;
  s.scheduler.policy = c.policy;
  s.scheduler.max_sequences = c.max_sequences;
  s.scheduler.max_batched_tokens = c.max_batched_tokens;
  s.replicas = 1;
  s.prefill_replicas = c.prefill_replicas;
  s.kv_link_bytes_per_s = link_per_gpu * c.tp;
  return s;
}

std::string PolicyName(serving::BatchPolicy policy) {
  return policy == serving::BatchPolicy::kVllm ? "vllm" : "sarathi";
}

std::string PrecisionName(perf::Precision precision) {
  return precision == perf::Precision::kFp8 ? "fp8" : "bf16";
}

}  // namespace kardashev::search
