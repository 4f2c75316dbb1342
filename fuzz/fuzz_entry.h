// The entry functions of the fuzz targets, shared by the libFuzzer programs
// (scenario_fuzzer.cc, trace_fuzzer.cc) and by the regression test that replays
// tests/data/fuzz-crashes/ and tests/data/bad/ (replay_test.cc). Each writes
// the input bytes to a regular file in a fresh, empty temporary directory (so
// relative includes and trace paths named in the input resolve to nothing) and
// hands that file to the library, as a user would.
//
// The documented error of each reader (ScenarioError, TraceError) is an
// accepted outcome. A broken invariant comes back as a message; any other
// exception propagates to the caller, which treats it as a finding.
#ifndef KARDASHEV_FUZZ_FUZZ_ENTRY_H_
#define KARDASHEV_FUZZ_FUZZ_ENTRY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "kardashev/catalog/catalog.h"

namespace kardashev::fuzz {

// Scenarios at most this large are also run, to keep executions fast; larger
// ones are only loaded.
struct RunLimits {
  double max_horizon_s = 30.0 * 86400.0;
  std::int64_t max_gpus = 4096;              // over all clusters of a variant
  std::int64_t max_serving_requests = 2000;  // synthetic, over all deployments
  int max_variants = 4;
};

// Loads `data` as a scenario file with `catalog`; when every variant is within
// `limits`, runs each one and checks that every figure of its Results (the
// summary.json object and the timeseries rows) is finite. Returns "" when all
// holds or the loader rejected the input with a ScenarioError, else what broke.
std::string CheckScenarioInput(std::string_view data,
                               const catalog::Catalog& catalog,
                               const RunLimits& limits = {});

// Reads `data` as an Azure trace file and checks that every request has a
// finite, non-negative arrival, arrivals in order and positive token counts.
// Returns "" when all holds or the reader rejected the input with a
// TraceError, else what broke.
std::string CheckTraceInput(std::string_view data);

}  // namespace kardashev::fuzz

#endif  // KARDASHEV_FUZZ_FUZZ_ENTRY_H_
