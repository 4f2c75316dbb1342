// The [[orbital]] section: its keys, declared once, and its reader.
#include "kardashev/fleet/orbital.h"

#include <fmt/format.h>

#include "kardashev/fleet/power.h"
#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Bool;
using keys::Default;
using keys::DefaultInt;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

SectionDecl OrbitalSection() {
  return SectionDecl{
      "orbital",
      true,
      "A shell of identical solar-powered satellites carrying GPU nodes, "
      "designed from "
      "physics and compared with a ground site running the same nodes.",
      {
          Str("name", "Unique name of the orbital site."),
          Str("node", "Catalog node type carried by the satellites."),
          Range(Int("nodes_per_satellite", "nodes", "Nodes per satellite."), 1,
                100000, "up to 100,000 nodes, beyond any launchable mass"),
          Range(Int("satellites", "satellites", "Satellites in the shell."), 1,
                100000000,
                "up to 10^8 satellites, ten thousand times today's "
                "largest constellation"),
          Range(Num("altitude_km", "km", "Altitude of the circular orbit."),
                100, 100000,
                "from the lowest orbit that lasts days to beyond "
                "geostationary"),
          Range(Num("beta_deg", "degrees",
                    "Solar beta angle (about 90 for a dawn-dusk "
                    "sun-synchronous orbit)."),
                0, 90, "an angle between a plane and a line: 0 to 90"),
          Range(Num("cell_efficiency", "fraction", "Solar cell efficiency."),
                0.01, 1, "a share of sunlight, from 1% to all of it"),
          Range(Num("packing_factor", "fraction",
                    "Share of the array area that is cells."),
                0.01, 1, "a share of the area, from 1% to all of it"),
          Default(Range(Num("pointing_loss_deg", "degrees",
                            "Mean angle between the array normal and the Sun."),
                        0, 89, "below 90, where the array sees no Sun"),
                  fleet::OrbitalSatelliteConfig{}.pointing_loss_deg),
          Range(Num("degradation_per_year", "fraction",
                    "Loss of array output per year."),
                0, 1, keys::kShareReason),
          Range(Num("array_kg_per_m2", "kg/m2", "Areal mass of the array."), 0,
                1000, "up to a tonne per m2, far above any array"),
          Range(Num("array_usd_per_w", "USD/W",
                    "Array cost per watt at beginning of life."),
                0, 10'000, "up to $10,000/W, far above space-grade arrays"),
          Range(Num("battery_depth_of_discharge", "fraction",
                    "Usable share of battery capacity."),
                0.01, 1, "a share of the capacity, from 1% to all of it"),
          Range(Num("battery_round_trip_efficiency", "fraction",
                    "Battery round-trip efficiency."),
                0.01, 1, "a share of the energy, from 1% to all of it"),
          Range(Num("battery_wh_per_kg", "Wh/kg", "Battery specific energy."),
                1, 10'000,
                "up to 10 kWh/kg, beyond any chemistry (Li-ion: about "
                "250)"),
          Range(Num("battery_usd_per_kwh", "USD/kWh", "Battery cost."), 0, 1e6,
                "up to $1M per kWh, beyond space-qualified cells"),
          Range(Num("emissivity", "fraction", "Radiator emissivity."), 0.01, 1,
                "a share of a black body's emission, from 1% to all of "
                "it"),
          Range(Num("radiator_k", "K", "Radiator temperature."), 1, 2000,
                "from 1 K to above any material a radiator is made of"),
          Default(Range(Num("sink_k", "K",
                            "Effective sink temperature (3 K: deep space, "
                            "figures.csv G18)."),
                        0, 2000, "from absolute zero to a radiator's top"),
                  fleet::OrbitalSatelliteConfig{}.sink_k),
          DefaultInt(
              Range(Int("radiator_sides", "", "Radiating faces of each panel."),
                    1, 2, "a panel has one or two faces"),
              fleet::OrbitalSatelliteConfig{}.radiator_sides),
          Range(
              Num("radiator_kg_per_m2", "kg/m2", "Areal mass of the radiator."),
              0, 1000, "up to a tonne per m2, far above any radiator"),
          Range(Num("radiator_usd_per_m2", "USD/m2", "Radiator cost per m2."),
                0, 1e7, "up to $10M per m2, far above any radiator"),
          Range(Num("shielding_kg_per_kw", "kg/kW",
                    "Radiation shielding per kW of compute."),
                0, 10'000, "up to 10 t per kW, far above any shielding"),
          Range(Num("structure_fraction", "fraction",
                    "Structure and bus mass as a share of the rest."),
                0, 10, "up to ten times the rest, far above any bus"),
          Range(Num("compute_kg_per_node", "kg", "Mass of one node."), 0.1,
                100'000, "from 100 g to 100 t"),
          Range(Num("mission_years", "years",
                    "Life of a satellite; failed GPUs are not repaired."),
                0.1, 100, "from a month to a century"),
          Range(
              Num("radiation_failure_multiplier", "",
                  "Multiplies the catalog's hardware failure rates in orbit."),
              0, 1000, "from none to a thousand times the catalog rates"),
          Range(
              Num("launch_usd_per_kg", "USD/kg", "Launch price to the orbit."),
              0, 1e6, "up to $1M per kg, about 20 times the Space Shuttle's"),
          Range(Num("payload_kg_per_launch", "kg", "Payload mass per launch."),
                1, 1e7, "from 1 kg to 10,000 t, about 70 Starships"),
          Range(Num("launches_per_year", "launches/year",
                    "Launch cadence: opportunities a year, used to build the "
                    "shell and to replace failed or deorbited satellites."),
                0.01, 10'000, "from one in a century to more than one an hour"),
          Default(Range(Num("launch_price_decline_per_year", "fraction",
                            "Share by which the launch price falls each year "
                            "(learning curve); 0 keeps it flat."),
                        0, 0.99,
                        "a yearly share below 1, so the price stays "
                        "positive"),
                  OrbitalSpec{}.launch_price_decline_per_year),
          Default(Range(Num("ground_link_gbps", "Gb/s",
                            "Ground-link bandwidth of one satellite; caps the "
                            "tokens it can take in or send out. 0: not "
                            "modelled."),
                        0, 1e7, "up to 10 Pb/s, far beyond any optical link"),
                  OrbitalSpec{}.ground_link_bps * 1e-9),
          Default(Range(Num("ground_min_elevation_deg", "degrees",
                            "Lowest elevation at which a ground station "
                            "talks to a satellite; sets the longest slant "
                            "range, hence the latency added to TTFT."),
                        0, 90, "an elevation angle: 0 to 90"),
                  OrbitalSpec{}.ground_min_elevation_deg),
          Default(Range(Num("bytes_per_token", "bytes",
                            "Bytes of text per token on the link. Default: "
                            "~4 characters of English text per token "
                            "(OpenAI's tokenizer guidance)."),
                        0.1, 1e6, "from a tenth of a byte to a megabyte"),
                  OrbitalSpec{}.bytes_per_token),
          Str("ground_site",
              "The [[site]] the shell is compared with, running the same "
              "nodes."),
          Bool("enabled", true,
               "false drops the orbital site (useful in variants)."),
          keys::Month("online_month", 0,
                      "Growth level: the shell's first launch opportunity."),
          keys::RetireMonth(
              "Growth level: no launches from this month on (satellites "
              "deorbit at the end of their mission); -1: never."),
          Default(Range(Num("isl_gbps", "Gb/s",
                            "Growth level: inter-satellite link of one "
                            "satellite; 0: none, and a training job that "
                            "lists the shell is refused (its gradients must "
                            "cross satellites)."),
                        0, 1e7, "up to 10 Pb/s, far beyond any optical link"),
                  0),
      }};
}

namespace {

// The satellite as the file describes it, its compute load from the catalog
// node.
fleet::OrbitalSatelliteConfig ReadSatellite(const Reader& r,
                                            const OrbitalSpec& o) {
  fleet::OrbitalSatelliteConfig c;
  c.altitude_m = r.Number("altitude_km") * 1e3;
  c.beta_deg = r.Number("beta_deg");
  c.it_power_w = o.nodes_per_satellite * fleet::NodePowerW(o.node, o.gpu, 1.0);
  c.gpus = o.nodes_per_satellite * o.node.gpus;
  c.compute_mass_kg = o.nodes_per_satellite * r.Number("compute_kg_per_node");
  c.cell_efficiency = r.Number("cell_efficiency");
  c.packing_factor = r.Number("packing_factor");
  c.pointing_loss_deg = r.Number("pointing_loss_deg");
  c.degradation_per_year = r.Number("degradation_per_year");
  c.mission_years = r.Number("mission_years");
  c.array_kg_per_m2 = r.Number("array_kg_per_m2");
  c.battery_depth_of_discharge = r.Number("battery_depth_of_discharge");
  c.battery_round_trip_efficiency = r.Number("battery_round_trip_efficiency");
  c.battery_wh_per_kg = r.Number("battery_wh_per_kg");
  c.emissivity = r.Number("emissivity");
  c.radiator_k = r.Number("radiator_k");
  c.sink_k = r.Number("sink_k");
  if (c.sink_k >= c.radiator_k) {
    r.Fail(
        "sink_k",
        fmt::format("expected a sink colder than the radiator ({} K), got {} K",
                    c.radiator_k, c.sink_k));
  }
  c.radiator_sides = r.Int("radiator_sides");
  c.radiator_kg_per_m2 = r.Number("radiator_kg_per_m2");
  c.shielding_kg_per_kw = r.Number("shielding_kg_per_kw");
  c.structure_fraction = r.Number("structure_fraction");
  return c;
}

}  // namespace

void ReadOrbital(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "orbital")) {
    if (!r.Bool("enabled")) {
      s.disabled_orbital.push_back(r.String("name"));
      continue;
    }
    OrbitalSpec o;
    o.name = r.String("name");
    o.node =
        CatalogEntry(r, "node", "node", in.catalog.FindNode(r.String("node")),
                     in.catalog.nodes());
    o.gpu = *in.catalog.FindGpu(o.node.gpu);
    o.ground_site = ResolveSite(r, "ground_site", s);
    o.nodes_per_satellite = r.Int("nodes_per_satellite");
    o.satellites = r.Integer("satellites");
    o.satellite = ReadSatellite(r, o);
    o.array_usd_per_w = r.Number("array_usd_per_w");
    o.battery_usd_per_kwh = r.Number("battery_usd_per_kwh");
    o.radiator_usd_per_m2 = r.Number("radiator_usd_per_m2");
    o.launch_usd_per_kg = r.Number("launch_usd_per_kg");
    o.payload_kg_per_launch = r.Number("payload_kg_per_launch");
    o.radiation_failure_multiplier = r.Number("radiation_failure_multiplier");
    o.launches_per_year = r.Number("launches_per_year");
    o.launch_price_decline_per_year = r.Number("launch_price_decline_per_year");
    o.ground_link_bps = r.Number("ground_link_gbps") * 1e9;
    o.ground_min_elevation_deg = r.Number("ground_min_elevation_deg");
    o.bytes_per_token = r.Number("bytes_per_token");
    // A pure check of the design prepare/ computes: one satellite must fit in
    // a launch.
    const double mass_kg = fleet::DesignSatellite(o.satellite).mass_kg;
    if (mass_kg > o.payload_kg_per_launch) {
      r.Fail("payload_kg_per_launch",
             fmt::format("one satellite weighs {:.0f} kg, more than a launch "
                         "carries ({:.0f} kg); expected a larger payload or "
                         "fewer nodes per satellite",
                         mass_kg, o.payload_kg_per_launch));
    }
    s.orbital.push_back(std::move(o));
  }
}

GrowthSiteTiming ReadShellTiming(const Reader& r) {
  GrowthSiteTiming t;
  t.online_month = r.Int("online_month");
  t.retire_month = r.Int("retire_month");
  t.isl_bytes_per_s = r.Number("isl_gbps") * 1e9 / 8;
  if (t.retire_month >= 0 && t.retire_month <= t.online_month) {
    r.Fail("retire_month",
           fmt::format("expected -1 (never) or a month after online_month "
                       "({}), got {}",
                       t.online_month, t.retire_month));
  }
  return t;
}

}  // namespace kardashev::scenario
