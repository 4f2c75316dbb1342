#include "kardashev/catalog/readers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace kardashev::catalog {

GpuSpec ReadGpu(EntryReader& r) {
  GpuSpec g;
  g.name = r.String("name");
  g.display = r.String("display");
  g.vendor = r.String("vendor");
  g.bf16_dense_flops = r.Number("bf16_dense_flops", 1e9);
  g.fp8_dense_flops = r.Number("fp8_dense_flops", 0);
  g.fp4_dense_flops = r.OptionalNumber("fp4_dense_flops", 0, 0);
  g.hbm_bytes = r.Number("hbm_bytes", 1e9);
  g.hbm_bandwidth_bytes_per_s = r.Number("hbm_bandwidth_bytes_per_s", 1e9);
  g.scale_up_bandwidth_bytes_per_s =
      r.Number("scale_up_bandwidth_bytes_per_s", 1e9);
  g.scale_up_domain_gpus = r.Int("scale_up_domain_gpus", 1);
  g.tdp_w = r.Number("tdp_w", 1);
  g.idle_w = r.Number("idle_w", 0);
  g.price_usd = r.Number("price_usd", 0);
  g.source = r.String("source");
  r.OptionalString("assumptions");
  return g;
}

NodeSpec ReadNode(EntryReader& r) {
  NodeSpec n;
  n.name = r.String("name");
  n.display = r.String("display");
  n.gpu = r.String("gpu");
  n.gpus = r.Int("gpus", 1);
  n.host_power_w = r.Number("host_power_w", 0);
  n.host_idle_w = r.Number("host_idle_w", 0);
  n.price_usd = r.Number("price_usd", 0);
  n.source = r.String("source");
  r.OptionalString("assumptions");
  return n;
}

FabricSpec ReadFabric(EntryReader& r) {
  FabricSpec f;
  f.name = r.String("name");
  f.display = r.String("display");
  f.bandwidth_bytes_per_s_per_gpu =
      r.Number("bandwidth_bytes_per_s_per_gpu", 1e6);
  f.latency_s = r.Number("latency_s", 0);
  f.price_usd_per_gpu = r.Number("price_usd_per_gpu", 0);
  f.source = r.String("source");
  r.OptionalString("assumptions");
  return f;
}

ModelSpec ReadModel(EntryReader& r) {
  ModelSpec m;
  m.name = r.String("name");
  m.display = r.String("display");
  m.layers = r.Int("layers", 1);
  m.hidden_size = r.Int("hidden_size", 1);
  m.heads = r.Int("heads", 1);
  m.kv_heads = r.Int("kv_heads", 1);
  m.head_dim = r.Int("head_dim", 1);
  m.ffn_hidden_size = r.Int("ffn_hidden_size", 1);
  m.vocab_size = r.Int("vocab_size", 1);
  m.max_seq_len = r.Int("max_seq_len", 1);
  m.experts = r.Int("experts", 0);
  m.experts_per_token = r.Int("experts_per_token", 0);
  m.shared_experts = r.Int("shared_experts", 0);
  m.moe_ffn_hidden_size = r.Int("moe_ffn_hidden_size", 0);
  m.dense_layers = r.Int("dense_layers", 0);
  m.kv_lora_rank = r.OptionalInt("kv_lora_rank", 0);
  m.q_lora_rank = r.OptionalInt("q_lora_rank", 0);
  m.qk_rope_head_dim = r.OptionalInt("qk_rope_head_dim", 0);
  m.qk_nope_head_dim = r.OptionalInt("qk_nope_head_dim", 0);
  m.v_head_dim = r.OptionalInt("v_head_dim", 0);
  m.gated_mlp = r.Bool("gated_mlp");
  m.published_params = r.Number("published_params", 1e6);
  m.published_active_params = r.Number("published_active_params", 1e6);
  m.source = r.String("source");
  r.OptionalString("notes");
  r.OptionalString("assumptions");
  return m;
}

FailureComponent ReadFailureComponent(EntryReader& r) {
  FailureComponent f;
  f.name = r.String("name");
  f.category = r.String("category");
  f.planned = r.Bool("planned");
  f.job_scope = r.Choice("scope", {"node", "job"}) == "job";
  f.llama3_count = r.Int("llama3_count", 0);
  f.rate_per_gpu_hour = r.Number("rate_per_gpu_hour", 0);
  f.source = r.String("source");
  r.OptionalString("assumptions");
  return f;
}

RepairOutcome ReadRepairOutcome(EntryReader& r) {
  RepairOutcome o;
  o.name = r.String("name");
  o.median_h = r.Number("median_hours", 1e-3);
  o.sigma = r.Number("sigma", 0);
  r.String("source");
  r.OptionalString("assumptions");
  return o;
}

namespace {

constexpr std::string_view kRepairOutcomeNames[] = {"reset", "onsite_swap",
                                                    "rma", "maintenance"};

}  // namespace

RepairMix ReadRepairMix(EntryReader& r) {
  RepairMix m;
  m.name = r.String("name");
  double total = 0;
  for (const std::string_view outcome : kRepairOutcomeNames) {
    const double share = r.Number(outcome, 0);
    total += share;
    if (share > 0) m.shares.emplace_back(outcome, share);
  }
  if (std::fabs(total - 1) > 1e-6) {
    r.Fail("", fmt::format("the outcome shares sum to {}, expected 1", total));
  }
  r.String("source");
  r.OptionalString("assumptions");
  return m;
}

