// How `kardashev search training` prints a search: a text table of the best
// plans with their step-time breakdown, memory, MFU, tokens/s, ETTR and
// goodput, or the same as JSON. Both are functions of the search's plans and
// counts only, so the same scenario gives byte-identical output; the wall time
// of the search is a separate line (SearchTimingLine) for stderr.
#ifndef KARDASHEV_SEARCH_PLAN_REPORT_H_
#define KARDASHEV_SEARCH_PLAN_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "kardashev/search/training_plan_search.h"

namespace kardashev::search {

std::string SearchText(const SearchResult& result);

nlohmann::json SearchJson(const SearchResult& result);

// "searched N plans in X s (Y plans/s)", without a newline.
std::string SearchTimingLine(const SearchResult& result);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_PLAN_REPORT_H_
