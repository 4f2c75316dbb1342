// The invariants every Results must satisfy, checked after every run: a
// number that breaks one is physically impossible or computed by two rules
// that disagree, and no such number may be printed. A debug build's Run()
// throws on one at once; in every build the CLI refuses to write results that
// break one (exit 1), a sweep fails the point, and the fuzz targets report
// the input.
//
// The invariants, each with a name used in its messages:
//   time-shares        a training job's time shares (training/job.h
//                      TimeSharesOf) sum to 1
//   gpu-hours          per cluster, active + stalled + unpowered + spare +
//                      provisioning + down GPU-hours = GPUs x horizon; per
//                      growth site and month, every state sums to installed
//   energy             a site's IT energy is at least its powered nodes'
//                      idle floor: active, stalled and provisioning GPU-hours
//                      at idle power (shed and cold spare nodes draw none)
//   checkpoint         a checkpoint takes at least the bytes it moves over
//                      the bandwidth that moves them
//   roofline           a serving deployment's capacity stays under its bound,
//                      and its FLOPs per second per GPU, at capacity and at
//                      the replayed load, under the GPU's highest dense peak
//                      (matrix-multiply FLOPs of the prompt tokens computed
//                      and of every output token, LM head included)
//   money              revenue - opex - depreciation = profit; operating cash
//                      flow = revenue - opex; cash flow = that - capex; the
//                      ledger's cash flows, energy and credits sum to the
//                      totals; the growth level's months sum to its totals
//   finite             every number of summary.json is finite, and those that
//                      count or measure (GPU-hours, energy, tokens, requests,
//                      capex, failures) are not negative
#ifndef KARDASHEV_REPORT_INVARIANTS_H_
#define KARDASHEV_REPORT_INVARIANTS_H_

#include <map>
#include <string>
#include <vector>

#include "kardashev/report/results.h"

namespace kardashev::report {

struct InvariantReport {
  std::map<std::string, int> checks;    // by invariant: values checked
  std::vector<std::string> violations;  // "invariant: what broke, where"
  bool ok() const { return violations.empty(); }
  int total() const;
};

// Checks every invariant on `r` (a filled Results: FillDerivedFigures done).
InvariantReport CheckInvariants(const Results& r);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_INVARIANTS_H_
