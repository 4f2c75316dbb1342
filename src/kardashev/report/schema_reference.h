// The scenario file reference: every key the scenario schema declares
// (scenario/schema.h), with its type, unit, default, allowed values and
// meaning, as Markdown (docs/scenario-reference.md, which a test keeps equal
// to this output) or as plain text for a terminal (`kardashev schema`). A pure
// function of the Schema.
#ifndef KARDASHEV_REPORT_SCHEMA_REFERENCE_H_
#define KARDASHEV_REPORT_SCHEMA_REFERENCE_H_

#include <string>

#include "kardashev/scenario/schema.h"

namespace kardashev::report {

// The reference as Markdown, every section with a table of its keys.
std::string SchemaMarkdown(const scenario::Schema& schema);

// The reference as plain text for a terminal.
std::string SchemaText(const scenario::Schema& schema);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_SCHEMA_REFERENCE_H_
