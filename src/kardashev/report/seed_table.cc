#include "kardashev/report/seed_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>

#include "kardashev/report/figure_paths.h"
#include "kardashev/report/variant_table.h"
#include "kardashev/sim/time.h"

namespace kardashev::report {

namespace {

using table::Grouped;
using table::kNone;

enum class Format { kGrouped, kCount, kPercent, kUsd, kDollars, kMs, kShort };

struct SeedRow {
  std::string_view label;
  std::string_view pattern;  // a figure path; "[*]" for each entity
  Format format;
};

// The rows, in the order of the single-seed table's blocks, labelled as the
// single-seed table labels the same quantity (a total over the horizon says
// so where the single-seed table gives a rate).
constexpr SeedRow kRows[] = {
    {"GPUs", "fleet.gpus", Format::kGrouped},
    {"Utilisation (GPU-hours used)", "fleet.utilization", Format::kPercent},
    {"Failures (all causes)", "fleet.failures.total", Format::kCount},
    {"GPU-hours down in repair", "fleet.gpu_hours_by_state.down",
     Format::kGrouped},
    {"GPUs leased", "leases[*].gpus", Format::kGrouped},
    {"Lease availability", "leases[*].availability", Format::kPercent},
    {"Lease revenue over the horizon", "leases[*].revenue_usd", Format::kUsd},
    {"SLA credits", "leases[*].sla_penalty_usd", Format::kUsd},
    {"Training GPUs", "training[*].gpus", Format::kGrouped},
    {"Training MFU", "training[*].mfu", Format::kPercent},
    {"Tokens trained", "training[*].tokens_trained", Format::kShort},
    {"Training cost per Mtoken", "training[*].cost_usd_per_million_tokens",
     Format::kDollars},
    {"Job interruptions over the horizon", "training[*].interruptions.total",
     Format::kCount},
    {"Training ETTR", "training[*].ettr", Format::kPercent},
    {"Own serving: tokens served", "services[*].tokens_served", Format::kShort},
    {"Own serving: SLO attainment", "services[*].slo_attainment",
     Format::kPercent},
    {"Own serving: revenue", "services[*].revenue_usd", Format::kUsd},
    {"TTFT p99", "serving[*].ttft_s.p99", Format::kMs},
    {"TPOT p99", "serving[*].tpot_s.p99", Format::kMs},
    {"SLO attainment", "serving[*].slo_attainment", Format::kPercent},
    {"Demand SLO attainment", "demand[*].slo_attainment", Format::kPercent},
    {"Energy (MWh)", "fleet.energy_mwh", Format::kGrouped},
    {"Carbon (t CO2e)", "fleet.carbon_t", Format::kGrouped},
    {"Revenue (net of credits)", "economics.revenue_usd", Format::kUsd},
    {"Energy cost", "economics.energy_cost_usd", Format::kUsd},
    {"Operating cash flow", "economics.operating_cash_flow_usd", Format::kUsd},
    {"Cash flow after capex", "economics.cash_flow_usd", Format::kUsd},
    {"Profit (accounting, after depreciation)", "economics.profit_usd",
     Format::kUsd},
    {"Training value (imputed)", "economics.training_value_usd", Format::kUsd},
    {"NPV", "economics.npv_usd", Format::kUsd},
    {"Terminal value (book)", "economics.terminal_value_usd", Format::kUsd},
    {"Cost per GPU-hour", "economics.cost_per_gpu_hour_usd", Format::kDollars},
};

std::string Format1(Format f, double v) {
  switch (f) {
    case Format::kGrouped:
      return Grouped(v);
    case Format::kCount:
      return Grouped(v, 1);
    case Format::kPercent:
      return table::Percent(v);
    case Format::kUsd:
      return table::Usd(v);
    case Format::kDollars:
      return fmt::format("${:.3f}", v);
    case Format::kMs:
      return table::Ms(v);
    case Format::kShort:
      return fmt::format("{:.3g}", v);
  }
  return kNone;
}

std::string Cell(Format f, const stats::Interval& i) {
  if (!(i.half_width > 0)) return Format1(f, i.mean);
  return Format1(f, i.mean) + " ± " + Format1(f, i.half_width);
}

using FigureIndex = std::map<std::string, const SeedFigure*>;

// The entity names of `pattern` ("training[*].ettr") over the variants, in
// first-seen order; {""} for a pattern without "[*]".
std::vector<std::string> EntityNames(std::string_view pattern,
                                     const SeedSummary& s) {
  const std::size_t star = pattern.find("[*]");
  if (star == std::string_view::npos) return {""};
  const std::string head(pattern.substr(0, star + 1));
  const std::string tail(pattern.substr(star + 2));
  std::vector<std::string> names;
  for (const auto& v : s.variants) {
    for (const auto& f : v.figures) {
      if (f.path.size() <= head.size() + tail.size() ||
          f.path.compare(0, head.size(), head) != 0 ||
          f.path.compare(f.path.size() - tail.size(), tail.size(), tail) != 0)
        continue;
      const std::string name =
          f.path.substr(head.size(), f.path.size() - head.size() - tail.size());
      if (name.find(']') != std::string::npos) continue;
      if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
    }
  }
  return names;
}

void AddRows(table::Table& t, const SeedSummary& s,
             const std::vector<FigureIndex>& index) {
  for (const SeedRow& row : kRows) {
    const std::vector<std::string> names = EntityNames(row.pattern, s);
    for (const auto& name : names) {
      std::string path(row.pattern);
      if (const auto star = path.find("[*]"); star != std::string::npos)
        path.replace(star, 3, "[" + name + "]");
      std::vector<std::string> cells;
      bool any = false;
      for (const auto& figures : index) {
        const auto it = figures.find(path);
        any = any || it != figures.end();
        cells.push_back(it == figures.end()
                            ? kNone
                            : Cell(row.format, it->second->interval));
      }
      if (!any) continue;
      std::string label(row.label);
      if (names.size() > 1) label += " [" + name + "]";
      t.Row(std::move(label), std::move(cells));
    }
  }
}

std::string Title(const SeedSummary& s) {
  return fmt::format(
      "{}: {} days, {} seeds ({} to {}); mean ± half-width of the 95% "
      "interval\n",
      s.scenario, Grouped(s.horizon_s / sim::kSecondsPerDay, 1), s.seeds.size(),
      s.seeds.front(), s.seeds.back());
}

// |difference| / |base|, infinite for a base of 0.
double Relative(const SeedDifference& d) {
  const double m = std::abs(d.paired.difference.mean);
  return d.base_mean != 0 ? m / std::abs(d.base_mean)
                          : std::numeric_limits<double>::infinity();
}

std::string DifferenceLine(const SeedDifference& d) {
  const auto& i = d.paired.difference;
  const std::string relative =
      d.base_mean != 0 ? fmt::format("{:+.2f}%", 100 * i.mean / d.base_mean)
                       : std::string("base 0");
  const std::string interval =
      i.half_width > 0 ? fmt::format("95% {:.4g} to {:.4g}", i.low(), i.high())
                       : std::string("the same on every seed");
  return fmt::format("    {:<48} {:>+12.4g}  ({}; {})\n", d.figure, i.mean,
                     relative, interval);
}

}  // namespace

std::string SeedDifferencesText(const SeedSummary& s) {
  if (s.variants.size() < 2) return "";
  std::string out =
      fmt::format("\nDifferences beyond noise (paired over {} seeds, 95%)\n",
                  s.seeds.size());
  const std::string& base = s.variants.front().variant;
  for (std::size_t v = 1; v < s.variants.size(); ++v) {
    std::vector<SeedDifference> listed;
    std::size_t beyond = 0;
    std::size_t within = 0;
    for (const auto& d : s.differences) {
      if (d.base != base || d.variant != s.variants[v].variant) continue;
      if (!d.paired.distinguishable) {
        ++within;
        continue;
      }
      ++beyond;
      if (!InIndexedEntry(d.figure)) listed.push_back(d);
    }
    std::stable_sort(
        listed.begin(), listed.end(),
        [](const auto& a, const auto& b) { return Relative(a) > Relative(b); });
    out += fmt::format(
        "  {} vs {}: {} figures differ beyond noise, {} within noise\n",
        s.variants[v].variant, base, beyond, within);
    const std::size_t shown = std::min(listed.size(), kListedDifferences);
    for (std::size_t i = 0; i < shown; ++i) out += DifferenceLine(listed[i]);
    if (beyond > shown) {
      out += fmt::format(
          "    ... and {} more, {} of them per month or per entry "
          "(summary.json \"differences\")\n",
          beyond - shown, beyond - listed.size());
    }
  }
  return out;
}

std::string SeedTextTable(const SeedSummary& s) {
  std::vector<std::string> columns;
  std::vector<FigureIndex> index;
  for (const auto& v : s.variants) {
    columns.push_back(v.variant);
    FigureIndex figures;
    for (const auto& f : v.figures) figures[f.path] = &f;
    index.push_back(std::move(figures));
  }
  table::Table t(std::move(columns));
  AddRows(t, s, index);
  return Title(s) + t.Render() + SeedDifferencesText(s);
}

}  // namespace kardashev::report
