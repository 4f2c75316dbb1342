// An output path names one figure of a variant's summary.json object, as a
// sweep collects it: dotted keys, with an array entry chosen by its index or
// by its name, e.g. "economics.npv_usd", "leases[0].availability",
// "training[frontier].ettr". A path must name a key that docs/outputs.md
// declares (checked when the sweep file is read) and, in a run's summary, a
// number, a boolean (1 or 0) or null (NaN).
#ifndef KARDASHEV_SWEEP_OUTPUT_PATH_H_
#define KARDASHEV_SWEEP_OUTPUT_PATH_H_

#include <nlohmann/json.hpp>
#include <string>

namespace kardashev::sweep {

// "" when `path` is well formed and declared by report/output_reference.h,
// else what is wrong with it.
std::string CheckOutputPath(const std::string& path);

// The figure `path` names in `variant` (one entry of summary.json's
// "variants"). Sets `value` and returns "" when found, else returns what is
// missing.
std::string LookupOutput(const nlohmann::ordered_json& variant,
                         const std::string& path, double& value);

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_OUTPUT_PATH_H_
