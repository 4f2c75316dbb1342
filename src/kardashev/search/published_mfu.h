// The best model FLOP/s per GPU that large training runs have published, by
// class (GPU generation, precision of the matrix multiplies, dense or
// mixture-of-experts), so that `kardashev search training` can flag a plan its
// model predicts above anything measured in that class. A flag is a warning
// about the model, not a refusal: the step model is calibrated on a few
// runs, and a plan above every published figure is where it is least
// trustworthy.
//
// Figures are model TFLOP/s per GPU (6 N D style counting, no recomputation)
// as each run reported them, with the MFU they mean against the class's
// dense peak.
#ifndef KARDASHEV_SEARCH_PUBLISHED_MFU_H_
#define KARDASHEV_SEARCH_PUBLISHED_MFU_H_

#include <optional>
#include <string_view>

#include "kardashev/perf/training_step.h"

namespace kardashev::search {

struct PublishedMfu {
  double tflops_per_gpu = 0;  // model TFLOP/s per GPU
  double mfu = 0;             // against the class's dense peak
  std::string_view run;       // what ran, on how many GPUs
  std::string_view source;    // where it was published
};

// The best published figure for training `moe` (or dense) models in
// `precision` on the GPU named `gpu` (catalog name); nullopt when no run of
// that class is known.
std::optional<PublishedMfu> BestPublishedMfu(std::string_view gpu,
                                             perf::Precision precision,
                                             bool moe);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_PUBLISHED_MFU_H_
