// What serving costs: a deployment's GPU-hours priced as owned hardware by the
// one GPU-hour rule (econ/gpu_hour_price.h: GPU and host depreciated straight
// line, energy at the facility's PUE and electricity price, other opex), split
// into the cost of input (prompt) and output tokens by the GPU time each phase
// takes.
//
// The split rule: the GPU-seconds of iterations are split by phase as the
// replica simulator counts them (ServingResult::prefill_phase_gpu_s and
// decode_phase_gpu_s: a mixed chunked-prefill iteration by token share); the
// idle GPU-seconds and the hardware's depreciation over the run follow the
// same proportion. Input cost is the prefill share of the total per prompt
// token (cached tokens included: they are input the service bills), output
// cost the decode share per output token.
#ifndef KARDASHEV_ECON_SERVING_COST_H_
#define KARDASHEV_ECON_SERVING_COST_H_

#include "kardashev/econ/gpu_hour_price.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::econ {

struct ServingCost {
  double gpus = 0;
  double power_kw = 0;                       // mean facility power over the run
  double usd_per_hour = 0;                   // depreciation, energy and other
  double usd_per_million_input_tokens = 0;   // 0 with no prompt tokens
  double usd_per_million_output_tokens = 0;  // 0 with no output tokens
};

// The cost of run `r` on `gpus` GPUs priced at `price`. A run without a
// makespan costs nothing.
ServingCost CostOfRun(const GpuHourPrice& price,
                      const serving::ServingResult& r, double gpus);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_SERVING_COST_H_
