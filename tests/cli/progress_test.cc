// The progress bar of `kardashev run` on stderr: under a pseudo-terminal
// (util-linux `script`) a line with a percentage and an estimate of the time
// left, erased at the end; without a terminal, or with --quiet, no progress
// text at all; and the same summary.json either way (the wall clock never
// reaches the results); `run --seeds` and `sweep` count their runs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kBinary;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

const std::string kRun =
    "run scenarios/colossus1.toml --variant lease "
    "--set scenario.horizon_days=30";

bool HaveScript() { return std::system("command -v script >/dev/null") == 0; }

// What `args` writes on a terminal's stderr (stdout goes to a file), run from
// the source tree; "" when it fails.
std::string OnTerminal(const std::string& args, const fs::path& dir) {
  const std::string inner = "cd '" + kSource + "' && '" + kBinary + "' " +
                            args + " > '" + (dir / "stdout").string() + "'";
  const std::string cmd = "timeout 300 script -qfec \"" + inner +
                          "\" /dev/null > '" + (dir / "tty").string() +
                          "' 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return ReadFile(dir / "tty");
}

TEST(ProgressTest, TerminalSeesPercentEtaAndTheLineErased) {
  if (!HaveScript()) GTEST_SKIP() << "no util-linux script";
  const fs::path dir = TempDir("progress-tty");
  const std::string tty =
      OnTerminal(kRun + " --out '" + (dir / "run").string() + "'", dir);
  EXPECT_NE(tty.find('%'), std::string::npos) << tty;
  EXPECT_NE(tty.find("ETA"), std::string::npos) << tty;
  ASSERT_GE(tty.size(), 4u);
  EXPECT_EQ(tty.substr(tty.size() - 4), "\r\033[K");  // erased at the end
  // Same results as without a terminal.
  const Output plain =
      RunKardashev(kRun + " --out '" + (dir / "plain").string() + "'", kSource);
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(ReadFile(dir / "run" / "summary.json"),
            ReadFile(dir / "plain" / "summary.json"));
  EXPECT_EQ(plain.err.find('%'), std::string::npos) << plain.err;
  EXPECT_EQ(plain.err.find('\r'), std::string::npos) << plain.err;
  EXPECT_EQ(plain.err.find("ETA"), std::string::npos) << plain.err;
  fs::remove_all(dir);
}

TEST(ProgressTest, SeedsCountRunsAndQuietIsSilent) {
  if (!HaveScript()) GTEST_SKIP() << "no util-linux script";
  const fs::path dir = TempDir("progress-seeds");
  const std::string seeds = OnTerminal(
      "run scenarios/colossus1.toml --set scenario.horizon_days=7 --variant "
      "lease --seeds 3 --out '" +
          (dir / "seeds").string() + "'",
      dir);
  EXPECT_NE(seeds.find("/3 runs"), std::string::npos) << seeds;
  EXPECT_NE(seeds.find('%'), std::string::npos) << seeds;
  const std::string quiet = OnTerminal(
      kRun + " --quiet --out '" + (dir / "quiet").string() + "'", dir);
  EXPECT_EQ(quiet.find('%'), std::string::npos) << quiet;
  EXPECT_EQ(quiet.find("ETA"), std::string::npos) << quiet;
  fs::remove_all(dir);
}

TEST(ProgressTest, SweepCountsItsRuns) {
  if (!HaveScript()) GTEST_SKIP() << "no util-linux script";
  const fs::path dir = TempDir("progress-sweep");
  // 2 prices x 3 sizes x 2 shares, 3 replications each.
  const std::string tty =
      OnTerminal("sweep tests/data/sweep/small-grid.toml --results '" +
                     (dir / "r.sqlite").string() + "'",
                 dir);
  EXPECT_NE(tty.find("/36 runs"), std::string::npos) << tty;
  EXPECT_NE(tty.find("ETA"), std::string::npos) << tty;
  fs::remove_all(dir);
}

}  // namespace
