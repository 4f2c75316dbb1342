// The sources table (data/figures.csv) and the validation cases
// (data/validation/*.toml), compiled into the library at build time, so that
// `kardashev validate` runs wherever the binary is copied.
#ifndef KARDASHEV_VALIDATE_EMBEDDED_H_
#define KARDASHEV_VALIDATE_EMBEDDED_H_

#include <vector>

#include "kardashev/catalog/embedded.h"

namespace kardashev::validate {

// data/figures.csv and every data/validation/*.toml, sorted by path.
std::vector<catalog::EmbeddedFile> EmbeddedValidationFiles();

}  // namespace kardashev::validate

#endif  // KARDASHEV_VALIDATE_EMBEDDED_H_
