// How `kardashev search serving` measures a configuration's capacity: with the
// one capacity rule of serving/capacity.h (its SLO test, its bound, its
// steady-state trial size and its definition of throughput), on the arrival
// pattern `run` uses for the same deployment, plus a cheaper screening on a
// grid below the bound that lets the search skip most configurations.
//
// RequestMix holds the deployment's length statistics and its arrival
// pattern at unit rate, long enough for the largest trial the search makes: a
// trial of n requests takes the pattern's first n, as `run` would draw them.
// The pattern is the trace itself, cycled, for a deployment that replays a
// trace, and gamma arrivals of the deployment's burstiness otherwise.
#ifndef KARDASHEV_SEARCH_SERVING_CAPACITY_H_
#define KARDASHEV_SEARCH_SERVING_CAPACITY_H_

#include <cstdint>
#include <vector>

#include "kardashev/serving/capacity.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::search {

struct RequestMix {
  serving::LengthStats stats;
  std::vector<serving::Request> unit_rate;  // arrivals at 1 request per s
};

// The mix's statistics and serving::UnitRatePattern of `count` requests.
// REQUIRES: !mix.empty(), cv > 0, count >= 2.
RequestMix MakeRequestMix(const std::vector<serving::LengthSample>& mix,
                          const std::vector<serving::Request>& trace, double cv,
                          int count, std::uint64_t seed);

// Screening: the highest rate on the grid bound x ratio^k (k = 0..) that
// meets the SLO with the first `count` requests of the mix, by binary search
// over k, assuming that meeting the SLO is monotone in the rate. Rates below
// `floor_per_s` are not searched: when the grid's last rate at or above the
// floor fails, the result is 0. The answer does not depend on the floor
// otherwise. With the same `count` as the full measurement, the measured
// capacity lies in [screened rate, screened rate / ratio).
struct Screening {
  double rate_per_s = 0;  // 0: below the floor (or no rate meets the SLO)
  // A rate the capacity lies below: the next grid point up from rate_per_s
  // (the bound at the top of the grid), or the failed grid point at the
  // floor.
  double upper_per_s = 0;
  int trials = 0;
};
inline constexpr double kScreeningGridRatio = 0.96;
Screening ScreenCapacity(const serving::ServingConfig& config,
                         const RequestMix& mix, double bound_per_s,
                         double floor_per_s, int count);

// The full measurement: serving::MeasureCapacity on the first `count`
// requests of the mix. REQUIRES: count <= mix.unit_rate.size().
serving::Capacity MeasureCapacity(const serving::ServingConfig& config,
                                  const RequestMix& mix, double bound_per_s,
                                  int count);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_SERVING_CAPACITY_H_
