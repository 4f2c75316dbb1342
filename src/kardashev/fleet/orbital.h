// Orbital sites from physics: a shell of identical solar-powered satellites
// carrying GPU nodes. Pure functions of plain inputs.
//
//   eclipse      the fraction of an orbit in Earth's shadow, for a circular
//   orbit of altitude h
//                and solar beta angle beta: 0 when |beta| >= asin(R / (R + h)),
//                else acos(sqrt(h^2 + 2 R h) / ((R + h) cos beta)) / pi
//                (cylindrical shadow)
//   solar array  sized at end of life to run the IT load in sunlight and
//   recharge the battery
//                for eclipse: P_array = P_it (1 + f / ((1 - f) eta_battery));
//                area = P_array / (S * cell efficiency * packing *
//                cos(pointing)), S the solar constant
//   battery      rides through the eclipse: E = P_it * eclipse duration / depth
//   of discharge radiator     rejects the IT power by the Stefan-Boltzmann law:
//                area = P_it / (sides * emissivity * sigma * (T^4 - T_sink^4));
//                absorbed sunlight and Earth infrared are not counted (an
//                optimistic bound)
//   mass         compute + array + battery + radiator + shielding, plus a
//   structure share no repair    GPUs fail at the catalog rate times a
//   radiation multiplier and are not
//                replaced until the next launch: capacity decays as exp(-lambda
//                t)
#ifndef KARDASHEV_FLEET_ORBITAL_H_
#define KARDASHEV_FLEET_ORBITAL_H_

namespace kardashev::fleet {

inline constexpr double kEarthRadiusM = 6.371e6;  // mean radius
inline constexpr double kEarthMuM3PerS2 =
    3.986004418e14;  // GM of Earth (IERS 2010)
inline constexpr double kSolarConstantWPerM2 = 1360.8;  // figures.csv G16
inline constexpr double kStefanBoltzmann =
    5.670374419e-8;  // W m^-2 K^-4 (CODATA 2018)

double OrbitalPeriodS(double altitude_m);
double EclipseFraction(double altitude_m, double beta_deg);

// Radiator area to reject `heat_w` at temperature `radiator_k` into a sink at
// `sink_k`.
double RadiatorAreaM2(double heat_w, double emissivity, double radiator_k,
                      double sink_k, int sides);

struct OrbitalSatelliteConfig {
  double altitude_m = 0;
  double beta_deg = 0;
  double it_power_w = 0;  // compute load of one satellite
  int gpus = 0;
  double compute_mass_kg = 0;  // servers, GPUs included
  // Solar array.
  double cell_efficiency = 0;
  double packing_factor = 0;
  double pointing_loss_deg = 0;
  double degradation_per_year = 0;
  double mission_years = 0;
  double array_kg_per_m2 = 0;
  // Battery.
  double battery_depth_of_discharge = 0;
  double battery_round_trip_efficiency = 0;
  double battery_wh_per_kg = 0;
  // Radiator.
  double emissivity = 0;
  double radiator_k = 0;
  double sink_k = 3;  // deep space (figures.csv G18)
  int radiator_sides = 1;
  double radiator_kg_per_m2 = 0;
  // Everything else.
  double shielding_kg_per_kw = 0;
  double structure_fraction = 0;  // of the mass above
};

struct OrbitalSatelliteDesign {
  double period_s = 0;
  double eclipse_fraction = 0;
  double eclipse_s = 0;
  double array_power_bol_w = 0;
  double array_area_m2 = 0;
  double battery_wh = 0;
  double radiator_area_m2 = 0;
  double compute_kg = 0;
  double array_kg = 0;
  double battery_kg = 0;
  double radiator_kg = 0;
  double shielding_kg = 0;
  double structure_kg = 0;
  double mass_kg = 0;
};

OrbitalSatelliteDesign DesignSatellite(const OrbitalSatelliteConfig& c);

// GPU-hours a batch of `gpus` delivers over `years` when each fails (and is not
// repaired) at `failures_per_gpu_hour`: gpus * (1 - exp(-lambda T)) / lambda.
double DeliveredGpuHours(double gpus, double failures_per_gpu_hour,
                         double years);

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_ORBITAL_H_
