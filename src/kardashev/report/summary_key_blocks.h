// Blocks of the summary.json key declarations (report/summary_keys.cc), in
// files of their own where a block is large: each appends the keys of one
// part of the variant object, in the order summary_json.cc writes them.
#ifndef KARDASHEV_REPORT_SUMMARY_KEY_BLOCKS_H_
#define KARDASHEV_REPORT_SUMMARY_KEY_BLOCKS_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/report/output_reference.h"

namespace kardashev::report::summary_keys {

// One key below a prefix: the path is completed by Add().
struct Key {
  std::string_view name;
  std::string_view unit;
  OutputKind kind;
  std::string_view meaning;
};

inline void Add(std::vector<OutputKey>& out, std::string_view prefix,
                std::initializer_list<Key> keys) {
  for (const Key& k : keys) {
    out.push_back(
        {std::string(prefix) + std::string(k.name), k.unit, k.kind, k.meaning});
  }
}

// The training jobs' outcomes, and their step-time breakdown.
void AddTraining(std::vector<OutputKey>& out);
void AddTrainingStep(std::vector<OutputKey>& out);

// The growth level's object (summary_keys_growth.cc).
void AddGrowth(std::vector<OutputKey>& out);

}  // namespace kardashev::report::summary_keys

#endif  // KARDASHEV_REPORT_SUMMARY_KEY_BLOCKS_H_
