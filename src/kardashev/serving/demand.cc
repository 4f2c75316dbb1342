#include "kardashev/serving/demand.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "kardashev/sim/time.h"

namespace kardashev::serving {

namespace {

// The largest count a plan reports (2^53, the largest integer below which a
// double holds every integer): a count of replicas or GPUs is computed in
// double and clamped here before it becomes an integer, so that no demand
// overflows one. A fleet of 2^53 GPUs is no fleet, and reads as "unservable".
constexpr double kMaxCount = 9'007'199'254'740'992.0;

// ceil(x) as a count in [0, kMaxCount]; 0 for NaN.
std::int64_t CeilCount(double x) {
  if (!(x > 0)) return 0;
  return static_cast<std::int64_t>(std::ceil(std::min(x, kMaxCount)));
}

}  // namespace

double DemandFactor(const DemandCurve& c, double t_s) {
  const double hour =
      std::fmod(t_s, sim::kSecondsPerDay) / sim::kSecondsPerHour;
  const double daily =
      1 + c.daily_amplitude *
              std::cos(2 * std::numbers::pi * (hour - c.peak_hour) / 24.0);
  const auto day =
      static_cast<std::int64_t>(std::floor(t_s / sim::kSecondsPerDay)) % 7;
  const double weekday = (7 - 2 * c.weekend_factor) / 5;
  return daily * (day >= 5 ? c.weekend_factor : weekday);
}

DemandOutcome PlanDemand(const DemandConfig& c) {
  DemandOutcome o;
  o.name = c.name;
  o.requests_per_day = c.daily_users * c.requests_per_user_per_day;
  o.mean_rate_per_s = o.requests_per_day / sim::kSecondsPerDay;
  o.gpus_available = c.gpus_available;
  o.replica_capacity_rate_per_s = c.replica_capacity_rate_per_s;
  const std::int64_t replicas_available = c.gpus_available / c.gpus_per_replica;
  const double capacity_rate =
      static_cast<double>(replicas_available) * c.replica_capacity_rate_per_s;
  o.tokens_per_day_at_capacity = static_cast<double>(replicas_available) *
                                 c.replica_capacity_tokens_per_s *
                                 sim::kSecondsPerDay;

  const auto steps =
      static_cast<std::int64_t>(std::ceil(c.horizon_s / c.step_s));
  double factor_sum = 0;
  double factor_peak = 0;
  double gpus_sum = 0;
  double demand_requests = 0;
  double served_requests = 0;
  for (std::int64_t i = 0; i < steps; ++i) {
    const double t = (static_cast<double>(i) + 0.5) * c.step_s;
    const double dt =
        std::min(c.step_s, c.horizon_s - static_cast<double>(i) * c.step_s);
    const double f = DemandFactor(c.curve, t);
    const double rate = o.mean_rate_per_s * f;
    const std::int64_t replicas =
        CeilCount(rate / c.replica_capacity_rate_per_s - 1e-9);
    o.replicas_needed_peak = std::max(o.replicas_needed_peak, replicas);
    gpus_sum += static_cast<double>(replicas) * c.gpus_per_replica * dt;
    factor_sum += f * dt;
    factor_peak = std::max(factor_peak, f);
    demand_requests += rate * dt;
    served_requests +=
        (c.gpus_available > 0 ? std::min(rate, capacity_rate) : rate) * dt;
  }
  o.gpus_needed_peak = CeilCount(static_cast<double>(o.replicas_needed_peak) *
                                 c.gpus_per_replica);
  o.gpus_needed_mean = gpus_sum / c.horizon_s;
  o.peak_to_mean =
      factor_sum > 0 ? factor_peak / (factor_sum / c.horizon_s) : 0;
  o.peak_rate_per_s = o.mean_rate_per_s * factor_peak;
  o.slo_attainment =
      demand_requests > 0 ? served_requests / demand_requests : 1;
  o.tokens_served_per_day = served_requests /
                            (c.horizon_s / sim::kSecondsPerDay) *
                            c.mean_output_tokens;
  return o;
}

std::vector<double> HourlyRates(const DemandConfig& c) {
  const double mean_rate_per_s =
      c.daily_users * c.requests_per_user_per_day / sim::kSecondsPerDay;
  const auto hours =
      static_cast<std::size_t>(std::ceil(c.horizon_s / sim::kSecondsPerHour));
  std::vector<double> rates(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    rates[h] =
        mean_rate_per_s * DemandFactor(c.curve, (static_cast<double>(h) + 0.5) *
                                                    sim::kSecondsPerHour);
  }
  return rates;
}

}  // namespace kardashev::serving
