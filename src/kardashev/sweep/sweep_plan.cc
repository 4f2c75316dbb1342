#include "kardashev/sweep/sweep_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "kardashev/scenario/includes.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/sim/random.h"
#include "kardashev/sweep/points.h"

namespace kardashev::sweep {

namespace {

using scenario::ScenarioError;

// The axis or derived key that sets `key`, for pointing at a bad point; the
// first axis when none does (the point as a whole is at fault).
Location Culprit(const SweepFile& f, const std::string& key,
                 std::string& name) {
  for (const Axis& a : f.axes) {
    if (!a.key.empty() && a.key == key) {
      name = a.name;
      return a.location;
    }
  }
  for (const Derived& d : f.derived) {
    if (d.key == key) {
      name = d.key;
      return d.location;
    }
  }
  name = f.axes.front().name;
  return f.axes.front().location;
}

std::string Describe(const SweepPlan& plan, std::size_t point) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    parts.push_back(
        fmt::format("{} = {}", plan.parameters[i], plan.points[point][i]));
  }
  return fmt::format("point {} ({})", point, fmt::join(parts, ", "));
}

// Loads the scenario of every point; the first that fails is reported at the
// sweep file.
void CheckPoints(const SweepPlan& plan, const catalog::Catalog& catalog) {
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    scenario::LoadOptions options;
    options.sets = plan.sets[p];
    options.seed = plan.seed;
    options.variant = plan.file.variant;
    try {
      (void)scenario::LoadScenario(plan.file.scenario, options, catalog);
    } catch (const ScenarioError& e) {
      std::string name;
      const Location where = Culprit(plan.file, e.key(), name);
      throw ScenarioError(
          where, name,
          fmt::format("{} does not load: {}", Describe(plan, p), e.what()));
    }
  }
}

// The entries of summary.json's array `key` that a run of `s` writes, in
// order, for the arrays that follow the scenario's enabled entries; nullopt
// for the others (their entries are checked in each run's summary).
std::optional<std::vector<std::string>> EntryNames(const scenario::Scenario& s,
                                                   const std::string& key) {
  std::vector<std::string> names;
  const auto add = [&](const auto& items, const auto& name_of) {
    for (const auto& x : items) names.push_back(name_of(x));
    return names;
  };
  if (key == "training") {
    return add(s.training, [](const auto& t) { return t.name; });
  }
  if (key == "serving") {
    return add(s.serving, [](const auto& t) { return t.name; });
  }
  if (key == "demand") {
    return add(s.demand, [](const auto& d) { return d.config.name; });
  }
  if (key == "leases") {
    return add(s.leases, [](const auto& l) { return l.name; });
  }
  if (key == "clusters") {
    return add(s.clusters, [](const auto& c) { return c.name; });
  }
  return std::nullopt;
}

// Each output's first array entry ("leases[inference]", "training[0]") names
// an entry that every played variant of the base scenario has.
void CheckOutputEntries(const SweepFile& f,
                        const std::vector<scenario::Scenario>& base) {
  for (const Output& o : f.outputs) {
    const std::size_t open = o.path.find('[');
    const std::size_t close = o.path.find(']');
    if (open == std::string::npos || close == std::string::npos ||
        o.path.substr(0, open).find('.') != std::string::npos) {
      continue;
    }
    const std::string key = o.path.substr(0, open);
    const std::string entry = o.path.substr(open + 1, close - open - 1);
    const bool index =
        entry.find_first_not_of("0123456789") == std::string::npos;
    for (const auto& s : base) {
      const auto names = EntryNames(s, key);
      if (!names) break;
      const bool found =
          index
              ? entry.size() < 10 && std::stoul(entry) < names->size()
              : std::find(names->begin(), names->end(), entry) != names->end();
      if (!found) {
        throw ScenarioError(
            o.location, "sweep.outputs",
            fmt::format("\"{}\": variant \"{}\" has no {} entry \"{}\" "
                        "({}){}",
                        o.path, s.variant, key, entry,
                        names->empty()
                            ? std::string("it has none")
                            : fmt::format("it has {}", fmt::join(*names, ", ")),
                        base.size() > 1
                            ? "; play only the variants that have it with "
                              "sweep.variant"
                            : ""));
      }
    }
  }
}

}  // namespace

SweepPlan PlanSweep(const SweepFile& file, const catalog::Catalog& catalog) {
  SweepPlan plan;
  plan.file = file;
  scenario::LoadOptions base_options;
  base_options.variant = file.variant;
  const auto base =
      scenario::LoadScenario(file.scenario, base_options, catalog);
  plan.seed = file.seed.value_or(base.front().seed);
  for (const auto& s : base) plan.variants.push_back(s.variant);
  CheckOutputEntries(file, base);
  for (const Axis& a : file.axes) plan.parameters.push_back(a.name);
  for (const Derived& d : file.derived) plan.parameters.push_back(d.key);
  for (const auto& v : plan.variants) {
    for (const Output& o : file.outputs) {
      plan.outputs.push_back(
          plan.variants.size() == 1 ? o.path : fmt::format("{}/{}", v, o.path));
    }
  }
  std::vector<std::string> stack;
  const scenario::Value doc =
      scenario::LoadWithIncludes(file.scenario, file.scenario_location, stack);
  for (const auto& axis_values : AxisPoints(file, plan.seed)) {
    plan.points.push_back(PointParameters(file, axis_values, doc));
    plan.sets.push_back(PointSets(file, plan.points.back()));
  }
  if (plan.tasks() > kMaxPoints) {
    throw ScenarioError(
        file.axes.front().location, "",
        fmt::format("{} points x {} replications is more than "
                    "{} runs",
                    plan.points.size(), file.replications, kMaxPoints));
  }
  CheckPoints(plan, catalog);
  const std::string definition = file.canonical + "\n" + CanonicalText(doc);
  plan.hash = fmt::format("{:016x}", sim::Fnv1a64(definition));
  return plan;
}

}  // namespace kardashev::sweep
