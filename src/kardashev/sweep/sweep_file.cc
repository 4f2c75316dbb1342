#include "kardashev/sweep/sweep_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "kardashev/scenario/reader.h"
#include "kardashev/sweep/output_path.h"

namespace kardashev::sweep {

namespace {

using scenario::ScenarioError;
using scenario::Value;

using Keys = std::vector<std::string_view>;

[[noreturn]] void Fail(const Value& v, const std::string& key,
                       const std::string& what) {
  throw ScenarioError(v.location, key, what);
}

// Refuses any key of `table` not in `allowed`.
void CheckKeys(const Value& table, const std::string& section,
               const Keys& allowed) {
  if (!table.is_table()) {
    Fail(table, section,
         fmt::format("expected a table, got {}", table.TypeName()));
  }
  for (const auto& [k, v] : table.keys) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      Fail(v, section.empty() ? k : fmt::format("{}.{}", section, k),
           fmt::format("unknown key; expected one of: {}",
                       fmt::join(allowed, ", ")));
    }
  }
}

const Value& Required(const Value& table, std::string_view key,
                      const std::string& path) {
  const Value* v = table.Find(key);
  if (v == nullptr) {
    Fail(table, fmt::format("{}.{}", path, key),
         fmt::format("missing required key \"{}\"", key));
  }
  return *v;
}

std::string String(const Value& v, const std::string& path) {
  if (v.kind != Value::Kind::kString || v.string_value.empty()) {
    Fail(v, path,
         fmt::format("expected a non-empty string, got {}", v.TypeName()));
  }
  return v.string_value;
}

double Number(const Value& v, const std::string& path) {
  if (!v.is_number() || !std::isfinite(v.number())) {
    Fail(v, path,
         fmt::format("expected a finite number, got {}", v.TypeName()));
  }
  return v.number();
}

std::int64_t Integer(const Value& v, const std::string& path, std::int64_t min,
                     std::int64_t max) {
  if (v.kind != Value::Kind::kInteger || v.int_value < min ||
      v.int_value > max) {
    Fail(v, path,
         fmt::format("expected an integer in [{}, {}], got {}", min, max,
                     v.kind == Value::Kind::kInteger
                         ? std::to_string(v.int_value)
                         : v.TypeName()));
  }
  return v.int_value;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() ||
      (std::isalpha(static_cast<unsigned char>(s[0])) == 0 && s[0] != '_')) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

