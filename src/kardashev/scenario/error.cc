#include "kardashev/scenario/error.h"

#include <fmt/format.h>

namespace kardashev::scenario {

std::string Location::ToString() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

namespace {
std::string Compose(const Location& where, const std::string& key,
                    const std::string& what) {
  if (key.empty()) return fmt::format("{}: error: {}", where.ToString(), what);
  return fmt::format("{}: error: key '{}': {}", where.ToString(), key, what);
}
}  // namespace

ScenarioError::ScenarioError(Location where, std::string key,
                             const std::string& what)
    : std::runtime_error(Compose(where, key, what)),
      where_(std::move(where)),
      key_(std::move(key)) {}

}  // namespace kardashev::scenario
