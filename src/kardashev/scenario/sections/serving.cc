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
std::vector<Choice<serving::Router>> RouterChoices() {
  return {{"round-robin", serving::Router::kRoundRobin},
          {"least-outstanding", serving::Router::kLeastOutstanding}};
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
  c.deployment.model = CatalogEntry(
      r, "model", "model", cat.FindModel(r.String("model")), cat.models());
  c.deployment.gpu =
      CatalogEntry(r, "gpu", "GPU", cat.FindGpu(r.String("gpu")), cat.gpus());
  ReadDeploymentKeys(r, cat, c);
  CheckDeploymentOnGpu(r, cat, c.deployment);
  c.replicas = r.Int("replicas");
  c.router = r.Enum("router", RouterChoices());
  c.slo = serving::Slo{r.Number("slo_ttft_s"), r.Number("slo_tpot_s")};
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
  std::vector<KeyDecl> k = {
      Str("name", "Unique name of the deployment."),
      Str("model", "Catalog model (kardashev catalog models)."),
      Str("gpu", "Catalog GPU (kardashev catalog gpus)."),
      DeploymentTpKey(),
      DefaultInt(
          Range(Int("replicas", "", "Replicas behind the router."), 1, 1000,
                "up to 1,000 replicas, each simulated at "
                "iteration level (a thousand take tens of "
                "seconds)"),
          serving::ServingConfig{}.replicas),
  };
  for (KeyDecl& d : DeploymentKeys()) k.push_back(std::move(d));
  for (KeyDecl& d : std::vector<KeyDecl>{
           DefaultInt(
               Range(Int("prefill_replicas", "",
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
           DefaultStr(
               Str("trace",
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
               Range(
                   Int("prompt_tokens", "tokens",
                       "Prompt length of synthetic requests without a trace."),
                   0, 10'000'000,
                   "up to ten million tokens, beyond any context"),
               ServingSpec{}.prompt_tokens),
           DefaultInt(
               Range(
                   Int("output_tokens", "tokens",
                       "Output length of synthetic requests without a trace."),
                   0, 10'000'000,
                   "up to ten million tokens, beyond any context"),
               ServingSpec{}.output_tokens),
           Default(
               Range(Num("slo_ttft_s", "s",
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
       }) {
    k.push_back(std::move(d));
  }
  return SectionDecl{
      "serving", true,
      "An inference deployment simulated at iteration level: replicas of a "
      "model on GPUs, fed by a request trace or by synthetic arrivals.",
      std::move(k)};
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
      sv.node = *node;
    }
    s.serving.push_back(std::move(sv));
  }
}

}  // namespace kardashev::scenario
