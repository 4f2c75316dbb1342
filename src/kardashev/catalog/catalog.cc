#include "kardashev/catalog/catalog.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>
#include <string>
#include <utility>

namespace kardashev::catalog {

namespace {

std::string Where(const toml::node& node, std::string_view fallback_path) {
  const auto& src = node.source();
  const std::string path = src.path ? *src.path : std::string(fallback_path);
  return fmt::format("{}:{}:{}", path, src.begin.line, src.begin.column);
}

// Reads the keys of one catalog entry, strictly: every key read must be present
// with the right type, and Finish() rejects any key that was not read.
class EntryReader {
 public:
  EntryReader(const toml::table& table, std::string_view file,
              std::string_view kind)
      : table_(table), file_(file), kind_(kind) {}

  std::string String(std::string_view key) {
    const toml::node& n = Require(key);
    if (!n.is_string()) Fail(n, key, "a string");
    return std::string(n.as_string()->get());
  }
  std::string OptionalString(std::string_view key) {
    if (!table_.contains(key)) {
      used_.insert(std::string(key));
      return {};
    }
    return String(key);
  }
  bool Bool(std::string_view key) {
    const toml::node& n = Require(key);
    if (!n.is_boolean()) Fail(n, key, "true or false");
    return n.as_boolean()->get();
  }
  int OptionalInt(std::string_view key, int min_value) {
    if (!table_.contains(key)) {
      used_.insert(std::string(key));
      return 0;
    }
    return Int(key, min_value);
  }
  double OptionalNumber(std::string_view key, double min_value, double absent) {
    if (!table_.contains(key)) {
      used_.insert(std::string(key));
      return absent;
    }
    return Number(key, min_value);
  }
  int Int(std::string_view key, int min_value) {
    const toml::node& n = Require(key);
    if (!n.is_integer() || n.as_integer()->get() < min_value) {
      Fail(n, key, fmt::format("an integer >= {}", min_value));
    }
    return static_cast<int>(n.as_integer()->get());
  }
  // A string that must be one of `choices`.
  std::string Choice(std::string_view key,
                     std::initializer_list<std::string_view> choices) {
    const toml::node& n = Require(key);
    std::string list;
    for (const auto c : choices) {
      if (n.is_string() && n.as_string()->get() == c) return std::string(c);
      list += fmt::format("{}\"{}\"", list.empty() ? "" : " or ", c);
    }
    Fail(n, key, list);
  }
  double Number(std::string_view key, double min_value) {
    const toml::node& n = Require(key);
    double v = 0;
    if (n.is_floating_point()) {
      v = n.as_floating_point()->get();
    } else if (n.is_integer()) {
      v = static_cast<double>(n.as_integer()->get());
    } else {
      Fail(n, key, "a number");
    }
    if (!(v >= min_value))
      Fail(n, key, fmt::format("a number >= {}", min_value));
    return v;
  }
  void Finish() {
    for (const auto& [k, v] : table_) {
      if (!used_.contains(std::string(k.str()))) {
        throw CatalogError(fmt::format("{}: unknown key '{}' in a [[{}]] entry",
                                       Where(v, file_), k.str(), kind_));
      }
    }
  }

 private:
  const toml::node& Require(std::string_view key) {
    used_.insert(std::string(key));
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      throw CatalogError(fmt::format("{}: [[{}]] entry lacks the key '{}'",
                                     Where(table_, file_), kind_, key));
    }
    return *n;
  }
  [[noreturn]] void Fail(const toml::node& n, std::string_view key,
                         std::string_view expected) {
    throw CatalogError(
        fmt::format("{}: key '{}' of a [[{}]] entry: expected {}",
                    Where(n, file_), key, kind_, expected));
  }

  const toml::table& table_;
  std::string_view file_;
  std::string_view kind_;
  std::set<std::string> used_;
};

template <typename T, typename Fn>
void ReadEntries(const toml::table& doc, std::string_view file,
                 std::string_view kind, std::vector<T>& out, Fn&& read_one) {
  const toml::node* arr = doc.get(kind);
  if (arr == nullptr) return;
  if (!arr->is_array_of_tables()) {
    throw CatalogError(
        fmt::format("{}: '{}' must be an array of tables ([[{}]])",
                    Where(*arr, file), kind, kind));
  }
  for (const toml::node& entry : *arr->as_array()) {
    EntryReader r(*entry.as_table(), file, kind);
    T item = read_one(r);
    r.Finish();
    if (std::any_of(out.begin(), out.end(),
                    [&](const T& x) { return x.name == item.name; })) {
      throw CatalogError(fmt::format("{}: duplicate [[{}]] name '{}'",
                                     Where(entry, file), kind, item.name));
    }
    out.push_back(std::move(item));
  }
}

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

// A [[repair_outcome]]: its duration (the share comes from the repair mix).
RepairOutcome ReadRepairOutcome(EntryReader& r) {
  RepairOutcome o;
  o.name = r.String("name");
  o.median_h = r.Number("median_hours", 1e-3);
  o.sigma = r.Number("sigma", 0);
  r.String("source");
  r.OptionalString("assumptions");
  return o;
}

// A [[repair_mix]]: the share of each outcome for the failures of one
// component category (its name).
struct RepairMix {
  std::string name;
  std::vector<std::pair<std::string, double>> shares;
};

constexpr std::string_view kRepairOutcomeNames[] = {"reset", "onsite_swap",
                                                    "rma", "maintenance"};

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
    throw CatalogError(fmt::format(
        "catalog: [[repair_mix]] '{}': the outcome shares sum to {}, "
        "expected 1",
        m.name, total));
  }
  r.String("source");
  r.OptionalString("assumptions");
  return m;
}

