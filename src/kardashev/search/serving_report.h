// How `kardashev search serving` prints a search: a text table of the best
// serving configurations (GPU, plan, scheduler, capacity within the SLO, p99
// latencies at capacity, goodput per GPU and per dollar), or the same as JSON.
// Both are functions of the search's configurations and counts only, so the
// same scenario gives byte-identical output; the wall time is a separate line
// (ServingTimingLine) for stderr.
#ifndef KARDASHEV_SEARCH_SERVING_REPORT_H_
#define KARDASHEV_SEARCH_SERVING_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "kardashev/search/serving_search.h"

namespace kardashev::search {

// `space` names the GPUs of the result's candidates.
std::string ServingSearchText(const ServingSearchResult& result,
                              const ServingSpace& space);

nlohmann::json ServingSearchJson(const ServingSearchResult& result,
                                 const ServingSpace& space);

// "searched N configurations (M simulated) in X s (Y configurations/s)",
// without a newline.
std::string ServingTimingLine(const ServingSearchResult& result);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_SERVING_REPORT_H_
