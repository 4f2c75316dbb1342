#include "kardashev/search/serving_capacity.h"

#include <algorithm>
#include <cmath>

namespace kardashev::search {

namespace {

// Screening grid: 4% steps down from the bound, to a thousandth of it.
constexpr double kGridSpan = 1e-3;

bool Meets(const serving::ServingConfig& config, const RequestMix& mix,
           double rate_per_s, int count) {
  return serving::MeetsSlo(config,
                           serving::AtRate(mix.unit_rate, rate_per_s, count));
}

}  // namespace

RequestMix MakeRequestMix(const std::vector<serving::LengthSample>& mix,
                          const std::vector<serving::Request>& trace, double cv,
                          int count, std::uint64_t seed) {
  RequestMix m;
  m.stats = serving::LengthStatsOf(mix);
  m.unit_rate = serving::UnitRatePattern(mix, trace, cv, count, seed);
  return m;
}

Screening ScreenCapacity(const serving::ServingConfig& config,
                         const RequestMix& mix, double bound_per_s,
                         double floor_per_s, int count) {
  Screening s;
  s.upper_per_s = bound_per_s;
  if (bound_per_s <= 0) return s;
  const int last = static_cast<int>(
      std::floor(std::log(kGridSpan) / std::log(kScreeningGridRatio)));
  const auto rate = [&](int k) {
    return bound_per_s * std::pow(kScreeningGridRatio, k);
  };
  // The last grid point at or above the floor.
  int hi = last;
  if (floor_per_s > 0) {
    if (rate(0) < floor_per_s) return s;
    hi = std::min(
        last, static_cast<int>(std::floor(std::log(floor_per_s / bound_per_s) /
                                          std::log(kScreeningGridRatio))));
    while (hi > 0 && rate(hi) < floor_per_s) --hi;
  }
  // The bound first, as serving::MeasureCapacity tries it: where meeting the
  // SLO is not monotone in the rate, screening and measurement agree there.
  ++s.trials;
  if (Meets(config, mix, bound_per_s, count)) {
    s.rate_per_s = bound_per_s;
    return s;
  }
  if (hi == 0) return s;
  ++s.trials;
  if (!Meets(config, mix, rate(hi), count)) {
    s.upper_per_s = rate(hi);
    return s;
  }
  int lo = 1;  // the smallest k that may meet the SLO
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    ++s.trials;
    if (Meets(config, mix, rate(mid), count)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  s.rate_per_s = rate(hi);
  s.upper_per_s = hi > 0 ? rate(hi - 1) : bound_per_s;
  return s;
}

serving::Capacity MeasureCapacity(const serving::ServingConfig& config,
                                  const RequestMix& mix, double bound_per_s,
                                  int count) {
  const std::vector<serving::Request> pattern(mix.unit_rate.begin(),
                                              mix.unit_rate.begin() + count);
  return serving::MeasureCapacity(config, pattern, bound_per_s);
}

}  // namespace kardashev::search
