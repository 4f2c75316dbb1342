// End-to-end tests of hostile and mistyped input: a file nested thousands
// deep, special files, a negative seed, a bad flag, a huge value. Each must end
// within a bounded time with exit status 2 and one line on stderr naming the
// file or flag and the key.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;

class InputLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kardashev-limits-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return name;
  }

  // Runs the binary with `args` from the temp directory, killed after 60 s
  // (status 124): none of these inputs may take that long.
  Output Kardashev(const std::string& args) {
    return RunKardashev(args, dir_, 60);
  }

  // Expects exit 2 and exactly one line on stderr that starts with `start`
  // and holds `text`.
  void ExpectOneError(const Output& o, const std::string& start,
                      const std::string& text) {
    EXPECT_EQ(o.status, 2) << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    EXPECT_EQ(o.err.rfind(start, 0), 0u) << o.err;
    EXPECT_NE(o.err.find(text), std::string::npos) << o.err;
    EXPECT_LT(o.err.size(), 1000u);
  }

  fs::path dir_;
};

std::string Repeat(const std::string& part, int times,
                   const std::string& sep = "") {
  std::string out;
  for (int i = 0; i < times; ++i) out += (i > 0 ? sep : "") + part;
  return out;
}

TEST_F(InputLimitsTest, DeeplyNestedFilesAreOneErrorNotACrash) {
  const std::string header =
      Write("limits-deep-header.toml",
            fmt::format("[{}]\n", Repeat("a", 30'000, ".")));
  ExpectOneError(Kardashev("check " + header), header + ":1:", "key 'a.a.a.a.");
  ExpectOneError(Kardashev("check " + header),
                 header + ":1:", "more than 32 levels deep");
  const std::string arrays = Write(
      "limits-deep-arrays.toml",
      "[scenario]\na = " + Repeat("[", 30'000) + Repeat("]", 30'000) + "\n");
  ExpectOneError(Kardashev("check " + arrays),
                 arrays + ":2:", "more than 32 levels deep");
  const std::string tables =
      Write("limits-deep-tables.toml",
            "x = " + Repeat("{a = ", 30'000) + "1" + Repeat("}", 30'000));
  ExpectOneError(Kardashev("check " + tables),
                 tables + ":1:", "more than 32 levels deep");
}

TEST_F(InputLimitsTest, SpecialFilesAreRefusedNotReadForever) {
  ExpectOneError(Kardashev("check /dev/urandom"),
                 "/dev/urandom: error: cannot read the scenario file",
                 "a device, not a regular file");
  ExpectOneError(Kardashev("check ."), ".: error: cannot read the scenario",
                 "a directory, not a regular file");
  const std::string zero =
      Write("limits-include-zero.toml", "include = [\"/dev/zero\"]\n");
  ExpectOneError(Kardashev("check " + zero),
                 zero + ":1:12: error: key 'include'",
                 "'/dev/zero': it is a device, not a regular file");
  const std::string dot = Write("limits-include-dot.toml", "include = \".\"\n");
  ExpectOneError(Kardashev("check " + dot), dot + ":1:11: error: key 'include'",
                 "a directory, not a regular file");
  std::string serving =
      ReadFile(kSource + "/tests/data/bad/serving-missing-trace.toml");
  serving.replace(serving.find("no-such-trace.csv"), 17, "/dev/zero");
  const std::string trace = Write("limits-trace-zero.toml", serving);
  ExpectOneError(
      Kardashev("check " + trace),
      trace + ":12:9: error: key 'serving.replay.trace'",
      "/dev/zero: cannot read the trace: it is a device, not a regular "
      "file");
}

TEST_F(InputLimitsTest, AScenarioOverSixteenMibIsRefusedUnread) {
  const std::string big = Write("limits-big.toml", "");
  fs::resize_file(dir_ / big, (16u << 20) + 1);
  ExpectOneError(Kardashev("check " + big), big + ": error: ",
                 "more than the 16 MiB an input file may have");
}

TEST_F(InputLimitsTest, TheSeedMustBeANonNegativeInteger) {
  const std::string small =
      Write("small.toml", ReadFile(kSource + "/tests/data/good/small.toml"));
  for (const std::string seed : {"-1", "1.5", "x", "18446744073709551616"}) {
    ExpectOneError(Kardashev("check " + small + " --seed " + seed),
                   "--seed: error: ",
                   "expected an integer >= 0 and < 2^64, got \"" + seed + "\"");
  }
  EXPECT_EQ(Kardashev("check " + small + " --seed 18446744073709551615").status,
            0);
}

TEST_F(InputLimitsTest, FlagErrorsAreOneLineNamingTheFlag) {
  const std::string small =
      Write("small.toml", ReadFile(kSource + "/tests/data/good/small.toml"));
  ExpectOneError(Kardashev("check " + small + " --bogus"),
                 "kardashev: error: ", "--bogus");
  ExpectOneError(Kardashev("run " + small + " --format xml"),
                 "kardashev: error: --format", "xml");
  ExpectOneError(Kardashev("check " + small + " --set"),
                 "kardashev: error: --set", "see kardashev --help");
  ExpectOneError(Kardashev("check"), "kardashev: error: ", "scenario");
  ExpectOneError(Kardashev(""), "kardashev: error: ", "subcommand");
  ExpectOneError(
      Kardashev("check " + small + " --set 'cluster.c1.name=[1, 2]'"),
      "--set cluster.c1.name=[1, 2]: error: key 'cluster.c1.name'",
      "expected a name of letters, digits");
}

TEST_F(InputLimitsTest, AHugeValueIsCitedByItsStart) {
  const std::string small =
      Write("small.toml", ReadFile(kSource + "/tests/data/good/small.toml"));
  const std::string value(100'000, 'x');
  const Output o =
      Kardashev("check " + small + " --set scenario.horizon_days=" + value);
  ExpectOneError(o,
                 "--set scenario.horizon_days=", "key 'scenario.horizon_days'");
  EXPECT_NE(o.err.find("…(100000 characters)\""), std::string::npos) << o.err;
  // A huge name, valid: cited short in the list of names.
  std::string text = ReadFile(kSource + "/tests/data/good/small.toml");
  text.replace(text.find("name = \"c1\""), 11,
               "name = \"" + std::string(100'000, 'n') + "\"");
  const std::string file = Write("limits-long-name.toml", text);
  ExpectOneError(
      Kardashev("check " + file),
      file + ":26:11: error: key 'lease.l1.cluster'",
      "expected one of: " + std::string(60, 'n') + "…(100000 characters)");
  // A huge name, invalid: reported as such, cited short.
  text.replace(text.find("nnn"), 1, " ");
  const std::string bad = Write("limits-long-bad-name.toml", text);
  ExpectOneError(
      Kardashev("check " + bad), bad + ":15:8: error: key 'cluster.0.name'",
      "got the string \" " + std::string(59, 'n') + "…(100000 characters)\"");
}

}  // namespace
