// The validation suite: every published figure a model can predict, run
// against the model, with calibration figures and check figures kept apart.
//
// Cases live in data/validation/*.toml, one [[case]] each: the figure's id in
// the sources table (data/figures.csv, whose role column says whether the
// figure calibrates a constant or checks a prediction), the kind of
// prediction (a GEMM, an attention kernel, a collective, a training step, a
// serving run), the published number and the conditions to predict it from.
// RunValidation predicts every case; Summarize gives, per area, the mean and
// the largest absolute relative error over the check figures and, apart, over
// the calibration figures. Deterministic: the same build gives the same table.
#ifndef KARDASHEV_VALIDATE_VALIDATION_H_
#define KARDASHEV_VALIDATE_VALIDATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/catalog/embedded.h"
#include "kardashev/validate/sources_table.h"

namespace kardashev::validate {

// Areas, in the order tables list them.
inline constexpr std::string_view kAreas[] = {
    "gemm",
    "attention",
    "collectives",
    "training throughput",
    "serving throughput",
    "serving latency",
};

struct ValidationResult {
  std::string figure;  // id in the sources table
  std::string role;    // "calibrate" or "check", from the sources table
  std::string area;    // one of kAreas
  std::string label;   // what the case is, in a few words
  std::string unit;    // of published and predicted
  double published = 0;
  double predicted = 0;
  double error() const { return predicted / published - 1; }
};

struct AreaSummary {
  std::string area;
  std::string role;
  int figures = 0;
  double mean_abs_error = 0;
  double max_abs_error = 0;
  std::string worst;  // the figure with the largest error
};

// The goal the check figures of an area are held to (empty where none is
// set): mean and largest absolute error.
struct AreaGoal {
  double mean_abs_error = 0;
  double max_abs_error = 0;
};
std::optional<AreaGoal> GoalOf(std::string_view area);

// Predicts every case of `files` (TOML texts of data/validation/*.toml).
// Throws std::invalid_argument naming the file, line, figure and key of a
// case that is malformed, names a figure missing from `sources`, or names a
// figure whose role is "input".
std::vector<ValidationResult> RunValidation(
    const std::vector<catalog::EmbeddedFile>& files,
    const catalog::Catalog& catalog, const SourcesTable& sources);

// The embedded cases and sources table on the embedded catalog.
std::vector<ValidationResult> RunEmbeddedValidation();

// Per area (kAreas order) and role (check first), the error statistics.
std::vector<AreaSummary> Summarize(const std::vector<ValidationResult>& r);

// docs/validation.md: the headline over check figures, the calibration fit,
// and every figure.
std::string ValidationMarkdown(const std::vector<ValidationResult>& r,
                               const SourcesTable& sources);
// The same, as plain text for a terminal.
std::string ValidationText(const std::vector<ValidationResult>& r);

}  // namespace kardashev::validate

#endif  // KARDASHEV_VALIDATE_VALIDATION_H_
