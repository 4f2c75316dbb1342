// Serving that cannot be done is reported, not dropped: a [[demand]] whose
// replica cannot meet its SLO at any rate stays in summary.json with zero
// capacity and SLO attainment, and the run says why on stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_support.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kBinary;
using kardashev::cli_test::ReadFile;

// One deployment with a TTFT bound of 1 ms, which no prefill of a
// 1,000-token prompt on Llama 3 70B meets, and a demand planned on it.
constexpr const char* kUnservable = R"toml(
[scenario]
name = "unservable"
horizon_days = 1
seed = 1

[[serving]]
name = "chat"
model = "llama3-70b"
gpu = "h100-sxm"
tp = 4
weights = "fp8"
kv_cache = "fp8"
policy = "sarathi"
arrival = "poisson"
rate_per_s = 1
requests = 200
prompt_tokens = 1000
output_tokens = 100
slo_ttft_s = 0.001
slo_tpot_s = 0.2

[[demand]]
name = "users"
serving = "chat"
daily_users = 1000000
requests_per_user_per_day = 3
)toml";

struct UnservableRun {
  int status = -1;
  std::string err;
  nlohmann::json demand;  // the first variant's "demand" array
};

UnservableRun RunUnservable(const std::string& extra) {
  const fs::path dir =
      fs::temp_directory_path() /
      ("kardashev-serving-limits-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "unservable.toml") << kUnservable;
  const std::string cmd =
      "'" + kBinary + "' run '" + (dir / "unservable.toml").string() +
      "' --out '" + (dir / "out").string() + "' " + extra + " > '" +
      (dir / "stdout").string() + "' 2> '" + (dir / "stderr").string() + "'";
  const int raw = std::system(cmd.c_str());
  UnservableRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = ReadFile(dir / "stderr");
  if (fs::exists(dir / "out" / "summary.json")) {
    r.demand = nlohmann::json::parse(
        ReadFile(dir / "out" / "summary.json"))["variants"][0]["demand"];
  }
  fs::remove_all(dir);
  return r;
}

TEST(ServingLimitsTest, ADemandNoReplicaCanServeIsReportedWithAWarning) {
  const UnservableRun r = RunUnservable("");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[[demand]] users: one replica of [[serving]] chat "
                       "cannot meet its SLO (ttft <= 0.001 s, tpot <= 0.2 s) "
                       "even at the lowest rate"),
            std::string::npos)
      << r.err;
  ASSERT_EQ(r.demand.size(), 1u);
  const auto& d = r.demand[0];
  EXPECT_EQ(d["name"], "users");
  EXPECT_EQ(d["replica_capacity_rate_per_s"], 0.0);
  EXPECT_EQ(d["slo_attainment"], 0.0);
  EXPECT_EQ(d["tokens_served_per_day"], 0.0);
  EXPECT_DOUBLE_EQ(d["requests_per_day"].get<double>(), 3e6);
}

TEST(ServingLimitsTest, ARelaxedSloServesTheDemandWithoutAWarning) {
  const UnservableRun r = RunUnservable("--set serving.chat.slo_ttft_s=2");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  ASSERT_EQ(r.demand.size(), 1u);
  EXPECT_GT(r.demand[0]["replica_capacity_rate_per_s"].get<double>(), 0);
  EXPECT_GT(r.demand[0]["slo_attainment"].get<double>(), 0.99);
}

}  // namespace
