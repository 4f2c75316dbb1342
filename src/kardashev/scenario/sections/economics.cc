// The [economics] section: its keys, declared once, and its reader.
#include "kardashev/econ/economics.h"

#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::Default;
using keys::Num;
using keys::Range;

SectionDecl EconomicsSection() {
  return SectionDecl{
      "economics",
      false,
      "Capital and operating cost, depreciation and discounting.",
      {
          Default(Range(Num("gpu_depreciation_years", "years",
                            "Straight-line life of GPUs, servers and network "
                            "(hyperscalers "
                            "use 5-6 years; figures.csv F12)."),
                        0.1, 30,
                        "from a month (a shorter life is an expense, not "
                        "capex) to 30 years"),
                  econ::EconomicsConfig{}.gpu_depreciation_years),
          Default(
              Range(Num("facility_capex_usd_per_mw", "USD/MW",
                        "Facility capex per MW of power cap (figures.csv F09: "
                        "about "
                        "$9-12M per MW); 0 when the facility is not counted."),
                    0, 1e9,
                    "up to $1B per MW, about a hundred times today's cost"),
              econ::EconomicsConfig{}.facility_capex_usd_per_mw),
          Default(Range(Num("facility_depreciation_years", "years",
                            "Straight-line life of the facility."),
                        0.1, 100, "from a month to a century"),
                  econ::EconomicsConfig{}.facility_depreciation_years),
          Default(Range(Num("discount_rate", "per year",
                            "Annual discount rate for NPV (the default 10% is "
                            "an assumption, "
                            "a common hurdle rate)."),
                        0, 1, "from none to 100% a year"),
                  econ::EconomicsConfig{}.discount_rate),
          Default(
              Range(Num("other_opex_usd_per_gpu_hour", "USD/GPU-hour",
                        "Operating cost besides energy (staff, maintenance, "
                        "insurance) per installed GPU-hour."),
                    0, 1'000,
                    "up to $1,000 per GPU-hour, far above any GPU's "
                    "operating cost (cents per hour)"),
              econ::EconomicsConfig{}.other_opex_usd_per_gpu_hour),
      }};
}

void ReadEconomics(const ReadContext& in, Scenario& s) {
  const Reader r(in.schema, "economics", in.doc.Find("economics"), "economics");
  auto& e = s.economics;
  e.gpu_depreciation_years = r.Number("gpu_depreciation_years");
  e.facility_capex_usd_per_mw = r.Number("facility_capex_usd_per_mw");
  e.facility_depreciation_years = r.Number("facility_depreciation_years");
  e.discount_rate = r.Number("discount_rate");
  e.other_opex_usd_per_gpu_hour = r.Number("other_opex_usd_per_gpu_hour");
  // The [[training]] jobs, read before, carry the values of their output.
  e.training_values.clear();
  for (const TrainingSpec& t : s.training) {
    if (t.value_usd_per_million_tokens > 0 || t.value_usd_per_run > 0) {
      e.training_values.push_back(
          {.job = t.name,
           .usd_per_million_tokens = t.value_usd_per_million_tokens,
           .usd_per_run = t.value_usd_per_run});
    }
  }
}

}  // namespace kardashev::scenario
