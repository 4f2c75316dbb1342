#include "kardashev/scenario/reader.h"

#include <algorithm>
#include <cctype>

namespace kardashev::scenario {

namespace {

template <typename T>
std::string KnownNames(const std::vector<T>& items) {
  return items.empty() ? std::string("none declared")
                       : catalog::NameList(items);
}

}  // namespace

bool IsValidName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

std::string ElementPath(const SectionDecl& sec, const Value& element,
                        std::size_t index) {
  const Value* name = element.Find("name");
  if (name != nullptr && name->kind == Value::Kind::kString &&
      IsValidName(name->string_value)) {
    return fmt::format("{}.{}", sec.name, name->string_value);
  }
  return fmt::format("{}.{}", sec.name, index);
}

Reader::Reader(const Schema& schema, std::string_view section,
               const Value* table, std::string path)
    : schema_(schema),
      section_(section),
      table_(table),
      path_(std::move(path)) {}

double Reader::Number(std::string_view key) const {
  if (const Value* v = Get(key)) return v->number();
  return std::get<double>(Decl(key).default_value);
}

std::int64_t Reader::Integer(std::string_view key) const {
  if (const Value* v = Get(key)) return v->int_value;
  return std::get<std::int64_t>(Decl(key).default_value);
}

std::string Reader::String(std::string_view key) const {
  if (const Value* v = Get(key)) return v->string_value;
  return std::string(std::get<std::string_view>(Decl(key).default_value));
}

bool Reader::Bool(std::string_view key) const {
  if (const Value* v = Get(key)) return v->bool_value;
  return std::get<bool>(Decl(key).default_value);
}

std::vector<double> Reader::NumberList(std::string_view key) const {
  std::vector<double> out;
  if (const Value* v = Get(key)) {
    for (const auto& item : v->items) out.push_back(item.number());
  }
  return out;
}

std::vector<std::string> Reader::StringList(std::string_view key) const {
  std::vector<std::string> out;
  if (const Value* v = Get(key)) {
    for (const auto& item : v->items) out.push_back(item.string_value);
  }
  return out;
}

std::vector<Reader::NamedEntry> Reader::NamedTable(std::string_view key) const {
  std::vector<NamedEntry> out;
  const Value* v = Get(key);
  if (v == nullptr) return out;
  for (const auto& [name, item] : v->keys) {
    NamedEntry e;
    e.name = name;
    e.where = item.location;
    if (item.is_number()) e.number = item.number();
    for (const auto& point : item.items) {
      if (point.items.size() != 2) continue;
      e.xs.push_back(point.items[0].number());
      e.ys.push_back(point.items[1].number());
    }
    out.push_back(std::move(e));
  }
  return out;
}

Location Reader::Where(std::string_view key) const {
  if (const Value* v = Get(key)) return v->location;
  return table_ != nullptr ? table_->location : Location{};
}

std::string Reader::Path(std::string_view key) const {
  return fmt::format("{}.{}", path_, key);
}

void Reader::Fail(std::string_view key, const std::string& what) const {
  throw ScenarioError(Where(key), Path(key), what);
}

const Value* Reader::Get(std::string_view key) const {
  return table_ != nullptr ? table_->Find(key) : nullptr;
}

const KeyDecl& Reader::Decl(std::string_view key) const {
  return schema_.Key(section_, key);
}

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

int ResolveSite(const Reader& r, std::string_view key, const Scenario& s) {
  const std::string site = r.String(key);
  const auto it = std::find_if(s.sites.begin(), s.sites.end(),
                               [&](const auto& x) { return x.name == site; });
  if (it == s.sites.end()) {
    r.Fail(key, fmt::format("no [[site]] is named \"{}\"; expected one of: {}",
                            site, KnownNames(s.sites)));
  }
  return static_cast<int>(it - s.sites.begin());
}

int ResolveCluster(const Reader& r, const Scenario& s) {
  const std::string cluster = r.String("cluster");
  const auto it =
      std::find_if(s.clusters.begin(), s.clusters.end(),
                   [&](const auto& x) { return x.name == cluster; });
  if (it == s.clusters.end()) {
    r.Fail("cluster",
           fmt::format("no [[cluster]] is named \"{}\"; expected one of: {}",
                       cluster, KnownNames(s.clusters)));
  }
  return static_cast<int>(it - s.clusters.begin());
}

std::string ResolveTenant(const Reader& r, const Scenario& s, bool optional) {
  std::string tenant = r.String("tenant");
  if ((optional && tenant.empty()) ||
      std::find(s.tenants.begin(), s.tenants.end(), tenant) !=
          s.tenants.end()) {
    return tenant;
  }
  r.Fail(
      "tenant",
      fmt::format("no [[tenant]] is named \"{}\"; expected one of: {}", tenant,
                  s.tenants.empty()
                      ? std::string("none declared")
                      : fmt::format("{}", fmt::join(s.tenants, ", "))));
}

std::int64_t GpuClaims::Claim(const Reader& r,
                              const fleet::ClusterConfig& cluster, int index) {
  const std::int64_t gpus = r.Integer("gpus");
  if (gpus % cluster.node.gpus != 0) {
    r.Fail("gpus",
           fmt::format(
               "expected a whole number of {} nodes (a multiple of {} GPUs), "
               "got {}",
               cluster.node.name, cluster.node.gpus, gpus));
  }
  claimed_[index] += gpus;
  const std::int64_t reserved_gpus = cluster.spare_nodes * cluster.node.gpus;
  if (claimed_[index] > cluster.gpus() - reserved_gpus) {
    r.Fail("gpus",
           fmt::format(
               "leases and jobs on cluster \"{}\" now take {} GPUs, but it "
               "has only {} ({} nodes of {} GPUs{})",
               cluster.name, claimed_[index], cluster.gpus() - reserved_gpus,
               cluster.nodes, cluster.node.gpus,
               cluster.spare_nodes > 0
                   ? fmt::format(" beyond its spare pool of {} nodes",
                                 cluster.spare_nodes)
                   : std::string()));
  }
  return gpus;
}

}  // namespace kardashev::scenario
