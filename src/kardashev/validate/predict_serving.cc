// Serving cases, each through the serving model's own entry points:
//
//   A deployment: model, gpu, tp, attention_dp, ep, redundant_experts,
//   weights and kv_cache (bf16, fp8, fp4), fabric, efficiency (an
//   [[inference_efficiency]]); a scheduler: policy (vllm, sarathi),
//   max_batched_tokens, max_sequences; lengths input_tokens, output_tokens.
//
//   kind = "serving-offline": `requests` requests (default 4 x
//     max_sequences) all waiting at time 0, fixed lengths, played by
//     serving::SimulateServing; metric output_tokens_per_s_per_gpu.
//   kind = "serving-server": the highest Poisson load one replica serves
//     within the SLO (ttft_s, tpot_s at p99), serving::FindCapacity, lengths
//     spread geometrically from a quarter to twice the means (mix = "spread")
//     or fixed; metric output_tokens_per_s_per_gpu.
//   kind = "serving-iteration": one steady-state iteration priced by
//     perf::InferenceCostModel: decode of batch_per_gpu sequences at context
//     `context`, or prefill of prefill_tokens_per_gpu tokens of prompts of
//     input_tokens with cached_share of each prompt found in a prefix cache;
//     metric decode_tokens_per_s_per_gpu or prefill_tokens_per_s_per_gpu
//     (prompt tokens, cache hits included).
//   kind = "serving-latency": `batch` requests at time 0 (one batch, as a
//     static-batch benchmark runs them); metric ttft_mean_s or e2e_mean_s.
#include <cmath>

#include "kardashev/perf/inference.h"
#include "kardashev/serving/capacity.h"
#include "kardashev/serving/replica_simulator.h"
#include "kardashev/validate/predictors.h"

