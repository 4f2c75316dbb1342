// End-to-end tests of the kardashev binary, run as a user would run it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kSource = KARDASHEV_SOURCE_DIR;
const std::string kBinary = KARDASHEV_BINARY;

struct Output {
  int status = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path TempDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("kardashev-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs the binary with `args` (already shell-quoted where needed) from `cwd`.
Output Kardashev(const std::string& args, const fs::path& cwd = kSource) {
  const fs::path tmp = TempDir("io");
  const std::string cmd = "cd '" + cwd.string() + "' && '" + kBinary + "' " +
                          args + " > '" + (tmp / "out").string() + "' 2> '" +
                          (tmp / "err").string() + "'";
  const int raw = std::system(cmd.c_str());
  Output o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.out = ReadFile(tmp / "out");
  o.err = ReadFile(tmp / "err");
  fs::remove_all(tmp);
  return o;
}

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CliTest, VersionAndHelpExitZero) {
  const Output v = Kardashev("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_NE(v.out.find("kardashev 0."), std::string::npos);
  const Output h = Kardashev("--help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("run"), std::string::npos);
  EXPECT_NE(h.out.find("check"), std::string::npos);
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
  EXPECT_EQ(j["leases"][0]["gpus"], 512);
  fs::remove_all(dir);
}

class Colossus1Test : public ::testing::Test {
 protected:
  static nlohmann::json RunJson(const std::string& extra,
                                std::string* file_text = nullptr) {
    const fs::path dir = TempDir("c1");
    const Output o =
        Kardashev("run scenarios/colossus1.toml --format json --out '" +
                  dir.string() + "' " + extra);
    EXPECT_EQ(o.status, 0) << o.err;
    const std::string text = ReadFile(dir / "summary.json");
    if (file_text != nullptr) *file_text = text;
    EXPECT_EQ(nlohmann::json::parse(o.out), nlohmann::json::parse(text));
    EXPECT_FALSE(ReadFile(dir / "timeseries.csv").empty());
    fs::remove_all(dir);
    return nlohmann::json::parse(text);
  }
};

TEST_F(Colossus1Test, SummaryHasTheDesignKeys) {
  const auto j = RunJson("");
  for (const char* key : {"scenario", "seed", "horizon_s", "variants"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  ASSERT_TRUE(j["variants"].contains("lease"));
  ASSERT_TRUE(j["variants"].contains("idle-owned"));
  for (const auto& [name, v] : j["variants"].items()) {
    for (const char* key :
         {"scenario", "seed", "horizon_s", "fleet", "training", "serving",
          "leases", "sites", "economics"}) {
      EXPECT_TRUE(v.contains(key)) << name << " lacks " << key;
    }
    for (const char* key : {"gpus", "gpu_hours", "utilization", "energy_mwh",
                            "peak_power_mw", "failures"}) {
      EXPECT_TRUE(v["fleet"].contains(key)) << key;
    }
    EXPECT_TRUE(v["fleet"]["failures"].contains("total"));
    EXPECT_TRUE(v["fleet"]["failures"].contains("by_component"));
    for (const char* key :
         {"capex_usd", "depreciation_usd", "energy_cost_usd", "opex_usd",
          "revenue_usd", "profit_usd", "npv_usd"}) {
      EXPECT_TRUE(v["economics"].contains(key)) << key;
    }
  }
}

// The published band for this deal: $3-4B a year for ~220,000 GPUs (figures.csv
// F05).
TEST_F(Colossus1Test, LeaseRevenuePerYearIsInsideThePublishedBand) {
  const auto j = RunJson("");
  const auto& lease = j["variants"]["lease"];
  const double years = j["horizon_s"].get<double>() / (365.0 * 86400.0);
  double revenue = 0;
  for (const auto& l : lease["leases"]) {
    EXPECT_EQ(l["name"], "inference");
    for (const char* key : {"name", "tenant", "gpus", "revenue_usd",
                            "availability", "sla_penalty_usd"}) {
      EXPECT_TRUE(l.contains(key)) << key;
    }
    revenue += l["revenue_usd"].get<double>();
  }
  EXPECT_GE(revenue / years, 3e9);
  EXPECT_LE(revenue / years, 4e9);
  EXPECT_TRUE(j["variants"]["idle-owned"]["leases"].empty());
}

// Training variants report tokens trained per year as the training model's
// tokens/s x ETTR x the year; serve-own serves its product's tokens and
// accounts any preemption of its training job.
TEST_F(Colossus1Test, TrainedTokensFollowThroughputAndEttrAndServeOwnServes) {
  const auto j = RunJson("");
  const double horizon_s = j["horizon_s"].get<double>();
  for (const char* name : {"train", "split", "serve-own"}) {
    SCOPED_TRACE(name);
    const auto& v = j["variants"][name];
    ASSERT_EQ(v["training"].size(), 1u);
    const auto& t = v["training"][0];
    const double expected =
        t["tokens_per_s"].get<double>() * t["ettr"].get<double>() * horizon_s;
    EXPECT_NEAR(t["tokens_trained"].get<double>(), expected, 1e-9 * expected);
    EXPECT_GT(t["ettr"].get<double>(), 0);
    EXPECT_LT(t["ettr"].get<double>(), 1);
    EXPECT_TRUE(t["preemptions"].contains("lost_work_s"));
  }
  const auto& own = j["variants"]["serve-own"];
  ASSERT_EQ(own["services"].size(), 1u);
  const auto& service = own["services"][0];
  EXPECT_GT(service["tokens_served"].get<double>(), 0);
  EXPECT_GT(service["slo_attainment"].get<double>(), 0.99);
  EXPECT_GT(service["cost_usd_per_million_tokens"].get<double>(), 0);
  EXPECT_EQ(own["economics"]["ledger"].size(), 12u);
}

TEST_F(Colossus1Test, SameSeedIsByteIdenticalAndAnotherSeedDiffers) {
  std::string a;
  std::string b;
  std::string c;
  RunJson("", &a);
  RunJson("", &b);
  RunJson("--seed 7", &c);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(nlohmann::json::parse(c)["seed"], 7);
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
  for (const auto& [name, v] : j["variants"].items()) {
    ASSERT_EQ(v["serving"].size(), 1u) << name;
    const auto& s = v["serving"][0];
    EXPECT_GT(s["requests"].get<int>(), 19000) << name;
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
  const auto& small = j["variants"]["users-12m"]["demand"][0];
  const auto& large = j["variants"]["users-23m"]["demand"][0];
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
    return j["variants"][variant]["sites"][1];
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
  EXPECT_LT(site("launch-3000")["break_even_launch_usd_per_kg"].get<double>(),
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
