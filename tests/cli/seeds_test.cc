// End-to-end tests of `kardashev run --seeds`: its flags' checks, that the
// threads change nothing, and that each seed's figures are exactly those of a
// plain run with that seed. colossus1 over two weeks, mostly its "split"
// variant (a lease, a training job and serving replays), keeps runs short.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::CountLines;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;
using kardashev::cli_test::Variant;

const std::string kShort =
    "scenarios/colossus1.toml --set scenario.horizon_days=14 ";

// Runs `args` with --out in a fresh directory; returns stdout and fills the
// directory's summary.json and timeseries.csv.
std::string RunIn(const std::string& name, const std::string& args,
                  std::string* summary, std::string* timeseries = nullptr) {
  const fs::path dir = TempDir(name);
  const Output o = RunKardashev(
      "run " + kShort + args + " --out '" + dir.string() + "'", kSource, 120);
  EXPECT_EQ(o.status, 0) << o.err;
  *summary = ReadFile(dir / "summary.json");
  if (timeseries != nullptr) *timeseries = ReadFile(dir / "timeseries.csv");
  fs::remove_all(dir);
  return o.out;
}

TEST(SeedsTest, BadSeedsOrJobsIsOneLineAndStatus2) {
  for (const std::string bad : {"--seeds 1", "--seeds 0", "--seeds abc",
                                "--seeds 10001", "--seeds 2 --jobs 0"}) {
    const Output o = RunKardashev("run " + kShort + bad, kSource, 60);
    EXPECT_EQ(o.status, 2) << bad;
    EXPECT_EQ(CountLines(o.err), 1) << bad << ": " << o.err;
    EXPECT_NE(o.err.find(bad.find("jobs") != std::string::npos ? "--jobs"
                                                               : "--seeds"),
              std::string::npos)
        << o.err;
  }
  const Output o = RunKardashev(
      "run " + kShort + "--seeds 3 --seed 18446744073709551614", kSource, 60);
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("2^64"), std::string::npos) << o.err;
}

TEST(SeedsTest, ThreadsChangeNothing) {
  std::string one;
  std::string two;
  const std::string out1 =
      RunIn("j1", "--variant split --seeds 3 --jobs 1", &one);
  const std::string out2 =
      RunIn("j2", "--variant split --seeds 3 --jobs 2", &two);
  EXPECT_FALSE(one.empty());
  EXPECT_TRUE(one == two) << "summary.json differs between --jobs 1 and 2";
  EXPECT_EQ(out1.substr(0, out1.find("wrote")),
            out2.substr(0, out2.find("wrote")));
  EXPECT_NE(out1.find(" ± "), std::string::npos) << out1;
}

// --jobs spreads a plain run's variants too, with the same output.
TEST(SeedsTest, PlainRunThreadsChangeNothing) {
  std::string one;
  std::string two;
  const std::string out1 = RunIn("p1", "--jobs 1", &one);
  const std::string out2 = RunIn("p2", "--jobs 2", &two);
  EXPECT_FALSE(one.empty());
  EXPECT_TRUE(one == two) << "summary.json differs between --jobs 1 and 2";
  EXPECT_EQ(out1.substr(0, out1.find("wrote")),
            out2.substr(0, out2.find("wrote")));
}

TEST(SeedsTest, EveryVariantAgainstTheFirst) {
  std::string text;
  const std::string out = RunIn("all", "--seeds 2 --jobs 2", &text);
  EXPECT_NE(out.find("Differences beyond noise (paired over 2 seeds, 95%)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("train vs lease: "), std::string::npos) << out;
  // Cash, accounting profit and imputed value apart, and the terminal value
  // NPV counts shown.
  for (const char* row :
       {"Operating cash flow", "Cash flow after capex",
        "Profit (accounting, after depreciation)", "Training value (imputed)",
        "Terminal value (book)"}) {
    EXPECT_NE(out.find(row), std::string::npos) << row;
  }
  EXPECT_EQ(out.find("Profit (cash)"), std::string::npos);
  const auto j = nlohmann::json::parse(text);
  ASSERT_EQ(j["variants"].size(), 6u);
  // Six variants: every pair, 15 of them, each with some figure differing.
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& d : j["differences"])
    pairs.insert(
        {d["base"].get<std::string>(), d["variant"].get<std::string>()});
  EXPECT_EQ(pairs.size(), 15u);
}

TEST(SeedsTest, EachSeedIsExactlyAPlainRun) {
  std::string seeds_text;
  std::string seeds_ts;
  RunIn("seeds", "--variant split --seeds 3 --seed 7 --jobs 2", &seeds_text,
        &seeds_ts);
  const auto seeds = nlohmann::json::parse(seeds_text);
  EXPECT_EQ(seeds["seed"], 7);
  EXPECT_EQ(seeds["seeds"], nlohmann::json({7, 8, 9}));
  std::string plain_text;
  std::string plain_ts;
  RunIn("plain9", "--variant split --seed 9", &plain_text);
  const auto plain9 = nlohmann::json::parse(plain_text);
  RunIn("plain7", "--variant split --seed 7", &plain_text, &plain_ts);
  for (const auto& v : plain9["variants"]) {
    const auto& s = Variant(seeds, v["variant"]);
    ASSERT_EQ(s["per_seed"].size(), 3u);
    EXPECT_TRUE(s["per_seed"][2] == v) << v["variant"];
    EXPECT_TRUE(s.contains("ci95"));
  }
  // The first seed's time series, as a plain run of that seed writes it.
  EXPECT_FALSE(plain_ts.empty());
  EXPECT_TRUE(seeds_ts == plain_ts);
  // The mean of a figure is the mean of the per-seed figures.
  const auto& lease = Variant(seeds, "split");
  double sum = 0;
  for (const auto& p : lease["per_seed"])
    sum += p["fleet"]["energy_mwh"].get<double>();
  EXPECT_DOUBLE_EQ(lease["fleet"]["energy_mwh"].get<double>(), sum / 3);
  EXPECT_TRUE(seeds["differences"].empty());  // one variant
}

}  // namespace

namespace {

// The row labels of a text table: what comes before the first run of two
// spaces on each line.
std::set<std::string> Labels(const std::string& text) {
  std::set<std::string> labels;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string line = text.substr(pos, end - pos);
    labels.insert(line.substr(0, line.find("  ")));
    pos = end + 1;
  }
  return labels;
}

// The --seeds table labels a quantity as the single-seed table does; only
// the figures the single-seed table does not show, and totals beside its
// rates, have labels of their own.
TEST(SeedsTest, TheSeedsTableUsesTheSingleSeedLabels) {
  std::string summary;
  const auto single = Labels(RunIn("labels-single", "", &summary));
  const auto seeds = Labels(RunIn("labels-seeds", "--seeds 2", &summary));
  for (const std::string& label : seeds) {
    if (single.count(label) > 0 || label.empty() ||
        label.rfind("colossus1:", 0) == 0 || label.rfind("wrote ", 0) == 0 ||
        label.rfind("Differences beyond noise", 0) == 0 ||
        label.find("over the horizon") != std::string::npos ||
        label.rfind("Demand SLO attainment", 0) == 0 ||
        label == "Own serving: SLO attainment") {
      continue;
    }
    ADD_FAILURE() << "the --seeds table's row \"" << label
                  << "\" has no row of that name in the single-seed table";
  }
}

}  // namespace
