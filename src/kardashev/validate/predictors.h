// The predictors behind validate/validation.h, one per kind of case. Each
// returns nothing when `kind` is not one of its own. Internal to validate/.
#ifndef KARDASHEV_VALIDATE_PREDICTORS_H_
#define KARDASHEV_VALIDATE_PREDICTORS_H_

#include <optional>
#include <string>
#include <utility>

#include "kardashev/catalog/catalog.h"
#include "kardashev/perf/training_step.h"
#include "kardashev/validate/case_reader.h"

namespace kardashev::validate::internal {

struct Prediction {
  Prediction() = default;
  Prediction(double v, std::string a, std::string u)
      : value(v), area(std::move(a)), unit(std::move(u)) {}
  double value = 0;
  std::string area;
  std::string unit;
  std::string note;  // what the reader should know, e.g. a memory misfit
};

// The precision a case's `key` names (bf16, fp8 or fp4), `fallback` when
// absent.
perf::Precision PrecisionOf(const CaseReader& c, std::string_view key,
                            const char* fallback);

// "gemm", "attention", "collective".
std::optional<Prediction> PredictKernel(const std::string& kind,
                                        const CaseReader& c,
                                        const catalog::Catalog& catalog);
// "training".
std::optional<Prediction> PredictTraining(const std::string& kind,
                                          const CaseReader& c,
                                          const catalog::Catalog& catalog);
// "serving-offline", "serving-server", "serving-latency",
// "serving-iteration".
std::optional<Prediction> PredictServing(const std::string& kind,
                                         const CaseReader& c,
                                         const catalog::Catalog& catalog);

}  // namespace kardashev::validate::internal

#endif  // KARDASHEV_VALIDATE_PREDICTORS_H_
