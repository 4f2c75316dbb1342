// Reading one validation case (a [[case]] table of data/validation/*.toml):
// typed keys with defaults, and errors that name the file, the line, the
// figure and the key. Internal to validate/.
#ifndef KARDASHEV_VALIDATE_CASE_READER_H_
#define KARDASHEV_VALIDATE_CASE_READER_H_

#include <fmt/format.h>
#include <toml++/toml.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "kardashev/catalog/catalog.h"

namespace kardashev::validate::internal {

class CaseReader {
 public:
  CaseReader(const toml::table& table, std::string file)
      : table_(table), file_(std::move(file)) {}

  [[noreturn]] void Fail(std::string_view key, std::string_view what) const {
    const auto* node = table_.get(key);
    const auto& at = node != nullptr ? node->source() : table_.source();
    throw std::invalid_argument(
        fmt::format("{}:{}: case {}: {}: {}", file_, at.begin.line,
                    table_.get("figure") != nullptr
                        ? table_["figure"].value_or(std::string("?"))
                        : std::string("?"),
                    key, what));
  }

  double Num(std::string_view key) const {
    if (auto v = table_[key].value<double>()) return *v;
    Fail(key, "expected a number");
  }
  double Num(std::string_view key, double fallback) const {
    return table_.contains(key) ? Num(key) : fallback;
  }
  int Int(std::string_view key, int fallback) const {
    if (!table_.contains(key)) return fallback;
    if (auto v = table_[key].value<std::int64_t>()) return static_cast<int>(*v);
    Fail(key, "expected an integer");
  }
  int Int(std::string_view key) const {
    if (!table_.contains(key)) Fail(key, "missing");
    return Int(key, 0);
  }
  std::string Str(std::string_view key) const {
    if (auto v = table_[key].value<std::string>()) return *v;
    Fail(key, "expected a string");
  }
  std::string Str(std::string_view key, std::string fallback) const {
    return table_.contains(key) ? Str(key) : fallback;
  }
  bool Bool(std::string_view key, bool fallback) const {
    if (!table_.contains(key)) return fallback;
    if (auto v = table_[key].value<bool>()) return *v;
    Fail(key, "expected true or false");
  }

  // The catalog entry a key names, or an error listing the key.
  template <typename T>
  const T& Entry(std::string_view key, const T* found) const {
    if (found == nullptr) Fail(key, "no such catalog entry");
    return *found;
  }

 private:
  const toml::table& table_;
  std::string file_;
};

}  // namespace kardashev::validate::internal

#endif  // KARDASHEV_VALIDATE_CASE_READER_H_
