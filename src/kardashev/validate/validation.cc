#include "kardashev/validate/validation.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "kardashev/validate/case_reader.h"
#include "kardashev/validate/embedded.h"
#include "kardashev/validate/predictors.h"

namespace kardashev::validate {

using internal::CaseReader;
using internal::Prediction;

std::optional<AreaGoal> GoalOf(std::string_view area) {
  if (area == "training throughput" || area == "serving throughput") {
    return AreaGoal{0.08, 0.20};
  }
  if (area == "serving latency") return AreaGoal{0.15, 0.15};
  return std::nullopt;
}

std::vector<ValidationResult> RunValidation(
    const std::vector<catalog::EmbeddedFile>& files,
    const catalog::Catalog& catalog, const SourcesTable& sources) {
  std::vector<ValidationResult> results;
  for (const catalog::EmbeddedFile& file : files) {
    if (!file.path.ends_with(".toml")) continue;
    toml::table doc;
    try {
      doc = toml::parse(file.text, std::string(file.path));
    } catch (const toml::parse_error& e) {
      throw std::invalid_argument(fmt::format(
          "{}:{}: {}", file.path, e.source().begin.line, e.description()));
    }
    const toml::array* cases = doc["case"].as_array();
    if (cases == nullptr) continue;
    for (const toml::node& node : *cases) {
      const toml::table* table = node.as_table();
      if (table == nullptr) continue;
      const CaseReader c(*table, std::string(file.path));
      ValidationResult r;
      r.figure = c.Str("figure");
      const FigureRow* row = sources.Find(r.figure);
      if (row == nullptr) c.Fail("figure", "not in data/figures.csv");
      if (row->role == "input") {
        c.Fail("figure",
               "its role in data/figures.csv is input; a validated figure "
               "is calibrate or check");
      }
      r.role = row->role;
      r.label = c.Str("label");
      r.published = c.Num("published");
      if (!(r.published > 0)) c.Fail("published", "expected a positive number");
      const std::string kind = c.Str("kind");
      std::optional<Prediction> p = internal::PredictKernel(kind, c, catalog);
      if (!p) p = internal::PredictTraining(kind, c, catalog);
      if (!p) p = internal::PredictServing(kind, c, catalog);
      if (!p) {
        c.Fail("kind",
               "expected gemm, attention, collective, training, "
               "serving-offline, serving-server, serving-latency or "
               "serving-iteration");
      }
      if (!p->note.empty()) r.label += " [" + p->note + "]";
      r.predicted = p->value;
      r.area = p->area;
      r.unit = p->unit;
      results.push_back(std::move(r));
    }
  }
  return results;
}

std::vector<ValidationResult> RunEmbeddedValidation() {
  return RunValidation(EmbeddedValidationFiles(),
                       catalog::Catalog::LoadEmbedded(),
                       SourcesTable::LoadEmbedded());
}

std::vector<AreaSummary> Summarize(const std::vector<ValidationResult>& r) {
  std::vector<AreaSummary> out;
  for (std::string_view area : kAreas) {
    for (std::string_view role : {"check", "calibrate"}) {
      AreaSummary s;
      s.area = area;
      s.role = role;
      double sum = 0;
      for (const ValidationResult& v : r) {
        if (v.area != area || v.role != role) continue;
        const double e = std::fabs(v.error());
        sum += e;
        ++s.figures;
        if (e >= s.max_abs_error) {
          s.max_abs_error = e;
          s.worst = v.figure;
        }
      }
      if (s.figures == 0) continue;
      s.mean_abs_error = sum / s.figures;
      out.push_back(std::move(s));
    }
  }
  return out;
}

namespace {

std::string Percent(double x) { return fmt::format("{:.1f}%", 100 * x); }
std::string Signed(double x) { return fmt::format("{:+.1f}%", 100 * x); }

// A number with three significant figures, no exponent for everyday sizes.
std::string Figure(double x) {
  const double a = std::fabs(x);
  if (a >= 1000) return fmt::format("{:.0f}", x);
  if (a >= 100) return fmt::format("{:.1f}", x);
  if (a >= 10) return fmt::format("{:.2f}", x);
  if (a >= 0.01) return fmt::format("{:.3f}", x);
  return fmt::format("{:.3g}", x);
}

std::string GoalText(std::string_view area) {
  const auto goal = GoalOf(area);
  if (!goal) return "-";
  return fmt::format("mean <= {:.0f}%, max <= {:.0f}%",
                     100 * goal->mean_abs_error, 100 * goal->max_abs_error);
}

std::string Verdict(const AreaSummary& s) {
  const auto goal = GoalOf(s.area);
  if (!goal) return "-";
  return s.mean_abs_error <= goal->mean_abs_error &&
                 s.max_abs_error <= goal->max_abs_error
             ? "met"
             : "missed";
}

}  // namespace

std::string ValidationMarkdown(const std::vector<ValidationResult>& r,
                               const SourcesTable& sources) {
  const auto summary = Summarize(r);
  int checks = 0;
  for (const auto& v : r) checks += v.role == "check" ? 1 : 0;
  std::string out =
      "# Validation\n\n"
      "Generated by `make validate` (`kardashev validate --format markdown`) "
      "from the cases in `data/validation/*.toml` and the sources table "
      "`data/figures.csv`; a test fails when this file is stale. Each case "
      "predicts one published figure from its stated conditions. A figure's "
      "role says what it is for: `calibrate` figures set a model constant "
      "(kernel benchmarks, mostly), `check` figures are predicted with "
      "nothing fitted to them (end-to-end runs, mostly). The headline counts "
      "check figures only.\n\n";
  out += fmt::format("{} figures: {} checks, {} calibration points.\n\n",
                     r.size(), checks, r.size() - checks);
  out +=
      "## Headline: check figures\n\n"
      "| area | figures | mean abs error | max abs error | worst | goal | "
      "verdict |\n|---|---|---|---|---|---|---|\n";
  for (const auto& s : summary) {
    if (s.role != "check") continue;
    out +=
        fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", s.area, s.figures,
                    Percent(s.mean_abs_error), Percent(s.max_abs_error),
                    s.worst, GoalText(s.area), Verdict(s));
  }
  out +=
      "\n## Calibration figures\n\nHow closely the fitted constants "
      "reproduce the figures they were fitted on; this says how well the "
      "model's form fits, not how well it predicts.\n\n"
      "| area | figures | mean abs error | max abs error | worst |\n"
      "|---|---|---|---|---|\n";
  for (const auto& s : summary) {
    if (s.role != "calibrate") continue;
    out += fmt::format("| {} | {} | {} | {} | {} |\n", s.area, s.figures,
                       Percent(s.mean_abs_error), Percent(s.max_abs_error),
                       s.worst);
  }
  out +=
      "\n## Every figure\n\nSources, conditions and the published text of "
      "each id are in `data/figures.csv`.\n";
  for (std::string_view area : kAreas) {
    bool any = false;
    for (const auto& v : r) any = any || v.area == area;
    if (!any) continue;
    out += fmt::format(
        "\n### {}\n\n| id | role | case | unit | published | predicted | "
        "error | source |\n|---|---|---|---|---|---|---|---|\n",
        area);
    for (const auto& v : r) {
      if (v.area != area) continue;
      const FigureRow* row = sources.Find(v.figure);
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                         v.figure, v.role, v.label, v.unit, Figure(v.published),
                         Figure(v.predicted), Signed(v.error()),
                         row != nullptr ? row->source : "");
    }
  }
  return out;
}

