// End-to-end tests of the kardashev binary, run as a user would run it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "kardashev/report/output_reference.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::CountLines;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::RunSummary;
using kardashev::cli_test::TempDir;
using kardashev::cli_test::Variant;

// Runs the binary with `args` from `cwd`, as a user would.
Output Kardashev(const std::string& args, const fs::path& cwd = kSource) {
  return RunKardashev(args, cwd);
}

TEST(CliTest, VersionAndHelpExitZero) {
  const Output v = Kardashev("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_NE(v.out.find("kardashev 0."), std::string::npos);
  const Output h = Kardashev("--help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("run"), std::string::npos);
  EXPECT_NE(h.out.find("check"), std::string::npos);
  EXPECT_NE(h.out.find("outputs"), std::string::npos);
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Kardashev("").status, 2);
  EXPECT_EQ(Kardashev("frobnicate").status, 2);
  EXPECT_EQ(Kardashev("run").status, 2);
  EXPECT_EQ(Kardashev("run scenarios/colossus1.toml --format xml").status, 2);
}

// Every file in tests/data/bad/ is a malformed scenario whose header states the
// line, key and text the one error message must carry.
TEST(CliTest, EveryMalformedScenarioGetsOneMessageNamingFileLineAndKey) {
  int cases = 0;
  for (const auto& entry :
       fs::directory_iterator(kSource + "/tests/data/bad")) {
    if (entry.path().extension() != ".toml") continue;
    ++cases;
    const std::string text = ReadFile(entry.path());
    const auto field = [&](const std::string& name) {
      const std::string tag = "# expect-" + name + ": ";
      const auto pos = text.find(tag);
      if (pos == std::string::npos) return std::string();
      const auto end = text.find('\n', pos);
      return text.substr(pos + tag.size(), end - pos - tag.size());
    };
    const std::string line = field("line");
    const std::string key = field("key");
    const std::string expected = field("text");
    ASSERT_FALSE(line.empty()) << entry.path();
    const std::string file =
        "tests/data/bad/" + entry.path().filename().string();
    const Output o = Kardashev("check " + file);
    SCOPED_TRACE(file + ": " + o.err);
    EXPECT_EQ(o.status, 2);
    EXPECT_EQ(CountLines(o.err), 1);
    EXPECT_NE(o.err.find(file + ":" + line + ":"), std::string::npos);
    if (!key.empty()) {
      EXPECT_NE(o.err.find("key '" + key + "'"), std::string::npos);
    }
    EXPECT_NE(o.err.find(expected), std::string::npos);
    EXPECT_TRUE(o.out.empty());
  }
  EXPECT_GE(cases, 20);
}

TEST(CliTest, AFailedRunLeavesNoOutputBehind) {
  const fs::path out = TempDir("failed") / "run";
  const Output o =
      Kardashev("run tests/data/bad/oversubscribed-lease.toml --out '" +
                out.string() + "'");
  EXPECT_EQ(o.status, 2);
  EXPECT_FALSE(fs::exists(out));
  fs::remove_all(out.parent_path());
}

TEST(CliTest, AnUnwritableOutputDirectoryIsAUsageError) {
  const fs::path dir = TempDir("unwritable");
  std::ofstream(dir / "file") << "not a directory";
  const Output o = Kardashev("run tests/data/good/small.toml --quiet --out '" +
                             (dir / "file" / "run").string() + "'");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("cannot write the results"), std::string::npos) << o.err;
  EXPECT_EQ(CountLines(o.err), 1);
  fs::remove_all(dir);
}

TEST(CliTest, MissingScenarioFileIsNamed) {
  const Output o = Kardashev("check no/such/file.toml");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("no/such/file.toml"), std::string::npos);
  EXPECT_NE(o.err.find("cannot read"), std::string::npos);
}

TEST(CliTest, BadSetFlagsAreNamed) {
  Output o =
      Kardashev("check tests/data/good/small.toml --set lease.l1.gpus=abc");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--set lease.l1.gpus=abc"), std::string::npos);
  EXPECT_NE(o.err.find("key 'lease.l1.gpus'"), std::string::npos);
  EXPECT_NE(o.err.find("expected an integer"), std::string::npos);

  o = Kardashev("check tests/data/good/small.toml --set nonsense");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("expected KEY=VALUE"), std::string::npos);

  o = Kardashev("check tests/data/good/small.toml --set cluster.c1.colour=red");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("unknown key in [[cluster]]"), std::string::npos);

  o = Kardashev("check tests/data/good/small.toml --variant nope");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("no variant named \"nope\""), std::string::npos);
}

