#include "kardashev/serving/replica_simulator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kardashev/catalog/catalog.h"
#include "kardashev/serving/capacity.h"
#include "kardashev/sim/random.h"

namespace kardashev::serving {
namespace {

class ReplicaSimulatorTest : public ::testing::Test {
 protected:
  ServingConfig Config(BatchPolicy policy) const {
    ServingConfig c;
    c.deployment.model = *catalog_.FindModel("llama2-70b");
    c.deployment.gpu = *catalog_.FindGpu("h100-sxm");
    c.deployment.tp = 4;
    c.deployment.weights = perf::Precision::kFp8;
    c.deployment.kv_cache = perf::Precision::kFp8;
    c.deployment.efficiency = *catalog_.FindInferenceEfficiency("vllm-fp8");
    c.scheduler.policy = policy;
    c.scheduler.max_batched_tokens =
        policy == BatchPolicy::kSarathi ? 512 : 8192;
    return c;
  }
  // Poisson arrivals with lognormal lengths, from named streams.
  static std::vector<Request> Load(int n, double rate, std::uint64_t seed) {
    sim::RngStream arrivals(seed, "arrivals", 0);
    sim::RngStream lengths(seed, "lengths", 0);
    std::vector<Request> out;
    double t = 0;
    for (int i = 0; i < n; ++i) {
      t += arrivals.Exponential(rate);
      Request r;
      r.arrival_s = t;
      r.prompt_tokens = static_cast<std::int32_t>(
          std::clamp(lengths.Lognormal(6, 0.8), 1.0, 4000.0));
      // Within the model's 4,096-token context, so that every request runs.
      r.output_tokens = static_cast<std::int32_t>(
          std::clamp(lengths.Lognormal(5, 0.8), 1.0,
                     std::min(2000.0, 4096.0 - r.prompt_tokens)));
      out.push_back(r);
    }
    return out;
  }
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

// A lone request: TTFT is one prefill iteration, every later token one decode
// iteration.
TEST_F(ReplicaSimulatorTest, ALoneRequestTakesItsIterationsByHand) {
  const ServingConfig c = Config(BatchPolicy::kVllm);
  const std::vector<Request> one{{1.0, 1000, 3}};
  const ServingResult r = SimulateServing(c, one);
  perf::IterationBatch prefill;
  prefill.prefill_sequences = 1;
  prefill.prefill_tokens = 1000;
  prefill.prefill_attention_context = 1000 * 500.5;
  const double t_prefill = perf::IterationTime(c.deployment, prefill).time_s;
  double t_decode = 0;
  for (int k = 1; k <= 2; ++k) {
    perf::IterationBatch decode;
    decode.decode_sequences = 1;
    decode.decode_context = 1000 + k;
    t_decode += perf::IterationTime(c.deployment, decode).time_s;
  }
  EXPECT_EQ(r.requests, 1);
  EXPECT_EQ(r.iterations, 3);
  EXPECT_NEAR(r.ttft_s.p50, t_prefill, 1e-12);
  EXPECT_NEAR(r.e2e_s.p50, t_prefill + t_decode, 1e-12);
  EXPECT_NEAR(r.tpot_s.p50, t_decode / 2, 1e-12);
}

// Little's law: the time-average number in the system (integrated event by
// event) equals the arrival rate times the mean time in the system (summed
// request by request), within 2%. GPU-seconds: busy + idle = replicas x tp x
// makespan.
TEST_F(ReplicaSimulatorTest,
       LittlesLawAndGpuSecondsHoldForEveryPolicyAndRouter) {
  for (const auto policy : {BatchPolicy::kVllm, BatchPolicy::kSarathi}) {
    for (const auto router : {Router::kRoundRobin, Router::kLeastOutstanding}) {
      ServingConfig c = Config(policy);
      c.replicas = 3;
      c.router = router;
      const ServingResult r = SimulateServing(c, Load(20000, 12, 3));
      SCOPED_TRACE(static_cast<int>(policy) * 2 + static_cast<int>(router));
      EXPECT_EQ(r.requests, 20000);
      EXPECT_NEAR(r.mean_in_system, r.arrival_rate_per_s * r.mean_e2e_s,
                  0.02 * r.mean_in_system);
      EXPECT_NEAR(r.busy_gpu_s + r.idle_gpu_s, 3 * 4 * r.makespan_s,
                  1e-6 * r.makespan_s);
      EXPECT_GT(r.idle_gpu_s, 0);
    }
  }
}

TEST_F(ReplicaSimulatorTest, SameInputSameOutput) {
  const auto load = Load(5000, 10, 9);
  const ServingResult a = SimulateServing(Config(BatchPolicy::kSarathi), load);
  const ServingResult b = SimulateServing(Config(BatchPolicy::kSarathi), load);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_DOUBLE_EQ(a.ttft_s.p99, b.ttft_s.p99);
  EXPECT_DOUBLE_EQ(a.makespan_s, b.makespan_s);
}

// Under load, chunked prefill keeps decode steps short: lower p99 TPOT than
// prefill-first.
TEST_F(ReplicaSimulatorTest, ChunkedPrefillCutsTailTimePerOutputToken) {
  const auto load = Load(10000, 6, 4);
  const ServingResult vllm = SimulateServing(Config(BatchPolicy::kVllm), load);
  const ServingResult sarathi =
      SimulateServing(Config(BatchPolicy::kSarathi), load);
  EXPECT_LT(sarathi.tpot_s.p99, vllm.tpot_s.p99);
}

// A KV cache too small for the load forces preemption, and every request still
// completes.
TEST_F(ReplicaSimulatorTest, AFullKvCachePreemptsAndRecomputes) {
  ServingConfig c = Config(BatchPolicy::kVllm);
  c.deployment.efficiency.memory_share =
      0.25;  // ~11 GB of KV cache on 4 x 80 GB
  const ServingResult r = SimulateServing(c, Load(3000, 20, 5));
  EXPECT_GT(r.preemptions, 0);
  EXPECT_EQ(r.requests + r.rejected, 3000);
}

// Prefill/decode disaggregation: prompts run on their own replicas and hand
// their KV cache over; decode steps no longer wait behind prompts, so TPOT's
// tail drops.
TEST_F(ReplicaSimulatorTest, DisaggregationHandsOffEveryPromptAndCutsTpotTail) {
  const auto load = Load(10000, 8, 8);
  ServingConfig mixed = Config(BatchPolicy::kVllm);
  mixed.replicas = 2;
  const ServingResult a = SimulateServing(mixed, load);
  ServingConfig split = Config(BatchPolicy::kVllm);
  split.replicas = 1;
  split.prefill_replicas = 1;
  split.kv_link_bytes_per_s = 4 * 50e9;  // 400 Gb/s per GPU, 4 GPUs
  split.kv_link_latency_s = 5e-6;
  const ServingResult b = SimulateServing(split, load);
  std::int64_t multi_token = 0;
  for (const auto& q : load) multi_token += q.output_tokens > 1 ? 1 : 0;
  EXPECT_EQ(b.requests, 10000);
  EXPECT_EQ(b.kv_transfers, multi_token);
  EXPECT_GT(b.kv_transfer_s, 0);
  EXPECT_EQ(b.blocks_held_at_end, 0);
  EXPECT_NEAR(b.busy_gpu_s + b.idle_gpu_s, 2 * 4 * b.makespan_s,
              1e-6 * b.makespan_s);
  EXPECT_NEAR(b.mean_in_system, b.arrival_rate_per_s * b.mean_e2e_s,
              0.02 * b.mean_in_system);
  EXPECT_LT(b.tpot_s.p99, a.tpot_s.p99);
}

// Reserving each request's whole output at admission never preempts: requests
// wait instead, and every block comes back.
TEST_F(ReplicaSimulatorTest, ReservingBlocksWaitsInsteadOfPreempting) {
  ServingConfig c = Config(BatchPolicy::kVllm);
  c.deployment.efficiency.memory_share = 0.25;
  c.scheduler.kv_policy = KvPolicy::kReserve;
  const auto load = Load(3000, 20, 5);
  const ServingResult reserve = SimulateServing(c, load);
  EXPECT_EQ(reserve.preemptions, 0);
  EXPECT_EQ(reserve.requests + reserve.rejected, 3000);
  EXPECT_EQ(reserve.blocks_held_at_end, 0);
  c.scheduler.kv_policy = KvPolicy::kPreempt;
  const ServingResult preempt = SimulateServing(c, load);
  EXPECT_GT(preempt.preemptions, 0);
  EXPECT_EQ(preempt.blocks_held_at_end, 0);
}

TEST_F(ReplicaSimulatorTest, MoreReplicasLowerLatencyUnderTheSameLoad) {
  const auto load = Load(10000, 20, 6);
  ServingConfig c = Config(BatchPolicy::kSarathi);
  c.replicas = 2;
  const ServingResult two = SimulateServing(c, load);
  c.replicas = 4;
  const ServingResult four = SimulateServing(c, load);
  EXPECT_LT(four.ttft_s.p90, two.ttft_s.p90);
  EXPECT_GE(four.slo_attainment, two.slo_attainment);
}

// vLLM without chunked prefill refuses a prompt longer than its batch budget
// instead of prefilling it whole in one iteration; Sarathi chunks it.
TEST_F(ReplicaSimulatorTest, VllmRefusesAPromptLongerThanTheBatchBudget) {
  ServingConfig c = Config(BatchPolicy::kVllm);
  c.scheduler.max_batched_tokens = 2048;
  c.scheduler.refuse_beyond_limits = true;
  // Both within Llama 2 70B's 4,096-token context.
  const std::vector<Request> load{{1.0, 2048, 10}, {2.0, 3000, 10}};
  const ServingResult vllm = SimulateServing(c, load);
  EXPECT_EQ(vllm.rejected, 1);
  EXPECT_EQ(vllm.requests, 1);
  EXPECT_EQ(vllm.prompt_tokens, 2048);
  c.scheduler.policy = BatchPolicy::kSarathi;
  const ServingResult sarathi = SimulateServing(c, load);
  EXPECT_EQ(sarathi.rejected, 0);
  EXPECT_EQ(sarathi.requests, 2);
  // Without the limits, vLLM prefills the long prompt whole.
  c.scheduler.policy = BatchPolicy::kVllm;
  c.scheduler.refuse_beyond_limits = false;
  const ServingResult unlimited = SimulateServing(c, load);
  EXPECT_EQ(unlimited.rejected, 0);
  EXPECT_EQ(unlimited.requests, 2);
}

// Under both policies a request whose prompt plus output exceeds the model's
// context is refused; one that exactly fills it is served.
TEST_F(ReplicaSimulatorTest, BothPoliciesRefuseARequestBeyondTheContext) {
  for (const BatchPolicy policy : {BatchPolicy::kVllm, BatchPolicy::kSarathi}) {
    ServingConfig c = Config(policy);
    c.scheduler.refuse_beyond_limits = true;
    ASSERT_EQ(c.deployment.model.max_seq_len, 4096);
    const std::vector<Request> load{
        {1.0, 3000, 1096}, {2.0, 4000, 97}, {3.0, 100, 4000}};
    const ServingResult r = SimulateServing(c, load);
    EXPECT_EQ(r.rejected, 2);
    EXPECT_EQ(r.requests, 1);
    EXPECT_EQ(r.output_tokens, 1096);
    EXPECT_EQ(r.blocks_held_at_end, 0);
  }
}

// A length mix with a request no replica may run has no rate within the SLO.
TEST_F(ReplicaSimulatorTest, AMixBeyondTheContextHasNoCapacity) {
  ServingConfig c = Config(BatchPolicy::kSarathi);
  c.scheduler.refuse_beyond_limits = true;
  const std::vector<LengthSample> fits{{1000, 100}};
  EXPECT_GT(FindCapacity(c, fits, 1, 500).rate_per_s, 0);
  const std::vector<LengthSample> beyond{{1000, 100}, {4000, 100}};
  EXPECT_EQ(FindCapacity(c, beyond, 1, 500).rate_per_s, 0);
}

// Capacity is a steady-state quantity. With SLOs so loose that any queue
// meets them and a batch large enough to hold a whole short run, a trial the
// size of one batch would build no queue and "meet" the SLO at any rate. The
// trial holds kSteadyStateFactor times what the replica holds at once, and the
// rate never exceeds the bound: the capacity is at most the bound, reached by
// its own run.
TEST_F(ReplicaSimulatorTest, CapacityIsSteadyStateAndUnderTheBound) {
  ServingConfig c = Config(BatchPolicy::kSarathi);
  c.slo = {1e6, 1e6};
  c.scheduler.max_sequences = 1024;
  const std::vector<LengthSample> mix{{500, 100}, {1500, 300}};
  const LengthStats stats = LengthStatsOf(mix);
  const std::int64_t held = ConcurrentRequests(c, stats);
  EXPECT_GT(held, 100);
  EXPECT_LE(held, 1024);
  const Capacity cap = FindCapacity(c, mix, 1, 100);
  EXPECT_GE(cap.trial_requests, kSteadyStateFactor * held);
  EXPECT_EQ(cap.at_capacity.requests, cap.trial_requests);
  EXPECT_GT(cap.rate_per_s, 0);
  EXPECT_LE(cap.rate_per_s, CapacityBound(c, stats));
  EXPECT_DOUBLE_EQ(cap.bound_per_s, CapacityBound(c, stats));
  // Throughput is the rate times the mean output of the trial's requests.
  EXPECT_DOUBLE_EQ(cap.throughput_tokens_per_s,
                   cap.rate_per_s *
                       static_cast<double>(cap.at_capacity.output_tokens) /
                       static_cast<double>(cap.at_capacity.requests));
}

// A prefix cache removes prompt work, so the bound rises with the hit share:
// a bound that ignored it would sit below what the replica serves.
TEST_F(ReplicaSimulatorTest, TheBoundCountsPrefixCacheHits) {
  ServingConfig c = Config(BatchPolicy::kSarathi);
  const std::vector<LengthSample> mix{{3000, 50}};
  const LengthStats stats = LengthStatsOf(mix);
  const double cold = CapacityBound(c, stats);
  c.prefix_cache_hit_share = 0.56;
  EXPECT_GT(CapacityBound(c, stats), 1.3 * cold);
  const Capacity cap = FindCapacity(c, mix, 1, 2000);
  EXPECT_LE(cap.rate_per_s, CapacityBound(c, stats));
}

// A property of the one capacity rule: more prefill replicas for a decode
// replica never lower its capacity, and a larger batch limit never lowers
// the bound.
TEST_F(ReplicaSimulatorTest, MoreReplicasNeverLowerCapacity) {
  ServingConfig c = Config(BatchPolicy::kSarathi);
  c.kv_link_bytes_per_s = 50e9;
  const std::vector<LengthSample> mix{{1500, 100}, {500, 300}, {2000, 50}};
  double last = 0;
  for (int prefill = 1; prefill <= 3; ++prefill) {
    c.prefill_replicas = prefill;
    const double rate = FindCapacity(c, mix, 1, 1000).rate_per_s;
    EXPECT_GE(rate, last * (1 - 1e-3)) << prefill;
    last = rate;
  }
  EXPECT_GT(last, 0);
  const LengthStats stats = LengthStatsOf(mix);
  double bound = 0;
  for (int seqs : {32, 64, 128, 256}) {
    c.scheduler.max_sequences = seqs;
    const double b = CapacityBound(c, stats);
    EXPECT_GE(b, bound) << seqs;
    bound = b;
  }
}

}  // namespace
}  // namespace kardashev::serving
