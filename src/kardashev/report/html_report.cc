#include "kardashev/report/html_report.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "kardashev/report/chart_library.h"
#include "kardashev/report/html_report_charts.h"
#include "kardashev/report/html_report_data.h"

namespace kardashev::report {

namespace {

using html::Json;

// A key figure of the table: its path in a variant object and its label.
struct KeyFigure {
  const char* path;
  const char* label;
};

constexpr KeyFigure kKeyFigures[] = {
    {"fleet.gpus", "GPUs installed"},
    {"fleet.utilization", "utilization (active / installed GPU-hours)"},
    {"fleet.energy_mwh", "energy served (MWh)"},
    {"fleet.peak_drawn_mw", "peak power drawn (MW)"},
    {"fleet.failures.total", "node failures"},
    {"fleet.carbon_t", "carbon (t CO2e)"},
    {"economics.revenue_usd", "revenue (USD)"},
    {"economics.profit_usd", "accounting profit, after depreciation (USD)"},
    {"economics.operating_cash_flow_usd", "operating cash flow (USD)"},
    {"economics.cash_flow_usd", "cash flow after capex (USD)"},
    {"economics.training_value_usd", "training value, imputed (USD)"},
    {"economics.npv_usd", "net present value (USD)"},
    {"economics.terminal_value_usd", "terminal (book) value in NPV (USD)"},
    {"economics.cost_per_gpu_hour_usd", "cost per GPU-hour (USD)"},
    {"growth.totals.peak_gpus", "growth level: peak GPUs"},
    {"growth.totals.energy_mwh", "growth level: energy (MWh)"},
    {"growth.totals.revenue_usd", "growth level: revenue (USD)"},
    {"growth.totals.capex_usd", "growth level: capex (USD)"},
    {"growth.totals.npv_usd", "growth level: net present value (USD)"},
};

// `x` to 4 significant digits, large magnitudes in millions or billions.
std::string Short(double x) {
  if (std::abs(x) >= 1e9) return fmt::format("{:.4g} bn", x / 1e9);
  if (std::abs(x) >= 1e6) return fmt::format("{:.4g} M", x / 1e6);
  if (std::abs(x) >= 1e4) return fmt::format("{:.0f}", x);
  return fmt::format("{:.4g}", x);
}

std::string Cell(const Json& v, const std::string& path) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double x = html::At(v, path, nan);
  if (std::isnan(x)) return "&ndash;";
  const double ci = v.contains("ci95") ? html::At(v["ci95"], path, 0) : 0;
  if (ci > 0) return Short(x) + " &plusmn; " + Short(ci);
  return Short(x);
}

// Rows of the per-entry figures (training ETTR, serving SLO attainment).
void EntryRows(const Json& variants, const std::string& key,
               const std::string& figure, const std::string& label,
               std::string& rows) {
  if (!html::HasEntries(variants[0], key)) return;
  for (std::size_t i = 0; i < variants[0][key].size(); ++i) {
    const std::string name = variants[0][key][i].value("name", "?");
    rows += fmt::format("<tr><th>{} {}</th>", EscapeHtml(name), label);
    for (const auto& v : variants) {
      const bool has = html::HasEntries(v, key) && v[key].size() > i;
      rows += "<td>" +
              (has ? Cell(v[key][i], figure) : std::string("&ndash;")) +
              "</td>";
    }
    rows += "</tr>\n";
  }
}

std::string KeyFigureTable(const Json& variants) {
  std::string html = "<table class=\"figures\"><tr><th>figure</th>";
  for (const auto& v : variants)
    html += "<th>" + EscapeHtml(v.value("variant", "base")) + "</th>";
  html += "</tr>\n";
  for (const auto& f : kKeyFigures) {
    bool any = false;  // a row of zeros is a model the run lacks
    for (const auto& v : variants) any = any || html::At(v, f.path) != 0;
    if (!any) continue;
    html += fmt::format("<tr><th>{}</th>", f.label);
    for (const auto& v : variants) html += "<td>" + Cell(v, f.path) + "</td>";
    html += "</tr>\n";
  }
  EntryRows(variants, "training", "ettr", "ETTR", html);
  EntryRows(variants, "serving", "slo_attainment", "SLO attainment", html);
  return html + "</table>\n";
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<Chart> RunCharts(const RunFiles& files) {
  std::vector<Chart> charts;
  html::FleetCharts(files, charts);
  html::WorkloadCharts(files, charts);
  html::EconomicsCharts(files, charts);
  html::GrowthCharts(files, charts);
  return charts;
}

std::string RunReportHtml(const RunFiles& files) {
  const Json& summary = files.summary;
  if (!summary.is_object() || !html::HasEntries(summary, "variants")) {
    throw std::invalid_argument("summary.json has no variants");
  }
  const std::string name = summary.value("scenario", "scenario");
  const Json& variants = summary["variants"];
  std::string body = fmt::format(
      "<p>Scenario <b>{}</b>, seed {}{}, horizon {:.6g} days, {} "
      "variant{}.</p>\n",
      EscapeHtml(name), summary.contains("seed") ? summary["seed"].dump() : "?",
      summary.contains("seeds")
          ? fmt::format(" ({} seeds)", summary["seeds"].size())
          : std::string(),
      html::At(summary, "horizon_s") / 86400.0, variants.size(),
      variants.size() == 1 ? "" : "s");
  body += "<h2>Key figures</h2>\n" + KeyFigureTable(variants);
  body += "<h2>Scenario</h2>\n";
  if (files.scenario_toml.empty()) {
    body += "<p>The run directory does not hold the scenario's text.</p>\n";
  } else {
    body +=
        "<details><summary>scenario.toml as given</summary><pre "
        "class=\"scenario\">" +
        EscapeHtml(files.scenario_toml) + "</pre></details>\n";
  }
  return ReportPage(fmt::format("Kardashev report: {}", name), body,
                    RunCharts(files));
}

}  // namespace kardashev::report
