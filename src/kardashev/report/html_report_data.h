// The pieces the report's chart builders share: a CSV file read into columns,
// and chart configurations for the charting library (line charts over a
// numeric x axis, bar charts over labels) with titled axes.
#ifndef KARDASHEV_REPORT_HTML_REPORT_DATA_H_
#define KARDASHEV_REPORT_HTML_REPORT_DATA_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kardashev::report::html {

using Json = nlohmann::ordered_json;

// A CSV file: its header and rows of fields (double quotes honoured).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // The index of `column`, or -1.
  int Column(const std::string& column) const;
  // The rows whose `key` column equals `value`, all rows when `key` is absent.
  std::vector<const std::vector<std::string>*> Where(
      const std::string& key, const std::string& value) const;
};

// Parses `text`; empty text gives an empty Csv.
Csv ParseCsv(const std::string& text);

// A field as a number; 0 when it is not one.
double Number(const std::string& field);

// A line chart's dataset of {x, y} points.
Json LineDataset(const std::string& label, const Json& points);

// A line chart over a numeric x axis.
Json LineChart(const Json& datasets, const std::string& x_title,
               const std::string& y_title);

// A bar chart over `labels`; stacked bars when `stacked`.
Json BarChart(const Json& labels, const Json& datasets,
              const std::string& x_title, const std::string& y_title,
              bool stacked);

// A bar dataset; `errors` (half-widths, one per bar) draws error bars.
Json BarDataset(const std::string& label, const Json& values,
                const Json& errors = Json());

// A number at `path` ("a.b.c") in `object`, or `fallback`.
double At(const Json& object, const std::string& path, double fallback = 0);

// Whether `object` has an array at `key` with at least one entry.
bool HasEntries(const Json& object, const std::string& key);

}  // namespace kardashev::report::html

#endif  // KARDASHEV_REPORT_HTML_REPORT_DATA_H_
