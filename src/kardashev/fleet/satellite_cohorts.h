// The satellites of an orbital shell, launch by launch: each launch is a
// cohort of whole satellites whose GPUs fail independently at a rate lambda
// and are never repaired, and which deorbits whole at the end of its mission.
// A cohort of n GPUs launched at t0 has n exp(-lambda (t - t0)) working GPUs
// (the expectation of the failure process) for t0 <= t < t0 + life, and its
// GPU-hours over an interval are the exact integral of that. Launches are
// added in time order; queries may come at any time.
#ifndef KARDASHEV_FLEET_SATELLITE_COHORTS_H_
#define KARDASHEV_FLEET_SATELLITE_COHORTS_H_

#include <vector>

namespace kardashev::fleet {

class SatelliteCohorts {
 public:
  struct Cohort {
    double launch_s = 0;
    double satellites = 0;
  };

  // REQUIRES: failures_per_gpu_hour >= 0, life_s > 0.
  SatelliteCohorts(double gpus_per_satellite, double failures_per_gpu_hour,
                   double life_s);

  void Launch(double t_s, double satellites) {
    cohorts_.push_back(Cohort{t_s, satellites});
  }

  // Expected working GPUs at time t.
  double Working(double t_s) const;
  // Satellites in orbit at time t.
  double InOrbit(double t_s) const;
  // Expected working GPU-hours over [a, b).
  double WorkingGpuHours(double a_s, double b_s) const;
  // GPU-hours of the satellites in orbit over [a, b), failed GPUs included.
  double InstalledGpuHours(double a_s, double b_s) const;

  // One cohort's expected working GPUs at t, and its working GPU-hours over
  // [a, b).
  double Working(const Cohort& k, double t_s) const;
  double WorkingGpuHours(const Cohort& k, double a_s, double b_s) const;

  const std::vector<Cohort>& cohorts() const { return cohorts_; }
  double life_s() const { return life_s_; }

 private:
  double gpus_per_satellite_;
  double lambda_per_s_;
  double life_s_;
  std::vector<Cohort> cohorts_;
};

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_SATELLITE_COHORTS_H_
