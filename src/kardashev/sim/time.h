// Simulated time. A SimTime is a point on the simulation clock, counted in
// int64 nanoseconds from the start of a run; a SimDuration is a span of it.
// Both are std::chrono types, so arithmetic is exact and units cannot be mixed
// by accident. An int64 of nanoseconds spans about 292 years, far beyond any
// horizon Kardashev simulates.
#ifndef KARDASHEV_SIM_TIME_H_
#define KARDASHEV_SIM_TIME_H_

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

namespace kardashev::sim {

// The simulation clock. It is never read from the wall: time advances only by
// events.
struct SimClock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::duration<rep, period>;
  using time_point = std::chrono::time_point<SimClock>;
  // The name is the Clock interface's, not ours.
  // NOLINTNEXTLINE(readability-identifier-naming)
  static constexpr bool is_steady = true;
};

using SimDuration = SimClock::duration;
using SimTime = SimClock::time_point;

inline constexpr SimTime kSimStart{};
inline constexpr SimTime kSimEnd{
    SimDuration{std::numeric_limits<std::int64_t>::max()}};

constexpr double kSecondsPerMinute = 60.0;
constexpr double kSecondsPerHour = 60 * kSecondsPerMinute;
constexpr double kSecondsPerDay = 86400.0;
constexpr double kSecondsPerYear = 365.0 * kSecondsPerDay;
constexpr double kHoursPerYear = kSecondsPerYear / kSecondsPerHour;  // 8,760
// A month is a twelfth of the 365-day year, in every ledger and time series.
constexpr double kSecondsPerMonth = kSecondsPerYear / 12;

// Converts seconds to a duration, rounding to the nearest nanosecond and
// saturating at the ends of the int64 range (so an exponential draw of +inf
// becomes "never").
inline SimDuration FromSeconds(double seconds) {
  const double ns = std::round(seconds * 1e9);
  if (!(ns < 9.2e18)) return SimDuration::max();
  if (ns < -9.2e18) return SimDuration::min();
  return SimDuration{static_cast<std::int64_t>(ns)};
}

inline SimDuration FromHours(double hours) {
  return FromSeconds(hours * kSecondsPerHour);
}

inline constexpr double ToSeconds(SimDuration d) {
  return static_cast<double>(d.count()) * 1e-9;
}

inline constexpr double ToSeconds(SimTime t) {
  return ToSeconds(t.time_since_epoch());
}

inline constexpr double ToHours(SimDuration d) {
  return ToSeconds(d) / kSecondsPerHour;
}

// Adds without overflowing: a time past kSimEnd is kSimEnd.
inline SimTime SaturatingAdd(SimTime t, SimDuration d) {
  const auto a = t.time_since_epoch().count();
  const auto b = d.count();
  if (b > 0 && a > std::numeric_limits<std::int64_t>::max() - b) return kSimEnd;
  return t + d;
}

}  // namespace kardashev::sim

#endif  // KARDASHEV_SIM_TIME_H_
