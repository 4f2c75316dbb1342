#include "kardashev/fleet/satellite_cohorts.h"

#include <algorithm>
#include <cmath>

#include "kardashev/sim/time.h"

namespace kardashev::fleet {

SatelliteCohorts::SatelliteCohorts(double gpus_per_satellite,
                                   double failures_per_gpu_hour, double life_s)
    : gpus_per_satellite_(gpus_per_satellite),
      lambda_per_s_(failures_per_gpu_hour / sim::kSecondsPerHour),
      life_s_(life_s) {}

double SatelliteCohorts::Working(const Cohort& k, double t_s) const {
  const double age = t_s - k.launch_s;
  if (age < 0 || age >= life_s_) return 0.0;
  return k.satellites * gpus_per_satellite_ * std::exp(-lambda_per_s_ * age);
}

double SatelliteCohorts::WorkingGpuHours(const Cohort& k, double a_s,
                                         double b_s) const {
  const double a = std::max(a_s - k.launch_s, 0.0);
  const double b = std::min(b_s - k.launch_s, life_s_);
  if (b <= a) return 0.0;
  const double n = k.satellites * gpus_per_satellite_;
  if (lambda_per_s_ <= 0) return n * (b - a) / sim::kSecondsPerHour;
  return n * (std::exp(-lambda_per_s_ * a) - std::exp(-lambda_per_s_ * b)) /
         lambda_per_s_ / sim::kSecondsPerHour;
}

double SatelliteCohorts::Working(double t_s) const {
  double sum = 0;
  for (const Cohort& k : cohorts_) sum += Working(k, t_s);
  return sum;
}

double SatelliteCohorts::InOrbit(double t_s) const {
  double sum = 0;
  for (const Cohort& k : cohorts_) {
    if (t_s >= k.launch_s && t_s - k.launch_s < life_s_) sum += k.satellites;
  }
  return sum;
}

double SatelliteCohorts::WorkingGpuHours(double a_s, double b_s) const {
  double sum = 0;
  for (const Cohort& k : cohorts_) sum += WorkingGpuHours(k, a_s, b_s);
  return sum;
}

double SatelliteCohorts::InstalledGpuHours(double a_s, double b_s) const {
  double sum = 0;
  for (const Cohort& k : cohorts_) {
    const double a = std::max(a_s - k.launch_s, 0.0);
    const double b = std::min(b_s - k.launch_s, life_s_);
    if (b > a) {
      sum +=
          k.satellites * gpus_per_satellite_ * (b - a) / sim::kSecondsPerHour;
    }
  }
  return sum;
}

}  // namespace kardashev::fleet
