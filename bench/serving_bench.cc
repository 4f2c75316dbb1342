// The iteration-level replica simulator: Llama 2 70B on one H100 TP4 replica
// (FP8), chunked prefill, Poisson arrivals at about 80% of the replica's
// capacity, 100,000 requests a run.
#include <benchmark/benchmark.h>

#include "kardashev/catalog/catalog.h"
#include "kardashev/serving/capacity.h"

namespace kardashev::serving {
namespace {

void BM_ReplicaSimulator(benchmark::State& state) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  ServingConfig c;
  c.deployment.model = *catalog.FindModel("llama2-70b");
  c.deployment.gpu = *catalog.FindGpu("h100-sxm");
  c.deployment.tp = 4;
  c.deployment.weights = perf::Precision::kFp8;
  c.deployment.kv_cache = perf::Precision::kFp8;
  c.deployment.efficiency = *catalog.FindInferenceEfficiency("vllm-fp8");
  c.scheduler.policy =
      state.range(0) == 0 ? BatchPolicy::kVllm : BatchPolicy::kSarathi;
  c.scheduler.max_batched_tokens = state.range(0) == 0 ? 8192 : 2048;
  const std::vector<LengthSample> mix{
      {100, 50}, {300, 300}, {600, 200}, {1000, 600}};
  const auto requests = PoissonRequests(mix, 25.0, 100000, 1);
  std::int64_t iterations = 0;
  for (auto _ : state) {
    const ServingResult r = SimulateServing(c, requests);
    iterations += r.iterations;
    benchmark::DoNotOptimize(r.ttft_s.p99);
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(requests.size()));
  state.counters["iterations_per_s"] = benchmark::Counter(
      static_cast<double>(iterations), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplicaSimulator)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kardashev::serving
