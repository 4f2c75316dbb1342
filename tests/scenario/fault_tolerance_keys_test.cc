// The [[training]] fault-tolerance keys: read, mapped and validated.
#include <gtest/gtest.h>

#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::scenario {
namespace {

const std::string kFixture = std::string(KARDASHEV_SOURCE_DIR) +
                             "/tests/data/good/replica-training.toml";

std::vector<Scenario> Load(const std::vector<std::string>& sets) {
  LoadOptions options;
  options.sets = sets;
  return LoadScenario(kFixture, options, catalog::Catalog::LoadEmbedded());
}

std::string ErrorKey(const std::vector<std::string>& sets) {
  try {
    Load(sets);
  } catch (const ScenarioError& e) {
    return e.key();
  }
  return "";
}

TEST(FaultToleranceKeysTest, TheFixtureReadsItsModeRecoveryAndCheckpoint) {
  const auto s = Load({});
  const TrainingSpec& t = s.at(0).training.at(0);
  EXPECT_EQ(t.fault_tolerance, training::FaultTolerance::kReplica);
  EXPECT_EQ(t.recovery.name, "hot-spare-memory");
  EXPECT_TRUE(t.memory_checkpoint);
  EXPECT_EQ(t.restart_s, 0);  // from the recovery set
  const auto gang = Load({"training.t.fault_tolerance=\"gang\"",
                          "training.t.checkpoint=\"storage\""});
  EXPECT_EQ(gang.at(0).training.at(0).fault_tolerance,
            training::FaultTolerance::kGang);
  EXPECT_FALSE(gang.at(0).training.at(0).memory_checkpoint);
}

// 32 nodes in groups of tp 8 x pp 2 = 16 GPUs: 16 domains of 2 nodes. A whole
// restart is the set's 30 + 60 + 60 s and the state from host memory: each
// GPU holds a sixteenth of the 8B parameters at 2 + 12 bytes (BF16 weights,
// FP32 master weights and Adam moments; ZeRO 0), copied at 32 GB/s. A rejoin
// copies a group's full state from a peer: 112 GB / (16 GPUs x the fabric's
// bandwidth per GPU).
TEST(FaultToleranceKeysTest, PrepareSizesDomainsAndRestarts) {
  const auto s = Load({});
  const auto j = prepare::PrepareTrainingJob(s.at(0).training.at(0));
  EXPECT_EQ(j.domains, 16);
  EXPECT_EQ(j.domain_nodes, 2);
  const double load_s = j.step.memory.checkpoint_bytes() / 32e9;
  EXPECT_NEAR(load_s, j.checkpoint_bytes / 16 / 32e9, 1e-9 * load_s);
  EXPECT_DOUBLE_EQ(j.restart.state_load_s, load_s);
  EXPECT_DOUBLE_EQ(j.checkpoint_save_s, load_s);
  EXPECT_DOUBLE_EQ(j.restart_s, 30 + 60 + load_s + 60);
  const double fabric =
      s.at(0).training.at(0).step.fabric.bandwidth_bytes_per_s_per_gpu;
  EXPECT_DOUBLE_EQ(j.rejoin.state_load_s, j.checkpoint_bytes / (16 * fabric));
  // restart_minutes replaces the total; the parts keep their proportions.
  const auto o = Load({"training.t.restart_minutes=10"});
  const auto k = prepare::PrepareTrainingJob(o.at(0).training.at(0));
  EXPECT_DOUBLE_EQ(k.restart_s, 600);
  EXPECT_NEAR(k.restart.total_s(), 600, 1e-9);
  EXPECT_NEAR(k.restart.detection_s / k.restart.warmup_s, 0.5, 1e-12);
  // One node holds two groups of tp 4: domains are single nodes.
  const auto small = Load({"training.t.tp=4", "training.t.pp=1"});
  const auto m = prepare::PrepareTrainingJob(small.at(0).training.at(0));
  EXPECT_EQ(m.domains, 32);
  EXPECT_EQ(m.domain_nodes, 1);
}

// Checkpoints to memory need no storage bandwidth; checkpoints to storage
// do, and its absence is named.
TEST(FaultToleranceKeysTest, StorageBandwidthOnlyForStorageCheckpoints) {
  const std::string no_bandwidth = R"(
[scenario]
name = "x"
horizon_days = 1
[[site]]
name = "dc"
power_cap_mw = 20
pue = 1.2
electricity_usd_per_mwh = 70
carbon_kg_per_mwh = 300
[[cluster]]
name = "c1"
site = "dc"
node = "hgx-h100"
nodes = 36
fabric = "ib-ndr400"
[[training]]
name = "t"
cluster = "c1"
model = "llama3-8b"
gpus = 256
seq_len = 8192
global_batch_tokens = 4194304
tp = 8
pp = 2
zero_stage = 0
checkpoint = "memory"
)";
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const auto s = LoadScenarioText(no_bandwidth, "t.toml", {}, catalog);
  EXPECT_TRUE(s.at(0).training.at(0).memory_checkpoint);
  EXPECT_GT(
      prepare::PrepareTrainingJob(s.at(0).training.at(0)).CheckpointWriteS(),
      0);
  std::string storage = no_bandwidth;
  storage.replace(storage.find("\"memory\""), 8, "\"storage\"");
  try {
    LoadScenarioText(storage, "t.toml", {}, catalog);
    ADD_FAILURE() << "a storage checkpoint without bandwidth was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "training.t.checkpoint_write_gb_per_s");
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos)
        << e.what();
  }
}

TEST(FaultToleranceKeysTest, BadValuesNameTheirKey) {
  EXPECT_EQ(ErrorKey({"training.t.fault_tolerance=\"ring\""}),
            "training.t.fault_tolerance");
  EXPECT_EQ(ErrorKey({"training.t.recovery=\"nope\""}), "training.t.recovery");
  EXPECT_EQ(ErrorKey({"training.t.checkpoint=\"disk\""}),
            "training.t.checkpoint");
  EXPECT_EQ(ErrorKey({"training.t.restart_minutes=-1"}),
            "training.t.restart_minutes");
  // Groups of 12 GPUs are neither whole 8-GPU nodes nor a divisor of one;
  // a gang job does not care.
  const std::vector<std::string> twelve = {
      "training.t.gpus=192", "training.t.tp=4", "training.t.pp=3"};
  EXPECT_EQ(ErrorKey(twelve), "training.t.fault_tolerance");
  auto gang = twelve;
  gang.push_back("training.t.fault_tolerance=\"gang\"");
  EXPECT_EQ(ErrorKey(gang), "");
  // ZeRO shards the optimizer state across replicas: no peer could restore
  // a group.
  EXPECT_EQ(ErrorKey({"training.t.zero_stage=1"}),
            "training.t.fault_tolerance");
  EXPECT_EQ(ErrorKey({"training.t.zero_stage=1",
                      "training.t.fault_tolerance=\"gang\""}),
            "");
}

}  // namespace
}  // namespace kardashev::scenario
