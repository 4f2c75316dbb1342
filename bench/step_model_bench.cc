// The training step-time model as a plan search calls it: one
// TryEstimateTrainingStep per candidate plan, Llama 3 405B on 8,192 H100s
// (a plan that runs) and the same model on a plan that does not fit (refused
// without a reason string).
#include <benchmark/benchmark.h>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/training_step.h"

namespace kardashev::perf {
namespace {

TrainingStepInput Llama3Plan(const catalog::Catalog& catalog) {
  TrainingStepInput in;
  in.model = *catalog.FindModel("llama3-405b");
  in.gpu = *catalog.FindGpu("h100-sxm");
  in.efficiency = *catalog.FindEfficiency("megatron-bf16");
  in.fabric = *catalog.FindFabric("roce-400");
  in.seq_len = 8192;
  in.global_batch_tokens = 16.0 * 1024 * 1024;
  in.plan.tp = 8;
  in.plan.pp = 16;
  in.plan.dp = 64;
  in.plan.virtual_stages = 8;
  in.plan.recompute = Recompute::kFull;
  return in;
}

void BM_TryEstimateTrainingStep(benchmark::State& state) {
  const catalog::Catalog catalog = catalog::Catalog::LoadEmbedded();
  TrainingStepInput in = Llama3Plan(catalog);
  if (state.range(0) == 1) in.plan.pp = 2;  // does not fit in 80 GB
  for (auto _ : state) {
    const std::optional<TrainingStep> step = TryEstimateTrainingStep(in);
    benchmark::DoNotOptimize(step);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TryEstimateTrainingStep)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace kardashev::perf
