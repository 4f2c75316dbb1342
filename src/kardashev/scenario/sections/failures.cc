// The [failures] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/fleet/failure_model.h"
#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/sched/fleet_simulation.h"

namespace kardashev::scenario {

using keys::Bool;
using keys::Default;
using keys::Num;
using keys::Range;

SectionDecl FailuresSection() {
  return SectionDecl{
      "failures",
      false,
      "How nodes fail and are repaired; rates and repair times come from the "
      "catalog.",
      {
          Default(Range(Num("rate_scale", "",
                            "Multiplies every catalog failure rate."),
                        0, 1000,
                        "from no failures to a thousand times the catalog "
                        "rates"),
                  fleet::FailureModelConfig{}.rate_scale),
          Default(Range(Num("repair_time_scale", "",
                            "Multiplies every catalog repair time."),
                        0.001, 1000,
                        "from a thousandth to a thousand times the catalog "
                        "repair times"),
                  fleet::FailureModelConfig{}.repair_time_scale),
          Bool("include_planned", fleet::FailureModelConfig{}.include_planned,
               "Planned maintenance takes nodes down too."),
          Default(Range(Num("powered_off_rate_share", "",
                            "A powered-off node (a cold spare) fails at this "
                            "share of a running node's rate; 0.1 is the "
                            "dormant-equipment rule of thumb of "
                            "MIL-HDBK-338B section 10.3.1.2."),
                        0, 1,
                        "a share of the running rate: a node off fails no "
                        "more often than one running"),
                  fleet::FailureModelConfig{}.powered_off_rate_share),
          Default(Range(Num("spare_swap_hours", "hours",
                            "Time to bring a spare node into a lease after a "
                            "failure; 0 for "
                            "hot spares."),
                        0, keys::kHoursPerYear, "from instant to a year"),
                  sched::FleetPlan{}.spare_swap_h),
      }};
}

void ReadFailures(const ReadContext& in, Scenario& s) {
  const Reader r(in.schema, "failures", in.doc.Find("failures"), "failures");
  s.failures.rate_scale = r.Number("rate_scale");
  s.failures.repair_time_scale = r.Number("repair_time_scale");
  s.failures.include_planned = r.Bool("include_planned");
  s.failures.powered_off_rate_share = r.Number("powered_off_rate_share");
  s.spare_swap_h = r.Number("spare_swap_hours");
  s.failure_components = in.catalog.failure_components();
}

}  // namespace kardashev::scenario