// Gives each failure component the repair mix of its category.
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
  g.precision = r.String("precision");
  if (g.precision != "bf16" && g.precision != "fp8") {
    throw CatalogError(fmt::format(
        "[[gemm_efficiency]] '{}': precision must be \"bf16\" or \"fp8\"",
        g.name));
  }
  g.peak_share = r.Number("peak_share", 1e-3);
  if (g.peak_share > 1) {
    throw CatalogError(fmt::format(
        "[[gemm_efficiency]] '{}': peak_share must be at most 1", g.name));
  }
  g.half_intensity = r.Number("half_intensity", 0);
  g.attention_share = r.Number("attention_share", 1e-3);
  g.sms = r.Int("sms", 1);
  g.tile_m = r.Int("tile_m", 1);
  g.tile_n = r.Int("tile_n", 1);
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
  e.cpu_overlap = r.Number("cpu_overlap", 0);
  e.ep_overlap = r.Number("ep_overlap", 0);
  e.scale_out = r.Number("scale_out", 1e-3);
  e.expert_imbalance = r.Number("expert_imbalance", 1);
  if (e.cpu_overlap > 1 || e.ep_overlap > 1) {
    throw CatalogError(fmt::format(
        "[[inference_efficiency]] '{}': cpu_overlap and ep_overlap are shares "
        "of at most 1",
        e.name));
  }
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

template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

Catalog Catalog::LoadEmbedded() { return Load(EmbeddedCatalogFiles()); }

Catalog Catalog::Load(const std::vector<EmbeddedFile>& files) {
  Catalog c;
  std::vector<RepairOutcome> repair_outcomes;
  std::vector<RepairMix> repair_mixes;
  std::vector<GemmEfficiencySpec> gemm_sets;
  for (const EmbeddedFile& file : files) {
    toml::table doc;
    try {
      doc = toml::parse(file.text, file.path);
    } catch (const toml::parse_error& e) {
      throw CatalogError(fmt::format("{}:{}:{}: {}", file.path,
                                     e.source().begin.line,
                                     e.source().begin.column, e.description()));
    }
    for (const auto& [k, v] : doc) {
      const std::string_view key = k.str();
      if (key != "gpu" && key != "node" && key != "fabric" && key != "model" &&
          key != "component" && key != "efficiency" &&
          key != "gemm_efficiency" && key != "inference_efficiency" &&
          key != "repair_outcome" && key != "repair_mix" && key != "recovery") {
        throw CatalogError(fmt::format("{}: unknown catalog table '{}'",
                                       Where(v, file.path), key));
      }
    }
    ReadEntries(doc, file.path, "gpu", c.gpus_, ReadGpu);
    ReadEntries(doc, file.path, "node", c.nodes_, ReadNode);
    ReadEntries(doc, file.path, "fabric", c.fabrics_, ReadFabric);
    ReadEntries(doc, file.path, "model", c.models_, ReadModel);
    ReadEntries(doc, file.path, "component", c.failures_, ReadFailureComponent);
    ReadEntries(doc, file.path, "efficiency", c.efficiencies_, ReadEfficiency);
    ReadEntries(doc, file.path, "gemm_efficiency", gemm_sets,
                ReadGemmEfficiency);
    ReadEntries(doc, file.path, "inference_efficiency",
                c.inference_efficiencies_, ReadInferenceEfficiency);
    ReadEntries(doc, file.path, "repair_outcome", repair_outcomes,
                ReadRepairOutcome);
    ReadEntries(doc, file.path, "repair_mix", repair_mixes, ReadRepairMix);
    ReadEntries(doc, file.path, "recovery", c.recoveries_, ReadRecovery);
  }
  ResolveRepairs(repair_outcomes, repair_mixes, c.failures_);
  // Every training stack sees every GEMM efficiency set.
  for (EfficiencySpec& e : c.efficiencies_) e.gemm_sets = gemm_sets;
  for (const NodeSpec& n : c.nodes_) {
    if (c.FindGpu(n.gpu) == nullptr) {
      throw CatalogError(
          fmt::format("catalog: node '{}' names unknown gpu '{}' (known: {})",
                      n.name, n.gpu, NameList(c.gpus_)));
    }
  }
  return c;
}

const GpuSpec* Catalog::FindGpu(std::string_view name) const {
  return FindByName(gpus_, name);
}
const NodeSpec* Catalog::FindNode(std::string_view name) const {
  return FindByName(nodes_, name);
}
const NodeSpec* Catalog::FirstNodeWithGpu(std::string_view gpu) const {
  for (const NodeSpec& n : nodes_) {
    if (n.gpu == gpu && n.gpus > 0) return &n;
  }
  return nullptr;
}
const FabricSpec* Catalog::FindFabric(std::string_view name) const {
  return FindByName(fabrics_, name);
}
const ModelSpec* Catalog::FindModel(std::string_view name) const {
  return FindByName(models_, name);
}
const EfficiencySpec* Catalog::FindEfficiency(std::string_view name) const {
  return FindByName(efficiencies_, name);
}
const InferenceEfficiencySpec* Catalog::FindInferenceEfficiency(
    std::string_view name) const {
  return FindByName(inference_efficiencies_, name);
}

const RecoverySpec* Catalog::FindRecovery(std::string_view name) const {
  return FindByName(recoveries_, name);
}

}  // namespace kardashev::catalog
