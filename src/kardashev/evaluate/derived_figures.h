// The last step of evaluation: every derived figure of a Results computed
// once from its outcomes (costs per million tokens, carbon, the shed share,
// lease availability, totals), so that the writers (report/) only format.
#ifndef KARDASHEV_EVALUATE_DERIVED_FIGURES_H_
#define KARDASHEV_EVALUATE_DERIVED_FIGURES_H_

#include "kardashev/report/results.h"

namespace kardashev::evaluate {

// Computes the fields of `r` that results.h marks derived. Call once, after
// the outcomes are filled; calling again recomputes the same values.
void FillDerivedFigures(report::Results& r);

}  // namespace kardashev::evaluate

#endif  // KARDASHEV_EVALUATE_DERIVED_FIGURES_H_
