#include "kardashev/report/trace_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace kardashev::report {

namespace {

std::string Quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// A number as JSON: the shortest text that reads back to it; null when not
// finite (JSON has no infinity).
void AppendNumber(std::string& out, double v) {
  if (std::isfinite(v)) {
    fmt::format_to(std::back_inserter(out), "{}", v);
  } else {
    out += "null";
  }
}

void AppendArgs(std::string& out, const std::vector<sched::TraceArg>& args) {
  out += ",\"args\":{";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ',';
    out += Quoted(args[i].key);
    out += ':';
    if (!args[i].text.empty()) {
      out += Quoted(args[i].text);
    } else {
      AppendNumber(out, args[i].value);
    }
  }
  out += '}';
}

void AppendMetadata(std::string& out, int pid, int tid, const char* name,
                    const std::string& args) {
  fmt::format_to(std::back_inserter(out),
                 "{{\"ph\":\"M\",\"name\":\"{}\",\"pid\":{},\"tid\":{},"
                 "\"ts\":0,\"args\":{{{}}}}},\n",
                 name, pid, tid, args);
}

void AppendEvent(std::string& out, int pid, const sched::TraceEvent& e) {
  const int tid = e.track + 1;  // counters (-1) on tid 0
  fmt::format_to(std::back_inserter(out),
                 "{{\"ph\":\"{}\",\"name\":{},\"pid\":{},\"tid\":{},\"ts\":{}",
                 static_cast<char>(e.kind), Quoted(e.name), pid, tid, e.ts_us);
  if (e.kind == sched::TraceKind::kComplete) {
    fmt::format_to(std::back_inserter(out), ",\"dur\":{}", e.dur_us);
  } else if (e.kind == sched::TraceKind::kInstant) {
    out += ",\"s\":\"t\"";
  }
  if (!e.args.empty()) AppendArgs(out, e.args);
  out += "},\n";
}

void AppendVariant(std::string& out, int pid, const Results& r) {
  AppendMetadata(out, pid, 0, "process_name",
                 "\"name\":" + Quoted(r.scenario + " / " + r.variant));
  AppendMetadata(out, pid, 0, "process_sort_index",
                 fmt::format("\"sort_index\":{}", pid));
  for (std::size_t t = 0; t < r.trace.tracks.size(); ++t) {
    const int tid = static_cast<int>(t) + 1;
    AppendMetadata(out, pid, tid, "thread_name",
                   "\"name\":" + Quoted(r.trace.tracks[t]));
    AppendMetadata(out, pid, tid, "thread_sort_index",
                   fmt::format("\"sort_index\":{}", tid));
  }
  for (const auto& e : r.trace.events) AppendEvent(out, pid, e);
}

}  // namespace

std::string TraceJson(const std::vector<Results>& results) {
  std::string out = "{\"traceEvents\":[\n";
  for (std::size_t v = 0; v < results.size(); ++v) {
    if (results[v].trace_recorded) {
      AppendVariant(out, static_cast<int>(v) + 1, results[v]);
    }
  }
  if (out.size() >= 2 && out[out.size() - 2] == ',') {
    out.erase(out.size() - 2, 1);  // no comma after the last event
  }
  out += "],\n\"displayTimeUnit\":\"ms\"}\n";
  return out;
}

bool HasTrace(const std::vector<Results>& results) {
  return std::any_of(results.begin(), results.end(),
                     [](const Results& r) { return r.trace_recorded; });
}

}  // namespace kardashev::report
