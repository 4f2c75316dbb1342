// The serving stage of evaluation: each [[serving]] deployment simulated at
// iteration level over its requests (its replay or synthetic arrivals), its
// capacity from prepare/, its cost by the one GPU-hour rule, and the facts
// the roofline invariant needs; then each [[demand]] planned on that
// capacity (serving/demand.h), with the GPUs a lease delivered when it names
// one. A demand no replica can serve within its SLO is reported with zero
// capacity (run.h RunWarnings says why).
#ifndef KARDASHEV_EVALUATE_SERVING_EVALUATION_H_
#define KARDASHEV_EVALUATE_SERVING_EVALUATION_H_

#include "kardashev/prepare/prepare.h"
#include "kardashev/report/results.h"

namespace kardashev::evaluate {

// Fills r.serving and r.demand. REQUIRES: r.leases is filled. `record`: keep
// every served request (requests.csv).
void EvaluateServing(const prepare::Prepared& prepared, bool record,
                     report::Results& r);

}  // namespace kardashev::evaluate

#endif  // KARDASHEV_EVALUATE_SERVING_EVALUATION_H_
