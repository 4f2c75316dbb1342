// Cost per GPU-hour delivered by an orbital satellite against a ground site
// running the same GPUs, and the launch price at which the two meet. Pure
// functions.
//
//   orbit   (hardware + launch price per kg * mass) / GPU-hours delivered
//   without repair;
//           sunlight costs nothing and operations are not counted (an
//           optimistic bound)
//   ground  hardware over the same life, plus the facility's capex per MW of
//   facility power
//           over its own life, plus energy at the site's price and PUE, all
//           over the GPU-hours the GPUs deliver at their availability (failures
//           repaired)
//   break-even launch price: the price per kg that makes the two equal,
//           (ground cost * GPU-hours - hardware) / mass; none when orbit
//           cannot meet the ground at any launch price (the hardware alone
//           costs more), for a negative price is no price.
#ifndef KARDASHEV_ECON_ORBITAL_COST_H_
#define KARDASHEV_ECON_ORBITAL_COST_H_

#include <optional>

namespace kardashev::econ {

struct OrbitalCostInput {
  double hardware_usd =
      0;               // per satellite: GPUs, servers, array, battery, radiator
  double mass_kg = 0;  // per satellite
  double launch_usd_per_kg = 0;
  double gpu_hours_delivered = 0;  // per satellite over its mission
};

struct GroundCostInput {
  double hardware_usd_per_gpu = 0;  // GPU, its share of the server and network
  double it_power_w_per_gpu =
      0;  // GPU and its share of the host, at the working utilisation
  double pue = 1;
  double electricity_usd_per_mwh = 0;
  double facility_capex_usd_per_mw = 0;
  double facility_life_years = 20;
  double life_years = 5;    // of the GPUs, the same as the orbital mission
  double availability = 1;  // share of GPU-hours up, failures repaired
};

double OrbitalCostPerGpuHour(const OrbitalCostInput& in);
double GroundCostPerGpuHour(const GroundCostInput& in);
// The launch price per kg at which orbit costs what the ground does, or
// nullopt when no price >= 0 makes it (nor when it is not a finite number).
std::optional<double> BreakEvenLaunchUsdPerKg(const OrbitalCostInput& orbit,
                                              double ground_cost_per_gpu_hour);

}  // namespace kardashev::econ

#endif  // KARDASHEV_ECON_ORBITAL_COST_H_
