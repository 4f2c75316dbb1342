// A SweepFile is a parsed sweep definition (docs/sweep-reference.md): which
// scenario to run, which keys to vary along which axes, which keys derive
// from them, how many replications (seeds) per point, and which summary.json
// figures to collect. ParseSweepFile reads it strictly: a TOML error, an
// unknown key, a wrong type, a value out of range, an axis that is neither a
// list, a range nor a random draw, an expression that does not parse or names
// nothing, or an output that summary.json does not declare is one
// ScenarioError naming the sweep file, line, column and key. The points
// themselves are expanded by sweep/points.h.
#ifndef KARDASHEV_SWEEP_SWEEP_FILE_H_
#define KARDASHEV_SWEEP_SWEEP_FILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kardashev/scenario/document.h"
#include "kardashev/scenario/error.h"
#include "kardashev/sweep/expression.h"

namespace kardashev::sweep {

using scenario::Location;

// At most this many points (axis values crossed, times samples) and tasks, so
// that a typo cannot ask for a run that never ends or a table that never fits.
inline constexpr std::size_t kMaxPoints = 1'000'000;
inline constexpr std::int64_t kMaxReplications = 10'000;

enum class AxisKind { kList, kRange, kRandom };
enum class Scale { kLinear, kLog };
enum class Sampling { kUniform, kLogUniform, kLatinHypercube };

struct Axis {
  std::string key;    // the scenario key it sets, or "" for a named-only axis
  std::string name;   // how expressions and tables call it: `name`, else `key`
  Location location;  // of its `key` (or `name`)
  AxisKind kind = AxisKind::kList;
  std::vector<double> values;  // kList
  double from = 0;             // kRange and kRandom
  double to = 0;
  int steps = 0;  // kRange
  Scale scale = Scale::kLinear;
  Sampling sampling = Sampling::kUniform;  // kRandom
};

struct Derived {
  std::string key;    // the scenario key it sets
  Location location;  // of its `expr`
  std::string expr_text;
  Expression expr;
};

struct Output {
  std::string path;  // into a variant's summary.json object
  Location location;
};

struct SweepFile {
  std::string file;  // as given
  std::string name;
  std::string scenario;  // resolved against the sweep file's directory
  Location scenario_location;
  std::optional<std::string> variant;
  int replications = 1;
  std::optional<std::uint64_t> seed;
  std::vector<Output> outputs;
  std::vector<Axis> axes;  // in the file's order
  int samples = 0;         // joint random draws; 0 when no axis is random
  Location samples_location;
  std::vector<Derived> derived;
  // The definition without comments, layout or key order, for the results
  // file's hash: equal for files that mean the same.
  std::string canonical;
};

// Reads and checks the sweep file at `path`. Throws ScenarioError.
SweepFile ParseSweepFile(const std::string& path);

// The same, from text; `path` names it in messages and anchors the scenario.
SweepFile ParseSweepText(const std::string& text, const std::string& path);

// A document with sorted keys and no locations, as compact JSON text.
std::string CanonicalText(const scenario::Value& value);

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_SWEEP_FILE_H_
