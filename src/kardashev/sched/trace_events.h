// TraceEvents: what a traced fleet simulation recorded (`kardashev run
// --trace`), as plain data in simulated time, for the trace writer
// (report/trace_json.h). A track is one row of the timeline: a cluster (its
// nodes aggregated, never one per node), a training job or a lease. Events
// are in the order recorded, which is the same for the same scenario and seed.
//
// What it promises: on each track the complete spans nest (a span either
// contains another or is disjoint from it), every duration is >= 0, and every
// time lies within the horizon.
#ifndef KARDASHEV_SCHED_TRACE_EVENTS_H_
#define KARDASHEV_SCHED_TRACE_EVENTS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace kardashev::sched {

// One argument of an event: a number, or a text when `text` is not empty.
struct TraceArg {
  std::string key;
  double value = 0;
  std::string text;
};

// The kinds of the Trace Event Format this simulation records.
enum class TraceKind : char {
  kComplete = 'X',  // a span: ts_us to ts_us + dur_us
  kInstant = 'i',   // a moment on its track
  kCounter = 'C',   // values of the series named in args, from ts_us on
};

struct TraceEvent {
  TraceKind kind = TraceKind::kComplete;
  int track = 0;  // index into TraceEvents::tracks; counters: -1 (the fleet)
  std::int64_t ts_us = 0;   // simulated microseconds from the start
  std::int64_t dur_us = 0;  // complete spans only
  std::string name;
  std::vector<TraceArg> args;
};

struct TraceEvents {
  std::vector<std::string> tracks;  // their names, in the order of ids
  std::vector<TraceEvent> events;
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_TRACE_EVENTS_H_
