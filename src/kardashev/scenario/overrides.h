// Overrides: "section.NAME.key" = value pairs, from a variant's `set` table or
// a --set flag, applied to a document before it is read. An override can set
// any declared key of an existing [[section]] entry (by name or index) or of a
// [section] table; a path that names nothing is a ScenarioError.
#ifndef KARDASHEV_SCENARIO_OVERRIDES_H_
#define KARDASHEV_SCENARIO_OVERRIDES_H_

#include <string>
#include <vector>

#include "kardashev/scenario/document.h"
#include "kardashev/scenario/schema.h"

namespace kardashev::scenario {

struct Override {
  std::string path;  // "section.NAME.key" or "section.key"
  Value value;
};

// The overrides of a (possibly nested) table of them, as dotted paths, in
// order.
void Flatten(const Value& table, const std::string& prefix,
             std::vector<Override>& out);

// Sets the key `o.path` names in `doc`. Throws ScenarioError.
void ApplyOverride(const Schema& schema, Value& doc, const Override& o);

// Parses one --set flag, "key.path=value". Throws ScenarioError.
Override ParseSetFlag(const std::string& flag);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_OVERRIDES_H_
