// trace.json: the fleet's trace in the Trace Event Format's JSON Object
// Format ({"traceEvents": [...], "displayTimeUnit": "ms"}), which
// ui.perfetto.dev and chrome://tracing open. One process per variant (pid =
// its 1-based position, named "SCENARIO / VARIANT" by `process_name`
// metadata), one thread per track of sched::TraceEvents (tid = its 1-based
// id, named by `thread_name` and ordered by `thread_sort_index` metadata);
// counters carry tid 0. Times are microseconds of simulated time. The writer
// only formats, so identical Results give byte-identical text.
#ifndef KARDASHEV_REPORT_TRACE_JSON_H_
#define KARDASHEV_REPORT_TRACE_JSON_H_

#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// The whole file: every variant whose trace was recorded, in order.
std::string TraceJson(const std::vector<Results>& results);

// True when some variant recorded its trace (RunOptions::trace).
bool HasTrace(const std::vector<Results>& results);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_TRACE_JSON_H_
