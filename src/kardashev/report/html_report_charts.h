// The chart builders of the run report, one per part of the model; each
// appends the charts of its part that the run has (none when the run lacks the
// model) to `charts`.
#ifndef KARDASHEV_REPORT_HTML_REPORT_CHARTS_H_
#define KARDASHEV_REPORT_HTML_REPORT_CHARTS_H_

#include <vector>

#include "kardashev/report/html_report.h"

namespace kardashev::report::html {

// GPUs by state, power, energy, failures (html_report_fleet.cc).
void FleetCharts(const RunFiles& files, std::vector<Chart>& charts);

// Training jobs, serving latency and SLOs, demand (html_report_workload.cc).
void WorkloadCharts(const RunFiles& files, std::vector<Chart>& charts);

// Cash flow, cost breakdown, orbital shells, the variants side by side
// (html_report_economics.cc).
void EconomicsCharts(const RunFiles& files, std::vector<Chart>& charts);

// GPUs by site, cash and NPV, tokens, year by year at the growth level
// (html_report_growth.cc); none without a growth outcome.
void GrowthCharts(const RunFiles& files, std::vector<Chart>& charts);

}  // namespace kardashev::report::html

#endif  // KARDASHEV_REPORT_HTML_REPORT_CHARTS_H_
