#include "kardashev/econ/orbital_cost.h"

#include <algorithm>
#include <cmath>

#include "kardashev/sim/time.h"

namespace kardashev::econ {

double OrbitalCostPerGpuHour(const OrbitalCostInput& in) {
  return (in.hardware_usd + in.launch_usd_per_kg * in.mass_kg) /
         in.gpu_hours_delivered;
}

double GroundCostPerGpuHour(const GroundCostInput& in) {
  const double hours = in.life_years * sim::kHoursPerYear * in.availability;
  const double facility_mw = in.it_power_w_per_gpu * in.pue * 1e-6;
  const double facility_usd =
      in.facility_capex_usd_per_mw * facility_mw *
      std::min(1.0, in.life_years / in.facility_life_years);
  const double energy_usd = facility_mw * in.electricity_usd_per_mwh *
                            in.life_years * sim::kHoursPerYear;
  return (in.hardware_usd_per_gpu + facility_usd + energy_usd) / hours;
}

std::optional<double> BreakEvenLaunchUsdPerKg(const OrbitalCostInput& orbit,
                                              double ground_cost_per_gpu_hour) {
  const double usd_per_kg =
      (ground_cost_per_gpu_hour * orbit.gpu_hours_delivered -
       orbit.hardware_usd) /
      orbit.mass_kg;
  if (!std::isfinite(usd_per_kg) || usd_per_kg < 0) return std::nullopt;
  return usd_per_kg;
}

}  // namespace kardashev::econ
