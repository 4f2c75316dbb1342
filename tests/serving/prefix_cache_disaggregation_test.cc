// Prefix-cache hits and a prefill pool with a plan of its own
// (replica_simulator.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/inference.h"
#include "kardashev/serving/replica_simulator.h"
#include "kardashev/sim/random.h"

namespace kardashev::serving {
namespace {

class PrefixCacheDisaggregationTest : public ::testing::Test {
 protected:
  ServingConfig Config() const {
    ServingConfig c;
    c.deployment.model = *catalog_.FindModel("llama2-70b");
    c.deployment.gpu = *catalog_.FindGpu("h100-sxm");
    c.deployment.tp = 4;
    c.deployment.weights = perf::Precision::kFp8;
    c.deployment.kv_cache = perf::Precision::kFp8;
    c.deployment.efficiency = *catalog_.FindInferenceEfficiency("vllm-fp8");
    return c;
  }
  static std::vector<Request> Load(int n, double rate, std::uint64_t seed) {
    sim::RngStream arrivals(seed, "arrivals", 0);
    sim::RngStream lengths(seed, "lengths", 0);
    std::vector<Request> out;
    double t = 0;
    for (int i = 0; i < n; ++i) {
      t += arrivals.Exponential(rate);
      const auto prompt = static_cast<std::int32_t>(
          std::clamp(lengths.Lognormal(6.5, 0.8), 1.0, 3000.0));
      const auto output = static_cast<std::int32_t>(
          std::clamp(lengths.Lognormal(5, 0.8), 1.0, 1000.0));
      out.push_back(Request{t, prompt, output});
    }
    return out;
  }
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

// One request of 2,000 prompt tokens, 56% of them cached (figures.csv H10:
// DeepSeek's 56.3% input-token cache hits): floor(0.56 * 2000) = 1,120
// tokens are found and 880 computed, in one prefill iteration whose 880
// tokens attend to the 1,120 cached ones before them. Its TTFT is that
// iteration's time, by hand from perf::IterationTime.
TEST_F(PrefixCacheDisaggregationTest, CachedTokensSkipPrefillButCountAsPrompt) {
  const std::vector<Request> one{{0.0, 2000, 1}};
  ServingConfig c = Config();
  const ServingResult cold = SimulateServing(c, one);
  c.prefix_cache_hit_share = 0.56;
  std::vector<RequestRecord> records;
  const ServingResult warm = SimulateServing(c, one, &records);

  EXPECT_EQ(cold.prefill_tokens_computed, 2000);
  EXPECT_EQ(warm.prefill_tokens_computed, 880);  // (1 - 0.56) x 2,000
  EXPECT_EQ(warm.cached_prompt_tokens, 1120);
  EXPECT_EQ(warm.prompt_tokens, 2000);  // still prompt tokens

  perf::IterationBatch batch;
  batch.prefill_sequences = 1;
  batch.prefill_tokens = 880;
  batch.prefill_attention_context = 880.0 * (1120 + 881 / 2.0);
  const double hand_s = perf::IterationTime(c.deployment, batch).time_s;
  EXPECT_NEAR(warm.ttft_s.p50, hand_s, 1e-12);
  EXPECT_LT(warm.ttft_s.p50, cold.ttft_s.p50);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].cached_prompt_tokens, 1120);
  EXPECT_DOUBLE_EQ(records[0].ttft_s, warm.ttft_s.p50);
}

// Under load, cache hits cut the prefill work by the share (within the
// rounding down of each prompt) and TTFT falls; KV blocks all come back.
TEST_F(PrefixCacheDisaggregationTest, CacheHitsCutPrefillWorkAndTtftUnderLoad) {
  const auto load = Load(4000, 6, 3);
  ServingConfig c = Config();
  c.scheduler.policy = BatchPolicy::kSarathi;
  c.scheduler.max_batched_tokens = 512;
  const ServingResult cold = SimulateServing(c, load);
  c.prefix_cache_hit_share = 0.5;
  const ServingResult warm = SimulateServing(c, load);
  ASSERT_EQ(cold.preemptions, 0);
  ASSERT_EQ(warm.preemptions, 0);
  std::int64_t prompt = 0;
  for (const auto& q : load) prompt += q.prompt_tokens;
  EXPECT_EQ(cold.prefill_tokens_computed, prompt);
  EXPECT_NEAR(static_cast<double>(warm.prefill_tokens_computed),
              0.5 * static_cast<double>(prompt), 4000.0);
  EXPECT_EQ(warm.prefill_tokens_computed + warm.cached_prompt_tokens, prompt);
  EXPECT_LT(warm.ttft_s.p99, cold.ttft_s.p99);
  EXPECT_LT(warm.ttft_s.p50, cold.ttft_s.p50);
  EXPECT_EQ(warm.blocks_held_at_end, 0);
}

// A prefill pool at TP2 instead of TP4: prompts run slower on half the GPUs,
// so TTFT changes, and each pool's GPU-seconds add up to its GPUs times the
// makespan (2 GPUs in the prefill pool, 4 in the decode pool).
TEST_F(PrefixCacheDisaggregationTest, PrefillPoolWithItsOwnPlan) {
  const auto load = Load(3000, 3, 5);
  ServingConfig same = Config();
  same.prefill_replicas = 1;
  same.kv_link_bytes_per_s = 2 * 50e9;
  same.kv_link_latency_s = 5e-6;
  ServingConfig own = same;
  perf::InferenceDeployment tp2 = same.deployment;
  tp2.tp = 2;
  own.prefill_deployment = tp2;
  own.prefill_max_batched_tokens = 4096;
  const ServingResult a = SimulateServing(same, load);
  const ServingResult b = SimulateServing(own, load);
  EXPECT_EQ(a.requests, 3000);
  EXPECT_EQ(b.requests, 3000);
  EXPECT_GT(b.ttft_s.p50, a.ttft_s.p50 * 1.2);
  EXPECT_EQ(b.blocks_held_at_end, 0);
  EXPECT_NEAR(a.prefill_busy_gpu_s + a.prefill_idle_gpu_s, 4 * a.makespan_s,
              1e-6 * a.makespan_s);
  EXPECT_NEAR(b.prefill_busy_gpu_s + b.prefill_idle_gpu_s, 2 * b.makespan_s,
              1e-6 * b.makespan_s);
  EXPECT_NEAR(b.busy_gpu_s + b.idle_gpu_s, (2 + 4) * b.makespan_s,
              1e-6 * b.makespan_s);
  // Phase split: every busy GPU-second is prefill or decode.
  EXPECT_NEAR(b.prefill_phase_gpu_s + b.decode_phase_gpu_s, b.busy_gpu_s,
              1e-6 * b.busy_gpu_s);
  EXPECT_NEAR(b.prefill_phase_gpu_s, b.prefill_busy_gpu_s, 1e-6 * b.busy_gpu_s);
}

}  // namespace
}  // namespace kardashev::serving

