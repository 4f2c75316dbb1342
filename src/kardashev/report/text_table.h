// The text table `kardashev run` prints: one column per variant, one row per
// figure, in blocks (fleet, leases, training, services, serving, demand,
// orbital, energy and money; a block without figures is left out), then, for
// a scenario with a [growth] table, the growth level's per-year tables and
// what drives its NPV (report/growth_report.h). Every training job, deployment,
// demand and orbital shell gets its rows, labelled with its name when a block
// has more than one. The table only formats figures Results holds; identical
// Results give identical text.
#ifndef KARDASHEV_REPORT_TEXT_TABLE_H_
#define KARDASHEV_REPORT_TEXT_TABLE_H_

#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// The table, with a title line and, for an orbital shell, a line on where it
// meets the ground. REQUIRES: !results.empty(), and FillDerivedFigures() has
// been called on each.
std::string TextTable(const std::vector<Results>& results);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_TEXT_TABLE_H_
