// What serving costs: a deployment's GPU-hours priced as owned hardware
// (GPU and host bought and depreciated straight-line, energy at a facility's
// PUE and electricity price), split into the cost of input (prompt) and
// output tokens by the GPU time each phase takes.
//
// The split rule: the GPU-seconds of iterations are split by phase as the
// replica simulator counts them (ServingResult::prefill_phase_gpu_s and
// decode_phase_gpu_s: a mixed chunked-prefill iteration by token share); the
// idle GPU-seconds and the hardware's depreciation over the run follow the
// same proportion. Input cost is the prefill share of the total per prompt
// token (cached tokens included: they are input the service bills), output
// cost the decode share per output token.
#ifndef KARDASHEV_SERVING_SERVING_COST_H_
#define KARDASHEV_SERVING_SERVING_COST_H_

#include "kardashev/serving/replica_simulator.h"

namespace kardashev::serving {

// ASSUMPTION: a [[serving]] deployment is not placed on a [[site]], so its
// facility is an industry-typical one: PUE 1.44, the Uptime Institute 2025
// survey's figure for sites of 20 MW and more (figures.csv D15), and the 2023
// US industrial electricity price, 8.06 cents/kWh (EIA, figures.csv F11).
inline constexpr double kServingPue = 1.44;
inline constexpr double kServingElectricityUsdPerMwh = 80.6;

// The price of one GPU of a deployment, per hour.
struct GpuHourPrice {
  // (GPU price + its share of the host's price) / depreciation hours.
  double capex_usd_per_gpu_hour = 0;
  // Facility power per GPU (GPU plus its share of the host, times PUE).
  double busy_power_w = 0;
  double idle_power_w = 0;
  double electricity_usd_per_mwh = 0;
};

struct ServingCost {
  double gpus = 0;
  double power_kw = 0;                       // mean facility power over the run
  double usd_per_hour = 0;                   // depreciation and energy
  double usd_per_million_input_tokens = 0;   // 0 with no prompt tokens
  double usd_per_million_output_tokens = 0;  // 0 with no output tokens
};

// The cost of run `r` on `gpus` GPUs priced at `price`. A run without a
// makespan costs nothing.
ServingCost CostOfRun(const GpuHourPrice& price, const ServingResult& r,
                      double gpus);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_SERVING_COST_H_
