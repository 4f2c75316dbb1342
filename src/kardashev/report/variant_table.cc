#include "kardashev/report/variant_table.h"

#include <cmath>

namespace kardashev::report::table {

std::string Grouped(double v, int decimals) {
  const bool negative = v < 0;
  std::string digits = fmt::format("{:.{}f}", negative ? -v : v, decimals);
  const std::size_t dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  std::string out = negative ? "-" : "";
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  if (dot != std::string::npos) out += digits.substr(dot);
  return out;
}

std::string Usd(double v) {
  const double a = std::abs(v);
  if (a >= 1e9) return fmt::format("${:.3f}B", v * 1e-9);
  if (a >= 1e6) return fmt::format("${:.2f}M", v * 1e-6);
  return fmt::format("${}", Grouped(v));
}

std::string Percent(double v) { return fmt::format("{:.3f}%", v * 100.0); }

std::string Ms(double s) { return fmt::format("{:.1f} ms", s * 1e3); }

std::string Table::Render() const {
  int label_width = 34;
  for (const auto& [label, cells] : rows_) {
    label_width = std::max(label_width, static_cast<int>(label.size()) + 2);
  }
  std::vector<int> width(columns_.size(), 18);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    width[i] = std::max(width[i], static_cast<int>(columns_[i].size()) + 2);
    for (const auto& [label, cells] : rows_) {
      width[i] = std::max(width[i], static_cast<int>(cells[i].size()) + 2);
    }
  }
  std::string out = fmt::format("{:<{}}", "", label_width);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    out += fmt::format("{:>{}}", columns_[i], width[i]);
  }
  out += "\n";
  for (const auto& [label, cells] : rows_) {
    out += fmt::format("{:<{}}", label, label_width);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      out += fmt::format("{:>{}}", cells[i], width[i]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace kardashev::report::table
