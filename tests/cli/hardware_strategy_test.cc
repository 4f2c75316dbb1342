// End-to-end tests of scenarios/hardware-strategy.toml, the growth level's
// five-year comparison of a frontier lab and a hardware provider: the file is
// valid with its two variants, `kardashev run` prints each variant's table by
// calendar year (2027-2031) and what drives the difference, and the summary
// holds what the comparison rests on.
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
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

constexpr char kScenario[] = "scenarios/hardware-strategy.toml";

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

// The text gives, for each variant, its year table (rows 2027 to 2031 and
// no more, under a "year" header), then one line per variant on what drives
// its NPV: the lab's own, the provider's against the lab's.
TEST(HardwareStrategyCliTest, RunPrintsAYearTablePerVariantAndTheDrivers) {
  const fs::path dir = TempDir("hardware-strategy");
  const Output o = RunKardashev(
      std::string("run ") + kScenario + " --out '" + dir.string() + "'",
      kSource);
  fs::remove_all(dir);
  ASSERT_EQ(o.status, 0) << o.err;
  const auto lines = Words(o.out);
  for (const std::string variant : {"lab", "provider"}) {
    SCOPED_TRACE(variant);
    const std::string heading =
        "Growth level, " + variant + ": year by year (expected values";
    const std::size_t at = o.out.find(heading);
    ASSERT_NE(at, std::string::npos) << o.out;
    // The table: its header, then a row per year, each led by its label.
    const auto table =
        Words(o.out.substr(o.out.find('\n', at) + 1, std::string::npos));
    ASSERT_GE(table.size(), 6u);
    ASSERT_FALSE(table[0].empty());
    EXPECT_EQ(table[0][0], "year");
    for (int i = 1; i <= 5; ++i) {
      ASSERT_FALSE(table[i].empty()) << "row " << i;
      EXPECT_EQ(table[i][0], std::to_string(2026 + i));
    }
    EXPECT_TRUE(table.size() == 6 || table[6].empty() || table[6][0] != "2032")
        << "a year past the horizon";
  }
  // One line per variant: the lab's own NPV by its largest parts, then the
  // provider's difference from it by ledger line.
  int own = 0;
  int drivers = 0;
  for (const auto& words : lines) {
    if (words.size() > 2 && words[0] == "lab:" && words[1] == "NPV") ++own;
    if (words.size() > 3 && words[0] == "provider" && words[1] == "vs" &&
        words[2] == "lab:" && words[3] == "NPV") {
      ++drivers;
    }
  }
  EXPECT_EQ(own, 1) << o.out;
  EXPECT_EQ(drivers, 1) << o.out;
}

// What the comparison rests on, from summary.json: both variants face the
// same requests; only the provider leases Memphis, and its lease bills
// 212,000 GPUs x 8,760 h x $1.82 = $3.38B a year at most, inside the $3-4B a
// year of figures.csv F05; each job's value is its tokens at $3.21 a million.
TEST(HardwareStrategyCliTest, SameDemandLeaseInsideThePublishedBand) {
  const auto j = kardashev::cli_test::RunSummary(kScenario);
  const auto& lab = kardashev::cli_test::Variant(j, "lab")["growth"];
  const auto& provider = kardashev::cli_test::Variant(j, "provider")["growth"];
  ASSERT_TRUE(lab.is_object());
  ASSERT_TRUE(provider.is_object());
  EXPECT_DOUBLE_EQ(lab["totals"]["requests_demanded"].get<double>(),
                   provider["totals"]["requests_demanded"].get<double>());
  EXPECT_GT(lab["totals"]["requests_demanded"].get<double>(), 0);
  constexpr double kYearBillUsd = 212000.0 * 8760 * 1.82;
  ASSERT_EQ(provider["years"].size(), 5u);
  ASSERT_EQ(lab["years"].size(), 5u);
  for (std::size_t y = 0; y < 5; ++y) {
    SCOPED_TRACE(y);
    const double billed = provider["years"][y]["revenue_lease_usd"];
    EXPECT_LE(billed, kYearBillUsd * (1 + 1e-9));
    EXPECT_GE(billed, 3e9);  // figures.csv F05, the band's low end
    EXPECT_EQ(lab["years"][y]["revenue_lease_usd"].get<double>(), 0.0);
  }
  for (const auto* v : {&lab, &provider}) {
    for (const auto& job : (*v)["jobs"]) {
      const double tokens = job["tokens_trained"];
      EXPECT_GT(tokens, 0) << job["name"];
      EXPECT_NEAR(job["value_usd"].get<double>(), tokens * 3.21e-6,
                  1e-9 * tokens * 3.21e-6)
          << job["name"];
    }
  }
}

}  // namespace
