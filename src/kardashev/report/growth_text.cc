// The growth level's text (report/growth_report.h): a per-year table per
// variant, then the lines on what drives the NPV (report/growth_drivers.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "kardashev/report/growth_drivers.h"
#include "kardashev/report/growth_report.h"
#include "kardashev/report/variant_table.h"

namespace kardashev::report {

namespace {

// 1.234e12 -> "1.23T": counts too large for grouped digits.
std::string Count(double v) {
  const double a = std::abs(v);
  if (a >= 1e12) return fmt::format("{:.2f}T", v * 1e-12);
  if (a >= 1e9) return fmt::format("{:.2f}B", v * 1e-9);
  if (a >= 1e6) return fmt::format("{:.2f}M", v * 1e-6);
  return table::Grouped(v);
}

// Rows of cells, rendered right-aligned, each column as wide as its widest
// cell.
std::string Render(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += fmt::format("{:>{}}", row[i], width[i] + (i == 0 ? 0 : 2));
    }
    out += line + "\n";
  }
  return out;
}

std::string YearTable(const Results& r) {
  const growth::GrowthOutcome& o = *r.growth;
  std::vector<std::string> header = {"year"};
  for (const auto& name : o.site_names) header.push_back("GPUs " + name);
  for (const char* h :
       {"energy GWh", "tokens trained", "tokens served", "served", "revenue",
        "cumulative cash", "NPV to date"}) {
    header.emplace_back(h);
  }
  std::vector<std::vector<std::string>> rows = {header};
  for (const growth::Period& y : o.years) {
    std::vector<std::string> row = {fmt::format("{}", y.label)};
    for (std::size_t s = 0; s < o.site_names.size(); ++s) {
      row.push_back(
          table::Grouped(s < y.sites.size() ? y.sites[s].working_gpus : 0.0));
    }
    row.push_back(table::Grouped(y.energy_mwh / 1e3, 1));
    row.push_back(Count(y.tokens_trained));
    row.push_back(Count(y.tokens_served));
    row.push_back(fmt::format("{:.1f}%", 100 * y.slo_attainment));
    row.push_back(table::Usd(y.money.revenue_usd));
    row.push_back(table::Usd(y.cumulative_cash_usd));
    row.push_back(table::Usd(y.npv_to_date_usd));
    rows.push_back(std::move(row));
  }
  return fmt::format(
             "\nGrowth level, {}: year by year (expected values; GPUs "
             "working at the year's end, requests served within the SLO)\n",
             r.variant) +
         Render(rows);
}

}  // namespace

std::string GrowthText(const std::vector<Results>& results) {
  std::string out;
  const Results* first = nullptr;
  for (const auto& r : results) {
    if (!r.growth) continue;
    out += YearTable(r);
    if (first == nullptr) first = &r;
  }
  if (first == nullptr) return out;
  out += "\n";
  // One line per variant: the first's own NPV by its largest parts, each
  // other's difference from it.
  const NpvSplit base = SplitNpv(*first->growth);
  out += WhatDrivesItLine(first->variant, base);
  for (const auto& r : results) {
    if (!r.growth || &r == first) continue;
    const NpvSplit split = SplitNpv(*r.growth);
    out += DriversLine(r.variant, first->variant, DriversOf(base, split));
  }
  return out;
}

}  // namespace kardashev::report
