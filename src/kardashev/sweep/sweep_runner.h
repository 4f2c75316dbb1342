// Running a sweep: each task loads its point's scenario with the task's seed,
// runs every played variant without time series, and takes the sweep's
// outputs from each variant's summary.json object. RunSweep hands the tasks
// that the results file lacks to an Executor (threads, or MPI ranks) and
// records each result in the file as it arrives, so an interrupted sweep
// resumes where it stopped and a finished one recomputes nothing.
#ifndef KARDASHEV_SWEEP_SWEEP_RUNNER_H_
#define KARDASHEV_SWEEP_SWEEP_RUNNER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/sweep/executor.h"
#include "kardashev/sweep/results_store.h"
#include "kardashev/sweep/sweep_plan.h"

namespace kardashev::sweep {

// The results file of the sweep named `sweep_name` when none is given:
// runs/NAME/results.sqlite.
std::string DefaultResultsPath(const std::string& sweep_name);

// What a results file of `plan`, read from `sweep_file`, is for: the hash of
// its definition and its column names.
StoreDefinition DefinitionOf(const SweepPlan& plan,
                             const std::string& sweep_file);

// A task's result as the executor carries it: the outputs, or what failed.
struct TaskResult {
  std::vector<double> outputs;  // plan.outputs' order; NaN for null
  std::string error;            // "" when it ran
  int output = -1;              // the output at fault, when one is
};

std::string EncodeTaskResult(const TaskResult& result);
TaskResult DecodeTaskResult(const std::string& text);

// Computes one task; never throws (a failure is in the result).
std::string ComputeTask(const SweepPlan& plan, std::size_t task,
                        const catalog::Catalog& catalog);

// How far a run got, for a progress line: tasks recorded in this run, of
// `to_run`.
using Progress = std::function<void(std::size_t recorded, std::size_t to_run)>;

// Runs every task of `plan` that `store` lacks and records it there; returns
// how many ran (0 on a process that is not the executor's coordinator, which
// passes a null `store`: it only computes what it is given). A failed task is a
// ScenarioError at the sweep file (the output it could not find, or the point
// that failed to run); the rows recorded before it stay.
std::size_t RunSweep(const SweepPlan& plan, Executor& executor,
                     ResultsStore* store, const catalog::Catalog& catalog,
                     const Progress& progress);

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_SWEEP_RUNNER_H_
