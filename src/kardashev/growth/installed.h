// What a GrowthPlan's sites hold, month by month, before anyone uses it: the
// installed and working GPUs of each (site, generation) pool, the orbital
// shells' launches (the launch policy of fleet/orbital_deployment.h from each
// shell's online month, at the launch price of the day) and the purchases
// the ledger follows (builds, facilities, launches). Working GPUs on the
// ground are the installed ones less the expected share in repair: a node
// failing at r per hour and down R hours is down r R / (1 + r R) of the time.
// In orbit they are the exact expectation of the decay since each launch,
// and the share the arrays can no longer power is unpowered.
#ifndef KARDASHEV_GROWTH_INSTALLED_H_
#define KARDASHEV_GROWTH_INSTALLED_H_

#include <vector>

#include "kardashev/fleet/satellite_cohorts.h"
#include "kardashev/growth/growth_plan.h"
#include "kardashev/growth/purchase_ledger.h"

namespace kardashev::growth {

// One (site, generation) pool over one month.
struct PoolMonth {
  double installed_gpus_end = 0;  // at the month's end
  double working_gpus_end = 0;
  double installed_gpu_hours = 0;
  double working_gpu_hours = 0;    // powered or not
  double unpowered_gpu_hours = 0;  // orbit: the arrays fall short
  // Failure-rate multiplier, weighted by installed GPUs (ground).
  double failure_rate_multiplier = 1;
};

class InstalledFleet {
 public:
  explicit InstalledFleet(const GrowthPlan& plan);

  // The pools of month m, [site][generation].
  std::vector<std::vector<PoolMonth>> Month(int m) const;
  // Satellites in orbit at the middle of month m (0 on the ground).
  double SatellitesAt(int site, double t_s) const;
  // Launches in month m at `site`.
  int Launches(int site, int m) const { return launches_[site][m]; }
  const std::vector<Purchase>& purchases() const { return purchases_; }

 private:
  void PlanShell(int site);
  void AddGround(int m, std::vector<std::vector<PoolMonth>>& pools) const;
  void AddOrbit(int site, int m,
                std::vector<std::vector<PoolMonth>>& pools) const;

  const GrowthPlan& plan_;
  std::vector<fleet::SatelliteCohorts> cohorts_;  // by site (empty: ground)
  std::vector<std::vector<int>> launches_;        // [site][month]
  std::vector<Purchase> purchases_;
};

// Whether month m lies in [online, retire) (retire -1: never).
inline bool InService(int m, int online, int retire) {
  return m >= online && (retire < 0 || m < retire);
}

}  // namespace kardashev::growth

#endif  // KARDASHEV_GROWTH_INSTALLED_H_
