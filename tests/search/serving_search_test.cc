// The search over serving configurations: its ranking is sorted, every
// configuration it lists meets the SLO in its capacity run and stays under the
// analytic bound, pruning loses nothing against screening every configuration,
// the output is deterministic, and the cost rule is the one stated.
#include "kardashev/search/serving_search.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/search/serving_report.h"

namespace kardashev::search {
namespace {

scenario::Scenario AzureReplay(const std::vector<std::string>& sets = {}) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  options.sets = sets;
  return scenario::LoadScenario(
             std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/azure-replay.toml",
             options, catalog)
      .front();
}

// The azure-replay deployment on a small space: H100 and H200, two sequence
// limits, one budget per policy, up to one prefill replica.
ServingSearchInput SmallInput() {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  ServingSearchInput in =
      ServingSearchInputOf(AzureReplay(), catalog, "llama2-70b");
  ServingSpace& sp = in.space;
  std::vector<catalog::GpuSpec> gpus;
  std::vector<std::optional<econ::GpuHourPrice>> cost;
  for (std::size_t i = 0; i < sp.gpus.size(); ++i) {
    if (sp.gpus[i].name != "h100-sxm" && sp.gpus[i].name != "h200") continue;
    gpus.push_back(sp.gpus[i]);
    cost.push_back(in.cost[i]);
  }
  sp.gpus = gpus;
  in.cost = cost;
  sp.max_sequences = {128, 256};
  sp.vllm_batched_tokens = {4096};
  sp.sarathi_batched_tokens = {512};
  sp.max_prefill_replicas = 1;
  return in;
}

ServingSearchOptions SmallOptions(int top) {
  ServingSearchOptions o;
  o.top = top;
  o.min_requests = 1200;
  return o;
}

TEST(ServingSearchTest, UnknownDeploymentNamesItAndTheChoices) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  try {
    ServingSearchInputOf(AzureReplay(), catalog, "llama3-8b");
    FAIL() << "expected a ScenarioError";
  } catch (const scenario::ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("\"llama3-8b\""), std::string::npos) << what;
    EXPECT_NE(what.find("\"llama2-70b\""), std::string::npos) << what;
    EXPECT_NE(what.find("--deployment"), std::string::npos) << what;
  }
}

TEST(ServingSearchTest, RankingIsSortedAndEveryListedConfigMeetsTheSlo) {
  const ServingSearchInput in = SmallInput();
  const ServingSearchOptions o = SmallOptions(4);
  const ServingSearchResult r = SearchServing(in, o);
  // 2 GPUs x tp {1, 2, 4, 8} x 2 policies x 2 seqs x 2 splits.
  EXPECT_EQ(r.considered, 2 * 4 * 2 * 2 * 2);
  EXPECT_LE(r.fit, r.considered);
  ASSERT_EQ(r.top.size(), 4u);
  for (std::size_t i = 0; i < r.top.size(); ++i) {
    const RankedServing& x = r.top[i];
    if (i > 0) {
      EXPECT_GE(r.top[i - 1].score, x.score);
    }
    const auto& at = x.capacity.at_capacity;
    EXPECT_GT(x.capacity.rate_per_s, 0);
    EXPECT_EQ(at.rejected, 0);
    EXPECT_EQ(at.requests, x.capacity.trial_requests);
    EXPECT_GE(x.capacity.trial_requests, o.min_requests);
    EXPECT_LE(x.capacity.rate_per_s, x.bound_per_s);
    EXPECT_LE(at.ttft_s.p99, in.base.slo.ttft_s);
    EXPECT_LE(at.tpot_s.p99, in.base.slo.tpot_s);
    EXPECT_DOUBLE_EQ(x.score, x.capacity.rate_per_s / x.candidate.gpus());
  }
}

TEST(ServingSearchTest, PruningLosesNothingAgainstScreeningEverything) {
  const ServingSearchInput in = SmallInput();
  for (ServingRank rank : {ServingRank::kPerGpu, ServingRank::kPerDollar}) {
    ServingSearchOptions pruned = SmallOptions(3);
    pruned.rank = rank;
    ServingSearchOptions all = pruned;
    all.prune = false;
    const ServingSearchResult a = SearchServing(in, pruned);
    const ServingSearchResult b = SearchServing(in, all);
    EXPECT_EQ(b.screened, b.fit);
    EXPECT_LT(a.screened, b.screened);
    // The same top, measured the same: the counts differ, so compare rows.
    EXPECT_EQ(ServingSearchJson(a, in.space)["top"],
              ServingSearchJson(b, in.space)["top"]);
  }
}