TEST(CliTest, SetOverridesAValue) {
  const fs::path dir = TempDir("set");
  const Output o = Kardashev("run tests/data/good/small.toml --quiet --out '" +
                             dir.string() + "' --set lease.l1.gpus=512");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(ReadFile(dir / "summary.json"));
  ASSERT_EQ(j["variants"].size(), 1u);
  EXPECT_EQ(j["variants"][0]["variant"], "base");
  EXPECT_EQ(j["variants"][0]["leases"][0]["gpus"], 512);
  fs::remove_all(dir);
}

// Without failures a job loses nothing but its checkpoint writes: it trains
// tokens_per_s x (horizon - checkpointing). With failures it trains strictly
// less, its time still adds up to the horizon, and ETTR falls as the job
// grows from 100k to 1M GPUs.
TEST(CliTest, TrainingLosesTokensToFailuresAndMoreSoAtScale) {
  const auto with = RunSummary("scenarios/colossus2-training.toml");
  const auto without = RunSummary(
      "scenarios/colossus2-training.toml",
      "--set failures.rate_scale=0 --set failures.include_planned=false");
  const double horizon_s = with["horizon_s"].get<double>();
  ASSERT_EQ(with["variants"].size(), without["variants"].size());
  for (std::size_t i = 0; i < with["variants"].size(); ++i) {
    const auto& v = with["variants"][i];
    SCOPED_TRACE(v["variant"].get<std::string>());
    ASSERT_EQ(v["training"].size(), 1u);
    const auto& t = v["training"][0];
    const auto& clean = without["variants"][i]["training"][0];
    const double ideal =
        clean["tokens_per_s"].get<double>() *
        (horizon_s - clean["time_s"]["checkpointing"].get<double>());
    EXPECT_NEAR(clean["tokens_trained"].get<double>(), ideal, 1e-9 * ideal);
    EXPECT_EQ(clean["interruptions"]["total"], 0);
    EXPECT_LT(t["tokens_trained"].get<double>(),
              clean["tokens_trained"].get<double>());
    EXPECT_GT(t["interruptions"]["total"].get<int>(), 0);
    double accounted_s = 0;
    for (const auto& [what, s] : t["time_s"].items())
      accounted_s += s.get<double>();
    EXPECT_NEAR(accounted_s, horizon_s, 1e-6 * horizon_s);
  }
  double previous = 1;
  for (const char* name : {"gang-100k", "gang-200k", "gang-500k", "gang-1m"}) {
    const double ettr =
        Variant(with, name)["training"][0]["ettr"].get<double>();
    EXPECT_LT(ettr, previous) << name;
    previous = ettr;
  }
}

