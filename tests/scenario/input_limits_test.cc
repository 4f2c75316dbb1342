// Hostile and mistyped scenario input: each gets one ScenarioError naming the
// file and key, never a crash, a hang or unbounded memory.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/io/input_file.h"
#include "kardashev/scenario/document.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/includes.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::scenario {
namespace {

namespace fs = std::filesystem;
const std::string kSource = KARDASHEV_SOURCE_DIR;

std::string Repeat(const std::string& part, int times,
                   const std::string& sep = "") {
  std::string out;
  for (int i = 0; i < times; ++i) out += (i > 0 ? sep : "") + part;
  return out;
}

// The message ParseToml throws for `text`, or "no error".
std::string ParseError(const std::string& text) {
  try {
    ParseToml(text, "deep.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

TEST(NestingLimitTest, AHeaderOfThousandsOfPartsIsOneErrorNotACrash) {
  // toml++ alone overflows the stack on a few hundred thousand parts.
  for (const int parts : {34, 5'000, 30'000, 300'000}) {
    const std::string e =
        ParseError("[" + Repeat("a", parts, ".") + "]\nx = 1\n");
    SCOPED_TRACE(parts);
    EXPECT_EQ(e.rfind("deep.toml:1:", 0), 0u) << e;
    EXPECT_NE(e.find("key 'a.a.a."), std::string::npos) << e;
    EXPECT_NE(e.find("more than 32 levels deep"), std::string::npos) << e;
    EXPECT_LT(e.size(), 400u);
  }
}

TEST(NestingLimitTest, DeepInlineArraysAndTablesAreRefused) {
  for (const int depth : {40, 300, 100'000}) {
    SCOPED_TRACE(depth);
    EXPECT_NE(ParseError("a = " + Repeat("[", depth) + Repeat("]", depth))
                  .find("more than 32 levels deep"),
              std::string::npos);
    EXPECT_NE(
        ParseError("x = " + Repeat("{a = ", depth) + "1" + Repeat("}", depth))
            .find("more than 32 levels deep"),
        std::string::npos);
  }
  // Dotted keys inside inline tables add up.
  EXPECT_NE(ParseError("x = " + Repeat("{" + Repeat("b", 20, ".") + " = ", 3) +
                       "1" + Repeat("}", 3))
                .find("more than 32 levels deep"),
            std::string::npos);
}

TEST(NestingLimitTest, ThirtyTwoLevelsAreAllowedAndThirtyThreeAreNot) {
  // The document is the first level: a key under a header of n parts sits
  // inside n + 1 tables.
  EXPECT_EQ(ParseError("[" + Repeat("a", 31, ".") + "]\nx = 1\n"), "no error");
  const std::string e = ParseError("[" + Repeat("a", 32, ".") + "]\nx = 1\n");
  EXPECT_EQ(
      e.rfind("deep.toml:2:5: error: key '" + Repeat("a", 32, ".") + ".x'", 0),
      0u)
      << e;
  // Dots in values and strings are not key parts.
  EXPECT_EQ(ParseError("v = [1.5, 2.5, 3.5]\ns = \"" + Repeat("a", 100, ".") +
                       "\"\n# " + Repeat("b", 100, ".") + "\n"),
            "no error");
}

TEST(NestingLimitTest, ADeepOverrideValueIsRefusedAtItsFlag) {
  const Location flag{"--set x.y=[[...", 0, 0};
  try {
    ParseOverrideValue(Repeat("[", 5'000) + Repeat("]", 5'000), flag);
    ADD_FAILURE() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, flag.file);
    EXPECT_NE(std::string(e.what()).find("32 levels"), std::string::npos);
  }
}

TEST(ExcerptTest, LongValuesAreCitedByAPrefixAndTheirLength) {
  EXPECT_EQ(Excerpt("short"), "short");
  EXPECT_EQ(Excerpt("a\nb\x01"), "a?b?");
  const std::string cut = Excerpt(std::string(100'000, 'x'));
  EXPECT_EQ(cut, std::string(60, 'x') + "…(100000 characters)");
  // Never splits a UTF-8 character: 61 'é' become 60 and the count.
  std::string accents;
  for (int i = 0; i < 61; ++i) accents += "é";
  EXPECT_EQ(Excerpt(accents), accents.substr(0, 120) + "…(61 characters)");
  // A message built by hand is cut too.
  const ScenarioError e(Location{"f.toml", 1, 1}, "k",
                        "got \"" + std::string(100'000, 'y') + "\"");
  EXPECT_LT(std::string(e.what()).size(), 200u);
  EXPECT_NE(std::string(e.what()).find("(100000 characters)"),
            std::string::npos);
}

class InputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kardashev-limits-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  // The message loading `path` throws, or "no error".
  std::string LoadError(const std::string& path,
                        const LoadOptions& options = {}) {
    try {
      LoadScenario(path, options, catalog_);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "no error";
  }
  std::string Small() {
    std::ifstream in(kSource + "/tests/data/good/small.toml");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  fs::path dir_;
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

TEST_F(InputFileTest, SpecialFilesAreRefusedBeforeReading) {
  EXPECT_NE(io::InputFileProblem("/dev/zero", kMaxScenarioFileBytes)
                .find("a device, not a regular file"),
            std::string::npos);
  EXPECT_NE(io::InputFileProblem(dir_.string(), kMaxScenarioFileBytes)
                .find("a directory"),
            std::string::npos);
  EXPECT_EQ(io::InputFileProblem(Write("ok.toml", "x = 1\n"), 6), "");
  EXPECT_NE(io::InputFileProblem((dir_ / "ok.toml").string(), 5)
                .find("it is 6 bytes, more than the 5 bytes"),
            std::string::npos);
  EXPECT_THROW(io::ReadInputFile("/dev/zero", kMaxScenarioFileBytes),
               std::runtime_error);

  const std::string zero = Write("zero.toml", "include = [\"/dev/zero\"]\n");
  EXPECT_EQ(LoadError(zero), zero +
                                 ":1:12: error: key 'include': cannot read "
                                 "included file '/dev/zero': it is a device, "
                                 "not a regular file");
  const std::string dot = Write("dot.toml", "include = \".\"\n");
  EXPECT_NE(LoadError(dot).find("key 'include': cannot read included file"),
            std::string::npos);
  EXPECT_NE(LoadError(dot).find("a directory, not a regular file"),
            std::string::npos);
  EXPECT_EQ(LoadError("/dev/urandom"),
            "/dev/urandom: error: cannot read the scenario file: it is a "
            "device, not a regular file");
}

TEST_F(InputFileTest, AFileOverSixteenMibIsRefusedUnread) {
  const std::string big = Write("big.toml", "");
  fs::resize_file(big, kMaxScenarioFileBytes + 1);  // sparse: nothing written
  EXPECT_EQ(LoadError(big),
            big +
                ": error: cannot read the scenario file: it is 16777217 "
                "bytes, more than the 16 MiB an input file may have");
  fs::resize_file(big, kMaxScenarioFileBytes);  // at the bound: read, parsed
  EXPECT_NE(LoadError(big).find("TOML syntax"), std::string::npos);
}

TEST_F(InputFileTest, IncludesNestAtMostSixteenFilesDeep) {
  for (int i = 0; i < 20; ++i) {
    Write(fmt::format("i{}.toml", i),
          fmt::format("include = [\"i{}.toml\"]\n", i + 1));
  }
  const std::string e = LoadError((dir_ / "i0.toml").string());
  EXPECT_EQ(e.rfind((dir_ / "i15.toml").string() +
                        ":1:12: error: key 'include': includes nest more than "
                        "16 files deep",
                    0),
            0u)
      << e;
  // Sixteen files are fine: the last one is the small scenario.
  for (int i = 0; i < 15; ++i) {
    Write("j" + std::to_string(i) + ".toml",
          "include = [\"j" + std::to_string(i + 1) + ".toml\"]\n");
  }
  Write("j15.toml", Small());
  EXPECT_EQ(LoadError((dir_ / "j0.toml").string()), "no error");
  EXPECT_EQ(kMaxIncludeDepth, 16u);
}

TEST_F(InputFileTest, ABadNameIsReportedBeforeAVariantThatCannotFindIt) {
  std::string text = Small();
  text.replace(text.find("name = \"c1\""), 11, "name = \"a b\"");
  text +=
      "\n[[variant]]\nname = \"v\"\nset = { cluster = { c1 = { nodes = 2 } "
      "} }\n";
  const std::string path = Write("bad-name.toml", text);
  EXPECT_EQ(LoadError(path),
            path +
                ":15:8: error: key 'cluster.0.name': expected a name of "
                "letters, digits, '-' and '_', got the string \"a b\"");
}

TEST_F(InputFileTest, ASetNameThatIsNoNameIsReportedAtItsPath) {
  const std::string path = Write("small.toml", Small());
  LoadOptions options;
  options.sets = {"cluster.c1.name=[1, 2]"};
  EXPECT_EQ(LoadError(path, options),
            "--set cluster.c1.name=[1, 2]: error: key 'cluster.c1.name': "
            "expected a name of letters, digits, '-' and '_', got an array");
  options.sets = {"cluster.c1.name=two words"};
  EXPECT_NE(LoadError(path, options).find("key 'cluster.c1.name'"),
            std::string::npos);
}

TEST_F(InputFileTest, AHundredThousandCharacterValueIsCitedShort) {
  const std::string path = Write("small.toml", Small());
  LoadOptions options;
  options.sets = {"scenario.horizon_days=" + std::string(100'000, 'x')};
  const std::string e = LoadError(path, options);
  EXPECT_LT(e.size(), 400u) << e;
  EXPECT_NE(e.find("key 'scenario.horizon_days'"), std::string::npos);
  EXPECT_NE(e.find("\"" + std::string(60, 'x') + "…(100000 characters)\""),
            std::string::npos)
      << e;
}

}  // namespace
}  // namespace kardashev::scenario
