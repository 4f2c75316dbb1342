#include "kardashev/sweep/sweep_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kardashev/report/seed_summary.h"
#include "kardashev/stats/interval.h"

namespace kardashev::sweep {

namespace {

// The rows of each point, in order; points without rows are absent.
std::vector<std::vector<const ResultRow*>> ByPoint(
    const std::vector<ResultRow>& rows) {
  std::vector<std::vector<const ResultRow*>> out;
  for (const ResultRow& r : rows) {
    if (out.empty() || out.back().front()->point != r.point) out.emplace_back();
    out.back().push_back(&r);
  }
  return out;
}

// The interval of one output over a point's replications, NaNs left out.
stats::Interval OutputInterval(const std::vector<const ResultRow*>& rows,
                               std::size_t output) {
  std::vector<double> values;
  for (const ResultRow* r : rows) {
    if (!std::isnan(r->outputs[output])) values.push_back(r->outputs[output]);
  }
  if (values.empty()) {
    stats::Interval none;
    none.mean = std::nan("");
    none.half_width = std::nan("");
    return none;
  }
  return stats::MeanInterval(values);
}

nlohmann::ordered_json Number(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

std::string CsvNumber(double v) {
  return std::isnan(v) ? std::string() : fmt::format("{}", v);
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// The mean and its half-width; the mean alone when there is no interval or
// when the replications differ only by floating-point rounding (as the seed
// table does).
std::string Cell(const stats::Interval& i) {
  if (std::isnan(i.mean)) return "-";
  if (std::isnan(i.half_width) ||
      i.half_width <= report::kRoundingShare * std::abs(i.mean)) {
    return fmt::format("{:.6g}", i.mean);
  }
  return fmt::format("{:.6g} ± {:.3g}", i.mean, i.half_width);
}

// Display width of UTF-8 text: its code points.
std::size_t Width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string SummaryTable(const SweepPlan& plan,
                         const std::vector<ResultRow>& rows) {
  std::vector<std::vector<std::string>> table;
  std::vector<std::string> header = {"point", "n"};
  for (const auto& p : plan.parameters) header.push_back(p);
  for (const auto& o : plan.outputs) header.push_back(o);
  table.push_back(header);
  for (const auto& point : ByPoint(rows)) {
    std::vector<std::string> line = {std::to_string(point.front()->point),
                                     std::to_string(point.size())};
    for (const double v : point.front()->parameters) {
      line.push_back(fmt::format("{:.6g}", v));
    }
    for (std::size_t o = 0; o < plan.outputs.size(); ++o) {
      line.push_back(Cell(OutputInterval(point, o)));
    }
    table.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& line : table) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      widths[c] = std::max(widths[c], Width(line[c]));
    }
  }
  std::string out;
  for (const auto& line : table) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      if (c > 0) out += "  ";
      const std::string pad(widths[c] - Width(line[c]), ' ');
      out += c < 2 ? pad + line[c] : line[c] + pad;  // numbers of rows right
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  return out;
}

nlohmann::ordered_json SweepJson(const SweepPlan& plan,
                                 const std::vector<ResultRow>& rows) {
  nlohmann::ordered_json j;
  j["sweep"] = plan.file.name;
  j["scenario"] = plan.file.scenario;
  j["definition_hash"] = plan.hash;
  j["replications"] = plan.file.replications;
  j["seeds"] = nlohmann::ordered_json::array();
  for (int r = 0; r < plan.file.replications; ++r) {
    j["seeds"].push_back(plan.seed + static_cast<std::uint64_t>(r));
  }
  j["points_total"] = plan.points.size();
  j["points"] = nlohmann::ordered_json::array();
  for (const auto& point : ByPoint(rows)) {
    nlohmann::ordered_json p;
    p["point"] = point.front()->point;
    p["parameters"] = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
      p["parameters"][plan.parameters[i]] =
          Number(point.front()->parameters[i]);
    }
    p["outputs"] = nlohmann::ordered_json::object();
    for (std::size_t o = 0; o < plan.outputs.size(); ++o) {
      const stats::Interval i = OutputInterval(point, o);
      nlohmann::ordered_json out;
      out["mean"] = Number(i.mean);
      out["ci95_half_width"] = Number(i.half_width);
      out["values"] = nlohmann::ordered_json::array();
      for (const ResultRow* r : point)
        out["values"].push_back(Number(r->outputs[o]));
      p["outputs"][plan.outputs[o]] = std::move(out);
    }
    j["points"].push_back(std::move(p));
  }
  return j;
}

std::string TidyCsv(const SweepPlan& plan, const std::vector<ResultRow>& rows) {
  std::string out = "point,replication,seed";
  for (const auto& p : plan.parameters) {
    out += ',';
    out += CsvField(p);
  }
  out += ",output,value\n";
  for (const ResultRow& r : rows) {
    std::string prefix =
        fmt::format("{},{},{}", r.point, r.replication, r.seed);
    for (const double v : r.parameters) {
      prefix += ',';
      prefix += CsvNumber(v);
    }
    for (std::size_t o = 0; o < plan.outputs.size(); ++o) {
      out += fmt::format("{},{},{}\n", prefix, CsvField(plan.outputs[o]),
                         CsvNumber(r.outputs[o]));
    }
  }
  return out;
}

}  // namespace kardashev::sweep
