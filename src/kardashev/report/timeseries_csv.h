// timeseries.csv: one row per variant and time step of the fleet (averages over
// the step, the battery at its end, energy as a running total; each column is
// declared in report/output_reference.h). The writer only formats, so identical
// Results give byte-identical text.
#ifndef KARDASHEV_REPORT_TIMESERIES_CSV_H_
#define KARDASHEV_REPORT_TIMESERIES_CSV_H_

#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// The header line, from TimeseriesCsvColumns(), with its newline.
std::string TimeseriesCsvHeader();

// One row of `variant` at one step, with its newline.
std::string TimeseriesCsvRow(const std::string& variant,
                             const sched::TimeseriesRow& row);

// The whole file: the header, then every variant's rows in order.
std::string TimeseriesCsv(const std::vector<Results>& results);

// True when some variant has a fleet (a cluster), so that its time series
// says something; a run without one writes no timeseries.csv.
bool HasTimeseries(const std::vector<Results>& results);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_TIMESERIES_CSV_H_
