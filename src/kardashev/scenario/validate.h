// Validation of a document against the schema: every key is declared, has its
// declared type, lies in its range or set of choices; required keys are
// present; [[section]] entries have valid, unique names. The first problem is
// thrown as a ScenarioError at the offending value. After this, the typed
// readers (reader.h) can read without checking types.
#ifndef KARDASHEV_SCENARIO_VALIDATE_H_
#define KARDASHEV_SCENARIO_VALIDATE_H_

#include <string>
#include <vector>

#include "kardashev/scenario/document.h"
#include "kardashev/scenario/schema.h"

namespace kardashev::scenario {

void ValidateDocument(const Schema& schema, const Value& doc);

// One warning per numeric value of a valid document that lies far outside its
// key's published band (KeyDecl::published_min/max): where it was written,
// the key, the value, the band and its source. A value equal to a default of
// 0 (a "not set" sentinel) is not warned about.
std::vector<std::string> PublishedBandWarnings(const Schema& schema,
                                               const Value& doc);

// Only the names of [[section]] entries, where present: run before variants'
// and --set overrides, which find entries by name, so that a bad name is
// reported as such rather than as an override naming nothing.
void ValidateNames(const Schema& schema, const Value& doc);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_VALIDATE_H_
