#include "kardashev/sweep/sweep_runner.h"

#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "kardashev/report/invariants.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/run.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/sweep/output_path.h"

namespace kardashev::sweep {

std::string DefaultResultsPath(const std::string& sweep_name) {
  return fmt::format("runs/{}/results.sqlite", sweep_name);
}

StoreDefinition DefinitionOf(const SweepPlan& plan,
                             const std::string& sweep_file) {
  return StoreDefinition{plan.hash, sweep_file, plan.file.scenario,
                         plan.parameters, plan.outputs};
}

std::string EncodeTaskResult(const TaskResult& result) {
  nlohmann::json j;
  if (!result.error.empty()) {
    j["error"] = result.error;
    j["output"] = result.output;
    return j.dump();
  }
  j["outputs"] = nlohmann::json::array();
  for (const double v : result.outputs) {
    if (std::isnan(v)) {
      j["outputs"].push_back(nullptr);
    } else {
      j["outputs"].push_back(v);
    }
  }
  return j.dump();
}

TaskResult DecodeTaskResult(const std::string& text) {
  TaskResult r;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    r.error = "a task's result could not be read";
    return r;
  }
  if (j.contains("error")) {
    r.error = j["error"].get<std::string>();
    r.output = j.value("output", -1);
    return r;
  }
  for (const auto& v : j["outputs"]) {
    r.outputs.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                    : v.get<double>());
  }
  return r;
}

std::string ComputeTask(const SweepPlan& plan, std::size_t task,
                        const catalog::Catalog& catalog) {
  TaskResult result;
  try {
    scenario::LoadOptions options;
    options.sets = plan.sets[plan.PointOf(task)];
    options.seed = plan.SeedOf(task);
    options.variant = plan.file.variant;
    const auto scenarios =
        scenario::LoadScenario(plan.file.scenario, options, catalog);
    RunOptions run_options;
    run_options.timeseries = false;
    for (const auto& s : scenarios) {
      const report::Results run = Run(s, run_options);
      // A point whose results break an invariant is a failed task, as a
      // `run` of it would be (report/invariants.h).
      const report::InvariantReport check = report::CheckInvariants(run);
      if (!check.ok()) {
        result.error =
            "internal error: invariant broken: " + check.violations.front();
        return EncodeTaskResult(result);
      }
      const auto summary = report::VariantJson(run);
      for (std::size_t o = 0; o < plan.file.outputs.size(); ++o) {
        double v = 0;
        const std::string missing =
            LookupOutput(summary, plan.file.outputs[o].path, v);
        if (!missing.empty()) {
          result.error = missing;
          result.output = static_cast<int>(o);
          return EncodeTaskResult(result);
        }
        result.outputs.push_back(v);
      }
    }
  } catch (const std::exception& e) {
    result.error = e.what();
    result.outputs.clear();
  }
  return EncodeTaskResult(result);
}

namespace {

// The failure of `task` as an error at the sweep file.
scenario::ScenarioError TaskError(const SweepPlan& plan, std::size_t task,
                                  const TaskResult& r) {
  const std::string what =
      fmt::format("point {} replication {} (seed {}): {}", plan.PointOf(task),
                  plan.ReplicationOf(task), plan.SeedOf(task), r.error);
  if (r.output >= 0) {
    const Output& o = plan.file.outputs[static_cast<std::size_t>(r.output)];
    return scenario::ScenarioError(o.location, "sweep.outputs", what);
  }
  return scenario::ScenarioError(plan.file.scenario_location, "sweep.scenario",
                                 what);
}

}  // namespace

std::size_t RunSweep(const SweepPlan& plan, Executor& executor,
                     ResultsStore* store, const catalog::Catalog& catalog,
                     const Progress& progress) {
  std::vector<std::size_t> tasks;
  if (executor.coordinator() && store != nullptr) {
    std::set<std::pair<std::int64_t, int>> done;
    for (const ResultRow& row : store->All()) {
      done.emplace(row.point, row.replication);
    }
    for (std::size_t t = 0; t < plan.tasks(); ++t) {
      const auto key = std::make_pair(
          static_cast<std::int64_t>(plan.PointOf(t)), plan.ReplicationOf(t));
      if (done.count(key) == 0) tasks.push_back(t);
    }
  }
  std::size_t recorded = 0;
  executor.Run(
      tasks, [&](std::size_t task) { return ComputeTask(plan, task, catalog); },
      [&](std::size_t task, const std::string& text) {
        if (store == nullptr) return;
        const TaskResult r = DecodeTaskResult(text);
        if (!r.error.empty()) throw TaskError(plan, task, r);
        ResultRow row;
        row.point = static_cast<std::int64_t>(plan.PointOf(task));
        row.replication = plan.ReplicationOf(task);
        row.seed = plan.SeedOf(task);
        row.parameters = plan.points[plan.PointOf(task)];
        row.outputs = r.outputs;
        store->Insert(row);
        if (progress) progress(++recorded, tasks.size());
      });
  return tasks.size();
}

}  // namespace kardashev::sweep
