// Every shipped scenario, every variant, checked against the invariants of
// report/invariants.h by `kardashev run --invariants`: single seeds, --seeds
// on colossus1, and the growth level (hardware-strategy), and every point of
// the example sweep. The fuzz targets check the same invariants on every
// input they run.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

// Runs `args` with --invariants and returns the count of values it checked.
long CheckedRun(const std::string& args) {
  const fs::path out = TempDir("invariants");
  const Output o = RunKardashev(
      "run " + args + " --quiet --invariants --out '" + out.string() + "'",
      kSource);
  fs::remove_all(out);
  EXPECT_EQ(o.status, 0) << args << "\n" << o.err;
  std::smatch m;
  const std::regex line(
      R"(invariants: (\d+) values checked on (\d+) results .*: all hold)");
  EXPECT_TRUE(std::regex_search(o.err, m, line)) << args << "\n" << o.err;
  return m.empty() ? 0 : std::stol(m[1]);
}

TEST(InvariantsCliTest, EveryShippedScenarioAndVariantHolds) {
  long checked = 0;
  int files = 0;
  for (const auto& entry :
       fs::directory_iterator(fs::path(kSource) / "scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    checked += CheckedRun(fs::relative(entry.path(), kSource).generic_string());
    ++files;
  }
  EXPECT_GE(files, 8);
  checked += CheckedRun("scenarios/colossus1.toml --seeds 2 --jobs 2");
  checked += CheckedRun("tests/data/good/growth-small.toml");
  // The example sweep: each of its points fails if an invariant breaks.
  const fs::path sweep = TempDir("invariants-sweep");
  const Output s = RunKardashev(
      "sweep examples/lease-price-sweep.toml --jobs 2 --quiet --results '" +
          (sweep / "results.sqlite").string() + "'",
      kSource);
  fs::remove_all(sweep);
  EXPECT_EQ(s.status, 0) << s.err;
  std::printf(
      "invariants: %ld values checked over %d shipped scenarios, "
      "colossus1 on 2 seeds and a growth fixture\n",
      checked, files);
  EXPECT_GT(checked, 10000);
}

}  // namespace
