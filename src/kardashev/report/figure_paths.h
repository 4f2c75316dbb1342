// The figures of a summary.json variant object: every number leaf, named by a
// stable path. Object keys are joined by "."; an array entry is written
// "[NAME]" when every entry of its array is an object with a distinct string
// "name", and "[INDEX]" (from 0) otherwise: `fleet.energy_mwh`,
// `training[frontier].ettr`, `economics.ledger[3].revenue_usd`. The variant's
// top-level `seed` is not a figure; booleans and text are not figures.
//
// What it promises: leaves are visited in the order the object holds them, so
// the same object always gives the same paths in the same order; each leaf
// also carries its JSON pointer, to write a value back in place.
#ifndef KARDASHEV_REPORT_FIGURE_PATHS_H_
#define KARDASHEV_REPORT_FIGURE_PATHS_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace kardashev::report {

// Called once per number leaf with its readable path, its JSON pointer and
// the leaf itself.
using FigureVisitor =
    std::function<void(const std::string& path, const std::string& pointer,
                       const nlohmann::ordered_json& leaf)>;

// Visits every figure of `variant` (a VariantJson object or a per-seed entry).
void ForEachFigure(const nlohmann::ordered_json& variant,
                   const FigureVisitor& visit);

// True when a path names an array entry by its index somewhere
// ("economics.ledger[3].revenue_usd": a month of the ledger), which texts
// count rather than list.
bool InIndexedEntry(const std::string& path);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_FIGURE_PATHS_H_
