// `kardashev run --trace` writes trace.json beside summary.json, in the same
// file set: the Trace Event Format with the variant's process and its tracks
// named, the same bytes for the same seed, and nothing else changed; a run
// without --trace writes none and leaves none of an earlier run behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

const std::string kSmall = std::string("tests/data/good/small.toml");
const std::string kTraining =
    std::string("tests/data/good/replica-training.toml");

// Runs `scenario` with `extra` flags into `dir`; expects success.
void RunInto(const std::string& scenario, const fs::path& dir,
             const std::string& extra) {
  const auto o = RunKardashev(
      "run " + scenario + " --quiet --out '" + dir.string() + "' " + extra,
      kSource, 120);
  ASSERT_EQ(o.status, 0) << o.err;
}

// The names given by `process_name` and `thread_name` metadata.
std::set<std::string> Names(const nlohmann::json& trace) {
  std::set<std::string> names;
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] == "M" &&
        (e["name"] == "process_name" || e["name"] == "thread_name")) {
      names.insert(e["args"]["name"].get<std::string>());
    }
  }
  return names;
}

TEST(TraceCliTest, WritesTraceJsonWithTheTracksNamed) {
  const fs::path dir = TempDir("trace-small");
  RunInto(kSmall, dir / "a", "--trace");
  const auto trace = nlohmann::json::parse(ReadFile(dir / "a" / "trace.json"));
  EXPECT_EQ(trace["displayTimeUnit"], "ms");
  ASSERT_TRUE(trace["traceEvents"].is_array());
  for (const auto& e : trace["traceEvents"]) {
    ASSERT_TRUE(e.contains("ph") && e.contains("ts") && e.contains("pid") &&
                e.contains("tid"))
        << e.dump();
  }
  const auto names = Names(trace);
  EXPECT_EQ(names.count("small / base"), 1u);
  EXPECT_EQ(names.count("cluster c1"), 1u);
  EXPECT_EQ(names.count("lease l1"), 1u);

  RunInto(kTraining, dir / "t", "--trace");
  const auto job = nlohmann::json::parse(ReadFile(dir / "t" / "trace.json"));
  EXPECT_EQ(Names(job).count("job t"), 1u);
  int train = 0;
  for (const auto& e : job["traceEvents"]) {
    if (e["ph"] == "X" && e["name"] == "train") ++train;
  }
  EXPECT_GT(train, 0);
  fs::remove_all(dir);
}

TEST(TraceCliTest, SameSeedSameBytesAndTheSummaryUnchanged) {
  const fs::path dir = TempDir("trace-same");
  RunInto(kTraining, dir / "a", "--trace");
  RunInto(kTraining, dir / "b", "--trace");
  RunInto(kTraining, dir / "plain", "");
  const std::string a = ReadFile(dir / "a" / "trace.json");
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(a == ReadFile(dir / "b" / "trace.json"));
  EXPECT_FALSE(fs::exists(dir / "plain" / "trace.json"));
  for (const char* f : {"summary.json", "timeseries.csv"}) {
    EXPECT_TRUE(ReadFile(dir / "a" / f) == ReadFile(dir / "plain" / f)) << f;
  }
  fs::remove_all(dir);
}

TEST(TraceCliTest, ARunWithoutTraceLeavesNoEarlierTrace) {
  const fs::path dir = TempDir("trace-replace");
  RunInto(kSmall, dir / "out", "--trace");
  ASSERT_TRUE(fs::exists(dir / "out" / "trace.json"));
  RunInto(kSmall, dir / "out", "");
  EXPECT_FALSE(fs::exists(dir / "out" / "trace.json"));
  EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));
  fs::remove_all(dir);
}

}  // namespace
