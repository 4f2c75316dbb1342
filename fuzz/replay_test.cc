// Replays every file of tests/data/fuzz-crashes/ and tests/data/bad/ through
// the fuzz targets' entry functions (fuzz_entry.h), so that a crash the fuzzer
// once found stays fixed. In tests/data/fuzz-crashes/, a file named
// `scenario-*` goes to the scenario target and `trace-*` to the trace target;
// a `known-` prefix marks a crash not fixed yet, skipped until it is and the
// prefix is dropped.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_entry.h"
#include "kardashev/catalog/catalog.h"

namespace kardashev::fuzz {
namespace {

namespace fs = std::filesystem;

const std::string kSource = KARDASHEV_SOURCE_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The regular files of `dir` whose names start with `prefix`, sorted; none when
// the directory does not exist.
std::vector<fs::path> Files(const std::string& dir, const std::string& prefix) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() &&
        e.path().filename().string().starts_with(prefix)) {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FuzzReplayTest, BadScenariosAreRejectedCleanly) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  const std::vector<fs::path> files = Files(kSource + "/tests/data/bad", "");
  EXPECT_FALSE(files.empty());
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.string());
    EXPECT_EQ(CheckScenarioInput(ReadFile(f), catalog), "");
  }
}

TEST(FuzzReplayTest, ScenarioCrashesStayFixed) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  for (const fs::path& f :
       Files(kSource + "/tests/data/fuzz-crashes", "scenario-")) {
    SCOPED_TRACE(f.string());
    EXPECT_EQ(CheckScenarioInput(ReadFile(f), catalog), "");
  }
}

TEST(FuzzReplayTest, TraceCrashesStayFixed) {
  for (const fs::path& f :
       Files(kSource + "/tests/data/fuzz-crashes", "trace-")) {
    SCOPED_TRACE(f.string());
    EXPECT_EQ(CheckTraceInput(ReadFile(f)), "");
  }
}

// Known crashes are not replayed (one would bring the whole test down); this
// names them, so that they are not forgotten.
TEST(FuzzReplayTest, KnownCrashesNotYetFixed) {
  const std::vector<fs::path> known =
      Files(kSource + "/tests/data/fuzz-crashes", "known-");
  if (known.empty()) return;
  std::string names;
  for (const fs::path& f : known) {
    names += ' ';
    names += f.filename().string();
  }
  GTEST_SKIP() << known.size() << " known crashes skipped:" << names;
}

}  // namespace
}  // namespace kardashev::fuzz
