// `kardashev search training` and `kardashev search serving`.
#include <fmt/format.h>

#include "cli.h"
#include "kardashev/search/plan_report.h"
#include "kardashev/search/serving_report.h"
#include "kardashev/search/serving_search.h"
#include "kardashev/search/training_plan_search.h"

namespace kardashev::cli {

// `search training`: the job's best plans by goodput. The search's wall time
// goes to stderr, so stdout is the same for the same scenario.
int CommandSearch(const RunFlags& flags, const std::string& job, int top,
                  const Catalog& catalog) {
  const auto scenarios = Load(flags, catalog);
  const auto result = search::SearchTrainingPlans(
      search::SearchJobOf(scenarios.front(), job), top);
  if (flags.format == "json") {
    fmt::print("{}\n", search::SearchJson(result).dump(2));
  } else {
    fmt::print("{}", search::SearchText(result));
  }
  if (!flags.quiet) {
    fmt::print(stderr, "{}\n", search::SearchTimingLine(result));
  }
  return kExitOk;
}

// `search serving`: the deployment's best serving configurations by goodput
// per GPU or per dollar. The wall time goes to stderr.
int CommandSearchServing(const RunFlags& flags, const std::string& deployment,
                         int top, const std::string& rank,
                         const Catalog& catalog) {
  Catalog merged;
  const auto scenarios = Load(flags, catalog, &merged);
  const auto input =
      search::ServingSearchInputOf(scenarios.front(), merged, deployment);
  search::ServingSearchOptions options;
  options.top = top;
  options.rank = rank == "per-dollar" ? search::ServingRank::kPerDollar
                                      : search::ServingRank::kPerGpu;
  const auto result = search::SearchServing(input, options);
  if (flags.format == "json") {
    fmt::print("{}\n", search::ServingSearchJson(result, input.space).dump(2));
  } else {
    fmt::print("{}", search::ServingSearchText(result, input.space));
  }
  if (!flags.quiet) {
    fmt::print(stderr, "{}\n", search::ServingTimingLine(result));
  }
  return kExitOk;
}

}  // namespace kardashev::cli
