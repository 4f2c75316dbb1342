// Request traces in the Azure LLM inference trace format: a CSV with the header
// `TIMESTAMP,ContextTokens,GeneratedTokens`, one request per line, arrivals as
// `YYYY-MM-DD HH:MM:SS.fffffff`. Arrival times become seconds after the first
// request. Malformed input is a TraceError naming the file and line.
//
// Limits: a trace file must be a regular file of at most kMaxTraceFileBytes (1
// GiB), checked before it is read; token counts are at most kMaxTraceTokens
// per request; messages cite at most kMaxCitedChars characters of a bad field.
#ifndef KARDASHEV_SERVING_TRACE_H_
#define KARDASHEV_SERVING_TRACE_H_

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/serving/replica_simulator.h"

namespace kardashev::serving {

inline constexpr std::uint64_t kMaxTraceFileBytes = 1ull << 30;
inline constexpr int kMaxTraceTokens = 10'000'000;
inline constexpr std::size_t kMaxCitedChars = 60;

class TraceError : public std::runtime_error {
 public:
  TraceError(const std::string& file, int line, const std::string& what);
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  std::string file_;
  int line_;
};

// Parses trace text; `file` names it in errors. Requests come back sorted by
// arrival; a zero generated-token count becomes one (every request returns at
// least one token).
std::vector<Request> ParseAzureTrace(std::string_view text,
                                     const std::string& file);

// Reads and parses a trace file. Throws TraceError (line 0 when the file cannot
// be read: missing, not a regular file, or larger than kMaxTraceFileBytes).
std::vector<Request> ReadAzureTrace(const std::string& path);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_TRACE_H_
