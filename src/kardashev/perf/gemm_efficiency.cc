#include "kardashev/perf/gemm_efficiency.h"

#include <algorithm>
#include <cmath>

namespace kardashev::perf {

namespace {

// True when the space-separated `list` holds `name` as a whole word.
bool ListHolds(std::string_view list, std::string_view name) {
  std::size_t pos = 0;
  while (pos < list.size()) {
    const std::size_t end = std::min(list.find(' ', pos), list.size());
    if (list.substr(pos, end - pos) == name) return true;
    pos = end + 1;
  }
  return false;
}

struct Tile {
  double m;
  double n;
};
// ASSUMPTION: the output tiles Hopper- and Blackwell-class GEMM libraries
// choose among (CUTLASS 3 and DeepGEMM use 64-, 128- and 256-wide tiles); the
// largest comes last.
constexpr Tile kTiles[] = {{64, 128}, {128, 128}, {128, 256}};
constexpr double kSplits[] = {1, 2, 4};

double Reuse(const Tile& t) { return t.m * t.n / (t.m + t.n); }

// Seconds of the compute part on the best tile and split.
double ComputeS(const GemmShape& s, const GemmDevice& d,
                const catalog::GemmEfficiencySpec& g) {
  const double sms = g.sms;
  const double per_sm_flops = d.peak_flops / sms * g.peak_share;
  const double big = Reuse(kTiles[2]);
  const double big_factor = big / (big + g.tile_reuse_half);
  // Many tiles of the largest kind: the last wave's idle SMs are a small
  // share, and no other tile or split does better.
  const double big_tiles =
      s.groups * std::ceil(s.m / kTiles[2].m) * std::ceil(s.n / kTiles[2].n);
  const bool many = big_tiles >= 8 * sms;
  double best = INFINITY;
  for (const Tile& t : kTiles) {
    if (many && &t != &kTiles[2]) continue;
    const double a = Reuse(t);
    const double factor = (a / (a + g.tile_reuse_half)) / big_factor;
    const double tiles = s.groups * std::ceil(s.m / t.m) * std::ceil(s.n / t.n);
    for (const double split : kSplits) {
      if (split > 1 && (many || s.k / split < 128)) break;
      const double waves = std::ceil(tiles * split / sms);
      const double time = waves * 2 * t.m * t.n *
                          (s.k / split + g.tile_k_overhead) /
                          (per_sm_flops * factor);
      best = std::min(best, time);
    }
  }
  return best;
}

}  // namespace

const catalog::GemmEfficiencySpec* FindGemmSet(
    const std::vector<catalog::GemmEfficiencySpec>& sets,
    std::string_view gpu_name, std::string_view precision) {
  for (const catalog::GemmEfficiencySpec& g : sets) {
    if (g.precision == precision && ListHolds(g.gpus, gpu_name)) return &g;
  }
  return nullptr;
}

const catalog::GemmEfficiencySpec* FindGemmSet(
    const catalog::EfficiencySpec& efficiency, std::string_view gpu_name,
    std::string_view precision) {
  return FindGemmSet(efficiency.gemm_sets, gpu_name, precision);
}

double GemmTimeS(const GemmShape& s, const GemmDevice& d) {
  if (s.m <= 0 || s.n <= 0 || s.k <= 0) return 0;
  if (d.set == nullptr) return s.flops() / (d.peak_flops * d.flat_share);
  const catalog::GemmEfficiencySpec& g = *d.set;
  // Operands at their precision; the result in BF16.
  constexpr double kResultBytes = 2;
  const double bytes =
      s.groups * (d.bytes_per_element * (s.m * s.k + s.k * s.n) +
                  kResultBytes * s.m * s.n);
  const double memory_s = bytes / (d.hbm_bandwidth_bytes_per_s * g.hbm_share);
  return std::max(ComputeS(s, d, g), memory_s) + g.launch_s;
}

double GemmEfficiency(const GemmShape& shape, const GemmDevice& device) {
  const double t = GemmTimeS(shape, device);
  return t > 0 ? shape.flops() / (device.peak_flops * t) : 0;
}

namespace {
constexpr int kPointsPerOctave = 2;
constexpr int kOctaves = 18;
constexpr int kPoints = kPointsPerOctave * kOctaves + 1;
constexpr double kSqrt2 = 1.4142135623730951;
// 2^(i / 2), without a call to exp2: the hot lookup's other half.
double GridX(int i) { return std::ldexp(i % 2 != 0 ? kSqrt2 : 1.0, i / 2); }
}  // namespace

LogGridCurve::LogGridCurve(const std::function<double(double)>& f) {
  y_.resize(kPoints);
  for (int i = 0; i < kPoints; ++i) y_[i] = f(GridX(i));
}

double LogGridCurve::At(double x) const {
  if (y_.empty() || x <= 0) return 0;
  if (x <= 1) return y_[0];
  const double position = std::log2(x) * kPointsPerOctave;
  const int i = static_cast<int>(position);
  if (i >= kPoints - 1) return y_[kPoints - 1] * x / GridX(kPoints - 1);
  // Between 2^(i/2) and 2^((i+1)/2), linear in x.
  const double x0 = GridX(i);
  const double x1 = x0 * kSqrt2;
  return y_[i] + (y_[i + 1] - y_[i]) * (x - x0) / (x1 - x0);
}

LogGridCurve GemmCurve(double n, double k, double groups,
                       const GemmDevice& device) {
  return LogGridCurve([&](double m) {
    return GemmTimeS({m, n, k, groups}, device);
  });
}

}  // namespace kardashev::perf
