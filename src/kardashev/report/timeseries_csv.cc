#include "kardashev/report/timeseries_csv.h"

#include <fmt/format.h>

#include <algorithm>

#include "kardashev/report/output_reference.h"

namespace kardashev::report {

std::string TimeseriesCsvHeader() {
  std::string out;
  for (const auto& column : TimeseriesCsvColumns()) {
    if (!out.empty()) out += ',';
    out += column.path;
  }
  return out + "\n";
}

std::string TimeseriesCsvRow(const std::string& variant,
                             const sched::TimeseriesRow& row) {
  return fmt::format(
      "{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.9g},"
      "{}\n",
      variant, row.time_s, row.gpus_up, row.gpus_down, row.gpus_active,
      row.gpus_leased_short, row.gpus_unpowered, row.power_mw,
      row.grid_power_mw, row.battery_mwh, row.energy_mwh, row.failures);
}

std::string TimeseriesCsv(const std::vector<Results>& results) {
  std::string out = TimeseriesCsvHeader();
  for (const auto& r : results) {
    for (const auto& row : r.timeseries) {
      out += TimeseriesCsvRow(r.variant, row);
    }
  }
  return out;
}

bool HasTimeseries(const std::vector<Results>& results) {
  return std::any_of(results.begin(), results.end(),
                     [](const Results& r) { return !r.clusters.empty(); });
}

}  // namespace kardashev::report
