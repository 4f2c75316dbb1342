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

}  // namespace

const catalog::GemmEfficiencySpec* FindGemmSet(
    const catalog::EfficiencySpec& efficiency, std::string_view gpu_name,
    std::string_view precision) {
  for (const catalog::GemmEfficiencySpec& g : efficiency.gemm_sets) {
    if (g.precision == precision && ListHolds(g.gpus, gpu_name)) return &g;
  }
  return nullptr;
}

double GemmEfficiency(const GemmShape& s, const GemmDevice& d) {
  if (d.set == nullptr) return d.flat_share;
  const catalog::GemmEfficiencySpec& g = *d.set;
  const double bytes =
      d.bytes_per_element * (s.m * s.k + s.k * s.n + s.m * s.n);
  const double intensity = 2.0 * s.m * s.n * s.k / bytes;
  const double ridge = d.peak_flops / d.hbm_bandwidth_bytes_per_s;
  const double x = intensity / ridge;
  const double tiles =
      s.groups * std::ceil(s.m / g.tile_m) * std::ceil(s.n / g.tile_n);
  const double waves = std::ceil(tiles / g.sms);
  const double wave_share = tiles / (waves * g.sms);
  return g.peak_share * x / (x + g.half_intensity) * wave_share;
}

double GemmTimeS(const GemmShape& shape, const GemmDevice& device) {
  if (shape.m <= 0 || shape.n <= 0 || shape.k <= 0) return 0;
  return shape.flops() / (device.peak_flops * GemmEfficiency(shape, device));
}

}  // namespace kardashev::perf