// The top list is the best by measured score of every configuration, so a
// shorter list is a prefix of a longer one: rank 1 is the same for --top 1,
// 3 and 8.
TEST(ServingSearchTest, TheTopDoesNotDependOnItsLength) {
  const ServingSearchInput in = SmallInput();
  const ServingSearchResult eight = SearchServing(in, SmallOptions(8));
  ASSERT_EQ(eight.top.size(), 8u);
  for (int top : {1, 3}) {
    const ServingSearchResult r = SearchServing(in, SmallOptions(top));
    ASSERT_EQ(r.top.size(), static_cast<std::size_t>(top));
    for (int i = 0; i < top; ++i) {
      EXPECT_EQ(ServingSearchJson(r, in.space)["top"][i],
                ServingSearchJson(eight, in.space)["top"][i])
          << "top " << top << ", rank " << i + 1;
    }
  }
}

TEST(ServingSearchTest, SameInputSameOutput) {
  const ServingSearchInput in = SmallInput();
  const auto a = SearchServing(in, SmallOptions(3));
  const auto b = SearchServing(in, SmallOptions(3));
  EXPECT_EQ(ServingSearchText(a, in.space), ServingSearchText(b, in.space));
  EXPECT_EQ(ServingSearchJson(a, in.space), ServingSearchJson(b, in.space));
}

TEST(ServingSearchTest, BoundIsAboveTheMeasuredCapacity) {
  // Every H100 TP4 configuration of the small space, measured at the search's
  // full size. The bound holds in steady state on the mix's mean lengths; a
  // short run can beat it (its sample is not the mix, and an overload that
  // has not yet lasted long enough does not break the SLO), hence 8000
  // requests. It is also tight enough to prune: within a factor of 2.
  const ServingSearchInput in = SmallInput();
  const int requests = 8000;
  const RequestMix mix =
      MakeRequestMix(in.mix, in.trace, in.arrival_cv, requests, in.seed);
  int checked = 0;
  for (const auto& c : EnumerateServingCandidates(in.space, in.base)) {
    if (c.gpu != 0 || c.tp != 4) continue;
    const auto config = ConfigOf(in.space, in.base, c);
    const double bound = serving::CapacityBound(config, mix.stats);
    const serving::Capacity m = MeasureCapacity(config, mix, bound, requests);
    EXPECT_LT(m.rate_per_s, bound);
    EXPECT_GT(m.rate_per_s, 0.5 * bound);
    ++checked;
  }
  EXPECT_EQ(checked, 8);  // 2 policies x 2 seqs x 2 splits
}

// One capacity rule: the deployment as written, measured the way the search
// measures a configuration, has the capacity `run` reports for it (the same
// pattern, trial size, SLO test and bound), and it lies under the bound.
TEST(ServingSearchTest, SearchAndRunMeasureTheSameCapacity) {
  const auto s = AzureReplay();
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const ServingSearchInput in = ServingSearchInputOf(s, catalog, "llama2-70b");
  const prepare::ServingWorkload w =
      prepare::PrepareServing(s.serving.at(0), s.seed);
  const prepare::ReplicaCapacity run = prepare::FindReplicaCapacity(w, s.seed);
  const serving::LengthStats stats = serving::LengthStatsOf(in.mix);
  const int requests = serving::SteadyStateRequests(
      in.base, stats, prepare::kTraceCapacityMinRequests);
  const RequestMix mix = MakeRequestMix(
      in.mix, in.trace, in.arrival_cv,
      std::max<int>(requests, static_cast<int>(in.trace.size())), in.seed);
  const serving::Capacity searched =
      MeasureCapacity(in.base, mix, serving::CapacityBound(in.base, stats),
                      run.capacity.trial_requests);
  ASSERT_GT(run.capacity.rate_per_s, 0);
  EXPECT_EQ(searched.trial_requests, run.capacity.trial_requests);
  EXPECT_DOUBLE_EQ(searched.rate_per_s, run.capacity.rate_per_s);
  EXPECT_DOUBLE_EQ(searched.throughput_tokens_per_s,
                   run.capacity.throughput_tokens_per_s);
  EXPECT_LE(run.capacity.rate_per_s, run.capacity.bound_per_s);
}

TEST(ServingSearchTest, CostPerGpuHourFollowsTheStatedRule) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const CostBasis basis = prepare::GpuHourBasisOf(AzureReplay());  // no sites
  EXPECT_DOUBLE_EQ(basis.electricity_usd_per_mwh, 80.6);
  EXPECT_DOUBLE_EQ(basis.pue, 1.44);
  const auto h100 =
      CostPerGpuHour(catalog, *catalog.FindGpu("h100-sxm"), basis);
  ASSERT_TRUE(h100.has_value());
  EXPECT_EQ(h100->node, "hgx-h100");
  // ($27,500 + $97,000 / 8) / (5 x 8,760 h) and (700 W + 4,600 W / 8) x 1.44
  // at $80.6/MWh (data/catalog/gpus.toml, nodes.toml).
  EXPECT_NEAR(h100->capex_usd_per_gpu_hour, 39625.0 / 43800.0, 1e-9);
  EXPECT_NEAR(h100->PowerUsdPerGpuHour(), 1275e-6 * 1.44 * 80.6, 1e-9);
  EXPECT_NEAR(h100->BusyUsdPerGpuHour(), 0.90468 + 0.14798, 1e-4);
  // Every catalog GPU a node holds is priced with its node; one no node holds
  // (TPU v5p) is not priced, rather than priced without a host.
  for (const char* gpu : {"a100-sxm", "h800", "mi300x"}) {
    const auto p = CostPerGpuHour(catalog, *catalog.FindGpu(gpu), basis);
    ASSERT_TRUE(p.has_value()) << gpu;
    EXPECT_GT(p->capex_usd_per_gpu_hour,
              catalog.FindGpu(gpu)->price_usd / (5 * 8760.0))
        << gpu;
  }
  EXPECT_FALSE(
      CostPerGpuHour(catalog, *catalog.FindGpu("tpu-v5p"), basis).has_value());
}

