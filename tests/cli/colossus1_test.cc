// End-to-end tests of the colossus1 scenario: its summary's shape, the
// lease's money, the owner's own service, the lessee's two models and
// determinism.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;
using kardashev::cli_test::Variant;

Output Kardashev(const std::string& args) {
  return RunKardashev(args, kSource);
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
  ASSERT_TRUE(j["variants"].is_array());
  ASSERT_GE(j["variants"].size(), 2u);
  EXPECT_EQ(j["variants"][0]["variant"], "lease");
  EXPECT_EQ(j["variants"][1]["variant"], "idle-owned");
  for (const auto& v : j["variants"]) {
    const std::string name = v["variant"];
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

// Revenue is billed, then SLA credits come off it: the economics' revenue is
// the leases' billed revenue less their credits (plus services), the monthly
// ledger adds up to the same, and a lease pays a credit exactly when some
// billing period fell below its SLA (99%, at most 30% of the bill). The
// published band for this deal, $3-4B a year for ~220,000 GPUs (figures.csv
// F05), is checked with the price the output implies.
TEST_F(Colossus1Test, LeaseRevenueNetOfCreditsAddsUpAndIsInsideTheBand) {
  const auto j = RunJson("");
  constexpr double kSla = 0.99;
  constexpr double kMaxCreditShare = 0.30;
  const double years = j["horizon_s"].get<double>() / (365.0 * 86400.0);
  int variants_with_credits = 0;
  for (const auto& v : j["variants"]) {
    SCOPED_TRACE(v["variant"].get<std::string>());
    double billed = 0;
    double credits = 0;
    for (const auto& l : v["leases"]) {
      const double revenue = l["revenue_usd"].get<double>();
      const double credit = l["sla_penalty_usd"].get<double>();
      const int below = l["periods_below_sla"].get<int>();
      EXPECT_EQ(credit > 0, below > 0);
      EXPECT_EQ(l["worst_period_availability"].get<double>() < kSla, below > 0);
      EXPECT_LE(credit, kMaxCreditShare * revenue * (1 + 1e-12));
      if (below == l["billing_periods"].get<int>()) {
        EXPECT_NEAR(credit, kMaxCreditShare * revenue, 1e-9 * revenue);
      }
      const double price_per_gpu_hour =
          revenue / l["contracted_gpu_hours"].get<double>();
      const double per_year =
          price_per_gpu_hour * l["gpus"].get<double>() * 8760.0;
      if (l["gpus"].get<double>() > 200000) {
        EXPECT_GE(per_year, 3e9);
        EXPECT_LE(per_year, 4e9);
      }
      EXPECT_NEAR(per_year, revenue / years, 1e-2 * per_year);
      billed += revenue;
      credits += credit;
    }
    for (const auto& s : v["services"]) {
      billed += s["revenue_usd"].get<double>();
    }
    if (credits > 0) ++variants_with_credits;
    const auto& e = v["economics"];
    const double tolerance = 1e-9 * std::max(billed, 1.0);
    EXPECT_NEAR(e["revenue_usd"].get<double>(), billed - credits, tolerance);
    double ledger_revenue = 0;
    double ledger_credits = 0;
    for (const auto& m : e["ledger"]) {
      ledger_revenue += m["revenue_usd"].get<double>();
      ledger_credits += m["sla_credit_usd"].get<double>();
    }
    EXPECT_NEAR(ledger_revenue, billed, tolerance);
    EXPECT_NEAR(ledger_credits, credits, tolerance);
  }
  // The lease on the 2024 power supply is shed below its SLA; the others not.
  EXPECT_GT(Variant(j, "lease-2024-power")["leases"][0]["sla_penalty_usd"]
                .get<double>(),
            0);
  EXPECT_EQ(Variant(j, "lease")["leases"][0]["sla_penalty_usd"].get<double>(),
            0);
  EXPECT_EQ(variants_with_credits, 1);
  EXPECT_TRUE(Variant(j, "idle-owned")["leases"].empty());
}

// serve-own serves its product's tokens within capacity and accounts any
// preemption of its training job.
TEST_F(Colossus1Test, ServeOwnServesItsProduct) {
  const auto j = RunJson("");
  for (const char* name : {"train", "split", "serve-own"}) {
    const auto& v = Variant(j, name);
    ASSERT_EQ(v["training"].size(), 1u) << name;
    EXPECT_TRUE(v["training"][0]["preemptions"].contains("lost_work_s"));
  }
  const auto& own = Variant(j, "serve-own");
  ASSERT_EQ(own["services"].size(), 1u);
  const auto& service = own["services"][0];
  EXPECT_GT(service["tokens_served"].get<double>(), 0);
  EXPECT_GT(service["slo_attainment"].get<double>(), 0.99);
  EXPECT_GT(service["cost_usd_per_million_tokens"].get<double>(), 0);
  EXPECT_EQ(own["economics"]["ledger"].size(), 12u);
}

// The lease measured for two lessee models: a dense 70B and a frontier MoE
// (DeepSeek-V3 over two nodes with EP16); each gives the tokens a day the
// leased GPUs can serve, and the MoE, with 37B active parameters and a
// latent KV cache, serves more.
TEST_F(Colossus1Test, LeaseReportsTokensPerDayForDenseAndMoeLessees) {
  const auto j = RunJson("");
  const auto& lease = Variant(j, "lease");
  double dense = 0;
  double moe = 0;
  for (const auto& d : lease["demand"]) {
    const double t = d["tokens_per_day_at_capacity"].get<double>();
    if (d["name"] == "lessee") dense = t;
    if (d["name"] == "lessee-moe") moe = t;
  }
  EXPECT_GT(dense, 0);
  EXPECT_GT(moe, dense);
}

// The text table says a capacity-only demand has no requests ("-"), rather
// than printing "requests per day 0", and still gives its tokens a day.
TEST_F(Colossus1Test, CapacityOnlyDemandPrintsNoRequestCount) {
  const Output o = Kardashev("run scenarios/colossus1.toml --variant lease");
  ASSERT_EQ(o.status, 0) << o.err;
  auto row = [&o](const std::string& label) {
    const std::size_t at = o.out.find(label);
    if (at == std::string::npos) return std::string();
    return o.out.substr(at, o.out.find('\n', at) - at);
  };
  const std::string requests = row("Demand: requests per day [lessee]");
  ASSERT_FALSE(requests.empty()) << o.out;
  EXPECT_EQ(requests.back(), '-') << requests;
  EXPECT_EQ(requests.find(" 0"), std::string::npos) << requests;
  const std::string tokens = row("Tokens/day at full capacity [lessee]");
  EXPECT_NE(tokens.find("e+"), std::string::npos) << tokens;
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

}  // namespace
