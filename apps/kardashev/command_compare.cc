// `kardashev compare DIR_A DIR_B`.
#include <fmt/format.h>

#include "cli.h"
#include "kardashev/report/compare.h"

namespace kardashev::cli {

int CommandCompare(const CompareFlags& flags) {
  try {
    const auto a = report::ReadRunSummary(flags.dir_a);
    const auto b = report::ReadRunSummary(flags.dir_b);
    const auto comparison =
        report::CompareSummaries(a, b, flags.dir_a, flags.dir_b);
    if (flags.format == "json") {
      fmt::print("{}\n", report::CompareJson(comparison).dump(2));
    } else {
      fmt::print("{}", report::CompareText(comparison));
    }
  } catch (const report::CompareError& e) {
    fmt::print(stderr, "kardashev: compare: {}\n", e.what());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace kardashev::cli
