// The share of a GPU's dense peak that one GEMM reaches, from its shape after
// the parallel split. A pure function of catalog data.
//
// For C[M x N] = A[M x K] * B[K x N] at `bytes_per_element`:
//   intensity = 2 M N K / (bytes * (M K + K N + M N))       FLOP per byte
//   x         = intensity / (peak FLOP/s / HBM bytes/s)       in ridge units
//   waves     = ceil(tiles / sms), tiles = ceil(M / tile_m) ceil(N / tile_n)
//               (times the groups of a grouped GEMM)
//   share     = peak_share * x / (x + half_intensity) * tiles / (waves * sms)
// so a large, square-ish GEMM tends to `peak_share`, a thin or small one runs
// further from peak (memory-bound below the ridge point, idle SMs in a last
// partial wave). The efficiency set is chosen by GPU name and precision; a GPU
// that no set covers gets the stack's flat `gemm` share.
#ifndef KARDASHEV_PERF_GEMM_EFFICIENCY_H_
#define KARDASHEV_PERF_GEMM_EFFICIENCY_H_

#include <string_view>

#include "kardashev/catalog/catalog.h"

namespace kardashev::perf {

// One GEMM's per-GPU shape: C[m x n] = A[m x k] * B[k x n], or `groups` of
// them run as one grouped GEMM (the experts a GPU holds): their tiles share
// the waves.
struct GemmShape {
  double m = 0;
  double n = 0;
  double k = 0;
  double groups = 1;
  double flops() const { return 2.0 * m * n * k * groups; }
};

// What a GEMM's efficiency depends on besides its shape.
struct GemmDevice {
  const catalog::GemmEfficiencySpec* set = nullptr;  // null: flat share
  double flat_share = 0;                             // used when `set` is null
  double peak_flops = 0;  // dense peak at the GEMM's precision
  double hbm_bandwidth_bytes_per_s = 0;
  double bytes_per_element = 2;  // 2 for BF16, 1 for FP8
};

// The set of `efficiency` that covers GPU `gpu_name` at `precision` ("bf16" or
// "fp8"), or null.
const catalog::GemmEfficiencySpec* FindGemmSet(
    const catalog::EfficiencySpec& efficiency, std::string_view gpu_name,
    std::string_view precision);

// Share of `device.peak_flops` the GEMM reaches, in (0, 1].
double GemmEfficiency(const GemmShape& shape, const GemmDevice& device);

// Seconds the GEMM takes: its FLOPs at the reached share of peak.
double GemmTimeS(const GemmShape& shape, const GemmDevice& device);

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_GEMM_EFFICIENCY_H_
