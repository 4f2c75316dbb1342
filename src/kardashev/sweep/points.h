// The points of a sweep: every combination of its axes' values. Grid axes
// (lists and ranges) are crossed, the last axis varying fastest; random axes
// are drawn jointly, `samples` draws, and every grid combination is paired
// with every draw (the draw varying fastest of all). Draws
// come from the named stream (seed, "sweep-sample", axis index), never the
// clock, so the same file and seed give the same points. A Latin hypercube
// axis divides [from, to) into `samples` equal strata and puts exactly one
// draw in each, in an order shuffled by its own stream.
//
// Derived keys are evaluated per point, in the file's order, from the axis
// values, earlier derived keys and keys of the base scenario as written
// (includes merged, before variants and before the sweep's overrides).
#ifndef KARDASHEV_SWEEP_POINTS_H_
#define KARDASHEV_SWEEP_POINTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kardashev/scenario/document.h"
#include "kardashev/sweep/sweep_file.h"

namespace kardashev::sweep {

// The values of a list or range axis, in order: a range's `steps` values are
// evenly spaced from `from` to `to` inclusive, linearly or in logarithm.
// REQUIRES: axis.kind != AxisKind::kRandom.
std::vector<double> GridValues(const Axis& axis);

// The draws of each axis (empty for grid axes), `samples` for random ones.
std::vector<std::vector<double>> RandomDraws(const SweepFile& f,
                                             std::uint64_t seed);

// Every point's axis values, one per axis in the file's order.
std::vector<std::vector<double>> AxisPoints(const SweepFile& f,
                                            std::uint64_t seed);

// The numeric value of a scenario key path ("section.NAME.key" or
// "section.key") in `doc`, or its declared default. Throws ScenarioError at
// `where` when the path names no numeric key.
double BaseValue(const scenario::Value& doc, const std::string& path,
                 const Location& where);

// One point's parameters: its axis values followed by each derived key's
// value. Throws ScenarioError at the derived key when a value is not finite.
std::vector<double> PointParameters(const SweepFile& f,
                                    const std::vector<double>& axis_values,
                                    const scenario::Value& base);

// The --set flags of one point (axes with a key, then derived keys), each
// value written as its key's type wants: an integer key takes an integral
// value only. Throws ScenarioError at the axis or derived key otherwise.
std::vector<std::string> PointSets(const SweepFile& f,
                                   const std::vector<double>& parameters);

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_POINTS_H_
