#include "kardashev/sweep/sweep_plan.h"

#include <fmt/format.h>

#include <algorithm>

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
