#include "kardashev/scenario/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "kardashev/fleet/power.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/perf/transformer.h"
#include "kardashev/scenario/document.h"
#include "kardashev/scenario/schema.h"
#include "kardashev/serving/capacity.h"
#include "kardashev/serving/trace.h"
#include "kardashev/sim/random.h"
#include "kardashev/sim/time.h"

namespace kardashev::scenario {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t pos = text.find(sep, start);
    parts.emplace_back(text.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

bool IsValidName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// ---------------------------------------------------------------------------------------------
// Includes

Value LoadWithIncludes(const std::string& path, const Location& from,
                       std::vector<std::string>& stack) {
  Value doc = ParseTomlFile(path, from);
  const Value* include = doc.Find("include");
  if (include == nullptr) return doc;

  std::vector<const Value*> files;
  if (include->kind == Value::Kind::kString) {
    files.push_back(include);
  } else if (include->is_array()) {
    for (const auto& item : include->items) {
      if (item.kind != Value::Kind::kString) {
        throw ScenarioError(
            item.location, "include",
            fmt::format("expected a file name (a string), got {}",
                        item.TypeName()));
      }
      files.push_back(&item);
    }
  } else {
    throw ScenarioError(
        include->location, "include",
        fmt::format("expected a file name or a list of file names, got {}",
                    include->TypeName()));
  }

  Value base;
  base.location = doc.location;
  const fs::path dir = fs::path(path).parent_path();
  for (const Value* f : files) {
    const std::string target =
        (dir / f->string_value).lexically_normal().string();
    if (std::find(stack.begin(), stack.end(), target) != stack.end()) {
      throw ScenarioError(f->location, "include",
                          fmt::format("'{}' includes itself (through {})",
                                      target, fmt::join(stack, " -> ")));
    }
    stack.push_back(target);
    Merge(base, LoadWithIncludes(target, f->location, stack));
    stack.pop_back();
  }
  std::erase_if(doc.keys, [](const auto& kv) { return kv.first == "include"; });
  Merge(base, std::move(doc));
  return base;
}

// ---------------------------------------------------------------------------------------------
// Generic validation against the schema

std::string ElementPath(const SectionDecl& sec, const Value& element,
                        std::size_t index) {
  const Value* name = element.Find("name");
  if (name != nullptr && name->kind == Value::Kind::kString &&
      IsValidName(name->string_value)) {
    return fmt::format("{}.{}", sec.name, name->string_value);
  }
  return fmt::format("{}.{}", sec.name, index);
}

void CheckKey(const KeyDecl& decl, const Value& v, const std::string& path) {
  const auto fail = [&](const std::string& got) {
    throw ScenarioError(
        v.location, path,
        fmt::format("expected {}, got {}", decl.Expectation(), got));
  };
  switch (decl.type) {
    case KeyType::kInteger:
      if (v.kind != Value::Kind::kInteger) fail(v.TypeName());
      break;
    case KeyType::kNumber:
      if (!v.is_number()) fail(v.TypeName());
      if (!std::isfinite(v.number())) fail(v.TypeName());
      break;
    case KeyType::kString:
      if (v.kind != Value::Kind::kString) fail(v.TypeName());
      if (!decl.choices.empty() &&
          std::find(decl.choices.begin(), decl.choices.end(), v.string_value) ==
              decl.choices.end()) {
        fail(v.TypeName());
      }
      break;
    case KeyType::kBoolean:
      if (v.kind != Value::Kind::kBoolean) fail(v.TypeName());
      break;
    case KeyType::kStringList:
      if (!v.is_array()) fail(v.TypeName());
      for (const auto& item : v.items) {
        if (item.kind != Value::Kind::kString) fail(item.TypeName());
      }
      break;
    case KeyType::kNumberList:
      if (!v.is_array()) fail(v.TypeName());
      if (decl.list_length > 0 && v.items.size() != decl.list_length) {
        fail(fmt::format("a list of {} numbers", v.items.size()));
      }
      for (const auto& item : v.items) {
        if (!item.is_number() || !std::isfinite(item.number())) {
          fail(fmt::format("a list holding {}", item.TypeName()));
        }
        const double x = item.number();
        if ((decl.min && x < *decl.min) || (decl.max && x > *decl.max)) {
          fail(fmt::format("a list holding {}", x));
        }
      }
      break;
    case KeyType::kOverrides:
      if (!v.is_table()) fail(v.TypeName());
      break;
  }
  if (v.is_number() &&
      (decl.type == KeyType::kInteger || decl.type == KeyType::kNumber)) {
    const double x = v.number();
    const bool below =
        decl.min && (decl.min_exclusive ? x <= *decl.min : x < *decl.min);
    const bool above = decl.max && x > *decl.max;
    if (below || above) fail(v.TypeName());
  }
}

void ValidateTable(const SectionDecl& sec, const Value& table,
                   const std::string& path) {
  for (const auto& [key, v] : table.keys) {
    const KeyDecl* decl = sec.Find(key);
    if (decl == nullptr) {
      std::vector<std::string> known;
      for (const auto& k : sec.keys) known.emplace_back(k.name);
      throw ScenarioError(
          v.location, fmt::format("{}.{}", path, key),
          fmt::format("unknown key in {}; expected one of: {}",
                      sec.is_array ? fmt::format("[[{}]]", sec.name)
                                   : fmt::format("[{}]", sec.name),
                      fmt::join(known, ", ")));
    }
    CheckKey(*decl, v, fmt::format("{}.{}", path, key));
  }
  for (const auto& k : sec.keys) {
    if (k.required() && table.Find(k.name) == nullptr) {
      throw ScenarioError(
          table.location, fmt::format("{}.{}", path, k.name),
          fmt::format("required key is missing: expected {} ({})",
                      k.Expectation(), k.meaning));
    }
  }
  if (sec.is_array) {
    const Value* name = table.Find("name");
    if (!IsValidName(name->string_value)) {
      throw ScenarioError(
          name->location, fmt::format("{}.name", path),
          fmt::format("expected a name of letters, digits, '-' and '_', got "
                      "\"{}\"",
                      name->string_value));
    }
  }
}

void ValidateDocument(const Schema& schema, const Value& doc) {
  for (const auto& [key, v] : doc.keys) {
    const SectionDecl* sec = schema.Find(key);
    if (sec == nullptr) {
      throw ScenarioError(
          v.location, key,
          fmt::format("unknown top-level key; expected one of: {}",
                      schema.SectionList()));
    }
    if (!sec->is_array) {
      if (!v.is_table()) {
        throw ScenarioError(
            v.location, key,
            fmt::format("expected a [{}] table, got {}", key, v.TypeName()));
      }
      ValidateTable(*sec, v, key);
      continue;
    }
    if (!v.is_array() ||
        std::any_of(v.items.begin(), v.items.end(),
                    [](const Value& i) { return !i.is_table(); })) {
      throw ScenarioError(
          v.location, key,
          fmt::format("expected [[{}]] entries (an array of tables), got {}",
                      key, v.TypeName()));
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const std::string path = ElementPath(*sec, v.items[i], i);
      ValidateTable(*sec, v.items[i], path);
      const Value* name = v.items[i].Find("name");
      if (!names.insert(name->string_value).second) {
        throw ScenarioError(
            name->location, fmt::format("{}.name", path),
            fmt::format("a second [[{}]] is named \"{}\"; names must be unique",
                        key, name->string_value));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Typed reads, with defaults from the schema. Only called after
// ValidateDocument.

class Reader {
 public:
  Reader(const Schema& schema, std::string_view section, const Value* table,
         std::string path)
      : schema_(schema),
        section_(section),
        table_(table),
        path_(std::move(path)) {}

  double Number(std::string_view key) const {
    if (const Value* v = Get(key)) return v->number();
    return std::get<double>(Decl(key).default_value);
  }
  std::int64_t Integer(std::string_view key) const {
    if (const Value* v = Get(key)) return v->int_value;
    return std::get<std::int64_t>(Decl(key).default_value);
  }
  std::string String(std::string_view key) const {
    if (const Value* v = Get(key)) return v->string_value;
    return std::string(std::get<std::string_view>(Decl(key).default_value));
  }
  bool Bool(std::string_view key) const {
    if (const Value* v = Get(key)) return v->bool_value;
    return std::get<bool>(Decl(key).default_value);
  }
  std::vector<double> NumberList(std::string_view key) const {
    std::vector<double> out;
    if (const Value* v = Get(key)) {
      for (const auto& item : v->items) out.push_back(item.number());
    }
    return out;
  }
  // Where `key` was written, or where its table was, for errors about its
  // value.
  Location Where(std::string_view key) const {
    if (const Value* v = Get(key)) return v->location;
    return table_ != nullptr ? table_->location : Location{};
  }
  std::string Path(std::string_view key) const {
    return fmt::format("{}.{}", path_, key);
  }
  [[noreturn]] void Fail(std::string_view key, const std::string& what) const {
    throw ScenarioError(Where(key), Path(key), what);
  }

 private:
  const Value* Get(std::string_view key) const {
    return table_ != nullptr ? table_->Find(key) : nullptr;
  }
  const KeyDecl& Decl(std::string_view key) const {
    return schema_.Key(section_, key);
  }

  const Schema& schema_;
  std::string_view section_;
  const Value* table_;
  std::string path_;
};

std::vector<Reader> Entries(const Schema& schema, const Value& doc,
                            std::string_view section) {
  std::vector<Reader> out;
  const Value* arr = doc.Find(section);
  if (arr == nullptr) return out;
  const SectionDecl& sec = *schema.Find(section);
  for (std::size_t i = 0; i < arr->items.size(); ++i) {
    out.emplace_back(schema, section, &arr->items[i],
                     ElementPath(sec, arr->items[i], i));
  }
  return out;
}

template <typename T>
std::string KnownNames(const std::vector<T>& items) {
  return items.empty() ? std::string("none declared")
                       : catalog::NameList(items);
}

Scenario Build(const Schema& schema, const Value& doc,
               const catalog::Catalog& catalog, const std::string& file,
               const LoadOptions& options) {
  ValidateDocument(schema, doc);
  Scenario s;
  s.file = file;

  const Value* scenario_table = doc.Find("scenario");
  if (scenario_table == nullptr) {
    throw ScenarioError(
        Location{file, 1, 1}, "scenario",
        "the file has no [scenario] table; expected one with at least "
        "`name = \"...\"`");
  }
  const Reader info(schema, "scenario", scenario_table, "scenario");
  s.name = info.String("name");
  s.description = info.String("description");
  s.horizon_s = info.Number("horizon_days") * sim::kSecondsPerDay;
  s.seed = options.seed ? *options.seed
                        : static_cast<std::uint64_t>(info.Integer("seed"));
  auto& plan = s.fleet;
  plan.seed = s.seed;
  plan.horizon_s = s.horizon_s;
  plan.timeseries_step_s =
      info.Number("timeseries_step_hours") * sim::kSecondsPerHour;

  for (const Reader& r : Entries(schema, doc, "site")) {
    fleet::GroundSiteConfig site;
    site.name = r.String("name");
    site.power_cap_w = r.Number("power_cap_mw") * 1e6;
    site.pue = r.Number("pue");
    site.electricity_usd_per_mwh = r.Number("electricity_usd_per_mwh");
    site.carbon_kg_per_mwh = r.Number("carbon_kg_per_mwh");
    site.electricity_usd_per_mwh_by_hour =
        r.NumberList("electricity_usd_per_mwh_by_hour");
    site.generation_w = r.Number("generation_mw") * 1e6;
    site.generation_profile = r.NumberList("generation_profile");
    site.generation_usd_per_mwh = r.Number("generation_usd_per_mwh");
    site.generation_carbon_kg_per_mwh =
        r.Number("generation_carbon_kg_per_mwh");
    site.battery_wh = r.Number("battery_mwh") * 1e6;
    site.battery_charge_w = r.Number("battery_charge_mw") * 1e6;
    site.battery_discharge_w = r.Number("battery_discharge_mw") * 1e6;
    site.battery_round_trip_efficiency =
        r.Number("battery_round_trip_efficiency");
    site.facility_w = r.Number("facility_mw") > 0
                          ? r.Number("facility_mw") * 1e6
                          : site.power_cap_w + site.generation_w;
    if (site.battery_wh > 0 &&
        site.battery_charge_w + site.battery_discharge_w <= 0) {
      r.Fail("battery_mwh",
             "a battery needs battery_charge_mw or battery_discharge_mw > 0");
    }
    if (site.power_cap_w + site.generation_w <= 0) {
      r.Fail("power_cap_mw",
             "expected power_cap_mw > 0 or generation_mw > 0: the site has "
             "no supply");
    }
    plan.sites.push_back(site);
  }

  // The catalog node a [[cluster]] or [[orbital]] entry names.
  const auto resolve_node = [&](const Reader& r) {
    const std::string node = r.String("node");
    const catalog::NodeSpec* spec = catalog.FindNode(node);
    if (spec == nullptr) {
      r.Fail("node",
             fmt::format("no catalog node is named \"{}\"; expected one of: {}",
                         node, catalog::NameList(catalog.nodes())));
    }
    return spec;
  };

  const auto clusters = Entries(schema, doc, "cluster");
  if (clusters.empty() && doc.Find("serving") == nullptr &&
      doc.Find("orbital") == nullptr) {
    throw ScenarioError(
        Location{file, 1, 1}, "cluster",
        "the scenario declares no [[cluster]] and no [[serving]]; expected at "
        "least one");
  }
  for (const Reader& r : clusters) {
    fleet::ClusterConfig c;
    c.name = r.String("name");
    const std::string site = r.String("site");
    const auto it = std::find_if(plan.sites.begin(), plan.sites.end(),
                                 [&](const auto& x) { return x.name == site; });
    if (it == plan.sites.end()) {
      r.Fail("site",
             fmt::format("no [[site]] is named \"{}\"; expected one of: {}",
                         site, KnownNames(plan.sites)));
    }
    c.site = static_cast<int>(it - plan.sites.begin());
    const catalog::NodeSpec* spec = resolve_node(r);
    c.node = *spec;
    c.gpu = *catalog.FindGpu(spec->gpu);
    const std::string fabric = r.String("fabric");
    if (!fabric.empty()) {
      const catalog::FabricSpec* f = catalog.FindFabric(fabric);
      if (f == nullptr) {
        r.Fail("fabric",
               fmt::format(
                   "no catalog fabric is named \"{}\"; expected one of: {}",
                   fabric, catalog::NameList(catalog.fabrics())));
      }
      c.fabric = *f;
    }
    c.nodes = static_cast<int>(r.Integer("nodes"));
    c.pod_nodes = static_cast<int>(r.Integer("pod_nodes"));
    c.pod_aware = r.String("placement") == "pods";
    c.hot_spares = static_cast<int>(r.Integer("hot_spares"));
    if (c.hot_spares > c.nodes) {
      r.Fail("hot_spares",
             fmt::format("expected at most the cluster's {} nodes, got {}",
                         c.nodes, c.hot_spares));
    }
    plan.clusters.push_back(c);
  }

  for (const Reader& r : Entries(schema, doc, "tenant"))
    s.tenants.push_back(r.String("name"));

  // A [[lease]] or [[training]] entry's references: its tenant ("" allowed for
  // training) and its cluster, as an index.
  const auto resolve_tenant = [&](const Reader& r, bool optional) {
    const std::string tenant = r.String("tenant");
    if ((optional && tenant.empty()) ||
        std::find(s.tenants.begin(), s.tenants.end(), tenant) !=
            s.tenants.end()) {
      return tenant;
    }
    r.Fail("tenant",
           fmt::format("no [[tenant]] is named \"{}\"; expected one of: {}",
                       tenant,
                       s.tenants.empty()
                           ? std::string("none declared")
                           : fmt::format("{}", fmt::join(s.tenants, ", "))));
  };
  const auto resolve_cluster = [&](const Reader& r) {
    const std::string cluster = r.String("cluster");
    const auto it =
        std::find_if(plan.clusters.begin(), plan.clusters.end(),
                     [&](const auto& x) { return x.name == cluster; });
    if (it == plan.clusters.end()) {
      r.Fail("cluster",
             fmt::format("no [[cluster]] is named \"{}\"; expected one of: {}",
                         cluster, KnownNames(plan.clusters)));
    }
    return it;
  };

  // The `gpus` of a lease or job: whole nodes, and with the others on its
  // cluster no more than the cluster has.
  std::vector<std::int64_t> claimed_gpus(plan.clusters.size(), 0);
  const auto claim_gpus = [&](const Reader& r,
                              const fleet::ClusterConfig& cluster, int index) {
    const std::int64_t gpus = r.Integer("gpus");
    if (gpus % cluster.node.gpus != 0) {
      r.Fail("gpus",
             fmt::format(
                 "expected a whole number of {} nodes (a multiple of {} GPUs), "
                 "got {}",
                 cluster.node.name, cluster.node.gpus, gpus));
    }
    claimed_gpus[index] += gpus;
    if (claimed_gpus[index] > cluster.gpus()) {
      r.Fail("gpus",
             fmt::format(
                 "leases and jobs on cluster \"{}\" now take {} GPUs, but it "
                 "has only {} ({} nodes of {} GPUs)",
                 cluster.name, claimed_gpus[index], cluster.gpus(),
                 cluster.nodes, cluster.node.gpus));
    }
    return gpus;
  };

  for (const Reader& r : Entries(schema, doc, "lease")) {
    const std::string tenant = resolve_tenant(r, false);
    const auto it = resolve_cluster(r);
    if (!r.Bool("enabled")) continue;
    sched::LeaseConfig l;
    l.name = r.String("name");
    l.tenant = tenant;
    l.cluster = static_cast<int>(it - plan.clusters.begin());
    l.gpus = claim_gpus(r, *it, l.cluster);
    l.price_usd_per_gpu_hour = r.Number("price_usd_per_gpu_hour");
    l.availability_sla = r.Number("availability_sla");
    l.sla_credit_fraction = r.Number("sla_credit_fraction");
    l.billing_period_days = r.Number("billing_period_days");
    l.gpu_utilization = r.Number("gpu_utilization");
    plan.leases.push_back(l);
  }

  for (const Reader& r : Entries(schema, doc, "training")) {
    const std::string tenant = resolve_tenant(r, true);
    const auto it = resolve_cluster(r);
    const std::string model = r.String("model");
    const catalog::ModelSpec* spec = catalog.FindModel(model);
    if (spec == nullptr) {
      r.Fail(
          "model",
          fmt::format("no catalog model is named \"{}\"; expected one of: {}",
                      model, catalog::NameList(catalog.models())));
    }
    if (!r.Bool("enabled")) continue;
    training::TrainingJobConfig j;
    j.name = r.String("name");
    j.tenant = tenant;
    j.model = model;
    j.cluster = static_cast<int>(it - plan.clusters.begin());
    j.gpus = claim_gpus(r, *it, j.cluster);
    perf::TrainingStepInput in;
    const std::string efficiency = r.String("efficiency");
    const catalog::EfficiencySpec* eff = catalog.FindEfficiency(efficiency);
    if (eff == nullptr) {
      r.Fail(
          "efficiency",
          fmt::format(
              "no catalog efficiency set is named \"{}\"; expected one of: {}",
              efficiency, catalog::NameList(catalog.efficiencies())));
    }
    in.efficiency = *eff;
    in.model = *spec;
    in.gpu = it->gpu;
    if (!it->fabric) {
      r.Fail(
          "cluster",
          fmt::format("cluster \"{}\" has no fabric; a training job needs one "
                      "(set its `fabric` key)",
                      it->name));
    }
    in.fabric = *it->fabric;
    in.seq_len = static_cast<int>(r.Integer("seq_len"));
    in.global_batch_tokens = r.Number("global_batch_tokens");
    auto& p = in.plan;
    p.tp = static_cast<int>(r.Integer("tp"));
    p.pp = static_cast<int>(r.Integer("pp"));
    p.cp = static_cast<int>(r.Integer("cp"));
    p.ep = static_cast<int>(r.Integer("ep"));
    p.virtual_stages = static_cast<int>(r.Integer("virtual_stages"));
    p.micro_batch_sequences =
        static_cast<int>(r.Integer("micro_batch_sequences"));
    p.zero_stage = static_cast<int>(r.Integer("zero_stage"));
    const std::string recompute = r.String("recompute");
    p.recompute = recompute == "full"        ? perf::Recompute::kFull
                  : recompute == "selective" ? perf::Recompute::kSelective
                                             : perf::Recompute::kNone;
    p.precision = r.String("precision") == "fp8" ? perf::Precision::kFp8
                                                 : perf::Precision::kBf16;
    const std::int64_t model_parallel =
        static_cast<std::int64_t>(p.tp) * p.pp * p.cp;
    if (j.gpus % model_parallel != 0) {
      r.Fail("gpus",
             fmt::format("expected a multiple of tp x pp x cp = {}, got {}",
                         model_parallel, j.gpus));
    }
    p.dp = static_cast<int>(j.gpus / model_parallel);
    try {
      j.step = perf::EstimateTrainingStep(in);
    } catch (const perf::PlanError& e) {
      throw ScenarioError(
          r.Where("gpus"), r.Path("gpus"),
          fmt::format("the training plan is refused: {}", e.what()));
    }
    // A checkpoint: BF16 weights plus FP32 master weights and two Adam moments.
    j.checkpoint_bytes =
        perf::CountTransformer(*spec, in.seq_len).params * 14.0;
    j.checkpoint_write_bytes_per_s =
        r.Number("checkpoint_write_gb_per_s") * 1e9;
    j.checkpoint_interval_s =
        r.Number("checkpoint_interval_hours") * sim::kSecondsPerHour;
    j.restart_s = r.Number("restart_minutes") * 60.0;
    j.target_tokens = r.Number("target_tokens");
    j.gpu_utilization = r.Number("gpu_utilization");
    j.priority = static_cast<int>(r.Integer("priority"));
    plan.jobs.push_back(std::move(j));
  }

  for (const Reader& r : Entries(schema, doc, "serving")) {
    if (!r.Bool("enabled")) continue;
    ServingSpec sv;
    sv.name = r.String("name");
    auto& c = sv.config;
    const std::string model = r.String("model");
    const catalog::ModelSpec* m = catalog.FindModel(model);
    if (m == nullptr) {
      r.Fail(
          "model",
          fmt::format("no catalog model is named \"{}\"; expected one of: {}",
                      model, catalog::NameList(catalog.models())));
    }
    const std::string gpu = r.String("gpu");
    const catalog::GpuSpec* g = catalog.FindGpu(gpu);
    if (g == nullptr) {
      r.Fail("gpu",
             fmt::format("no catalog GPU is named \"{}\"; expected one of: {}",
                         gpu, catalog::NameList(catalog.gpus())));
    }
    const std::string efficiency = r.String("efficiency");
    const catalog::InferenceEfficiencySpec* eff =
        catalog.FindInferenceEfficiency(efficiency);
    if (eff == nullptr) {
      r.Fail("efficiency",
             fmt::format("no catalog inference efficiency set is named \"{}\"; "
                         "expected one "
                         "of: {}",
                         efficiency,
                         catalog::NameList(catalog.inference_efficiencies())));
    }
    c.deployment.model = *m;
    c.deployment.gpu = *g;
    c.deployment.efficiency = *eff;
    c.deployment.tp = static_cast<int>(r.Integer("tp"));
    c.deployment.weights = r.String("weights") == "fp8"
                               ? perf::Precision::kFp8
                               : perf::Precision::kBf16;
    c.deployment.kv_cache = r.String("kv_cache") == "fp8"
                                ? perf::Precision::kFp8
                                : perf::Precision::kBf16;
    try {
      perf::KvCacheTokens(c.deployment);
    } catch (const perf::PlanError& e) {
      throw ScenarioError(
          r.Where("tp"), r.Path("tp"),
          fmt::format("the deployment is refused: {}", e.what()));
    }
    c.replicas = static_cast<int>(r.Integer("replicas"));
    c.scheduler.policy = r.String("policy") == "sarathi"
                             ? serving::BatchPolicy::kSarathi
                             : serving::BatchPolicy::kVllm;
    c.scheduler.max_batched_tokens =
        static_cast<int>(r.Integer("max_batched_tokens"));
    c.scheduler.max_sequences = static_cast<int>(r.Integer("max_sequences"));
    c.scheduler.block_tokens = static_cast<int>(r.Integer("block_tokens"));
    c.router = r.String("router") == "least-outstanding"
                   ? serving::Router::kLeastOutstanding
                   : serving::Router::kRoundRobin;
    c.slo = serving::Slo{r.Number("slo_ttft_s"), r.Number("slo_tpot_s")};
    c.scheduler.kv_policy = r.String("kv_policy") == "reserve"
                                ? serving::KvPolicy::kReserve
                                : serving::KvPolicy::kPreempt;
    c.prefill_replicas = static_cast<int>(r.Integer("prefill_replicas"));
    const std::string kv_fabric = r.String("kv_fabric");
    const catalog::FabricSpec* link = catalog.FindFabric(kv_fabric);
    if (link == nullptr) {
      r.Fail(
          "kv_fabric",
          fmt::format("no catalog fabric is named \"{}\"; expected one of: {}",
                      kv_fabric, catalog::NameList(catalog.fabrics())));
    }
    // Each GPU of a replica sends its shard of the KV cache over its own NIC.
    c.kv_link_bytes_per_s =
        link->bandwidth_bytes_per_s_per_gpu * c.deployment.tp;
    c.kv_link_latency_s = link->latency_s;

    const std::string trace = r.String("trace");
    std::vector<serving::Request> traced;
    if (!trace.empty()) {
      const std::string path =
          (fs::path(r.Where("trace").file).parent_path() / trace)
              .lexically_normal()
              .string();
      try {
        traced = serving::ReadAzureTrace(path);
      } catch (const serving::TraceError& e) {
        r.Fail("trace", e.what());
      }
    }
    const std::string arrival = r.String("arrival");
    if (arrival == "trace") {
      if (trace.empty()) {
        r.Fail("arrival",
               "arrival = \"trace\" needs a `trace` file; set one, or choose "
               "arrival = \"poisson\" or \"gamma\" with rate_per_s");
      }
      sv.requests = std::move(traced);
      sv.source = trace;
    } else {
      if (r.Number("rate_per_s") <= 0) {
        r.Fail("rate_per_s",
               fmt::format("arrival = \"{}\" needs rate_per_s > 0", arrival));
      }
      std::vector<serving::LengthSample> mix;
      for (const auto& q : traced)
        mix.push_back({q.prompt_tokens, q.output_tokens});
      if (mix.empty()) {
        const auto prompt =
            static_cast<std::int32_t>(r.Integer("prompt_tokens"));
        const auto output =
            static_cast<std::int32_t>(r.Integer("output_tokens"));
        if (prompt < 1 || output < 1) {
          r.Fail("prompt_tokens",
                 "synthetic arrivals without a trace need prompt_tokens >= 1 "
                 "and output_tokens >= 1");
        }
        mix.push_back({prompt, output});
      }
      const double cv = arrival == "gamma" ? r.Number("arrival_cv") : 1.0;
      sv.requests =
          serving::SyntheticRequests(mix, r.Number("rate_per_s"), cv,
                                     static_cast<int>(r.Integer("requests")),
                                     s.seed, sim::Fnv1a64(sv.name));
      sv.source = fmt::format("{} arrivals at {} per s", arrival,
                              r.Number("rate_per_s"));
    }
    s.serving.push_back(std::move(sv));
  }

  for (const Reader& r : Entries(schema, doc, "demand")) {
    if (!r.Bool("enabled")) continue;
    DemandSpec d;
    d.serving = r.String("serving");
    const auto sv =
        std::find_if(s.serving.begin(), s.serving.end(),
                     [&](const ServingSpec& x) { return x.name == d.serving; });
    if (sv == s.serving.end()) {
      r.Fail("serving",
             fmt::format("no enabled [[serving]] is named \"{}\"", d.serving));
    }
    d.lease = r.String("lease");
    if (!d.lease.empty() && std::none_of(plan.leases.begin(), plan.leases.end(),
                                         [&](const sched::LeaseConfig& l) {
                                           return l.name == d.lease;
                                         })) {
      r.Fail("lease",
             fmt::format("no enabled [[lease]] is named \"{}\"", d.lease));
    }
    auto& c = d.config;
    c.name = r.String("name");
    c.daily_users = r.Number("daily_users");
    c.requests_per_user_per_day = r.Number("requests_per_user_per_day");
    c.curve.daily_amplitude = r.Number("daily_amplitude");
    c.curve.peak_hour = r.Number("peak_hour");
    c.curve.weekend_factor = r.Number("weekend_factor");
    c.step_s = r.Number("step_minutes") * 60.0;
    c.horizon_s = s.horizon_s;
    c.gpus_per_replica = sv->config.deployment.tp;
    c.gpus_available = r.Integer("gpus");
    if (!r.String("cluster").empty()) {
      if (!d.lease.empty()) {
        r.Fail("cluster",
               "a demand is served by a lease or on a cluster, not both");
      }
      const auto it = resolve_cluster(r);
      if (it->gpu.name != sv->config.deployment.gpu.name) {
        r.Fail("cluster",
               fmt::format("cluster \"{}\" has {} GPUs, but [[serving]] "
                           "\"{}\" runs on {}",
                           it->name, it->gpu.name, sv->name,
                           sv->config.deployment.gpu.name));
      }
      if (it->node.gpus % c.gpus_per_replica != 0 &&
          c.gpus_per_replica % it->node.gpus != 0) {
        r.Fail("cluster",
               fmt::format("replicas of {} GPUs do not tile {}-GPU nodes",
                           c.gpus_per_replica, it->node.gpus));
      }
      d.cluster = static_cast<int>(it - plan.clusters.begin());
      d.tenant = resolve_tenant(r, true);
      d.priority = static_cast<int>(r.Integer("priority"));
      d.price_usd_per_million_tokens = r.Number("price_usd_per_million_tokens");
      d.gpu_utilization = r.Number("gpu_utilization");
    }
    s.demand.push_back(std::move(d));
  }

  for (const Reader& r : Entries(schema, doc, "orbital")) {
    if (!r.Bool("enabled")) continue;
    OrbitalSpec o;
    o.name = r.String("name");
    const catalog::NodeSpec* spec = resolve_node(r);
    o.node = *spec;
    o.gpu = *catalog.FindGpu(spec->gpu);
    const std::string ground = r.String("ground_site");
    const auto site =
        std::find_if(plan.sites.begin(), plan.sites.end(),
                     [&](const auto& x) { return x.name == ground; });
    if (site == plan.sites.end()) {
      r.Fail("ground_site",
             fmt::format("no [[site]] is named \"{}\"; expected one of: {}",
                         ground, KnownNames(plan.sites)));
    }
    o.ground_site = static_cast<int>(site - plan.sites.begin());
    o.nodes_per_satellite = static_cast<int>(r.Integer("nodes_per_satellite"));
    o.satellites = r.Integer("satellites");
    auto& c = o.satellite;
    c.altitude_m = r.Number("altitude_km") * 1e3;
    c.beta_deg = r.Number("beta_deg");
    c.it_power_w =
        o.nodes_per_satellite * fleet::NodePowerW(o.node, o.gpu, 1.0);
    c.gpus = o.nodes_per_satellite * o.node.gpus;
    c.compute_mass_kg = o.nodes_per_satellite * r.Number("compute_kg_per_node");
    c.cell_efficiency = r.Number("cell_efficiency");
    c.packing_factor = r.Number("packing_factor");
    c.pointing_loss_deg = r.Number("pointing_loss_deg");
    c.degradation_per_year = r.Number("degradation_per_year");
    c.mission_years = r.Number("mission_years");
    c.array_kg_per_m2 = r.Number("array_kg_per_m2");
    c.battery_depth_of_discharge = r.Number("battery_depth_of_discharge");
    c.battery_round_trip_efficiency = r.Number("battery_round_trip_efficiency");
    c.battery_wh_per_kg = r.Number("battery_wh_per_kg");
    c.emissivity = r.Number("emissivity");
    c.radiator_k = r.Number("radiator_k");
    c.sink_k = r.Number("sink_k");
    if (c.sink_k >= c.radiator_k) {
      r.Fail("sink_k",
             fmt::format(
                 "expected a sink colder than the radiator ({} K), got {} K",
                 c.radiator_k, c.sink_k));
    }
    c.radiator_sides = static_cast<int>(r.Integer("radiator_sides"));
    c.radiator_kg_per_m2 = r.Number("radiator_kg_per_m2");
    c.shielding_kg_per_kw = r.Number("shielding_kg_per_kw");
    c.structure_fraction = r.Number("structure_fraction");
    o.array_usd_per_w = r.Number("array_usd_per_w");
    o.battery_usd_per_kwh = r.Number("battery_usd_per_kwh");
    o.radiator_usd_per_m2 = r.Number("radiator_usd_per_m2");
    o.launch_usd_per_kg = r.Number("launch_usd_per_kg");
    o.payload_kg_per_launch = r.Number("payload_kg_per_launch");
    o.radiation_failure_multiplier = r.Number("radiation_failure_multiplier");
    o.launches_per_year = r.Number("launches_per_year");
    o.launch_price_decline_per_year = r.Number("launch_price_decline_per_year");
    o.ground_link_bps = r.Number("ground_link_gbps") * 1e9;
    o.ground_min_elevation_deg = r.Number("ground_min_elevation_deg");
    o.bytes_per_token = r.Number("bytes_per_token");
    const double mass_kg = fleet::DesignSatellite(o.satellite).mass_kg;
    if (mass_kg > o.payload_kg_per_launch) {
      r.Fail("payload_kg_per_launch",
             fmt::format("one satellite weighs {:.0f} kg, more than a launch "
                         "carries ({:.0f} kg); expected a larger payload or "
                         "fewer nodes per satellite",
                         mass_kg, o.payload_kg_per_launch));
    }
    s.orbital.push_back(std::move(o));
  }

  const Reader failures(schema, "failures", doc.Find("failures"), "failures");
  plan.failures.rate_scale = failures.Number("rate_scale");
  plan.failures.repair_time_scale = failures.Number("repair_time_scale");
  plan.failures.include_planned = failures.Bool("include_planned");
  plan.spare_swap_h = failures.Number("spare_swap_hours");
  s.failure_components = catalog.failure_components();

  const Reader econ(schema, "economics", doc.Find("economics"), "economics");
  s.economics.gpu_depreciation_years = econ.Number("gpu_depreciation_years");
  s.economics.facility_capex_usd_per_mw =
      econ.Number("facility_capex_usd_per_mw");
  s.economics.facility_depreciation_years =
      econ.Number("facility_depreciation_years");
  s.economics.discount_rate = econ.Number("discount_rate");
  s.economics.other_opex_usd_per_gpu_hour =
      econ.Number("other_opex_usd_per_gpu_hour");

  // Legal but worth saying: a site whose clusters at full load would exceed its
  // power cap.
  std::vector<double> full_load_w(plan.sites.size(), 0.0);
  for (const auto& c : plan.clusters) {
    full_load_w[c.site] += c.nodes * fleet::NodePowerW(c.node, c.gpu, 1.0);
  }
  for (std::size_t i = 0; i < plan.sites.size(); ++i) {
    const auto& site = plan.sites[i];
    const double demand_w = full_load_w[i] * site.pue;
    // Without the battery: it can bridge hours, not run the site.
    const double supply_w = site.power_cap_w + site.generation_w;
    if (demand_w > supply_w) {
      s.warnings.push_back(fmt::format(
          "site \"{}\": at full load its clusters would draw {:.1f} MW (IT x "
          "PUE), above its {:.1f} MW of grid and generation; demand no source "
          "can serve is shed (idle nodes first) and reported as capped",
          site.name, demand_w * 1e-6, supply_w * 1e-6));
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Overrides

struct Override {
  std::string path;
  Value value;
};

void Flatten(const Value& table, const std::string& prefix,
             std::vector<Override>& out) {
  for (const auto& [k, v] : table.keys) {
    const std::string path =
        prefix.empty() ? k : fmt::format("{}.{}", prefix, k);
    if (v.is_table()) {
      Flatten(v, path, out);
    } else {
      out.push_back(Override{path, v});
    }
  }
}

void ApplyOverride(const Schema& schema, Value& doc, const Override& o) {
  const auto parts = Split(o.path, '.');
  const auto fail = [&](const std::string& what) {
    throw ScenarioError(o.value.location, o.path, what);
  };
  if (parts.size() < 2 ||
      std::any_of(parts.begin(), parts.end(),
                  [](const std::string& p) { return p.empty(); })) {
    fail(
        "expected a key path such as scenario.horizon_days or lease.NAME.gpus");
  }
  const SectionDecl* sec = schema.Find(parts[0]);
  if (sec == nullptr) {
    fail(fmt::format("unknown section \"{}\"; expected one of: {}", parts[0],
                     schema.SectionList()));
  }
  if (sec->name == "variant") fail("variants cannot be overridden");
  if (!sec->is_array) {
    if (parts.size() != 2) fail(fmt::format("expected {}.KEY", parts[0]));
    Value* table = doc.Find(parts[0]);
    if (table == nullptr) {
      Value t;
      t.location = o.value.location;
      doc.Set(parts[0], std::move(t));
      table = doc.Find(parts[0]);
    }
    if (!table->is_table()) fail(fmt::format("[{}] is not a table", parts[0]));
    table->Set(parts[1], o.value);
    return;
  }
  if (parts.size() != 3) fail(fmt::format("expected {}.NAME.KEY", parts[0]));
  Value* arr = doc.Find(parts[0]);
  if (arr == nullptr || !arr->is_array()) {
    fail(fmt::format("the scenario has no [[{}]] entries", parts[0]));
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < arr->items.size(); ++i) {
    Value& item = arr->items[i];
    if (!item.is_table()) continue;
    const Value* name = item.Find("name");
    const std::string n = name != nullptr && name->kind == Value::Kind::kString
                              ? name->string_value
                              : std::to_string(i);
    if (n == parts[1] || std::to_string(i) == parts[1]) {
      item.Set(parts[2], o.value);
      return;
    }
    names.push_back(n);
  }
  fail(fmt::format("no [[{}]] is named \"{}\"; expected one of: {}", parts[0],
                   parts[1], fmt::join(names, ", ")));
}

Override ParseSetFlag(const std::string& flag) {
  const Location where{fmt::format("--set {}", flag), 0, 0};
  const std::size_t eq = flag.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ScenarioError(where, "",
                        "expected KEY=VALUE, e.g. --set lease.lab.gpus=1024");
  }
  return Override{flag.substr(0, eq),
                  ParseOverrideValue(flag.substr(eq + 1), where)};
}

}  // namespace

std::vector<Scenario> LoadScenario(const std::string& path,
                                   const LoadOptions& options,
                                   const catalog::Catalog& catalog) {
  const Schema schema = ScenarioSchema();
  std::vector<std::string> stack{fs::path(path).lexically_normal().string()};
  Value doc = LoadWithIncludes(path, Location{}, stack);

  struct VariantDecl {
    std::string name;
    std::string description;
    std::vector<Override> overrides;
  };
  std::vector<VariantDecl> variants;
  if (const Value* v = doc.Find("variant")) {
    Value only;
    only.keys.push_back(KeyValue{"variant", *v});
    ValidateDocument(schema, only);
    for (const auto& item : v->items) {
      VariantDecl d;
      d.name = item.Find("name")->string_value;
      if (const Value* desc = item.Find("description"))
        d.description = desc->string_value;
      if (const Value* set = item.Find("set")) Flatten(*set, "", d.overrides);
      variants.push_back(std::move(d));
    }
    std::erase_if(doc.keys,
                  [](const auto& kv) { return kv.first == "variant"; });
  }
  if (variants.empty()) variants.push_back(VariantDecl{"base", "", {}});

  if (options.variant) {
    const auto it =
        std::find_if(variants.begin(), variants.end(),
                     [&](const auto& v) { return v.name == *options.variant; });
    if (it == variants.end()) {
      std::vector<std::string> names;
      for (const auto& v : variants) names.push_back(v.name);
      throw ScenarioError(
          Location{"--variant", 0, 0}, "",
          fmt::format("{} has no variant named \"{}\"; expected one of: {}",
                      path, *options.variant, fmt::join(names, ", ")));
    }
    variants = {*it};
  }

  std::vector<Override> cli;
  for (const auto& flag : options.sets) cli.push_back(ParseSetFlag(flag));

  std::vector<Scenario> out;
  for (const auto& v : variants) {
    Value resolved = doc;
    for (const auto& o : v.overrides) ApplyOverride(schema, resolved, o);
    for (const auto& o : cli) ApplyOverride(schema, resolved, o);
    Scenario s = Build(schema, resolved, catalog, path, options);
    s.variant = v.name;
    s.variant_description = v.description;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace kardashev::scenario
