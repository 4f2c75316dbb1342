// Fleet-level serving: demand from daily users, shaped by a daily and a weekly
// curve, against the capacity of one replica (from serving/capacity.h). Per
// time step, the replicas the demand needs and, when a fleet size is given, the
// share it can serve within the SLO.
//
// The curve: rate(t) = mean * (1 + a * cos(2 pi (hour(t) - peak_hour) / 24)) *
// week(t), where week(t) is `weekend_factor` on days 6 and 7 of each week (t =
// 0 is a Monday, 00:00) and the weekday weight that keeps the weekly mean at 1.
// Requests beyond the fleet's capacity in a step are counted as missing the
// SLO.
#ifndef KARDASHEV_SERVING_DEMAND_H_
#define KARDASHEV_SERVING_DEMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kardashev/sim/time.h"

namespace kardashev::serving {

struct DemandCurve {
  double daily_amplitude = 0;  // in [0, 1]
  double peak_hour = 0;        // in [0, 24)
  double weekend_factor =
      1;  // weekend demand relative to the weekly mean, in (0, 3.5)
};

// The demand at time t relative to its long-run mean (1 on average over a
// week).
double DemandFactor(const DemandCurve& curve, double t_s);

struct DemandConfig {
  std::string name;
  double daily_users = 0;
  double requests_per_user_per_day = 0;
  DemandCurve curve;
  double horizon_s = 0;
  double step_s = sim::kSecondsPerHour;
  int gpus_per_replica = 1;
  double replica_capacity_rate_per_s =
      0;  // requests/s one replica serves within the SLO
  double replica_capacity_tokens_per_s = 0;  // output tokens/s at that rate
  double mean_output_tokens = 0;
  std::int64_t gpus_available = 0;  // 0: size the fleet only
};

struct DemandOutcome {
  std::string name;
  double requests_per_day = 0;
  double mean_rate_per_s = 0;
  double peak_rate_per_s = 0;
  double peak_to_mean = 0;
  std::int64_t replicas_needed_peak = 0;
  std::int64_t gpus_needed_peak = 0;
  double gpus_needed_mean = 0;
  std::int64_t gpus_available = 0;
  double slo_attainment =
      1;  // share of requests served within capacity (with a fleet size)
  double tokens_served_per_day = 0;
  double tokens_per_day_at_capacity =
      0;  // what the available GPUs serve when saturated
  double replica_capacity_rate_per_s = 0;
};

// REQUIRES: horizon_s > 0, step_s > 0, replica_capacity_rate_per_s > 0.
DemandOutcome PlanDemand(const DemandConfig& config);

// The mean request rate (requests/s) of each hour of the horizon, taken at the
// hour's mid-point; the last entry covers a partial last hour.
std::vector<double> HourlyRates(const DemandConfig& config);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_DEMAND_H_
