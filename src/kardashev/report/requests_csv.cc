#include "kardashev/report/requests_csv.h"

#include <fmt/format.h>

#include <algorithm>

#include "kardashev/report/output_reference.h"

namespace kardashev::report {

namespace {

// A CSV field: quoted, with quotes doubled, when it holds a separator.
std::string Field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string RequestsCsv(const std::vector<Results>& results) {
  std::string out;
  for (const auto& column : RequestsCsvColumns()) {
    if (!out.empty()) out += ',';
    out += column.path;
  }
  out += '\n';
  for (const auto& r : results) {
    const std::string prefix =
        fmt::format("{},{},", Field(r.scenario), Field(r.variant));
    for (const auto& sv : r.serving) {
      const std::string deployment = Field(sv.name);
      for (const auto& q : sv.records) {
        out += fmt::format(
            "{}{},{},{:.9g},{},{},{},{:.9g},{:.9g},{:.9g},{}\n", prefix,
            deployment, q.index, q.arrival_s, q.prompt_tokens, q.output_tokens,
            q.cached_prompt_tokens, q.ttft_s, q.tpot_s, q.e2e_s, q.preemptions);
      }
    }
  }
  return out;
}

bool HasRequests(const std::vector<Results>& results) {
  return std::any_of(results.begin(), results.end(),
                     [](const Results& r) { return r.requests_recorded; });
}

}  // namespace kardashev::report