// The Azure conversation trace on Llama 2 70B: every variant reports TTFT, TPOT
// and end-to-end percentiles and throughput, in order (p50 <= p90 <= p99).
TEST(CliTest, AzureReplayReportsLatencyPercentilesPerVariant) {
  const fs::path dir = TempDir("azure");
  const Output o = Kardashev("run scenarios/azure-replay.toml --quiet --out '" +
                             dir.string() + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto j = nlohmann::json::parse(ReadFile(dir / "summary.json"));
  ASSERT_GE(j["variants"].size(), 3u);
  for (const auto& v : j["variants"]) {
    const std::string name = v["variant"];
    ASSERT_EQ(v["serving"].size(), 1u) << name;
    const auto& s = v["serving"][0];
    // Llama 2 70B's context is 4,096 tokens: the trace's requests with prompt
    // plus output beyond it are refused (1,612 of 19,366 in the trace), the
    // rest are served. DeepSeek-V3's 128K context takes them all.
    const int offered = name == "h100-2x-load" ? 19365 : 19366;
    EXPECT_EQ(s["requests"].get<int>() + s["rejected"].get<int>(), offered)
        << name;
    if (name == "deepseek-v3-h200") {
      EXPECT_EQ(s["rejected"].get<int>(), 0) << name;
    } else if (name != "h100-2x-load") {
      EXPECT_EQ(s["rejected"].get<int>(), 1612) << name;
    }
    EXPECT_GT(s["throughput_tokens_per_s"].get<double>(), 0) << name;
    for (const char* metric : {"ttft_s", "tpot_s", "e2e_s"}) {
      EXPECT_LE(s[metric]["p50"].get<double>(), s[metric]["p90"].get<double>())
          << name;
      EXPECT_LE(s[metric]["p90"].get<double>(), s[metric]["p99"].get<double>())
          << name;
      EXPECT_GT(s[metric]["p50"].get<double>(), 0) << name;
    }
  }
  fs::remove_all(dir);
}

// Demand: GPUs needed per variant, with the peak/mean ratio used; more users
// need more GPUs, roughly in proportion.
TEST(CliTest, DemandScenarioSizesTheFleetPerVariant) {
  const fs::path dir = TempDir("demand");
  const Output o =
      Kardashev("run scenarios/demand.toml --out '" + dir.string() + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("GPUs needed at peak"), std::string::npos);
  EXPECT_NE(o.out.find("Demand: peak / mean"), std::string::npos);
  const auto j = nlohmann::json::parse(ReadFile(dir / "summary.json"));
  const auto& small = Variant(j, "users-12m")["demand"][0];
  const auto& large = Variant(j, "users-23m")["demand"][0];
  EXPECT_GT(small["peak_to_mean"].get<double>(), 1.2);
  const double ratio = large["gpus_needed_peak"].get<double>() /
                       small["gpus_needed_peak"].get<double>();
  EXPECT_NEAR(ratio, 23.0 / 12.2, 0.1 * 23.0 / 12.2);
  fs::remove_all(dir);
}

// The orbital shell: cost per GPU-hour falls with the launch price, the
// ground's does not, and the summary says where (or whether) they meet.
TEST(CliTest, OrbitalShellReportsCostsAndTheBreakEvenLaunchPrice) {
  const fs::path dir = TempDir("orbital");
  const Output o = Kardashev("run scenarios/orbital-shell.toml --out '" +
                             dir.string() + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("Break-even launch price"), std::string::npos);
  EXPECT_NE(o.out.find("Orbit never meets the ground"), std::string::npos);
  const auto j = nlohmann::json::parse(ReadFile(dir / "summary.json"));
  const auto site = [&](const char* variant) {
    return Variant(j, variant)["sites"][1];
  };
  EXPECT_EQ(site("launch-3000")["kind"], "orbital");
  EXPECT_EQ(site("launch-3000")["eclipse_fraction"].get<double>(),
            0);  // dawn-dusk
  EXPECT_GT(site("launch-3000")["cost_per_gpu_hour_usd"].get<double>(),
            site("launch-30")["cost_per_gpu_hour_usd"].get<double>());
  EXPECT_EQ(site("launch-3000")["ground_cost_per_gpu_hour_usd"],
            site("launch-30")["ground_cost_per_gpu_hour_usd"]);
  // Without failures the break-even is positive, and at it the two costs would
  // be equal.
  const double be =
      site("no-failures")["break_even_launch_usd_per_kg"].get<double>();
  EXPECT_GT(be, 0);
  EXPECT_TRUE(site("no-failures")["break_even_reachable"].get<bool>());
  EXPECT_FALSE(site("launch-3000")["break_even_reachable"].get<bool>());
  EXPECT_EQ(site("launch-3000")["break_even_launch_usd_per_kg"].get<double>(),
            0);
  fs::remove_all(dir);
}

TEST(CliTest, SchemaReferenceDocIsCurrent) {
  const Output o = Kardashev("schema --format markdown");
  ASSERT_EQ(o.status, 0);
  // A boolean, so that a failure prints one line rather than two copies of the
  // reference.
  EXPECT_TRUE(o.out == ReadFile(kSource + "/docs/scenario-reference.md"))
      << "docs/scenario-reference.md is stale: run `make docs`";
}

TEST(CliTest, OutputReferenceDocIsCurrent) {
  const Output o = Kardashev("outputs --format markdown");
  ASSERT_EQ(o.status, 0);
  EXPECT_TRUE(o.out == ReadFile(kSource + "/docs/outputs.md"))
      << "docs/outputs.md is stale: run `make docs`";
  const Output text = Kardashev("outputs");
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("timeseries.csv"), std::string::npos);
}

// Every leaf path of `value` under `path`, array entries written "[]".
void LeafPaths(const nlohmann::json& value, const std::string& path,
               std::vector<std::string>& out) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      std::string child_path = path;
      if (!child_path.empty()) child_path += '.';
      child_path += key;
      LeafPaths(child, child_path, out);
    }
  } else if (value.is_array()) {
    for (const auto& child : value) LeafPaths(child, path + "[]", out);
  } else if (std::find(out.begin(), out.end(), path) == out.end()) {
    out.push_back(path);
  }
}