// One GPU-hour rule: `run` prices a deployment's GPU-hour as the search does,
// at the scenario's first site (colossus1's Memphis: PUE 1.2, $67.9/MWh),
// with other opex.
TEST(ServingSearchTest, RunAndSearchPriceAGpuHourAlike) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  options.variant = "lease";
  const auto s = scenario::LoadScenario(std::string(KARDASHEV_SOURCE_DIR) +
                                            "/scenarios/colossus1.toml",
                                        options, catalog)
                     .front();
  const prepare::Prepared p = prepare::Prepare(s);
  ASSERT_FALSE(p.serving.empty());
  const auto& run = p.serving.front();
  ASSERT_TRUE(run.price.has_value());
  const ServingSearchInput in =
      ServingSearchInputOf(s, catalog, p.serving.front().name);
  const CostBasis basis = prepare::GpuHourBasisOf(s);
  EXPECT_DOUBLE_EQ(basis.pue, 1.2);
  EXPECT_DOUBLE_EQ(basis.electricity_usd_per_mwh, 67.9);
  for (std::size_t g = 0; g < in.space.gpus.size(); ++g) {
    if (in.space.gpus[g].name != run.config.deployment.gpu.name) continue;
    ASSERT_TRUE(in.cost[g].has_value());
    EXPECT_EQ(in.cost[g]->node, run.price->node);
    EXPECT_DOUBLE_EQ(in.cost[g]->BusyUsdPerGpuHour(),
                     run.price->BusyUsdPerGpuHour());
    EXPECT_DOUBLE_EQ(in.cost[g]->idle_power_w, run.price->idle_power_w);
  }
}

TEST(ServingSearchTest, GpusWithoutFp8ServeInBf16) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  EXPECT_FALSE(Fp8Capable(*catalog.FindGpu("a100-sxm")));
  EXPECT_TRUE(Fp8Capable(*catalog.FindGpu("h100-sxm")));
  ServingSearchInput in =
      ServingSearchInputOf(AzureReplay(), catalog, "llama2-70b");
  for (const auto& c : EnumerateServingCandidates(in.space, in.base)) {
    const bool fp8 = Fp8Capable(in.space.gpus[c.gpu]);
    EXPECT_EQ(c.weights == perf::Precision::kFp8, fp8);
  }
}

TEST(ServingSearchTest, ExpertParallelismOnlyForMixtureOfExpertsModels) {
  const auto catalog = catalog::Catalog::LoadEmbedded();
  const auto dense = ServingSearchInputOf(AzureReplay(), catalog, "llama2-70b");
  for (const auto& c : EnumerateServingCandidates(dense.space, dense.base)) {
    EXPECT_EQ(c.ep, 1);
    EXPECT_EQ(c.attention_dp, 1);
  }
  // Mixtral 8x7B: 8 experts, 32 heads.
  const auto moe = ServingSearchInputOf(
      AzureReplay({"serving.llama2-70b.model=mixtral-8x7b"}), catalog,
      "llama2-70b");
  std::vector<std::pair<int, int>> h100_plans;  // (tp, ep)
  for (const auto& c : EnumerateServingCandidates(moe.space, moe.base)) {
    if (c.ep > 1) {
      EXPECT_EQ(8 % c.ep, 0);
      EXPECT_EQ(c.ep, c.tp * c.attention_dp);
      EXPECT_EQ(c.gpus(), c.ep * (1 + c.prefill_replicas));
    }
    if (moe.space.gpus[c.gpu].name == "h100-sxm" && c.prefill_replicas == 0 &&
        c.policy == serving::BatchPolicy::kVllm &&
        c.max_batched_tokens == 8192 * c.attention_dp &&
        c.max_sequences == 256 * c.attention_dp) {
      h100_plans.emplace_back(c.tp, c.ep);
    }
  }
  // tp 1, 2, 4, 8 (dividing 32 heads, within 8 GPUs), each with ep = 1 and
  // every multiple of tp dividing the 8 experts.
  const std::vector<std::pair<int, int>> expected = {
      {1, 1}, {1, 2}, {1, 4}, {1, 8}, {2, 1}, {2, 2}, {2, 4},
      {2, 8}, {4, 1}, {4, 4}, {4, 8}, {8, 1}, {8, 8}};
  EXPECT_EQ(h100_plans, expected);
}

}  // namespace
}  // namespace kardashev::search
