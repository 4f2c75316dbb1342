// The keys of a served deployment's plan, shared by [[serving]] and
// [[product]]: tensor and expert parallelism, precisions, the inference
// efficiency set and the batching of each replica.
#include <fmt/format.h>

#include "kardashev/perf/inference.h"
#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Choices;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Range;
using keys::Str;

namespace {

std::vector<Choice<serving::BatchPolicy>> PolicyChoices() {
  return {{"vllm", serving::BatchPolicy::kVllm},
          {"sarathi", serving::BatchPolicy::kSarathi}};
}
std::vector<Choice<serving::KvPolicy>> KvPolicyChoices() {
  return {{"preempt", serving::KvPolicy::kPreempt},
          {"reserve", serving::KvPolicy::kReserve}};
}

// Expert parallelism: `ep`, `attention_dp`, `redundant_experts` and the
// scale-out `fabric` of a replica wider than one scale-up domain.
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
}

}  // namespace

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

KeyDecl DeploymentTpKey() {
  return DefaultInt(
      Range(Int("tp", "", "Tensor-parallel GPUs per replica."), 1, 72,
            "up to 72 GPUs, the largest NVLink domain (GB200 NVL72)"),
      perf::InferenceDeployment{}.tp);
}

std::vector<KeyDecl> DeploymentKeys() {
  return {
      DefaultStr(
          Choices(Str("weights", "Precision of the weights."),
                  ChoiceNames(PrecisionChoices())),
          ChoiceName(PrecisionChoices(), perf::InferenceDeployment{}.weights)),
      DefaultStr(
          Choices(Str("kv_cache", "Precision of the KV cache."),
                  ChoiceNames(PrecisionChoices())),
          ChoiceName(PrecisionChoices(), perf::InferenceDeployment{}.kv_cache)),
      DefaultInt(Range(Int("ep", "GPUs",
                           "Expert parallelism: GPUs the routed experts are "
                           "spread over; above 1 it equals tp x attention_dp."),
                       1, 4096,
                       "up to 4,096 GPUs, beyond any published expert-parallel "
                       "deployment (DeepSeek's decode runs EP144)"),
                 perf::InferenceDeployment{}.ep),
      DefaultInt(Range(Int("attention_dp", "",
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
                1, 10'000'000, "up to ten million tokens, beyond any KV cache"),
          serving::SchedulerConfig{}.max_batched_tokens),
      DefaultInt(
          Range(Int("max_sequences", "sequences",
                    "Running sequences per replica."),
                1, 100000, "up to 100,000 sequences, beyond any KV cache"),
          serving::SchedulerConfig{}.max_sequences),
      DefaultInt(Range(Int("block_tokens", "tokens", "KV-cache page size."), 1,
                       4096, "up to 4,096 tokens a page, beyond any engine's"),
                 serving::SchedulerConfig{}.block_tokens),
      DefaultStr(
          Choices(Str("kv_policy",
                      "When the KV cache is full: preempt and recompute "
                      "(vLLM), "
                      "or reserve a request's whole output at admission."),
                  ChoiceNames(KvPolicyChoices())),
          ChoiceName(KvPolicyChoices(), serving::SchedulerConfig{}.kv_policy)),
  };
}

void ReadDeploymentKeys(const Reader& r, const catalog::Catalog& cat,
                        serving::ServingConfig& c) {
  c.deployment.efficiency =
      CatalogEntry(r, "efficiency", "inference efficiency set",
                   cat.FindInferenceEfficiency(r.String("efficiency")),
                   cat.inference_efficiencies());
  c.deployment.tp = r.Int("tp");
  c.deployment.weights = r.Enum("weights", PrecisionChoices());
  c.deployment.kv_cache = r.Enum("kv_cache", PrecisionChoices());
  ReadExpertParallelism(r, cat, c.deployment);
  c.scheduler.policy = r.Enum("policy", PolicyChoices());
  c.scheduler.max_batched_tokens = r.Int("max_batched_tokens");
  c.scheduler.max_sequences = r.Int("max_sequences");
  c.scheduler.block_tokens = r.Int("block_tokens");
  c.scheduler.kv_policy = r.Enum("kv_policy", KvPolicyChoices());
}

void CheckDeploymentOnGpu(const Reader& r, const catalog::Catalog& cat,
                          const perf::InferenceDeployment& d) {
  for (const char* key : {"weights", "kv_cache"}) {
    if (r.Enum(key, PrecisionChoices()) == perf::Precision::kFp4 &&
        d.gpu.fp4_dense_flops <= 0) {
      r.Fail(key, fmt::format("{} has no FP4 tensor cores (FP4 needs a "
                              "Blackwell-class GPU: b200, gb200)",
                              d.gpu.name));
    }
  }
  CheckExpertParallelism(r, cat, d, !r.String("fabric").empty(),
                         ExpertKeys{"ep", "attention_dp"});
  try {
    perf::KvCacheTokens(d);
  } catch (const perf::PlanError& e) {
    throw ScenarioError(r.Where("tp"), r.Path("tp"),
                        fmt::format("the deployment is refused: {}", e.what()));
  }
}

}  // namespace kardashev::scenario
