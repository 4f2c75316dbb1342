// The report page: one self-contained HTML file that shows a run (or a sweep)
// as charts, with the charting library, the style and the data inlined. The
// page references nothing outside itself: no URL in a src or href, so it opens
// offline and from anywhere.
//
// What it promises: a chart is on the page only when the model it shows is in
// the run (a run without [[serving]] has no serving chart); every chart is a
// <div class="chart"> with a title, axis units and a one-line caption, and
// sets data-marks to the number of marks it drew once drawn (0 when the canvas
// stayed blank), so a browser test can check it; the scenario's text and every
// name from the data are escaped. Same inputs, same bytes.
#ifndef KARDASHEV_REPORT_HTML_REPORT_H_
#define KARDASHEV_REPORT_HTML_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kardashev::report {

// What a run directory holds, as text; an absent file is "".
struct RunFiles {
  nlohmann::ordered_json summary;  // summary.json, parsed
  std::string timeseries_csv;
  std::string requests_csv;
  std::string scenario_toml;
};

// One chart: `config` is the library's chart configuration (type, data,
// options), drawn into the container `id`.
struct Chart {
  std::string id;
  std::string title;
  std::string caption;  // one line: what to read from it
  nlohmann::ordered_json config;
};

// The charts of a run, in page order.
std::vector<Chart> RunCharts(const RunFiles& files);

// The report page of a run. Throws std::invalid_argument when summary.json
// lacks `variants`.
std::string RunReportHtml(const RunFiles& files);

// The charts of a sweep: each output against each swept axis, the mean with
// its 95% interval. `sweep` is sweep.json.
std::vector<Chart> SweepCharts(const nlohmann::ordered_json& sweep);

// The report page of a sweep.
std::string SweepReportHtml(const nlohmann::ordered_json& sweep);

// `text` with &, <, >, " and ' replaced by character references.
std::string EscapeHtml(std::string_view text);

// A page: `title`, the `body_html` sections, then the charts and the script
// that draws them.
std::string ReportPage(const std::string& title, const std::string& body_html,
                       const std::vector<Chart>& charts);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_HTML_REPORT_H_
