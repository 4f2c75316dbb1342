#include "kardashev/fleet/orbital.h"

#include <cmath>
#include <numbers>

#include "kardashev/sim/time.h"

namespace kardashev::fleet {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
}  // namespace

double OrbitalPeriodS(double altitude_m) {
  const double a = kEarthRadiusM + altitude_m;
  return 2 * std::numbers::pi * std::sqrt(a * a * a / kEarthMuM3PerS2);
}

double EclipseFraction(double altitude_m, double beta_deg) {
  const double r = kEarthRadiusM;
  const double a = r + altitude_m;
  const double beta = std::fabs(beta_deg) * kDeg;
  if (beta >= std::asin(r / a)) return 0;
  const double x = std::sqrt(altitude_m * altitude_m + 2 * r * altitude_m) /
                   (a * std::cos(beta));
  return std::acos(std::min(1.0, x)) / std::numbers::pi;
}

double RadiatorAreaM2(double heat_w, double emissivity, double radiator_k,
                      double sink_k, int sides) {
  const double flux = sides * emissivity * kStefanBoltzmann *
                      (std::pow(radiator_k, 4) - std::pow(sink_k, 4));
  return heat_w / flux;
}

OrbitalSatelliteDesign DesignSatellite(const OrbitalSatelliteConfig& c) {
  OrbitalSatelliteDesign d;
  d.period_s = OrbitalPeriodS(c.altitude_m);
  d.eclipse_fraction = EclipseFraction(c.altitude_m, c.beta_deg);
  d.eclipse_s = d.eclipse_fraction * d.period_s;
  const double f = d.eclipse_fraction;
  const double array_eol_w =
      c.it_power_w * (1 + f / ((1 - f) * c.battery_round_trip_efficiency));
  d.array_power_bol_w =
      array_eol_w / std::pow(1 - c.degradation_per_year, c.mission_years);
  d.array_area_m2 = d.array_power_bol_w /
                    (kSolarConstantWPerM2 * c.cell_efficiency *
                     c.packing_factor * std::cos(c.pointing_loss_deg * kDeg));
  d.battery_wh = c.it_power_w * d.eclipse_s / sim::kSecondsPerHour /
                 c.battery_depth_of_discharge;
  d.radiator_area_m2 = RadiatorAreaM2(c.it_power_w, c.emissivity, c.radiator_k,
                                      c.sink_k, c.radiator_sides);
  d.compute_kg = c.compute_mass_kg;
  d.array_kg = d.array_area_m2 * c.array_kg_per_m2;
  d.battery_kg = d.battery_wh > 0 ? d.battery_wh / c.battery_wh_per_kg : 0;
  d.radiator_kg = d.radiator_area_m2 * c.radiator_kg_per_m2;
  d.shielding_kg = c.it_power_w * 1e-3 * c.shielding_kg_per_kw;
  const double parts =
      d.compute_kg + d.array_kg + d.battery_kg + d.radiator_kg + d.shielding_kg;
  d.structure_kg = parts * c.structure_fraction;
  d.mass_kg = parts + d.structure_kg;
  return d;
}

double DeliveredGpuHours(double gpus, double failures_per_gpu_hour,
                         double years) {
  const double t = years * sim::kHoursPerYear;
  if (failures_per_gpu_hour <= 0) return gpus * t;
  return gpus * (1 - std::exp(-failures_per_gpu_hour * t)) /
         failures_per_gpu_hour;
}

}  // namespace kardashev::fleet
