#include "kardashev/sweep/points.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "kardashev/scenario/schema.h"
#include "kardashev/sim/random.h"

namespace kardashev::sweep {

namespace {

using scenario::ScenarioError;
using scenario::Value;

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

// The declaration of the scenario key `path`, or nullptr.
const scenario::KeyDecl* FindDecl(const scenario::Schema& schema,
                                  const std::string& path) {
  const auto parts = SplitPath(path);
  if (parts.size() < 2) return nullptr;
  const scenario::SectionDecl* sec = schema.Find(parts[0]);
  if (sec == nullptr || parts.size() != (sec->is_array ? 3u : 2u)) {
    return nullptr;
  }
  return sec->Find(parts.back());
}

// Draws of one random axis: u in [0, 1) mapped onto [from, to).
std::vector<double> Draws(const Axis& a, int samples, std::uint64_t seed,
                          std::size_t index) {
  sim::RngStream rng(seed, "sweep-sample", index);
  const auto n = static_cast<std::size_t>(samples);
  std::vector<double> u(n);
  if (a.sampling == Sampling::kLatinHypercube) {
    std::vector<std::size_t> strata(n);
    std::iota(strata.begin(), strata.end(), 0);
    for (std::size_t i = n; i > 1; --i) {  // Fisher-Yates
      std::swap(strata[i - 1], strata[rng.UniformInt(i)]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      u[i] = (static_cast<double>(strata[i]) + rng.Uniform()) /
             static_cast<double>(n);
    }
  } else {
    for (double& x : u) x = rng.Uniform();
  }
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = a.sampling == Sampling::kLogUniform
                 ? std::exp(std::log(a.from) +
                            u[i] * (std::log(a.to) - std::log(a.from)))
                 : a.from + u[i] * (a.to - a.from);
  }
  return out;
}

}  // namespace

std::vector<double> GridValues(const Axis& a) {
  if (a.kind == AxisKind::kList) return a.values;
  std::vector<double> out;
  for (int i = 0; i < a.steps; ++i) {
    const double t =
        a.steps == 1 ? 0.0 : static_cast<double>(i) / (a.steps - 1);
    if (i == a.steps - 1 && a.steps > 1) {
      out.push_back(a.to);  // exactly, not a rounding of it
    } else if (a.scale == Scale::kLog) {
      out.push_back(
          std::exp(std::log(a.from) + t * (std::log(a.to) - std::log(a.from))));
    } else {
      out.push_back(a.from + t * (a.to - a.from));
    }
  }
  return out;
}

std::vector<std::vector<double>> RandomDraws(const SweepFile& f,
                                             std::uint64_t seed) {
  std::vector<std::vector<double>> out(f.axes.size());
  for (std::size_t i = 0; i < f.axes.size(); ++i) {
    if (f.axes[i].kind == AxisKind::kRandom) {
      out[i] = Draws(f.axes[i], f.samples, seed, i);
    }
  }
  return out;
}

std::vector<std::vector<double>> AxisPoints(const SweepFile& f,
                                            std::uint64_t seed) {
  const auto draws = RandomDraws(f, seed);
  std::vector<std::vector<double>> grid(f.axes.size());
  std::size_t count = f.samples > 0 ? static_cast<std::size_t>(f.samples) : 1;
  for (std::size_t i = 0; i < f.axes.size(); ++i) {
    if (f.axes[i].kind == AxisKind::kRandom) continue;
    grid[i] = GridValues(f.axes[i]);
    count *= grid[i].size();
    if (count > kMaxPoints) {
      throw ScenarioError(
          f.axes[i].location, f.axes[i].name,
          fmt::format("the sweep has more than {} points", kMaxPoints));
    }
  }
  std::vector<std::vector<double>> points;
  points.reserve(count);
  std::vector<std::size_t> at(f.axes.size(), 0);  // an odometer over the grid
  const std::size_t samples = f.samples > 0 ? f.samples : 1;
  for (std::size_t p = 0; p < count; ++p) {
    const std::size_t s = p % samples;
    std::vector<double> v(f.axes.size());
    for (std::size_t i = 0; i < f.axes.size(); ++i) {
      v[i] = f.axes[i].kind == AxisKind::kRandom ? draws[i][s] : grid[i][at[i]];
    }
    points.push_back(std::move(v));
    if (s + 1 < samples) continue;
    for (std::size_t i = f.axes.size(); i-- > 0;) {
      if (f.axes[i].kind == AxisKind::kRandom) continue;
      if (++at[i] < grid[i].size()) break;
      at[i] = 0;
    }
  }
  return points;
}

double BaseValue(const Value& doc, const std::string& path,
                 const Location& where) {
  const auto schema = scenario::ScenarioSchema();
  const scenario::KeyDecl* decl = FindDecl(schema, path);
  if (decl == nullptr || (decl->type != scenario::KeyType::kInteger &&
                          decl->type != scenario::KeyType::kNumber)) {
    throw ScenarioError(
        where, path,
        "expected a numeric scenario key path such as cluster.NAME.nodes");
  }
  const auto parts = SplitPath(path);
  const Value* v = doc.Find(parts[0]);
  if (v != nullptr && v->is_array()) {
    const Value* entry = nullptr;
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      const Value* n = v->items[i].Find("name");
      if ((n != nullptr && n->string_value == parts[1]) ||
          std::to_string(i) == parts[1]) {
        entry = &v->items[i];
        break;
      }
    }
    if (entry == nullptr) {
      throw ScenarioError(where, path,
                          fmt::format("the scenario has no [[{}]] named \"{}\"",
                                      parts[0], parts[1]));
    }
    v = entry;
  }
  const Value* x = v != nullptr ? v->Find(parts.back()) : nullptr;
  if (x != nullptr && x->is_number()) return x->number();
  if (const auto* i = std::get_if<std::int64_t>(&decl->default_value)) {
    return static_cast<double>(*i);
  }
  if (const auto* d = std::get_if<double>(&decl->default_value)) return *d;
  throw ScenarioError(where, path, "the base scenario does not set this key");
}

