// The [scenario] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/sim/time.h"

namespace kardashev::scenario {

using keys::Default;
using keys::DefaultInt;
using keys::DefaultStr;
using keys::Int;
using keys::Num;
using keys::Range;
using keys::Str;

namespace {

// 2^53: the largest integer below which every integer is a double.
constexpr double kMaxExactSeed = 9'007'199'254'740'992.0;
constexpr double kMinStepHours = 1.0 / 60;

// `catalog`: the user catalog files (user_catalog.h reads them).
KeyDecl CatalogFilesKey() {
  KeyDecl k;
  k.name = "catalog";
  k.type = KeyType::kStringList;
  k.default_value = std::string_view("[]");
  k.meaning =
      "Catalog files in the format of data/catalog/*.toml, relative to this "
      "file, whose entries are added to the built-in catalog; no name may "
      "clash with another entry's. Not changed by variants or --set.";
  return k;
}

}  // namespace

SectionDecl ScenarioSection() {
  return SectionDecl{
      "scenario",
      false,
      "What is simulated, for how long, with which seed.",
      {
          Str("name",
              "Name of the scenario; outputs go to runs/<name>/ by default."),
          DefaultStr(Str("description",
                         "One line saying what question the scenario answers."),
                     ""),
          CatalogFilesKey(),
          Default(Range(Num("horizon_days", "days", "Simulated time span."),
                        1.0 / keys::kHoursPerDay, 100 * keys::kDaysPerYear,
                        "from an hour to a century"),
                  keys::kDaysPerYear),
          DefaultInt(
              Range(Int("seed", "",
                        "Seed of every random stream; --seed overrides it."),
                    0, kMaxExactSeed,
                    "any integer a double holds exactly, so that the seed "
                    "survives every reader (2^53)"),
              42),
          Default(
              Range(Num("timeseries_step_hours", "hours",
                        "Step of timeseries.csv: each row averages one step."),
                    kMinStepHours, keys::kHoursPerYear,
                    "from a minute (finer than any modelled event) to a "
                    "year; the run budget also bounds horizon / step"),
              sched::FleetPlan{}.timeseries_step_s / sim::kSecondsPerHour),
      }};
}

void ReadScenarioTable(const ReadContext& in, const LoadOptions& options,
                       Scenario& s) {
  const Value* table = in.doc.Find("scenario");
  if (table == nullptr) {
    throw ScenarioError(
        Location{s.file, 1, 1}, "scenario",
        "the file has no [scenario] table; expected one with at least "
        "`name = \"...\"`");
  }
  const Reader info(in.schema, "scenario", table, "scenario");
  s.name = info.String("name");
  s.description = info.String("description");
  s.horizon_s = info.Number("horizon_days") * sim::kSecondsPerDay;
  s.seed = options.seed ? *options.seed
                        : static_cast<std::uint64_t>(info.Integer("seed"));
  s.timeseries_step_s =
      info.Number("timeseries_step_hours") * sim::kSecondsPerHour;
}

}  // namespace kardashev::scenario
