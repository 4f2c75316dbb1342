// The [[site]] section: its keys, declared once, and its reader.
#include "kardashev/fleet/site.h"

#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Choices;
using keys::Default;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;

using keys::Num;
using keys::NumList;
using keys::Range;
using keys::Str;

SectionDecl SiteSection() {
  return SectionDecl{
      "site",
      true,
      "A ground site: a power supply with its PUE, electricity price and "
      "carbon intensity.",
      {
          Str("name", "Unique name of the site."),
          DefaultStr(Choices(Str("kind", "Kind of site."), {"ground"}),
                     "ground"),
          Range(Num("power_cap_mw", "MW",
                    "Grid import cap. With on-site generation and a battery, "
                    "demand no source can serve is shed (idle nodes first)."),
                0, keys::kMaxPowerMw, keys::kPowerReason),
          Default(Range(Num("facility_mw", "MW",
                            "Power the facility is built for, which sets its "
                            "capex; 0: power_cap_mw + generation_mw."),
                        0, keys::kMaxPowerMw, keys::kPowerReason),
                  fleet::GroundSiteConfig{}.facility_w * 1e-6),
          Range(Num("pue", "",
                    "Power usage effectiveness: facility power / IT power."),
                1, 3,
                "1 is the floor (no overhead); 3 is above the worst legacy "
                "data centres"),
          keys::Published(
              Range(Num("electricity_usd_per_mwh", "USD/MWh",
                        "Price of grid electricity (flat)."),
                    0, keys::kMaxEnergyUsdPerMwh, keys::kEnergyPriceReason),
              62.3, 93,
              "US industrial electricity, Tennessee 2023 to the US monthly "
              "high of 2024-2026 (figures.csv F10, F11)"),
          NumList("electricity_usd_per_mwh_by_hour", "USD/MWh",
                  static_cast<std::size_t>(keys::kHoursPerDay), 0,
                  keys::kMaxEnergyUsdPerMwh, keys::kEnergyPriceReason,
                  "Grid price by hour of day (hour 0 = midnight at the start "
                  "of the horizon); replaces the flat price. The battery "
                  "discharges in hours above the day's mean price and charges "
                  "in hours below it."),
          Range(Num("carbon_kg_per_mwh", "kg CO2e/MWh",
                    "Carbon intensity of grid electricity."),
                0, keys::kMaxCarbonKgPerMwh, keys::kCarbonReason),
          Default(Range(Num("generation_mw", "MW",
                            "On-site generation capacity (turbines, solar), "
                            "used before the grid."),
                        0, keys::kMaxPowerMw, keys::kPowerReason),
                  fleet::GroundSiteConfig{}.generation_w * 1e-6),
          NumList("generation_profile", "",
                  static_cast<std::size_t>(keys::kHoursPerDay), 0, 1,
                  keys::kShareReason,
                  "Share of generation_mw available by hour of day (e.g. a "
                  "solar day); empty: constant."),
          Default(Range(Num("generation_usd_per_mwh", "USD/MWh",
                            "Fuel and running cost of on-site generation."),
                        0, keys::kMaxEnergyUsdPerMwh, keys::kEnergyPriceReason),
                  fleet::GroundSiteConfig{}.generation_usd_per_mwh),
          Default(Range(Num("generation_carbon_kg_per_mwh", "kg CO2e/MWh",
                            "Carbon intensity of on-site generation."),
                        0, keys::kMaxCarbonKgPerMwh, keys::kCarbonReason),
                  fleet::GroundSiteConfig{}.generation_carbon_kg_per_mwh),
          Default(Range(Num("battery_mwh", "MWh",
                            "Battery energy capacity; starts the horizon "
                            "full."),
                        0, 1e6,
                        "up to 1 TWh, hundreds of times the largest "
                        "battery built (a few GWh)"),
                  fleet::GroundSiteConfig{}.battery_wh * 1e-6),
          Default(Range(Num("battery_charge_mw", "MW",
                            "Highest power the battery can draw."),
                        0, keys::kMaxPowerMw, keys::kPowerReason),
                  fleet::GroundSiteConfig{}.battery_charge_w * 1e-6),
          Default(Range(Num("battery_discharge_mw", "MW",
                            "Highest power the battery can deliver."),
                        0, keys::kMaxPowerMw, keys::kPowerReason),
                  fleet::GroundSiteConfig{}.battery_discharge_w * 1e-6),
          Default(Range(Num("battery_round_trip_efficiency", "",
                            "Energy delivered / energy drawn. Default: "
                            "utility-scale lithium-ion, 85% (NREL Annual "
                            "Technology Baseline, utility-scale battery "
                            "storage)."),
                        0.01, 1,
                        "a share of the energy drawn, from 1% to all of it"),
                  fleet::GroundSiteConfig{}.battery_round_trip_efficiency),
          keys::Month("online_month", 0,
                      "Growth level: the first month with working nodes."),
          DefaultInt(
              Range(Int("construction_months", "months",
                        "Growth level: the facility's capex (facility_mw x "
                        "economics.facility_capex_usd_per_mw) is spent "
                        "evenly over these months before online_month."),
                    0, 120, "up to ten years of construction"),
              0),
          keys::RetireMonth(
              "Growth level: the first month without working nodes; -1: "
              "never."),
      }};
}

void ReadSites(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "site")) {
    fleet::GroundSiteConfig site;
    site.name = r.String("name");
    site.power_cap_w = r.Number("power_cap_mw") * 1e6;
    site.pue = r.Number("pue");
    site.electricity_usd_per_mwh = r.Number("electricity_usd_per_mwh");
    site.carbon_kg_per_mwh = r.Number("carbon_kg_per_mwh");
    site.electricity_usd_per_mwh_by_hour =
        r.NumberList("electricity_usd_per_mwh_by_hour");
    site.generation_w = r.Number("generation_mw") * 1e6;
    site.generation_profile = r.NumberList("generation_profile");
    site.generation_usd_per_mwh = r.Number("generation_usd_per_mwh");
    site.generation_carbon_kg_per_mwh =
        r.Number("generation_carbon_kg_per_mwh");
    site.battery_wh = r.Number("battery_mwh") * 1e6;
    site.battery_charge_w = r.Number("battery_charge_mw") * 1e6;
    site.battery_discharge_w = r.Number("battery_discharge_mw") * 1e6;
    site.battery_round_trip_efficiency =
        r.Number("battery_round_trip_efficiency");
    site.facility_w = r.Number("facility_mw") > 0
                          ? r.Number("facility_mw") * 1e6
                          : site.power_cap_w + site.generation_w;
    if (site.battery_wh > 0 &&
        site.battery_charge_w + site.battery_discharge_w <= 0) {
      r.Fail("battery_mwh",
             "a battery needs battery_charge_mw or battery_discharge_mw > 0");
    }
    if (site.power_cap_w + site.generation_w <= 0) {
      r.Fail("power_cap_mw",
             "expected power_cap_mw > 0 or generation_mw > 0: the site has "
             "no supply");
    }
    s.sites.push_back(site);
  }
}

GrowthSiteTiming ReadSiteTiming(const Reader& r) {
  GrowthSiteTiming t;
  t.online_month = r.Int("online_month");
  t.construction_months = r.Int("construction_months");
  t.retire_month = r.Int("retire_month");
  if (t.retire_month >= 0 && t.retire_month <= t.online_month) {
    r.Fail("retire_month",
           fmt::format("expected -1 (never) or a month after online_month "
                       "({}), got {}",
                       t.online_month, t.retire_month));
  }
  return t;
}

}  // namespace kardashev::scenario
