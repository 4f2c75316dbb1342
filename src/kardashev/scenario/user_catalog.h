// A scenario's own catalog entries. A scenario may declare [[gpu]], [[node]],
// [[fabric]], [[model]], [[efficiency]], [[gemm_efficiency]],
// [[inference_efficiency]] and [[recovery]] entries, with the keys of
// data/catalog/*.toml; it may name catalog files in that format
// (`[scenario] catalog = [...]`, relative to the file that names them); and
// the command line may add more (LoadOptions::catalog_files, relative to the
// working directory). They extend the built-in catalog in that order (files
// the scenario names, command-line files, then the scenario's entries), read
// by the catalog's own readers (catalog::Catalog::Extend).
//
// Every problem is a ScenarioError at the offending place: a malformed entry
// (its file, line, column and key), a file that cannot be read, or a name
// that a built-in or another user entry already has (naming both places). The
// catalog is the same for every variant: neither a variant's `set` nor --set
// may change a catalog entry or `scenario.catalog`.
#ifndef KARDASHEV_SCENARIO_USER_CATALOG_H_
#define KARDASHEV_SCENARIO_USER_CATALOG_H_

#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/scenario/document.h"
#include "kardashev/scenario/overrides.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/scenario/schema.h"

namespace kardashev::scenario {

// `base` extended with the user entries of `doc` (a scenario with its
// includes merged) and the files it and `options` name; the catalog tables are
// taken out of `doc`. Throws ScenarioError.
catalog::Catalog TakeUserCatalog(Value& doc, const LoadOptions& options,
                                 const catalog::Catalog& base);

// Throws a ScenarioError when `o` would change the catalog: a path into a
// catalog table, or `scenario.catalog`.
void RejectCatalogOverride(const Schema& schema, const Override& o);

// The schema's declarations of the catalog tables a scenario may hold (their
// keys are those of data/catalog/*.toml, checked by the catalog's readers).
std::vector<SectionDecl> CatalogEntrySections();

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_USER_CATALOG_H_