void ReadSweepTable(const Value& t, SweepFile& f) {
  CheckKeys(t, "sweep",
            {"name", "description", "scenario", "variant", "replications",
             "seed", "outputs"});
  f.name = String(Required(t, "name", "sweep"), "sweep.name");
  if (!scenario::IsValidName(f.name)) {
    Fail(*t.Find("name"), "sweep.name",
         "expected a name of letters, digits, '-' and '_'");
  }
  const Value& sc = Required(t, "scenario", "sweep");
  const std::filesystem::path rel(String(sc, "sweep.scenario"));
  f.scenario = rel.is_absolute()
                   ? rel.string()
                   : (std::filesystem::path(f.file).parent_path() / rel)
                         .lexically_normal()
                         .string();
  f.scenario_location = sc.location;
  if (const Value* v = t.Find("variant"))
    f.variant = String(*v, "sweep.variant");
  if (const Value* v = t.Find("replications")) {
    f.replications = static_cast<int>(
        Integer(*v, "sweep.replications", 1, kMaxReplications));
  }
  if (const Value* v = t.Find("seed")) {
    f.seed = static_cast<std::uint64_t>(
        Integer(*v, "sweep.seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  const Value& outs = Required(t, "outputs", "sweep");
  if (!outs.is_array() || outs.items.empty()) {
    Fail(outs, "sweep.outputs",
         fmt::format("expected a non-empty list of summary.json paths, got {}",
                     outs.TypeName()));
  }
  for (const Value& o : outs.items) {
    Output out{String(o, "sweep.outputs"), o.location};
    if (const std::string problem = CheckOutputPath(out.path);
        !problem.empty()) {
      Fail(o, "sweep.outputs", problem);
    }
    f.outputs.push_back(std::move(out));
  }
}

void ReadRangeOrRandom(const Value& t, const std::string& where, Axis& a) {
  a.from = Number(Required(t, "from", where), where + ".from");
  a.to = Number(Required(t, "to", where), where + ".to");
  const Value* steps = t.Find("steps");
  const Value* sample = t.Find("sample");
  const Value* scale = t.Find("scale");
  if ((steps == nullptr) == (sample == nullptr)) {
    Fail(t, where,
         "a range axis needs exactly one of `steps` (evenly spaced) and "
         "`sample` (random draws)");
  }
  if (steps != nullptr) {
    a.kind = AxisKind::kRange;
    a.steps = static_cast<int>(
        Integer(*steps, where + ".steps", 1, static_cast<int>(kMaxPoints)));
    if (scale != nullptr) {
      const std::string s = String(*scale, where + ".scale");
      if (s != "linear" && s != "log") {
        Fail(*scale, where + ".scale", "expected \"linear\" or \"log\"");
      }
      a.scale = s == "log" ? Scale::kLog : Scale::kLinear;
    }
  } else {
    if (scale != nullptr) {
      Fail(*scale, where + ".scale",
           "`scale` is for `steps`; a random axis says it in `sample` "
           "(\"log-uniform\")");
    }
    a.kind = AxisKind::kRandom;
    const std::string s = String(*sample, where + ".sample");
    if (s == "uniform") {
      a.sampling = Sampling::kUniform;
    } else if (s == "log-uniform") {
      a.sampling = Sampling::kLogUniform;
    } else if (s == "lhs") {
      a.sampling = Sampling::kLatinHypercube;
    } else {
      Fail(*sample, where + ".sample",
           "expected \"uniform\", \"log-uniform\" or \"lhs\"");
    }
    if (!(a.from < a.to)) {
      Fail(t, where + ".to", "a random axis needs from < to");
    }
  }
  const bool log =
      (a.kind == AxisKind::kRange && a.scale == Scale::kLog) ||
      (a.kind == AxisKind::kRandom && a.sampling == Sampling::kLogUniform);
  if (log && !(a.from > 0 && a.to > 0)) {
    Fail(t, where + ".from", "a logarithmic axis needs from > 0 and to > 0");
  }
}

Axis ReadAxis(const Value& t, std::size_t index) {
  const std::string where = fmt::format("axis[{}]", index);
  CheckKeys(
      t, where,
      {"key", "name", "values", "from", "to", "steps", "scale", "sample"});
  Axis a;
  const Value* key = t.Find("key");
  const Value* name = t.Find("name");
  if (key == nullptr && name == nullptr) {
    Fail(t, where, "an axis needs a `key` (a scenario key path) or a `name`");
  }
  if (key != nullptr) a.key = String(*key, where + ".key");
  if (name != nullptr) {
    a.name = String(*name, where + ".name");
    if (!IsIdentifier(a.name)) {
      Fail(*name, where + ".name",
           "expected a name of letters, digits and '_' that does not start "
           "with a digit");
    }
  } else {
    a.name = a.key;
  }
  a.location = key != nullptr ? key->location : name->location;
  if (const Value* values = t.Find("values")) {
    for (std::string_view k : {"from", "to", "steps", "scale", "sample"}) {
      if (const Value* v = t.Find(k)) {
        Fail(*v, fmt::format("{}.{}", where, k),
             "an axis has either `values` or a range (`from`, `to`, ...), "
             "not both");
      }
    }
    if (!values->is_array() || values->items.empty() ||
        values->items.size() > kMaxPoints) {
      Fail(*values, where + ".values", "expected a non-empty list of numbers");
    }
    for (const Value& v : values->items) {
      a.values.push_back(Number(v, where + ".values"));
    }
    a.kind = AxisKind::kList;
    return a;
  }
  ReadRangeOrRandom(t, where, a);
  return a;
}

Derived ReadDerived(const Value& t, std::size_t index,
                    const std::vector<Axis>& axes,
                    const std::vector<Derived>& earlier) {
  const std::string where = fmt::format("derived[{}]", index);
  CheckKeys(t, where, {"key", "expr"});
  Derived d;
  d.key = String(Required(t, "key", where), where + ".key");
  const Value& e = Required(t, "expr", where);
  d.expr_text = String(e, where + ".expr");
  d.location = e.location;
  try {
    d.expr = Expression::Parse(d.expr_text);
  } catch (const ExpressionError& err) {
    Fail(e, where + ".expr", err.what());
  }
  for (const std::string& n : d.expr.names()) {
    if (n.find('.') != std::string::npos) continue;  // a scenario key path
    const bool known =
        std::any_of(axes.begin(), axes.end(),
                    [&](const Axis& a) { return a.name == n; }) ||
        std::any_of(earlier.begin(), earlier.end(),
                    [&](const Derived& x) { return x.key == n; });
    if (!known) {
      std::vector<std::string> names;
      for (const Axis& a : axes) names.push_back(a.name);
      Fail(e, where + ".expr",
           fmt::format("unknown name \"{}\"; expected an axis name ({}) or a "
                       "scenario key path such as cluster.NAME.nodes",
                       n, fmt::join(names, ", ")));
    }
  }
  return d;
}

// Each axis name and each scenario key set at most once.
void CheckUnique(const SweepFile& f) {
  std::vector<std::string> names;
  std::vector<std::string> keys;
  const auto add = [](std::vector<std::string>& seen, const std::string& s,
                      const Location& where, const char* what) {
    if (s.empty()) return;
    if (std::find(seen.begin(), seen.end(), s) != seen.end()) {
      throw ScenarioError(where, s, fmt::format("{} given twice", what));
    }
    seen.push_back(s);
  };
  for (const Axis& a : f.axes) {
    add(names, a.name, a.location, "axis name");
    add(keys, a.key, a.location, "scenario key");
  }
  for (const Derived& d : f.derived)
    add(keys, d.key, d.location, "scenario key");
}

void ReadAxes(const Value& doc, SweepFile& f) {
  const Value* axes = doc.Find("axis");
  if (axes == nullptr || !axes->is_array() || axes->items.empty()) {
    Fail(axes != nullptr ? *axes : doc, "axis",
         "expected at least one [[axis]] table");
  }
  for (std::size_t i = 0; i < axes->items.size(); ++i) {
    f.axes.push_back(ReadAxis(axes->items[i], i));
  }
  const bool random =
      std::any_of(f.axes.begin(), f.axes.end(),
                  [](const Axis& a) { return a.kind == AxisKind::kRandom; });
  const Value* sample = doc.Find("sample");
  if (random != (sample != nullptr)) {
    Fail(sample != nullptr ? *sample : doc, "sample",
         random ? "random axes need [sample] samples = N"
                : "[sample] is for axes with `sample`; no axis has one");
  }
  if (sample != nullptr) {
    CheckKeys(*sample, "sample", {"samples"});
    const Value& n = Required(*sample, "samples", "sample");
    f.samples = static_cast<int>(
        Integer(n, "sample.samples", 1, static_cast<int>(kMaxPoints)));
    f.samples_location = n.location;
  }
  if (const Value* derived = doc.Find("derived")) {
    if (!derived->is_array()) {
      Fail(*derived, "derived", "expected [[derived]] tables");
    }
    for (std::size_t i = 0; i < derived->items.size(); ++i) {
      f.derived.push_back(ReadDerived(derived->items[i], i, f.axes, f.derived));
    }
  }
  for (const Axis& a : f.axes) {
    if (a.key.empty() &&
        std::none_of(f.derived.begin(), f.derived.end(), [&](const Derived& d) {
          const auto& n = d.expr.names();
          return std::find(n.begin(), n.end(), a.name) != n.end();
        })) {
      throw ScenarioError(a.location, a.name,
                          "a named axis without a `key` must be used by a "
                          "[[derived]] expression");
    }
  }
  CheckUnique(f);
}

nlohmann::json Canonical(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kTable: {
      nlohmann::json j = nlohmann::json::object();  // sorted keys
      for (const auto& [k, x] : v.keys) j[k] = Canonical(x);
      return j;
    }
    case Value::Kind::kArray: {
      nlohmann::json j = nlohmann::json::array();
      for (const Value& x : v.items) j.push_back(Canonical(x));
      return j;
    }
    case Value::Kind::kString:
    case Value::Kind::kOther:
      return v.string_value;
    case Value::Kind::kInteger:
      return v.int_value;
    case Value::Kind::kFloat:
      return v.float_value;
    case Value::Kind::kBoolean:
      return v.bool_value;
  }
  return nullptr;
}

}  // namespace

std::string CanonicalText(const Value& value) {
  return Canonical(value).dump();
}

namespace {

SweepFile FromDocument(const Value& doc, const std::string& path) {
  CheckKeys(doc, "", {"sweep", "axis", "sample", "derived"});
  SweepFile f;
  f.file = path;
  const Value* sweep = doc.Find("sweep");
  if (sweep == nullptr) Fail(doc, "sweep", "missing the [sweep] table");
  ReadSweepTable(*sweep, f);
  ReadAxes(doc, f);
  f.canonical = CanonicalText(doc);
  return f;
}

}  // namespace

SweepFile ParseSweepText(const std::string& text, const std::string& path) {
  return FromDocument(scenario::ParseToml(text, path), path);
}

SweepFile ParseSweepFile(const std::string& path) {
  return FromDocument(scenario::ParseTomlFile(path, Location{}), path);
}

}  // namespace kardashev::sweep
