// The [[serving]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "kardashev/perf/inference.h"
#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/serving/replica_simulator.h"
#include "kardashev/serving/trace.h"

namespace kardashev::scenario {

using keys::Bool;
using keys::Choices;
using keys::Default;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

namespace {

namespace fs = std::filesystem;

std::vector<Choice<Arrival>> ArrivalChoices() {
  return {{"trace", Arrival::kTrace},
          {"poisson", Arrival::kPoisson},
          {"gamma", Arrival::kGamma}};
}
std::vector<Choice<serving::BatchPolicy>> PolicyChoices() {
  return {{"vllm", serving::BatchPolicy::kVllm},
          {"sarathi", serving::BatchPolicy::kSarathi}};
}
std::vector<Choice<serving::KvPolicy>> KvPolicyChoices() {
  return {{"preempt", serving::KvPolicy::kPreempt},
          {"reserve", serving::KvPolicy::kReserve}};
}
std::vector<Choice<serving::Router>> RouterChoices() {
  return {{"round-robin", serving::Router::kRoundRobin},
          {"least-outstanding", serving::Router::kLeastOutstanding}};
}

// The keys a deployment's expert parallelism is read from: the decode (or
// only) pool's, or the prefill pool's.
struct ExpertKeys {
  const char* ep;
  const char* attention_dp;
};

// Refuses, at the key that is wrong, expert parallelism that does not fit the
// model, its GPU or the fabric (`fabric_named`: the deployment names one).
void CheckExpertParallelism(const Reader& r, const catalog::Catalog& cat,
                            const perf::InferenceDeployment& d,
                            bool fabric_named, const ExpertKeys& k) {
  const auto& m = d.model;
  const auto& g = d.gpu;
  if (m.experts == 0 &&
      (d.ep > 1 || d.attention_dp > 1 || d.redundant_experts > 0)) {
    r.Fail(d.ep > 1
               ? k.ep
               : (d.attention_dp > 1 ? k.attention_dp : "redundant_experts"),
           fmt::format("{} is dense: expert parallelism needs a "
                       "mixture-of-experts model (serve more replicas)",
                       m.name));
  }
  if (d.attention_dp > 1 && d.ep != d.tp * d.attention_dp) {
    r.Fail(k.attention_dp,
           fmt::format("{} = {} needs {} = tp x attention_dp = {}: the "
                       "attention groups' GPUs hold the experts",
                       k.attention_dp, d.attention_dp, k.ep,
                       d.tp * d.attention_dp));
  }
  if (d.ep > 1 && d.ep != d.tp * d.attention_dp) {
    r.Fail(k.ep, fmt::format("{} = {} must equal tp x attention_dp = {} x {}",
                             k.ep, d.ep, d.tp, d.attention_dp));
  }
  if (d.ep == 1 && d.redundant_experts > 0) {
    r.Fail("redundant_experts", "redundant experts need ep > 1");
  }
  if (d.ep > 1 && (m.experts + d.redundant_experts) % d.ep != 0) {
    r.Fail(k.ep,
           fmt::format("{} = {} does not divide the {} routed experts "
                       "(+ {} redundant) of {}",
                       k.ep, d.ep, m.experts, d.redundant_experts, m.name));
  }
  const int gpus = d.tp * d.attention_dp;
  if (gpus > g.scale_up_domain_gpus && !fabric_named) {
    r.Fail("fabric",
           fmt::format("a replica of {} GPUs spans more than the {}-GPU "
                       "scale-up domain of {}: name its scale-out fabric "
                       "(known: {})",
                       gpus, g.scale_up_domain_gpus, g.name,
                       catalog::NameList(cat.fabrics())));
  }
}

// Expert parallelism: `ep`, `attention_dp`, `redundant_experts` and the
// scale-out `fabric` of a replica wider than one scale-up domain, each refused
// at its own key when inconsistent.
void ReadExpertParallelism(const Reader& r, const catalog::Catalog& cat,
                           perf::InferenceDeployment& d) {
  d.ep = r.Int("ep");
  d.attention_dp = r.Int("attention_dp");
  d.redundant_experts = r.Int("redundant_experts");
  const std::string fabric = r.String("fabric");
  if (!fabric.empty()) {
    d.fabric = CatalogEntry(r, "fabric", "fabric", cat.FindFabric(fabric),
                            cat.fabrics());
  }
  CheckExpertParallelism(r, cat, d, !fabric.empty(),
                         ExpertKeys{"ep", "attention_dp"});
}

// The prefix cache and the prefill pool's own plan (disaggregation): its tp,
// expert parallelism (e.g. a narrower EP for prompts than for decoding) and
// token budget. A prefill plan that cannot hold the model is refused at
// `prefill_tp`; the prefill keys without prefill replicas are refused as
// having no effect.
void ReadCacheAndPrefillPool(const Reader& r, const catalog::Catalog& cat,
                             serving::ServingConfig& c) {
  c.prefix_cache_hit_share = r.Number("prefix_cache_hit_share");
  c.prefill_max_batched_tokens =
      static_cast<int>(r.Int("prefill_max_batched_tokens"));
  for (const char* key : {"prefill_tp", "prefill_ep", "prefill_attention_dp",
                          "prefill_max_batched_tokens"}) {
    if (c.prefill_replicas == 0 && r.Int(key) > 0) {
      r.Fail(key, fmt::format("{} sets the prefill pool's plan, which only "
                              "prefill_replicas > 0 has; set "
                              "prefill_replicas or remove {}",
                              key, key));
    }
  }
  const int prefill_tp = static_cast<int>(r.Int("prefill_tp"));
  const int prefill_ep = static_cast<int>(r.Int("prefill_ep"));
  const int prefill_adp = static_cast<int>(r.Int("prefill_attention_dp"));
  if (prefill_tp == 0 && prefill_ep == 0 && prefill_adp == 0) return;
  perf::InferenceDeployment prefill = c.deployment;
  if (prefill_tp > 0) prefill.tp = prefill_tp;
  if (prefill_ep > 0) prefill.ep = prefill_ep;
  if (prefill_adp > 0) prefill.attention_dp = prefill_adp;
  if (prefill.ep == 1) prefill.redundant_experts = 0;
  CheckExpertParallelism(r, cat, prefill, !r.String("fabric").empty(),
                         ExpertKeys{"prefill_ep", "prefill_attention_dp"});
  try {
    perf::KvCacheTokens(prefill);
  } catch (const perf::PlanError& e) {
    throw ScenarioError(
        r.Where("prefill_tp"), r.Path("prefill_tp"),
        fmt::format("the prefill deployment is refused: {}", e.what()));
  }
  c.prefill_deployment = prefill;
}

// The deployment, its batching and routing. A deployment whose weights leave
// no room for a KV cache is refused at its `tp`.
serving::ServingConfig ReadConfig(const Reader& r, const ReadContext& in) {
  const catalog::Catalog& cat = in.catalog;
  serving::ServingConfig c;
  const auto& model = CatalogEntry(
      r, "model", "model", cat.FindModel(r.String("model")), cat.models());
  const auto& gpu =
      CatalogEntry(r, "gpu", "GPU", cat.FindGpu(r.String("gpu")), cat.gpus());
  const auto& efficiency =
      CatalogEntry(r, "efficiency", "inference efficiency set",
                   cat.FindInferenceEfficiency(r.String("efficiency")),
                   cat.inference_efficiencies());
  c.deployment.model = model;
  c.deployment.gpu = gpu;
  c.deployment.efficiency = efficiency;
  c.deployment.tp = r.Int("tp");
  c.deployment.weights = r.Enum("weights", PrecisionChoices());
  c.deployment.kv_cache = r.Enum("kv_cache", PrecisionChoices());
  for (const char* key : {"weights", "kv_cache"}) {
    if (r.Enum(key, PrecisionChoices()) == perf::Precision::kFp4 &&
        gpu.fp4_dense_flops <= 0) {
      r.Fail(key, fmt::format("{} has no FP4 tensor cores (FP4 needs a "
                              "Blackwell-class GPU: b200, gb200)",
                              gpu.name));
    }
  }
  ReadExpertParallelism(r, cat, c.deployment);
  try {
    perf::KvCacheTokens(c.deployment);
  } catch (const perf::PlanError& e) {
    throw ScenarioError(r.Where("tp"), r.Path("tp"),
                        fmt::format("the deployment is refused: {}", e.what()));
  }
  c.replicas = r.Int("replicas");
  c.scheduler.policy = r.Enum("policy", PolicyChoices());
  c.scheduler.max_batched_tokens = r.Int("max_batched_tokens");
  c.scheduler.max_sequences = r.Int("max_sequences");
  c.scheduler.block_tokens = r.Int("block_tokens");
  c.router = r.Enum("router", RouterChoices());
  c.slo = serving::Slo{r.Number("slo_ttft_s"), r.Number("slo_tpot_s")};
  c.scheduler.kv_policy = r.Enum("kv_policy", KvPolicyChoices());
  c.prefill_replicas = r.Int("prefill_replicas");
  ReadCacheAndPrefillPool(r, cat, c);
  const catalog::FabricSpec& link =
      CatalogEntry(r, "kv_fabric", "fabric",
                   cat.FindFabric(r.String("kv_fabric")), cat.fabrics());
  // Each GPU of a replica sends its shard of the KV cache over its own NIC;
  // the side with fewer GPUs bounds the transfer.
  c.kv_link_bytes_per_s = link.bandwidth_bytes_per_s_per_gpu *
                          std::min(perf::ReplicaGpus(c.deployment),
                                   perf::ReplicaGpus(c.PrefillDeployment()));
  c.kv_link_latency_s = link.latency_s;
  return c;
}

// The arrival settings. A trace that cannot be read is refused at `trace`.
void ReadArrivals(const Reader& r, ServingSpec& sv) {
  sv.trace = r.String("trace");
  std::size_t traced = 0;
  if (!sv.trace.empty()) {
    sv.trace_path = (fs::path(r.Where("trace").file).parent_path() / sv.trace)
                        .lexically_normal()
                        .string();
    try {
      traced = serving::ReadAzureTrace(sv.trace_path).size();
    } catch (const serving::TraceError& e) {
      r.Fail("trace", e.what());
    }
  }
  sv.arrival = r.Enum("arrival", ArrivalChoices());
  sv.rate_per_s = r.Number("rate_per_s");
  sv.arrival_cv = r.Number("arrival_cv");
  sv.requests = r.Int("requests");
  sv.prompt_tokens = r.Int("prompt_tokens");
  sv.output_tokens = r.Int("output_tokens");
  if (sv.arrival == Arrival::kTrace) {
    if (sv.trace.empty()) {
      r.Fail("arrival",
             "arrival = \"trace\" needs a `trace` file; set one, or choose "
             "arrival = \"poisson\" or \"gamma\" with rate_per_s");
    }
    return;
  }
  if (sv.rate_per_s <= 0) {
    r.Fail("rate_per_s", fmt::format("arrival = \"{}\" needs rate_per_s > 0",
                                     ArrivalName(sv.arrival)));
  }
  if (traced == 0 && (sv.prompt_tokens < 1 || sv.output_tokens < 1)) {
    r.Fail("prompt_tokens",
           "synthetic arrivals without a trace need prompt_tokens >= 1 "
           "and output_tokens >= 1");
  }
}

}  // namespace

SectionDecl ServingSection() {
  return SectionDecl{
      "serving",
      true,
      "An inference deployment simulated at iteration level: replicas of a "
      "model on GPUs, "
      "fed by a request trace or by synthetic arrivals.",
      {
          Str("name", "Unique name of the deployment."),
          Str("model", "Catalog model (kardashev catalog models)."),
          Str("gpu", "Catalog GPU (kardashev catalog gpus)."),
          DefaultInt(
              Range(Int("tp", "", "Tensor-parallel GPUs per replica."), 1, 72,
                    "up to 72 GPUs, the largest NVLink domain (GB200 NVL72)"),
              perf::InferenceDeployment{}.tp),
          DefaultInt(
              Range(Int("replicas", "", "Replicas behind the router."), 1, 1000,
                    "up to 1,000 replicas, each simulated at "
                    "iteration level (a thousand take tens of "
                    "seconds)"),
              serving::ServingConfig{}.replicas),
          DefaultStr(Choices(Str("weights", "Precision of the weights."),
                             ChoiceNames(PrecisionChoices())),
                     ChoiceName(PrecisionChoices(),
                                perf::InferenceDeployment{}.weights)),
          DefaultStr(Choices(Str("kv_cache", "Precision of the KV cache."),
                             ChoiceNames(PrecisionChoices())),
                     ChoiceName(PrecisionChoices(),
                                perf::InferenceDeployment{}.kv_cache)),
          DefaultInt(
              Range(Int("ep", "GPUs",
                        "Expert parallelism: GPUs the routed experts are "
                        "spread over; above 1 it equals tp x attention_dp."),
                    1, 4096,
                    "up to 4,096 GPUs, beyond any published expert-parallel "
                    "deployment (DeepSeek's decode runs EP144)"),
              perf::InferenceDeployment{}.ep),
          DefaultInt(
              Range(Int("attention_dp", "",
                        "Data-parallel attention groups of tp GPUs in one "
                        "replica (mixture-of-experts models with ep)."),
                    1, 4096, "up to 4,096 groups, as ep"),
              perf::InferenceDeployment{}.attention_dp),
          DefaultInt(Range(Int("redundant_experts", "experts",
                               "Extra copies of heavy routed experts for load "
                               "balancing (DeepSeek runs 32)."),
                           0, 4096, "up to 4,096 copies, as ep"),
                     perf::InferenceDeployment{}.redundant_experts),
          DefaultStr(Str("fabric",
                         "Catalog fabric between the scale-up domains of a "
                         "replica wider than one; \"\" for none."),
                     ""),
          DefaultStr(Str("efficiency",
                         "Catalog inference efficiency set (kardashev catalog "
                         "efficiency)."),
                     "vllm-fp8"),
          DefaultStr(
              Choices(Str("policy",
                          "Batching: vLLM-style prefill-first, or Sarathi-"
                          "style chunked prefill."),
                      ChoiceNames(PolicyChoices())),
              ChoiceName(PolicyChoices(), serving::SchedulerConfig{}.policy)),
          DefaultInt(
              Range(Int("max_batched_tokens", "tokens",
                        "Prompt tokens per iteration (sarathi: the whole token "
                        "budget)."),
                    1, 10'000'000,
                    "up to ten million tokens, beyond any KV cache"),
              serving::SchedulerConfig{}.max_batched_tokens),
          DefaultInt(
              Range(Int("max_sequences", "sequences",
                        "Running sequences per replica."),
                    1, 100000, "up to 100,000 sequences, beyond any KV cache"),
              serving::SchedulerConfig{}.max_sequences),
          DefaultInt(
              Range(Int("block_tokens", "tokens", "KV-cache page size."), 1,
                    4096, "up to 4,096 tokens a page, beyond any engine's"),
              serving::SchedulerConfig{}.block_tokens),
          DefaultStr(
              Choices(Str("kv_policy",
                          "When the KV cache is full: preempt and recompute "
                          "(vLLM), "
                          "or reserve a request's whole output at admission."),
                      ChoiceNames(KvPolicyChoices())),
              ChoiceName(KvPolicyChoices(),
                         serving::SchedulerConfig{}.kv_policy)),
          DefaultInt(Range(Int("prefill_replicas", "",
                               "Prefill-only replicas added for prefill/decode "
                               "disaggregation; 0 for none."),
                           0, 1000,
                           "up to 1,000 replicas, each simulated at "
                           "iteration level (a thousand take tens of "
                           "seconds)"),
                     serving::ServingConfig{}.prefill_replicas),
          // Prefix cache and the prefill pool's own plan.
          Default(Range(Num("prefix_cache_hit_share", "",
                            "Share of each prompt's tokens served from a "
                            "prefix cache: they hold KV cache but skip "
                            "prefill (DeepSeek reports 56% of input tokens "
                            "hitting its on-disk cache, figures.csv H10)."),
                        0, 0.99,
                        "a share; below 1 since the last prompt token is "
                        "always computed"),
                  serving::ServingConfig{}.prefix_cache_hit_share),
          DefaultInt(Range(Int("prefill_tp", "",
                               "Tensor-parallel GPUs per prefill replica "
                               "(disaggregation); 0: the same as tp."),
                           0, 72,
                           "up to 72 GPUs, the largest NVLink domain "
                           "(GB200 NVL72)"),
                     0),
          DefaultInt(Range(Int("prefill_ep", "",
                               "Expert-parallel GPUs per prefill replica "
                               "(disaggregation; = prefill tp x "
                               "prefill_attention_dp); 0: the same as ep."),
                           0, 4096,
                           "up to 4,096 GPUs, beyond any model's "
                           "experts"),
                     0),
          DefaultInt(Range(Int("prefill_attention_dp", "",
                               "Data-parallel attention groups per prefill "
                               "replica (disaggregation); 0: the same as "
                               "attention_dp."),
                           0, 4096, "up to 4,096 groups"),
                     0),
          DefaultInt(
              Range(Int("prefill_max_batched_tokens", "tokens",
                        "Prompt tokens per iteration on prefill replicas "
                        "(disaggregation); 0: max_batched_tokens."),
                    0, 10'000'000,
                    "up to ten million tokens, beyond any KV cache"),
              serving::ServingConfig{}.prefill_max_batched_tokens),
          DefaultStr(
              Str("kv_fabric",
                  "Catalog fabric that carries KV caches from prefill to "
                  "decode replicas (disaggregation)."),
              "ib-ndr400"),
          DefaultStr(
              Choices(Str("router", "How arrivals are spread over replicas."),
                      ChoiceNames(RouterChoices())),
              ChoiceName(RouterChoices(), serving::ServingConfig{}.router)),
          DefaultStr(Str("trace",
                         "Request trace (Azure LLM trace CSV), relative to the "
                         "scenario file; \"\" for none."),
                     ""),
          DefaultStr(
              Choices(Str("arrival",
                          "Arrival process: the trace's timestamps, or "
                          "synthetic (lengths from the trace if given)."),
                      ChoiceNames(ArrivalChoices())),
              ChoiceName(ArrivalChoices(), ServingSpec{}.arrival)),
          Default(Range(Num("rate_per_s", "requests/s",
                            "Mean arrival rate of synthetic arrivals."),
                        0, 1e6,
                        "up to a million requests per second, beyond the "
                        "largest public APIs"),
                  ServingSpec{}.rate_per_s),
          Default(Range(Num("arrival_cv", "",
                            "Coefficient of variation of gamma "
                            "inter-arrival times."),
                        0.01, 100, "from nearly periodic to extremely bursty"),
                  ServingSpec{}.arrival_cv),
          DefaultInt(
              Range(Int("requests", "requests",
                        "Synthetic requests to simulate."),
                    1, 100'000'000, "up to 10^8 requests, each simulated"),
              ServingSpec{}.requests),
          DefaultInt(
              Range(Int("prompt_tokens", "tokens",
                        "Prompt length of synthetic requests without a trace."),
                    0, 10'000'000,
                    "up to ten million tokens, beyond any context"),
              ServingSpec{}.prompt_tokens),
          DefaultInt(
              Range(Int("output_tokens", "tokens",
                        "Output length of synthetic requests without a trace."),
                    0, 10'000'000,
                    "up to ten million tokens, beyond any context"),
              ServingSpec{}.output_tokens),
          Default(Range(Num("slo_ttft_s", "s",
                            "p99 time-to-first-token bound (default: MLPerf's, "
                            "figures.csv "
                            "C08)."),
                        0.001, 3600, "from a millisecond to an hour"),
                  serving::Slo{}.ttft_s),
          Default(
              Range(Num("slo_tpot_s", "s",
                        "p99 time-per-output-token bound (default: "
                        "MLPerf's, figures.csv "
                        "C08)."),
                    0.0001, 60, "from a tenth of a millisecond to a minute"),
              serving::Slo{}.tpot_s),
          Bool("enabled", true,
               "false drops the deployment (useful in variants)."),
      }};
}

std::string_view ArrivalName(Arrival arrival) {
  return ChoiceName(ArrivalChoices(), arrival);
}

void ReadServing(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "serving")) {
    if (!r.Bool("enabled")) continue;
    ServingSpec sv;
    sv.name = r.String("name");
    sv.config = ReadConfig(r, in);
    ReadArrivals(r, sv);
    if (const catalog::NodeSpec* node =
            in.catalog.FirstNodeWithGpu(sv.config.deployment.gpu.name)) {
      sv.host_price_usd_per_gpu = node->price_usd / node->gpus;
      sv.host_power_w_per_gpu = node->host_power_w / node->gpus;
      sv.host_idle_w_per_gpu = node->host_idle_w / node->gpus;
    }
    s.serving.push_back(std::move(sv));
  }
}

}  // namespace kardashev::scenario
