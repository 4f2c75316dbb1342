// The sources table: every published figure Kardashev uses, one row each, in
// data/figures.csv: its id, what it is, its value as published, the conditions
// it was measured under, where it was published, how closely it was read, and
// its role:
//   calibrate  it sets a model constant (a fitted share, a failure rate);
//   check      a prediction is compared with it, and nothing is fitted to it;
//   input      a condition or definition a scenario or test takes as given
//              (an SLO bound, a price, a fleet size).
// A figure is one or the other of calibrate and check, never both: that is
// what keeps a validation honest.
#ifndef KARDASHEV_VALIDATE_SOURCES_TABLE_H_
#define KARDASHEV_VALIDATE_SOURCES_TABLE_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kardashev::validate {

struct FigureRow {
  std::string id;  // e.g. "B01"
  std::string quantity;
  std::string value;
  std::string unit;
  std::string setup;
  std::string source;
  std::string confidence;
  std::string role;  // "calibrate", "check" or "input"
};

class SourcesTable {
 public:
  // Parses CSV text (RFC 4180 quoting) with the header
  // id,quantity,value,unit,setup,source,confidence,role. Throws
  // std::invalid_argument naming the line on a malformed row, an unknown
  // role or a repeated id.
  static SourcesTable Parse(std::string_view csv_text);
  // The table compiled into the library.
  static SourcesTable LoadEmbedded();

  // The row with `id`, or null.
  const FigureRow* Find(std::string_view id) const;
  const std::vector<FigureRow>& rows() const { return rows_; }

 private:
  std::vector<FigureRow> rows_;
};

}  // namespace kardashev::validate

#endif  // KARDASHEV_VALIDATE_SOURCES_TABLE_H_
