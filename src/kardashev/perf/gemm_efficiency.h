// The time of one GEMM on one GPU, from its shape, precision and the GPU
// generation's kernel constants (catalog [[gemm_efficiency]]). A pure
// function of catalog data.
//
// For C[M x N] = A[M x K] * B[K x N] (times `groups` for a grouped GEMM, whose
// groups' tiles share the waves), the kernel picks the output tile tm x tn
// and split-K factor s that finish first:
//   compute = waves * 2 tm tn (K / s + tile_k_overhead)
//             / (peak / sms * peak_share * tile_factor(tm, tn))
//   waves   = ceil(groups ceil(M / tm) ceil(N / tn) s / sms)
// with tile_factor 1 for the largest tile and less for smaller ones (less
// operand reuse per byte). The operands and the BF16 result stream through
// HBM at hbm_share of its bandwidth, and
//   time = max(compute, memory) + launch_s.
// So a large GEMM tends to peak_share of peak; a thin one (few tokens, as in
// decode or after a wide tensor-parallel split) is memory-bound; one with few
// tiles leaves SMs idle in its last wave; a short K pays the per-tile
// overhead. The constants are fitted per generation and precision on
// published kernel benchmarks by shape (data/catalog/efficiency.toml). A GPU
// no set covers gets the stack's flat `gemm` share of peak.
#ifndef KARDASHEV_PERF_GEMM_EFFICIENCY_H_
#define KARDASHEV_PERF_GEMM_EFFICIENCY_H_

#include <functional>
#include <string_view>
#include <vector>

#include "kardashev/catalog/catalog.h"

namespace kardashev::perf {

// One GEMM's per-GPU shape: C[m x n] = A[m x k] * B[k x n], or `groups` of
// them run as one grouped GEMM (the experts a GPU holds).
struct GemmShape {
  double m = 0;
  double n = 0;
  double k = 0;
  double groups = 1;
  double flops() const { return 2.0 * m * n * k * groups; }
};

// What a GEMM's time depends on besides its shape.
struct GemmDevice {
  const catalog::GemmEfficiencySpec* set = nullptr;  // null: flat share
  double flat_share = 0;                             // used when `set` is null
  double peak_flops = 0;  // dense peak at the GEMM's precision
  double hbm_bandwidth_bytes_per_s = 0;
  double bytes_per_element = 2;  // of the operands: 2 for BF16, 1 for FP8
};

// The set of `efficiency` that covers GPU `gpu_name` at `precision` ("bf16" or
// "fp8"), or null.
const catalog::GemmEfficiencySpec* FindGemmSet(
    const catalog::EfficiencySpec& efficiency, std::string_view gpu_name,
    std::string_view precision);

// The set of `sets` that covers GPU `gpu_name` at `precision`, or null.
const catalog::GemmEfficiencySpec* FindGemmSet(
    const std::vector<catalog::GemmEfficiencySpec>& sets,
    std::string_view gpu_name, std::string_view precision);

// Seconds the GEMM takes (0 for an empty one).
double GemmTimeS(const GemmShape& shape, const GemmDevice& device);

// Share of `device.peak_flops` the GEMM reaches: its FLOPs over its time at
// peak, in (0, 1].
double GemmEfficiency(const GemmShape& shape, const GemmDevice& device);

// A function of one variable x >= 0 tabulated at two points per octave of x
// from 1 to 2^18 and interpolated linearly between them (beyond 2^18, in
// proportion to x; below 1, as at 1; 0 at 0), so that a hot loop pays a
// lookup, not a tile search. Exact at the points of the table.
class LogGridCurve {
 public:
  LogGridCurve() = default;
  explicit LogGridCurve(const std::function<double(double)>& f);
  double At(double x) const;

 private:
  std::vector<double> y_;  // at x = 2^(i / 2)
};

// GemmTimeS of a GEMM of fixed n, k and groups as a LogGridCurve of m.
LogGridCurve GemmCurve(double n, double k, double groups,
                       const GemmDevice& device);

}  // namespace kardashev::perf

#endif  // KARDASHEV_PERF_GEMM_EFFICIENCY_H_