// The output reference and the shipped scenarios' summaries agree: every key
// written is documented, and every key documented is written by some
// scenario.
TEST(CliTest, EverySummaryKeyIsDocumentedAndEveryDocumentedKeyOccurs) {
  std::vector<std::string> written;
  for (const auto& entry : fs::directory_iterator(kSource + "/scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    LeafPaths(RunSummary("scenarios/" + entry.path().filename().string()), "",
              written);
  }
  const auto documented = kardashev::report::SummaryJsonKeys();
  const auto declared = [&](const std::string& path) {
    return std::any_of(documented.begin(), documented.end(),
                       [&](const auto& key) {
                         return kardashev::report::PathMatches(key.path, path);
                       });
  };
  for (const auto& path : written) {
    EXPECT_TRUE(declared(path)) << path << " is not in docs/outputs.md";
  }
  // The growth level's keys are checked both ways on a hand-built outcome
  // (tests/report/growth_report_test.cc); here, only once a shipped scenario
  // has a [growth] table.
  const bool growth_shipped =
      std::any_of(written.begin(), written.end(), [](const std::string& p) {
        return p.rfind("variants[].growth.", 0) == 0;
      });
  for (const auto& key : documented) {
    if (!growth_shipped && key.path.rfind("variants[].growth.", 0) == 0)
      continue;
    EXPECT_TRUE(std::any_of(written.begin(), written.end(),
                            [&](const std::string& path) {
                              return kardashev::report::PathMatches(key.path,
                                                                    path);
                            }))
        << key.path << " is documented but no shipped scenario writes it";
  }
}

// A scenario without a fleet writes no time series, and removes one an
// earlier run left in the same directory.
TEST(CliTest, AScenarioWithoutAFleetWritesNoTimeseries) {
  const fs::path dir = TempDir("nofleet");
  std::ofstream(dir / "timeseries.csv") << "stale\n";
  const Output o =
      Kardashev("run scenarios/azure-replay.toml --out '" + dir.string() + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  EXPECT_FALSE(fs::exists(dir / "timeseries.csv"));
  EXPECT_EQ(o.out.find("timeseries.csv"), std::string::npos);
  EXPECT_NE(o.out.find("Offered load"), std::string::npos);
  fs::remove_all(dir);
}

// Drawn and demanded power are told apart, and a peak drawn never exceeds
// the site's supply.
TEST(CliTest, PeakPowerDrawnStaysUnderTheCapAndDemandedMayNot) {
  const auto j = RunSummary("scenarios/colossus1.toml");
  for (const auto& v : j["variants"]) {
    SCOPED_TRACE(v["variant"].get<std::string>());
    const auto& f = v["fleet"];
    EXPECT_LE(f["peak_drawn_mw"].get<double>(),
              f["peak_power_mw"].get<double>() * (1 + 1e-12));
    // Every variant's site supplies at most 300 MW (grid, or grid,
    // turbines and batteries).
    EXPECT_LE(f["peak_drawn_mw"].get<double>(), 300.0 * (1 + 1e-9));
  }
  EXPECT_GT(Variant(j, "train")["fleet"]["peak_power_mw"].get<double>(), 300);
}

TEST(CliTest, CatalogListsEveryKind) {
  for (const std::string what :
       {"gpus", "nodes", "fabrics", "models", "failures", "efficiency"}) {
    const Output o = Kardashev("catalog " + what);
    EXPECT_EQ(o.status, 0) << what;
    EXPECT_GT(CountLines(o.out), 3) << what;
  }
  EXPECT_NE(Kardashev("catalog gpus").out.find("h100-sxm"), std::string::npos);
  EXPECT_NE(Kardashev("catalog models").out.find("llama3-405b"),
            std::string::npos);
}

TEST(CliTest, EveryShippedScenarioChecks) {
  for (const auto& entry : fs::directory_iterator(kSource + "/scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    const Output o =
        Kardashev("check scenarios/" + entry.path().filename().string());
    EXPECT_EQ(o.status, 0) << entry.path() << ": " << o.err;
  }
}

}  // namespace

TEST(CliTest, ValidationDocIsCurrent) {
  const Output o = Kardashev("validate --format markdown");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(o.out == ReadFile(kSource + "/docs/validation.md"))
      << "docs/validation.md is stale: run `make validate`";
  const Output text = Kardashev("validate");
  EXPECT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("Check figures (nothing fitted to them)"),
            std::string::npos);
}
