// End-to-end tests of scenarios/hardware-strategy.toml, the growth level's
// five-year comparison of a frontier lab and a hardware provider: the file is
// valid with its two variants, and `kardashev run` plays both and prints a
// table by calendar year (2027-2031) with the two variants side by side.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

constexpr char kScenario[] = "scenarios/hardware-strategy.toml";

// Whether `text` holds `label` as a word of its own: not inside a longer
// number, nor the tail of a name such as "shell-2029".
bool HasWord(const std::string& text, const std::string& label) {
  for (std::size_t at = text.find(label); at != std::string::npos;
       at = text.find(label, at + 1)) {
    const bool starts =
        at == 0 || std::isspace(static_cast<unsigned char>(text[at - 1])) != 0;
    const std::size_t end = at + label.size();
    const bool ends = end == text.size() ||
                      std::isalnum(static_cast<unsigned char>(text[end])) == 0;
    if (starts && ends) return true;
  }
  return false;
}

// The whitespace-separated words of each line of `text`.
std::vector<std::vector<std::string>> Words(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    lines.emplace_back();
    for (std::string w; words >> w;) lines.back().push_back(w);
  }
  return lines;
}

TEST(HardwareStrategyCliTest, FileIsValidWithItsTwoVariants) {
  const Output o = RunKardashev(std::string("check ") + kScenario, kSource);
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("ok (2 variants)"), std::string::npos) << o.out;
}

TEST(HardwareStrategyCliTest, RunPrintsEachYearAndBothVariants) {
  const fs::path dir = TempDir("hardware-strategy");
  const Output o = RunKardashev(
      std::string("run ") + kScenario + " --out '" + dir.string() + "'",
      kSource);
  fs::remove_all(dir);
  ASSERT_EQ(o.status, 0) << o.err;
  for (int year = 2027; year <= 2031; ++year) {
    EXPECT_TRUE(HasWord(o.out, std::to_string(year)))
        << "no row for " << year << " in:\n"
        << o.out;
  }
  EXPECT_FALSE(HasWord(o.out, "2032")) << "a year past the horizon";
  // The two variants head the columns of one line.
  bool header = false;
  for (const auto& words : Words(o.out)) {
    bool lab = false, provider = false;
    for (const auto& w : words) {
      lab = lab || w == "lab";
      provider = provider || w == "provider";
    }
    header = header || (lab && provider);
  }
  EXPECT_TRUE(header) << "no line names both variants in:\n" << o.out;
}

}  // namespace
