// The outputs of the growth level (growth/growth_outcome.h), for a variant
// whose Results hold one: the "growth" object of summary.json, growth.csv
// (one row per variant, month and site, and a fleet-wide row "all" with the
// money), and the text `kardashev run` prints (a per-year table per variant,
// then what drives the NPV). The few figures the outcome does not hold
// (fleet-wide sums of the sites, a month's calendar year, the NPV's split)
// are computed here and in report/growth_drivers.h, once; the writers only
// format. Identical Results give identical bytes.
#ifndef KARDASHEV_REPORT_GROWTH_REPORT_H_
#define KARDASHEV_REPORT_GROWTH_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kardashev/growth/growth_outcome.h"
#include "kardashev/report/results.h"

namespace kardashev::report {

// The sites of a period summed: GPU counts, GPU-hours, energy, carbon and
// launches.
growth::SitePeriod FleetSites(const growth::Period& period);

// The calendar year of month `month` of `outcome`.
int CalendarYear(const growth::GrowthOutcome& outcome, int month);

// The "growth" object of a variant.
nlohmann::ordered_json GrowthJson(const growth::GrowthOutcome& outcome);

// True when some variant has a growth outcome: the run then writes
// growth.csv.
bool HasGrowth(const std::vector<Results>& results);

// growth.csv: the header (GrowthCsvColumns() of output_reference.h), then
// every variant's rows: per month, one row per site and one "all" row.
std::string GrowthCsv(const std::vector<Results>& results);

// The text of the growth level: per variant with an outcome, its per-year
// table; then one line per variant on what drives its NPV: for the first, its
// largest gain and cost; for each other, its difference from the first by
// ledger line. "" when no variant has an outcome.
std::string GrowthText(const std::vector<Results>& results);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_GROWTH_REPORT_H_
