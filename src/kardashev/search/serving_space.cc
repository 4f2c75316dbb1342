#include "kardashev/search/serving_space.h"

#include <algorithm>
#include <utility>

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

// (ep, attention_dp) pairs for tp: (1, 1), and for a mixture-of-experts model
// every ep dividing the experts, a multiple of tp, up to `max_gpus`.
std::vector<std::pair<int, int>> ExpertLadder(const catalog::ModelSpec& model,
                                              int tp, int max_gpus) {
  std::vector<std::pair<int, int>> out = {{1, 1}};
  if (model.experts <= 0) return out;
  for (int ep = tp; ep <= std::min(model.experts, max_gpus); ep += tp) {
    if (ep > 1 && model.experts % ep == 0) out.emplace_back(ep, ep / tp);
  }
  return out;
}

// The deployment's precision, or the best below it that the GPU computes in.
perf::Precision Supported(perf::Precision p, const catalog::GpuSpec& gpu) {
  if (p == perf::Precision::kFp4 && gpu.fp4_dense_flops <= 0)
    p = perf::Precision::kFp8;
  if (p == perf::Precision::kFp8 && !Fp8Capable(gpu))
    p = perf::Precision::kBf16;
  return p;
}

// Every scheduler of the space for the plan in `c`, the ladders per attention
// group.
void AddSchedulers(const ServingSpace& space, ServingCandidate c,
                   std::vector<ServingCandidate>& out) {
  for (serving::BatchPolicy policy : space.policies) {
    c.policy = policy;
    const bool vllm = policy == serving::BatchPolicy::kVllm;
    const auto& tokens =
        vllm ? space.vllm_batched_tokens : space.sarathi_batched_tokens;
    for (int seqs : space.max_sequences) {
      c.max_sequences = seqs * c.attention_dp;
      for (int budget : tokens) {
        c.max_batched_tokens = budget * c.attention_dp;
        for (int p = 0; p <= space.max_prefill_replicas; ++p) {
          c.prefill_replicas = p;
          out.push_back(c);
        }
      }
    }
  }
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
    ServingCandidate c;
    c.gpu = g;
    c.weights = Supported(d.weights, gpu);
    c.kv_cache = Supported(d.kv_cache, gpu);
    for (int tp : TpLadder(d.model, gpu)) {
      c.tp = tp;
      for (const auto& [ep, adp] :
           ExpertLadder(d.model, tp, space.max_replica_gpus)) {
        c.ep = ep;
        c.attention_dp = adp;
        AddSchedulers(space, c, out);
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
  // A replica beyond the scale-up domain needs a scale-out fabric: the
  // deployment's own, else its KV link's.
  if (d.fabric.bandwidth_bytes_per_s_per_gpu <= 0) {
    d.fabric.name = "kv-link";
    d.fabric.bandwidth_bytes_per_s_per_gpu = link_per_gpu;
    d.fabric.latency_s = base.kv_link_latency_s;
  }
  d.gpu = space.gpus[c.gpu];
  d.tp = c.tp;
  d.ep = c.ep;
  d.attention_dp = c.attention_dp;
  d.weights = c.weights;
  d.kv_cache = c.kv_cache;
  s.scheduler.policy = c.policy;
  s.scheduler.max_sequences = c.max_sequences;
  s.scheduler.max_batched_tokens = c.max_batched_tokens;
  s.replicas = 1;
  s.prefill_replicas = c.prefill_replicas;
  s.kv_link_bytes_per_s = link_per_gpu * c.replica_gpus();
  return s;
}

std::string PolicyName(serving::BatchPolicy policy) {
  return policy == serving::BatchPolicy::kVllm ? "vllm" : "sarathi";
}

std::string PrecisionName(perf::Precision precision) {
  switch (precision) {
    case perf::Precision::kFp8:
      return "fp8";
    case perf::Precision::kFp4:
      return "fp4";
    default:
      return "bf16";
  }
}

}  // namespace kardashev::search
