// `kardashev validate`: every published figure of data/validation/*.toml,
// predicted by the models, with the errors over check and calibration figures
// apart.
#include <fmt/format.h>

#include "cli.h"
#include "kardashev/validate/validation.h"

namespace kardashev::cli {

int CommandValidate(const std::string& format) {
  const auto sources = validate::SourcesTable::LoadEmbedded();
  const auto results = validate::RunEmbeddedValidation();
  fmt::print("{}", format == "markdown"
                       ? validate::ValidationMarkdown(results, sources)
                       : validate::ValidationText(results));
  return kExitOk;
}

}  // namespace kardashev::cli
