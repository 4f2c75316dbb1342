// requests.csv: one row per completed request of every serving replay of
// every variant (`kardashev run --requests`), in the order of the variants,
// their [[serving]] deployments and the requests' indices; each column is
// declared in report/output_reference.h (RequestsCsvColumns). Requests a
// deployment refused have no row. The writer only formats, so identical
// Results give byte-identical text.
#ifndef KARDASHEV_REPORT_REQUESTS_CSV_H_
#define KARDASHEV_REPORT_REQUESTS_CSV_H_

#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// The whole file: the header, then the rows.
std::string RequestsCsv(const std::vector<Results>& results);

// True when some variant recorded its requests (RunOptions::requests).
bool HasRequests(const std::vector<Results>& results);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_REQUESTS_CSV_H_