namespace kardashev::validate::internal {

namespace {

serving::ServingConfig ConfigOf(const CaseReader& c,
                                const catalog::Catalog& catalog) {
  serving::ServingConfig config;
  perf::InferenceDeployment& d = config.deployment;
  d.model = c.Entry("model", catalog.FindModel(c.Str("model")));
  d.gpu = c.Entry("gpu", catalog.FindGpu(c.Str("gpu")));
  d.tp = c.Int("tp", 1);
  d.attention_dp = c.Int("attention_dp", 1);
  d.ep = c.Int("ep", 1);
  d.redundant_experts = c.Int("redundant_experts", 0);
  d.fabric =
      c.Entry("fabric", catalog.FindFabric(c.Str("fabric", "ib-ndr400")));
  d.weights = PrecisionOf(c, "weights", "fp8");
  d.kv_cache = PrecisionOf(c, "kv_cache", "fp8");
  d.efficiency =
      c.Entry("efficiency",
              catalog.FindInferenceEfficiency(c.Str("efficiency", "vllm-fp8")));
  const std::string policy = c.Str("policy", "sarathi");
  if (policy == "sarathi") {
    config.scheduler.policy = serving::BatchPolicy::kSarathi;
  } else if (policy == "vllm") {
    config.scheduler.policy = serving::BatchPolicy::kVllm;
  } else {
    c.Fail("policy", "expected sarathi or vllm");
  }
  config.scheduler.max_batched_tokens = c.Int("max_batched_tokens", 8192);
  config.scheduler.max_sequences = c.Int("max_sequences", 512);
  config.slo = serving::Slo{c.Num("ttft_s", 2.0), c.Num("tpot_s", 0.2)};
  try {
    perf::InferenceCostModel check(d);
    (void)check.KvCacheTokens();
  } catch (const std::exception& e) {
    c.Fail("tp", e.what());
  }
  return config;
}

std::vector<serving::Request> AllAtOnce(int count, int input, int output) {
  return std::vector<serving::Request>(count,
                                       serving::Request{0.0, input, output});
}

Prediction Offline(const CaseReader& c, const serving::ServingConfig& config) {
  const int input = c.Int("input_tokens");
  const int output = c.Int("output_tokens");
  const int count = c.Int("requests", 4 * config.scheduler.max_sequences);
  const serving::ServingResult r =
      serving::SimulateServing(config, AllAtOnce(count, input, output));
  if (r.requests != count) c.Fail("requests", "not every request completed");
  const int gpus = perf::ReplicaGpus(config.deployment);
  if (c.Str("metric") != "output_tokens_per_s_per_gpu") {
    c.Fail("metric", "expected output_tokens_per_s_per_gpu");
  }
  return {r.throughput_tokens_per_s / gpus, "serving throughput",
          "output tokens/s per GPU"};
}

Prediction Server(const CaseReader& c, const serving::ServingConfig& config) {
  const int input = c.Int("input_tokens");
  const int output = c.Int("output_tokens");
  std::vector<serving::LengthSample> mix;
  const std::string spread = c.Str("mix", "spread");
  if (spread == "fixed") {
    mix.push_back({input, output});
  } else if (spread == "spread") {
    // A quarter to twice the means, capped at the largest lengths.
    const int cap_in = c.Int("max_input_tokens", 1 << 30);
    const int cap_out = c.Int("max_output_tokens", 1 << 30);
    for (const double a : {0.25, 0.5, 1.0, 1.5, 2.0}) {
      for (const double b : {0.25, 0.5, 1.0, 1.5, 2.0}) {
        mix.push_back({static_cast<std::int32_t>(
                           std::min<double>(cap_in, std::round(input * a))),
                       static_cast<std::int32_t>(
                           std::min<double>(cap_out, std::round(output * b)))});
      }
    }
  } else {
    c.Fail("mix", "expected spread or fixed");
  }
  const serving::Capacity cap = serving::FindCapacity(
      config, mix, static_cast<std::uint64_t>(c.Int("seed", 11)));
  if (c.Str("metric") != "output_tokens_per_s_per_gpu") {
    c.Fail("metric", "expected output_tokens_per_s_per_gpu");
  }
  return {cap.throughput_tokens_per_s / perf::ReplicaGpus(config.deployment),
          "serving throughput", "output tokens/s per GPU"};
}

Prediction Iteration(const CaseReader& c,
                     const serving::ServingConfig& config) {
  const perf::InferenceCostModel model(config.deployment);
  const int gpus = model.Gpus();
  const std::string metric = c.Str("metric");
  perf::IterationBatch b;
  if (metric == "decode_tokens_per_s_per_gpu") {
    const double per_gpu = c.Num("batch_per_gpu");
    b.decode_sequences = static_cast<std::int64_t>(per_gpu * gpus);
    b.decode_context = per_gpu * gpus * c.Num("context");
    const perf::IterationCost cost = model.IterationTime(b);
    return {per_gpu / cost.time_s, "serving throughput",
            "output tokens/s per GPU"};
  }
  if (metric == "prefill_tokens_per_s_per_gpu") {
    const double prompt = c.Num("input_tokens");
    const double cached = c.Num("cached_share", 0) * prompt;
    const double computed = prompt - cached;
    const double tokens_per_gpu = c.Num("prefill_tokens_per_gpu");
    const double prompts_per_gpu = tokens_per_gpu / computed;
    b.prefill_sequences =
        static_cast<std::int64_t>(std::ceil(prompts_per_gpu * gpus));
    b.prefill_tokens = tokens_per_gpu * gpus;
    b.prefill_attention_context =
        b.prefill_tokens * (cached + (computed + 1) / 2);
    const perf::IterationCost cost = model.IterationTime(b);
    return {prompts_per_gpu * prompt / cost.time_s, "serving throughput",
            "prompt tokens/s per GPU"};
  }
  c.Fail("metric",
         "expected decode_tokens_per_s_per_gpu or "
         "prefill_tokens_per_s_per_gpu");
}

Prediction Latency(const CaseReader& c, const serving::ServingConfig& config) {
  const int batch = c.Int("batch", 1);
  std::vector<serving::RequestRecord> records;
  const serving::ServingResult r = serving::SimulateServing(
      config, AllAtOnce(batch, c.Int("input_tokens"), c.Int("output_tokens")),
      &records);
  if (r.requests != batch) c.Fail("batch", "not every request completed");
  const std::string metric = c.Str("metric");
  double sum = 0;
  if (metric == "ttft_mean_s") {
    for (const auto& rec : records) sum += rec.ttft_s;
  } else if (metric == "e2e_mean_s") {
    return {r.mean_e2e_s, "serving latency", "s"};
  } else {
    c.Fail("metric", "expected ttft_mean_s or e2e_mean_s");
  }
  return {sum / batch, "serving latency", "s"};
}

}  // namespace

std::optional<Prediction> PredictServing(const std::string& kind,
                                         const CaseReader& c,
                                         const catalog::Catalog& catalog) {
  if (kind != "serving-offline" && kind != "serving-server" &&
      kind != "serving-iteration" && kind != "serving-latency") {
    return std::nullopt;
  }
  const serving::ServingConfig config = ConfigOf(c, catalog);
  if (kind == "serving-offline") return Offline(c, config);
  if (kind == "serving-server") return Server(c, config);
  if (kind == "serving-iteration") return Iteration(c, config);
  return Latency(c, config);
}

}  // namespace kardashev::validate::internal
