// The catalog's TOML files, compiled into the library from data/catalog/ at
// build time, so that a Kardashev binary carries its catalog wherever it is
// copied.
#ifndef KARDASHEV_CATALOG_EMBEDDED_H_
#define KARDASHEV_CATALOG_EMBEDDED_H_

#include <string_view>
#include <vector>

namespace kardashev::catalog {

struct EmbeddedFile {
  std::string_view path;  // e.g. "data/catalog/gpus.toml"
  std::string_view text;
};

// Every data/catalog/*.toml file, sorted by path.
std::vector<EmbeddedFile> EmbeddedCatalogFiles();

}  // namespace kardashev::catalog

#endif  // KARDASHEV_CATALOG_EMBEDDED_H_
