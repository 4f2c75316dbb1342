// summary.json: the stable, machine-read record of one scenario's run (DESIGN
// section 3). Always {"scenario", "seed", "horizon_s", "variants": [...]}, with
// one object per variant in the scenario's order; a scenario without variants
// has one, named "base". Times in seconds, money in USD, energy in MWh. Every
// key is documented in docs/outputs.md (report/output_reference.h). The writer
// only formats: every figure comes from Results, so identical Results give
// byte-identical JSON.
#ifndef KARDASHEV_REPORT_SUMMARY_JSON_H_
#define KARDASHEV_REPORT_SUMMARY_JSON_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

// summary.json for the variants of one scenario. REQUIRES: !results.empty(),
// and FillDerivedFigures() has been called on each.
nlohmann::ordered_json SummaryJson(const std::vector<Results>& results);

// The object of one variant, as it appears in "variants".
nlohmann::ordered_json VariantJson(const Results& r);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_SUMMARY_JSON_H_