std::vector<double> PointParameters(const SweepFile& f,
                                    const std::vector<double>& axis_values,
                                    const Value& base) {
  std::vector<double> out = axis_values;
  for (std::size_t d = 0; d < f.derived.size(); ++d) {
    const Derived& der = f.derived[d];
    const double v = der.expr.Evaluate([&](const std::string& name) {
      for (std::size_t i = 0; i < f.axes.size(); ++i) {
        if (f.axes[i].name == name || f.axes[i].key == name) return out[i];
      }
      for (std::size_t e = 0; e < d; ++e) {
        if (f.derived[e].key == name) return out[f.axes.size() + e];
      }
      return BaseValue(base, name, der.location);
    });
    if (!std::isfinite(v)) {
      throw ScenarioError(
          der.location, der.key,
          fmt::format("\"{}\" is not finite ({}) at axis "
                      "values {}",
                      der.expr_text, v, fmt::join(axis_values, ", ")));
    }
    out.push_back(v);
  }
  return out;
}

std::vector<std::string> PointSets(const SweepFile& f,
                                   const std::vector<double>& parameters) {
  const auto schema = scenario::ScenarioSchema();
  std::vector<std::string> sets;
  const auto add = [&](const std::string& key, double v, const Location& where,
                       const std::string& what) {
    const scenario::KeyDecl* decl = FindDecl(schema, key);
    if (decl != nullptr && decl->type == scenario::KeyType::kInteger) {
      if (std::floor(v) != v || std::fabs(v) > 9.0e15) {
        throw ScenarioError(
            where, key,
            fmt::format("{} gives {} to an integer key; give whole numbers "
                        "(or round() in a derived expression)",
                        what, v));
      }
      sets.push_back(fmt::format("{}={}", key, static_cast<std::int64_t>(v)));
    } else {
      sets.push_back(fmt::format("{}={}", key, v));
    }
  };
  for (std::size_t i = 0; i < f.axes.size(); ++i) {
    if (f.axes[i].key.empty()) continue;
    add(f.axes[i].key, parameters[i], f.axes[i].location,
        fmt::format("axis \"{}\"", f.axes[i].name));
  }
  for (std::size_t d = 0; d < f.derived.size(); ++d) {
    add(f.derived[d].key, parameters[f.axes.size() + d], f.derived[d].location,
        fmt::format("derived key \"{}\"", f.derived[d].key));
  }
  return sets;
}

}  // namespace kardashev::sweep