namespace kardashev::serving {
namespace {

// Chunked prefill on a prefill pool: a prefill-only replica under Sarathi
// carries each prompt on, chunk by chunk, until it is done and handed to a
// decode replica, so every request completes, and a 3,000-token prompt takes
// ceil(3000 / 512) = 6 prefill iterations.
TEST_F(PrefixCacheDisaggregationTest,
       SarathiPrefillPoolFinishesChunkedPrompts) {
  ServingConfig c = Config();
  c.scheduler.policy = BatchPolicy::kSarathi;
  c.scheduler.max_batched_tokens = 512;
  c.prefill_replicas = 1;
  c.kv_link_bytes_per_s = 50e9;
  const std::vector<Request> one{{0.0, 3000, 4}};
  const ServingResult r = SimulateServing(c, one);
  EXPECT_EQ(r.requests, 1);
  EXPECT_EQ(r.kv_transfers, 1);
  // 6 prefill iterations, then the first token's iteration on the decode
  // replica is not counted until the transfer lands: 3 more decode steps.
  EXPECT_EQ(r.iterations, 6 + 3);
  const ServingResult load = SimulateServing(c, Load(2000, 2, 7));
  EXPECT_EQ(load.requests + load.rejected, 2000);
  EXPECT_EQ(load.blocks_held_at_end, 0);
}

}  // namespace
}  // namespace kardashev::serving