std::string ValidationText(const std::vector<ValidationResult>& r) {
  std::string out;
  for (std::string_view area : kAreas) {
    bool any = false;
    for (const auto& v : r) any = any || v.area == area;
    if (!any) continue;
    out += fmt::format("{}\n", area);
    for (const auto& v : r) {
      if (v.area != area) continue;
      out += fmt::format("  {:<8} {:<9} {:<52} {:>10} {:>10} {:>7}  {}\n",
                         v.figure, v.role, v.label.substr(0, 52),
                         Figure(v.published), Figure(v.predicted),
                         Signed(v.error()), v.unit);
    }
  }
  out += "\nCheck figures (nothing fitted to them):\n";
  for (const auto& s : Summarize(r)) {
    if (s.role != "check") continue;
    out += fmt::format(
        "  {:<20} {:>3} figures  mean |error| {:>6}  max {:>6} ({})  goal "
        "{}: {}\n",
        s.area, s.figures, Percent(s.mean_abs_error), Percent(s.max_abs_error),
        s.worst, GoalText(s.area), Verdict(s));
  }
  out += "Calibration figures (constants fitted on them):\n";
  for (const auto& s : Summarize(r)) {
    if (s.role != "calibrate") continue;
    out += fmt::format(
        "  {:<20} {:>3} figures  mean |error| {:>6}  max {:>6} ({})\n", s.area,
        s.figures, Percent(s.mean_abs_error), Percent(s.max_abs_error),
        s.worst);
  }
  return out;
}

}  // namespace kardashev::validate
