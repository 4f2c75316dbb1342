#include "kardashev/sweep/sweep_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/sweep/sweep_runner.h"

namespace kardashev::sweep {
namespace {

const std::string kData =
    std::string(KARDASHEV_SOURCE_DIR) + "/tests/data/sweep/";

SweepPlan Plan(const std::string& text, const catalog::Catalog& catalog) {
  return PlanSweep(ParseSweepText(text, kData + "t.toml"), catalog);
}

TEST(SweepPlan, EveryVariantHasItsOwnOutputsAndCommonSeeds) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const SweepPlan plan = Plan(
      "[sweep]\nname = \"v\"\nscenario = \"two-variants.toml\"\n"
      "replications = 2\nseed = 5\noutputs = [\"leases[l1].revenue_usd\"]\n"
      "[[axis]]\nkey = \"lease.l1.gpus\"\nvalues = [480, 960]\n",
      catalog);
  EXPECT_EQ(plan.variants, (std::vector<std::string>{"cheap", "dear"}));
  EXPECT_EQ(plan.outputs,
            (std::vector<std::string>{"cheap/leases[l1].revenue_usd",
                                      "dear/leases[l1].revenue_usd"}));
  ASSERT_EQ(plan.tasks(), 4u);
  EXPECT_EQ(plan.PointOf(3), 1u);
  EXPECT_EQ(plan.SeedOf(2), 5u);
  EXPECT_EQ(plan.SeedOf(3), 6u);
  EXPECT_EQ(plan.sets[1], (std::vector<std::string>{"lease.l1.gpus=960"}));
  // Point 1, replication 0: 960 GPUs for 30 days at $1.50 and at $3.00 (the
  // lease is kept whole from spares: revenue is the contract's).
  const TaskResult r = DecodeTaskResult(ComputeTask(plan, 2, catalog));
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_NEAR(r.outputs[0], 960 * 30 * 24 * 1.5, 1e-6);
  EXPECT_NEAR(r.outputs[1], 960 * 30 * 24 * 3.0, 1e-6);
  // The same task gives the same numbers.
  EXPECT_EQ(ComputeTask(plan, 2, catalog), ComputeTask(plan, 2, catalog));
}

TEST(SweepPlan, AnEntryAVariantLacksIsRefusedBeforeAnythingRuns) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const std::string axis =
      "[[axis]]\nkey = \"lease.l1.gpus\"\nvalues = [960]\n";
  try {
    Plan(
        "[sweep]\nname = \"v\"\nscenario = \"two-variants.toml\"\n"
        "outputs = [\"economics.npv_usd\", \"leases[l2].revenue_usd\"]\n" +
            axis,
        catalog);
    FAIL();
  } catch (const scenario::ScenarioError& e) {
    EXPECT_EQ(e.where().line, 4);
    EXPECT_NE(std::string(e.what()).find(
                  "variant \"cheap\" has no leases entry \"l2\" (it has l1); "
                  "play only the variants that have it with sweep.variant"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(Plan("[sweep]\nname = \"v\"\nscenario = \"two-variants.toml\"\n"
                    "outputs = [\"training[0].ettr\"]\n" +
                        axis,
                    catalog),
               scenario::ScenarioError);
  EXPECT_NO_THROW(
      Plan("[sweep]\nname = \"v\"\nscenario = \"two-variants.toml\"\n"
           "outputs = [\"leases[0].revenue_usd\"]\n" +
               axis,
           catalog));
}

TEST(SweepPlan, AnOutputMissingFromARunIsAFailedTaskNamingIt) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  // Sites are checked in each run's summary only.
  const SweepPlan plan = Plan(
      "[sweep]\nname = \"v\"\nscenario = \"two-variants.toml\"\n"
      "variant = \"dear\"\noutputs = [\"economics.npv_usd\", "
      "\"sites[nowhere].peak_power_mw\"]\n"
      "[[axis]]\nkey = \"lease.l1.gpus\"\nvalues = [960]\n",
      catalog);
  EXPECT_EQ(plan.outputs,
            (std::vector<std::string>{"economics.npv_usd",
                                      "sites[nowhere].peak_power_mw"}));
  const TaskResult r = DecodeTaskResult(ComputeTask(plan, 0, catalog));
  EXPECT_EQ(r.output, 1);
  EXPECT_NE(r.error.find("\"sites\" has no entry \"nowhere\""),
            std::string::npos)
      << r.error;
}

TEST(SweepPlan, TheHashFollowsTheScenarioNotItsComments) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const std::string head =
      "[sweep]\nname = \"v\"\nscenario = \"two-variants.toml\"\n"
      "outputs = [\"economics.npv_usd\"]\n";
  const std::string axis =
      "[[axis]]\nkey = \"lease.l1.gpus\"\nvalues = [960]\n";
  const auto a = Plan(head + axis, catalog);
  EXPECT_EQ(Plan("# note\n" + head + axis, catalog).hash, a.hash);
  EXPECT_NE(Plan(head + "[[axis]]\nkey = \"lease.l1.gpus\"\nvalues = [480]\n",
                 catalog)
                .hash,
            a.hash);
}

TEST(TaskResult, RoundTripsNaNAndErrors) {
  TaskResult r;
  r.outputs = {1.5, std::nan(""), -0.1};
  const TaskResult back = DecodeTaskResult(EncodeTaskResult(r));
  ASSERT_EQ(back.outputs.size(), 3u);
  EXPECT_EQ(back.outputs[0], 1.5);
  EXPECT_TRUE(std::isnan(back.outputs[1]));
  EXPECT_EQ(back.outputs[2], -0.1);
  TaskResult e;
  e.error = "boom";
  e.output = 2;
  EXPECT_EQ(DecodeTaskResult(EncodeTaskResult(e)).error, "boom");
  EXPECT_EQ(DecodeTaskResult(EncodeTaskResult(e)).output, 2);
  EXPECT_NE(DecodeTaskResult("not json").error, "");
}

}  // namespace
}  // namespace kardashev::sweep