void ResolveRepairs(const std::vector<RepairOutcome>& outcomes,
                    const std::vector<RepairMix>& mixes,
                    std::vector<FailureComponent>& components) {
  for (FailureComponent& f : components) {
    const auto mix =
        std::find_if(mixes.begin(), mixes.end(),
                     [&](const RepairMix& m) { return m.name == f.category; });
    if (mix == mixes.end()) {
      throw CatalogError(fmt::format(
          "catalog: failure component '{}' has category '{}', which has no "
          "[[repair_mix]] (known: {})",
          f.name, f.category, NameList(mixes)));
    }
    for (const auto& entry : mix->shares) {
      const std::string& name = entry.first;
      const double share = entry.second;
      const auto o =
          std::find_if(outcomes.begin(), outcomes.end(),
                       [&](const RepairOutcome& x) { return x.name == name; });
      if (o == outcomes.end()) {
        throw CatalogError(fmt::format(
            "catalog: [[repair_mix]] '{}' gives a share to '{}', which is "
            "not a [[repair_outcome]] (known: {})",
            mix->name, name, NameList(outcomes)));
      }
      RepairOutcome resolved = *o;
      resolved.share = share;
      f.repair.push_back(std::move(resolved));
    }
  }
}

EfficiencySpec ReadEfficiency(EntryReader& r) {
  EfficiencySpec e;
  e.name = r.String("name");
  e.display = r.String("display");
  e.gemm = r.Number("gemm", 1e-3);
  e.attention = r.Number("attention", 1e-3);
  e.attention_kernel = r.Number("attention_kernel", 1e-3);
  e.hbm = r.Number("hbm", 1e-3);
  e.small_op_bytes_per_hidden = r.Number("small_op_bytes_per_hidden", 0);
  e.scale_up = r.Number("scale_up", 1e-3);
  e.scale_up_latency_s = r.Number("scale_up_latency_s", 0);
  e.scale_out = r.Number("scale_out", 1e-3);
  e.tp_overlap = r.Number("tp_overlap", 0);
  e.cp_overlap = r.Number("cp_overlap", 0);
  e.ep_overlap = r.Number("ep_overlap", 0);
  e.pp_overlap = r.Number("pp_overlap", 0);
  e.dp_overlap = r.Number("dp_overlap", 0);
  e.usable_hbm = r.Number("usable_hbm", 1e-3);
  e.micro_batch_overhead_s = r.Number("micro_batch_overhead_s", 0);
  e.optimizer_bytes_per_param = r.Number("optimizer_bytes_per_param", 0);
  e.source = r.String("source");
  r.OptionalString("assumptions");
  return e;
}

GemmEfficiencySpec ReadGemmEfficiency(EntryReader& r) {
  GemmEfficiencySpec g;
  g.name = r.String("name");
  g.gpus = r.String("gpus");
  g.precision = r.Choice("precision", {"bf16", "fp8"});
  g.peak_share = r.Number("peak_share", 1e-3, 1);
  g.tile_reuse_half = r.Number("tile_reuse_half", 0);
  g.tile_k_overhead = r.Number("tile_k_overhead", 0);
  g.hbm_share = r.Number("hbm_share", 1e-3, 1);
  g.launch_s = r.Number("launch_s", 0);
  g.sms = r.Int("sms", 1);
  g.attention_share = r.Number("attention_share", 1e-3, 1);
  g.attention_backward_ratio = r.Number("attention_backward_ratio", 1e-3);
  g.attention_kv_half_tokens = r.Number("attention_kv_half_tokens", 0);
  g.attention_head_dim_half = r.Number("attention_head_dim_half", 0);
  g.source = r.String("source");
  r.OptionalString("assumptions");
  return g;
}

InferenceEfficiencySpec ReadInferenceEfficiency(EntryReader& r) {
  InferenceEfficiencySpec e;
  e.name = r.String("name");
  e.display = r.String("display");
  e.gemm = r.Number("gemm", 1e-3);
  e.hbm = r.Number("hbm", 1e-3);
  e.attention = r.Number("attention", 1e-3);
  e.scale_up = r.Number("scale_up", 1e-3);
  e.scale_up_latency_s = r.Number("scale_up_latency_s", 0);
  e.step_overhead_s = r.Number("step_overhead_s", 0);
  e.overhead_per_sequence_s = r.Number("overhead_per_sequence_s", 0);
  e.cpu_overlap = r.Number("cpu_overlap", 0, 1);
  e.ep_overlap = r.Number("ep_overlap", 0, 1);
  e.scale_out = r.Number("scale_out", 1e-3);
  e.expert_imbalance = r.Number("expert_imbalance", 1);
  e.memory_share = r.Number("memory_share", 1e-3);
  e.source = r.String("source");
  r.OptionalString("assumptions");
  return e;
}

RecoverySpec ReadRecovery(EntryReader& r) {
  RecoverySpec e;
  e.name = r.String("name");
  e.display = r.String("display");
  e.detection_s = r.Number("detection_s", 0);
  e.rescheduling_s = r.Number("rescheduling_s", 0);
  e.warmup_s = r.Number("warmup_s", 0);
  e.host_copy_bytes_per_s_per_gpu =
      r.Number("host_copy_bytes_per_s_per_gpu", 1e6);
  e.source = r.String("source");
  r.OptionalString("assumptions");
  return e;
}

}  // namespace kardashev::catalog
