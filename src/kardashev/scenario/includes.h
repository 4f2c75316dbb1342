// Includes: a scenario file may name other files (`include = [...]`, relative
// to it) that are merged under it, recursively. A file that includes itself,
// directly or not, is a ScenarioError pointing at the include, and so are
// includes nested more than kMaxIncludeDepth files deep (the top-level file
// counts as one). Each included file obeys the limits of ParseTomlFile.
#ifndef KARDASHEV_SCENARIO_INCLUDES_H_
#define KARDASHEV_SCENARIO_INCLUDES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "kardashev/scenario/document.h"

namespace kardashev::scenario {

inline constexpr std::size_t kMaxIncludeDepth = 16;

// Reads `path` with its includes merged under it. `from` is where the file
// was named (an empty Location for the top-level file); `stack` holds the
// files being read, outermost first, for finding cycles.
Value LoadWithIncludes(const std::string& path, const Location& from,
                       std::vector<std::string>& stack);

// `doc`, read from `path` (a file, or a name such as "<dict>" for text that
// came from elsewhere, whose includes resolve against the working directory),
// with its includes merged under it. `stack` as for LoadWithIncludes.
Value MergeIncludes(Value doc, const std::string& path,
                    std::vector<std::string>& stack);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_INCLUDES_H_
