// A sweep's results as people and programs read them, all from the rows of
// its results file (ordered by point and replication), so they are the same
// however many workers computed them and however many runs it took:
//  - SummaryTable: per point, the parameters and each output's mean +- the
//    half-width of its 95% Student-t interval over the replications;
//  - SweepJson (sweep.json): per point, the parameters and per output the
//    mean, ci95 half-width (null with one replication) and the values;
//  - TidyCsv: one row per point x replication x output.
// Numbers in sweep.json and the CSV are written in the shortest form that
// reads back to the same double.
#ifndef KARDASHEV_SWEEP_SWEEP_REPORT_H_
#define KARDASHEV_SWEEP_SWEEP_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kardashev/sweep/results_store.h"
#include "kardashev/sweep/sweep_plan.h"

namespace kardashev::sweep {

std::string SummaryTable(const SweepPlan& plan,
                         const std::vector<ResultRow>& rows);

nlohmann::ordered_json SweepJson(const SweepPlan& plan,
                                 const std::vector<ResultRow>& rows);

// Columns: point, replication, seed, one per parameter, output, value.
std::string TidyCsv(const SweepPlan& plan, const std::vector<ResultRow>& rows);

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_SWEEP_REPORT_H_
