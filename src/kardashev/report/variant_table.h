// A text table with one column per variant and one row per figure, built row
// by row and rendered with every column as wide as its widest cell, and the
// number formats the `kardashev run` table uses (report/text_table.h). Used
// only by the report's table writers.
#ifndef KARDASHEV_REPORT_VARIANT_TABLE_H_
#define KARDASHEV_REPORT_VARIANT_TABLE_H_

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report::table {

// 1234567.8 -> "1,234,568".
std::string Grouped(double v, int decimals = 0);
// Dollars, in billions or millions when large.
std::string Usd(double v);
std::string Percent(double v);
std::string Ms(double s);

inline const std::string kNone = "-";

using Cell = std::function<std::string(const Results&)>;

// Rows collected first, so that every column can be as wide as its widest
// cell. A table of Results has one column per variant, each cell computed
// from its Results; a table of named columns takes its cells ready-made.
class Table {
 public:
  explicit Table(const std::vector<Results>& results) : results_(results) {
    for (const auto& r : results) columns_.push_back(r.variant);
  }
  explicit Table(std::vector<std::string> columns)
      : results_(kNoResults), columns_(std::move(columns)) {}
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  void Row(std::string label, const Cell& cell) {
    std::vector<std::string> cells;
    for (const auto& r : results_) cells.push_back(cell(r));
    rows_.emplace_back(std::move(label), std::move(cells));
  }

  // A row of ready-made cells, one per column.
  void Row(std::string label, std::vector<std::string> cells) {
    rows_.emplace_back(std::move(label), std::move(cells));
  }

  // True when `pred` holds for some variant.
  bool Any(const std::function<bool(const Results&)>& pred) const {
    return std::any_of(results_.begin(), results_.end(), pred);
  }

  const std::vector<Results>& results() const { return results_; }

  // True when no row was added.
  bool Empty() const { return rows_.empty(); }

  std::string Render() const;

 private:
  static inline const std::vector<Results> kNoResults;
  const std::vector<Results>& results_;
  std::vector<std::string> columns_;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows_;
};

// The names of the entities `of` lists, over every variant, in first-seen
// order.
template <typename Of>
std::vector<std::string> Names(const std::vector<Results>& results, Of of) {
  std::vector<std::string> names;
  for (const auto& r : results) {
    for (const auto& x : of(r)) {
      if (std::find(names.begin(), names.end(), x.name) == names.end()) {
        names.push_back(x.name);
      }
    }
  }
  return names;
}

// The index of the entity named `name`, or -1.
template <typename T>
int IndexOf(const std::vector<T>& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

// Calls `add(row)` once per entity name that `of` lists over the variants,
// where `row(label, cell)` adds a row labelled with the name when there are
// several, whose cell is `cell(r, index)`, or "-" where a variant has no entity
// of that name.
template <typename Of, typename AddRows>
void PerEntity(Table& table, Of of, AddRows add) {
  const std::vector<std::string> names = Names(table.results(), of);
  for (const auto& name : names) {
    const auto row = [&](std::string_view label, auto cell) {
      const std::string full = names.size() > 1
                                   ? fmt::format("{} [{}]", label, name)
                                   : std::string(label);
      table.Row(full, [&](const Results& r) {
        const int i = IndexOf(of(r), name);
        return i < 0 ? kNone : cell(r, static_cast<std::size_t>(i));
      });
    };
    add(row);
  }
}

}  // namespace kardashev::report::table

#endif  // KARDASHEV_REPORT_VARIANT_TABLE_H_
