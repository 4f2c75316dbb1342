// run(): the one entry point. The CLI, sweeps and the Python module all call
// it. It takes a valid Scenario (plain data, from scenario/) and sequences the
// stages: prepare (model inputs, prepare/prepare.h), simulate (the fleet and
// the serving deployments), evaluate (economics, demand, orbital shells), and
// returns Results (plain data, for report/). It does no I/O besides reading
// the traces a scenario names, and keeps no state between calls, so runs of
// different scenarios may proceed on different threads.
#ifndef KARDASHEV_RUN_H_
#define KARDASHEV_RUN_H_

#include <functional>
#include <string>
#include <vector>

#include "kardashev/report/results.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev {

struct RunOptions {
  bool timeseries =
      true;  // collect timeseries rows (off for sweeps that need totals only)
  bool requests = false;  // record every served request (requests.csv)
  // When not null, called with the share of the fleet's horizon simulated so
  // far, at most once per hundredth, on the running thread; for a progress
  // display only: nothing of it reaches the Results.
  std::function<void(double share)> progress = nullptr;
  // Record the fleet's trace (trace.json, sched/trace_recorder.h); its
  // counters follow the time series, so it needs `timeseries`.
  bool trace = false;
};

report::Results Run(const scenario::Scenario& scenario,
                    const RunOptions& options);

// What a run of `scenario` found legal but probably unintended, for stderr:
// a [[demand]] that no replica can serve within its SLO at any rate (it is in
// `results` with zero capacity).
std::vector<std::string> RunWarnings(const scenario::Scenario& scenario,
                                     const report::Results& results);

}  // namespace kardashev

#endif  // KARDASHEV_RUN_H_
