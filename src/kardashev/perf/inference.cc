#include "kardashev/perf/inference.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kardashev/perf/collectives.h"
#include "kardashev/perf/transformer.h"

namespace kardashev::perf {

namespace {

double BytesPer(Precision p) { return p == Precision::kFp8 ? 1.0 : 2.0; }

double Peak(const InferenceDeployment& d) {
  return d.weights == Precision::kFp8 && d.gpu.fp8_dense_flops > 0
             ? d.gpu.fp8_dense_flops
             : d.gpu.bf16_dense_flops;
}

}  // namespace

double KvBytesPerToken(const InferenceDeployment& d) {
  const auto& m = d.model;
  return 2.0 * m.layers * m.kv_heads * m.head_dim * BytesPer(d.kv_cache);
}

double KvCacheTokens(const InferenceDeployment& d) {
  if (d.tp < 1 || d.model.heads % d.tp != 0) {
    throw PlanError(fmt::format("tp = {} does not divide the {} heads of {}",
                                d.tp, d.model.heads, d.model.name));
  }
  if (d.tp > d.gpu.scale_up_domain_gpus) {
    throw PlanError(
        fmt::format("tp = {} exceeds the {}-GPU scale-up domain of {}", d.tp,
                    d.gpu.scale_up_domain_gpus, d.gpu.name));
  }
  const double weights =
      CountTransformer(d.model, 1).params * BytesPer(d.weights);
  const double memory = d.gpu.hbm_bytes * d.tp * d.efficiency.memory_share;
  if (weights >= memory) {
    throw PlanError(
        fmt::format("the weights of {} take {:.1f} GB but {} x {} offer {:.1f} "
                    "GB: {:.1f} GB too much",
                    d.model.name, weights * 1e-9, d.tp, d.gpu.name,
                    memory * 1e-9, (weights - memory) * 1e-9));
  }
  return (memory - weights) / KvBytesPerToken(d);
}

IterationCost IterationTime(const InferenceDeployment& d,
                            const IterationBatch& b) {
  const auto& m = d.model;
  const auto& e = d.efficiency;
  const TransformerCounts counts = CountTransformer(m, 1);
  const double tokens =
      b.prefill_tokens + static_cast<double>(b.decode_sequences);
  const double logits =
      static_cast<double>(b.prefill_sequences + b.decode_sequences);
  const double peak = Peak(d);
  const double hbm = d.gpu.hbm_bandwidth_bytes_per_s * e.hbm;

  // Matrix multiplies: per-token FLOPs without attention; weights read once.
  const double gemm_flops = tokens * counts.gemm_flops_per_token +
                            logits * counts.lm_head_flops_per_token;
  double weight_params =
      counts.layer_params + m.hidden_size * static_cast<double>(m.vocab_size);
  if (m.experts > 0 && tokens > 0) {
    const double moe_layers = m.layers - m.dense_layers;
    const double k = m.experts_per_token;
    const double touched =
        m.experts * (1 - std::pow(1 - k / m.experts, tokens));
    weight_params -= moe_layers * (m.experts - touched) * ExpertParams(m);
  }
  const double weight_bytes =
      tokens > 0 ? weight_params * BytesPer(d.weights) : 0;
  const double gemm_compute = gemm_flops / (peak * e.gemm);
  const double gemm_memory = weight_bytes / hbm;

  // Attention: scores and weighted sum over the context; KV read by decode,
  // written by prefill.
  const double q_dim = static_cast<double>(m.heads) * m.head_dim;
  const double attention_flops =
      m.layers * 4.0 * q_dim * (b.prefill_attention_context + b.decode_context);
  const double kv_bytes = (b.decode_context + b.prefill_tokens +
                           static_cast<double>(b.decode_sequences)) *
                          KvBytesPerToken(d);
  const double attention_compute = attention_flops / (peak * e.attention);
  const double attention_memory = kv_bytes / hbm;

  IterationCost c;
  c.gemm_s = std::max(gemm_compute, gemm_memory) / d.tp;
  c.attention_s = std::max(attention_compute, attention_memory) / d.tp;
  c.gemm_memory_bound = gemm_memory > gemm_compute;
  c.attention_memory_bound = attention_memory > attention_compute;
  if (d.tp > 1 && tokens > 0) {
    const Link nvlink{d.gpu.scale_up_bandwidth_bytes_per_s * e.scale_up,
                      e.scale_up_latency_s};
    c.communication_s =
        m.layers * 2.0 *
        RingAllReduceS(tokens * m.hidden_size * 2.0, d.tp, nvlink);
  }
  c.overhead_s = e.step_overhead_s;
  c.time_s = c.gemm_s + c.attention_s + c.communication_s + c.overhead_s;
  return c;
}

}  // namespace kardashev::perf
