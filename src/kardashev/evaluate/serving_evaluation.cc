#include "kardashev/evaluate/serving_evaluation.h"

#include <algorithm>

#include "kardashev/econ/serving_cost.h"
#include "kardashev/perf/inference.h"
#include "kardashev/perf/transformer.h"

namespace kardashev::evaluate {

namespace {

// A demand that no replica of its deployment serves within the SLO at any
// rate: its demand curve's figures, and zero capacity, replicas, tokens and
// SLO attainment (no request is served within the SLO). The replicas and GPUs
// it would need are unbounded and reported as 0; RunWarnings says why.
serving::DemandOutcome UnservableDemand(const serving::DemandConfig& c) {
  serving::DemandConfig curve = c;
  curve.replica_capacity_rate_per_s = 1;  // any rate: only the curve is kept
  serving::DemandOutcome o = serving::PlanDemand(curve);
  o.replica_capacity_rate_per_s = 0;
  o.replicas_needed_peak = 0;
  o.gpus_needed_peak = 0;
  o.gpus_needed_mean = 0;
  o.slo_attainment = 0;
  o.tokens_served_per_day = 0;
  o.tokens_per_day_at_capacity = 0;
  return o;
}

}  // namespace

void EvaluateServing(const prepare::Prepared& prepared, bool record,
                     report::Results& r) {
  for (const auto& sv : prepared.serving) {
    report::ServingOutcome so;
    so.name = sv.name;
    so.source = sv.source;
    so.replicas = sv.config.replicas;
    so.gpus_per_replica = perf::ReplicaGpus(sv.config.deployment);
    so.result = serving::SimulateServing(sv.config, sv.requests,
                                         record ? &so.records : nullptr);
    so.capacity = sv.capacity.capacity;
    const double prefill_gpus =
        static_cast<double>(sv.config.prefill_replicas) *
        perf::ReplicaGpus(sv.config.PrefillDeployment());
    const double replica_gpus = perf::ReplicaGpus(sv.config.deployment);
    const perf::TransformerCounts counts = perf::CountTransformer(
        sv.config.deployment.model,
        std::max(1, sv.config.deployment.model.max_seq_len));
    const auto& gpu = sv.config.deployment.gpu;
    so.peak_flops_per_gpu = std::max(
        {gpu.bf16_dense_flops, gpu.fp8_dense_flops, gpu.fp4_dense_flops});
    so.prompt_token_flops = counts.gemm_flops_per_token;
    so.output_token_flops =
        counts.gemm_flops_per_token + counts.lm_head_flops_per_token;
    so.capacity_gpus = replica_gpus + prefill_gpus;
    so.load_gpus = sv.config.replicas * replica_gpus + prefill_gpus;
    if (sv.price) {
      so.price = *sv.price;
      so.cost_at_load =
          econ::CostOfRun(*sv.price, so.result,
                          sv.config.replicas * replica_gpus + prefill_gpus);
      so.cost_at_capacity = econ::CostOfRun(*sv.price, so.capacity.at_capacity,
                                            replica_gpus + prefill_gpus);
    }
    r.serving.push_back(std::move(so));
  }
  for (const auto& d : prepared.demand) {
    serving::DemandConfig c = d.config;
    for (const auto& l : r.leases) {
      if (!d.lease.empty() && l.name == d.lease) {
        c.gpus_available = static_cast<std::int64_t>(
            static_cast<double>(l.gpus) * l.availability);
      }
    }
    r.demand.push_back(c.replica_capacity_rate_per_s > 0
                           ? serving::PlanDemand(c)
                           : UnservableDemand(c));
  }
}

}  // namespace kardashev::evaluate
