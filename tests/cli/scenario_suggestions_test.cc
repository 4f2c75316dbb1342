// Every command a shipped scenario suggests in a comment ("# try: ARGS") is
// one the binary accepts: `kardashev check FILE ARGS` exits 0. A suggestion
// that a scenario's own numbers refuse (a lease wider than the GPUs beyond
// the spare pool) is caught here rather than by a user.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;

constexpr std::string_view kMarker = "# try: ";

TEST(ScenarioSuggestionsTest, EverySuggestedCommandIsAccepted) {
  int suggestions = 0;
  for (const char* dir : {"scenarios", "examples"}) {
    if (!fs::exists(fs::path(kSource) / dir)) continue;
    for (const auto& entry : fs::directory_iterator(fs::path(kSource) / dir)) {
      if (entry.path().extension() != ".toml") continue;
      std::istringstream lines(ReadFile(entry.path()));
      std::string line;
      while (std::getline(lines, line)) {
        const std::size_t at = line.find(kMarker);
        if (at == std::string::npos) continue;
        const std::string args = line.substr(at + kMarker.size());
        const std::string file =
            fs::relative(entry.path(), kSource).generic_string();
        ++suggestions;
        const Output o = RunKardashev("check " + file + " " + args, kSource);
        EXPECT_EQ(o.status, 0) << file << ": " << args << "\n" << o.err;
      }
    }
  }
  EXPECT_GE(suggestions, 4);
}

}  // namespace
