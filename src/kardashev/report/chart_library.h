// The charting library of the report pages: Chart.js's minified UMD script,
// compiled into the binary at build time from web/node_modules (the version
// pinned by web/package-lock.json), so a report is drawn with no network.
#ifndef KARDASHEV_REPORT_CHART_LIBRARY_H_
#define KARDASHEV_REPORT_CHART_LIBRARY_H_

#include <string_view>

namespace kardashev::report {

// The library's script, as shipped, to inline into a <script> element.
std::string_view ChartLibraryScript();

// The library's name and version, e.g. "Chart.js 4.6.1".
std::string_view ChartLibraryName();

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_CHART_LIBRARY_H_
