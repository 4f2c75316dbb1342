#include "kardashev/econ/serving_cost.h"

#include "kardashev/sim/time.h"

namespace kardashev::econ {

ServingCost CostOfRun(const GpuHourPrice& price,
                      const serving::ServingResult& r, double gpus) {
  ServingCost c;
  c.gpus = gpus;
  if (r.makespan_s <= 0 || gpus <= 0) return c;
  const double hours = r.makespan_s / sim::kSecondsPerHour;
  const double energy_j =
      r.busy_gpu_s * price.busy_power_w + r.idle_gpu_s * price.idle_power_w;
  const double energy_mwh = energy_j / 3.6e9;
  const double total_usd =
      gpus * hours *
          (price.capex_usd_per_gpu_hour + price.other_usd_per_gpu_hour) +
      energy_mwh * price.electricity_usd_per_mwh;
  c.power_kw = energy_j / r.makespan_s * 1e-3;
  c.usd_per_hour = total_usd / hours;
  const double phases = r.prefill_phase_gpu_s + r.decode_phase_gpu_s;
  const double prefill_share =
      phases > 0 ? r.prefill_phase_gpu_s / phases : 0.0;
  if (r.prompt_tokens > 0) {
    c.usd_per_million_input_tokens =
        total_usd * prefill_share / static_cast<double>(r.prompt_tokens) * 1e6;
  }
  if (r.output_tokens > 0) {
    c.usd_per_million_output_tokens = total_usd * (1 - prefill_share) /
                                      static_cast<double>(r.output_tokens) *
                                      1e6;
  }
  return c;
}

}  // namespace kardashev::econ
