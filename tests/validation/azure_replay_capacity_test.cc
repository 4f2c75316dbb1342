// The capacity of one replica on real traffic: the azure-replay deployment's
// capacity, searched on the Azure conversation trace (data/traces/README.md)
// time-scaled to each trial rate, holds when the trace is replayed at that
// rate and breaks 10% above it; and the trace, being burstier than a Poisson
// process, gives a lower capacity than Poisson arrivals with the same lengths.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "kardashev/catalog/catalog.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/serving/capacity.h"

namespace kardashev {
namespace {

TEST(AzureReplayCapacityTest, TraceCapacityHoldsOnTheTraceAndIsBelowPoisson) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  scenario::LoadOptions options;
  options.variant = "h100-tp4";
  const auto scenarios = scenario::LoadScenario(
      std::string(KARDASHEV_SOURCE_DIR) + "/scenarios/azure-replay.toml",
      options, catalog);
  ASSERT_EQ(scenarios.size(), 1u);
  const auto& s = scenarios.front();
  const prepare::ServingWorkload w =
      prepare::PrepareServing(s.serving.front(), s.seed);
  ASSERT_TRUE(w.trace_arrivals);
  const serving::ServingConfig& c = w.config;
  ASSERT_EQ(c.replicas, 1);

  const double rate =
      prepare::FindReplicaCapacity(w, s.seed).capacity.rate_per_s;
  ASSERT_GT(rate, 0);

  // The servable trace (requests within the context and batch budget), as
  // the search replays it.
  std::vector<serving::Request> servable;
  std::vector<serving::LengthSample> mix;
  for (const auto& q : w.requests) {
    if (!serving::Admissible(c, q)) continue;
    servable.push_back(q);
    mix.push_back({q.prompt_tokens, q.output_tokens});
  }
  const int n = static_cast<int>(servable.size());
  const auto replay = [&](double r) {
    return serving::SimulateServing(c,
                                    serving::TimeScaledTrace(servable, r, n));
  };
  const serving::ServingResult at = replay(rate);
  const serving::ServingResult above = replay(1.1 * rate);
  std::printf(
      "trace capacity %.3f req/s (%d servable of %zu requests)\n"
      "  at capacity: SLO attainment %.4f, p99 TTFT %.3f s, p99 TPOT %.4f s\n"
      "  at +10%%:     SLO attainment %.4f, p99 TTFT %.3f s, p99 TPOT %.4f s\n",
      rate, n, w.requests.size(), at.slo_attainment, at.ttft_s.p99,
      at.tpot_s.p99, above.slo_attainment, above.ttft_s.p99, above.tpot_s.p99);
  // The mean rate over the replayed span is the rate asked for.
  EXPECT_NEAR(at.arrival_rate_per_s, rate, 0.05 * rate);
  EXPECT_EQ(at.rejected, 0);
  EXPECT_LE(at.ttft_s.p99, c.slo.ttft_s);
  EXPECT_LE(at.tpot_s.p99, c.slo.tpot_s);
  EXPECT_TRUE(above.ttft_s.p99 > c.slo.ttft_s ||
              above.tpot_s.p99 > c.slo.tpot_s);

  // Poisson arrivals with the servable trace's lengths: the search as it was.
  const double poisson =
      serving::FindCapacity(c, mix, s.seed, prepare::kTraceCapacityMinRequests)
          .rate_per_s;
  std::printf("Poisson capacity %.3f req/s; trace / Poisson %.3f\n", poisson,
              rate / poisson);
  EXPECT_LT(rate, poisson);
}

}  // namespace
}  // namespace kardashev
