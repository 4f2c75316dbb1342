// The summary.json keys that `kardashev run --seeds` adds (SeedSummaryJsonKeys
// of output_reference.h), in the order report/seed_summary.cc writes them.
#include "kardashev/report/output_reference.h"
#include "kardashev/report/summary_key_blocks.h"

namespace kardashev::report {

std::vector<OutputKey> SeedSummaryJsonKeys() {
  using enum OutputKind;
  std::vector<OutputKey> out;
  summary_keys::Add(
      out, "",
      {
          {"seed", "-", kSetting, "The first seed, S."},
          {"seeds[]", "-", kSetting,
           "The seeds played, S to S+N-1; every variant is played on each."},
      });
  summary_keys::Add(
      out, "variants[].",
      {
          {"seed", "-", kSetting, "The first seed, S."},
          {"*", "as the key", kHorizonFigure,
           "Every number of the variant object: its mean over the seeds (an "
           "integer when every seed wrote one and the mean is whole). Text "
           "and true/false are the first seed's."},
          {"ci95", "as the key", kHorizonFigure,
           "An object of the variant object's shape, less `seed`: each "
           "number replaced by the half-width of its 95% interval over the "
           "seeds (Student t; 0 when every seed gives the same value)."},
          {"per_seed[]", "-", kLabel,
           "The variant object of each seed, in the order of `seeds`, exactly "
           "as `kardashev run --seed` of that seed writes it."},
      });
  summary_keys::Add(
      out, "differences[].",
      {
          {"base", "-", kLabel, "The variant subtracted."},
          {"variant", "-", kLabel, "The variant compared with the base."},
          {"figure", "-", kLabel,
           "The figure's path (see the paragraph above), e.g. "
           "`training[frontier].ettr`."},
          {"base_mean", "as the figure", kHorizonFigure,
           "The base variant's mean of the figure."},
          {"mean", "as the figure", kHorizonFigure,
           "Mean over the seeds of variant minus base, seed by seed."},
          {"low", "as the figure", kHorizonFigure,
           "Low end of the 95% interval of the paired difference."},
          {"high", "as the figure", kHorizonFigure,
           "High end of the 95% interval of the paired difference."},
          {"distinguishable", "-", kHorizonFigure,
           "true when the interval excludes 0: the difference is beyond "
           "noise at the 5% level (paired t-test)."},
      });
  return out;
}

}  // namespace kardashev::report
