// A catalog Entry is one [[gpu]], [[node]], [[model]], ... table as the
// catalog reads it, whatever file it was written in: a data/catalog/*.toml
// file compiled into the binary, a user's catalog file, or a scenario. Each
// value keeps the file, line and column it came from, so that every problem
// with an entry is a CatalogError that names its place, the entry, the key and
// what was expected.
//
// EntryReader reads the keys of one entry strictly: a key read must be present
// (unless read as optional) with the right type and range, and Finish() refuses
// any key that was not read. The per-kind readers (readers.h) are the one list
// of each kind's keys, whichever file the entry came from.
#ifndef KARDASHEV_CATALOG_ENTRY_H_
#define KARDASHEV_CATALOG_ENTRY_H_

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kardashev::catalog {

// Where a catalog value was written; line 0 when only the file is known.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;

  std::string ToString() const;  // "file:line:column", or "file"
};

// One value of an entry: a string, an integer, a float or a boolean; any
// other TOML value (an array, a table, a date) is kOther and refused by every
// read, its `type_name` saying what it was.
struct EntryValue {
  enum class Kind { kString, kInteger, kFloat, kBoolean, kOther };
  Kind kind = Kind::kOther;
  std::string text;
  std::int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  std::string type_name;  // "a string", "an array", ... for messages
  SourcePos where;
};

struct Entry {
  std::string table;                                     // "gpu", "node", ...
  SourcePos where;                                       // of the table itself
  std::vector<std::pair<std::string, EntryValue>> keys;  // in file order

  const EntryValue* Find(std::string_view key) const;
  // The `name` string, or "" when it is absent or not a string.
  std::string Name() const;
};

// A catalog could not be read as the catalog expects. An error about one
// entry carries its place, table, entry name (when known), key (when one is
// at fault) and the problem; what() composes them as "file:line:column:
// [[table]] "name": key 'k': problem".
class CatalogError : public std::runtime_error {
 public:
  explicit CatalogError(const std::string& what);
  CatalogError(SourcePos where, std::string table, std::string entry,
               std::string key, std::string problem);

  const SourcePos& where() const { return where_; }
  const std::string& table() const { return table_; }
  const std::string& entry() const { return entry_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  SourcePos where_;
  std::string table_;
  std::string entry_;
  std::string key_;
  std::string problem_;
};

// Integers of a catalog entry are at most this, so that they fit an int with
// room for the products models form of them.
inline constexpr std::int64_t kMaxCatalogInt = 1'000'000'000;

class EntryReader {
 public:
  explicit EntryReader(const Entry& entry)
      : entry_(entry), name_(entry.Name()) {}

  std::string String(std::string_view key);
  std::string OptionalString(std::string_view key);
  bool Bool(std::string_view key);
  // An integer in [min_value, kMaxCatalogInt].
  int Int(std::string_view key, int min_value);
  int OptionalInt(std::string_view key, int min_value);  // absent: 0
  // A finite number >= min_value (and <= max_value).
  double Number(std::string_view key, double min_value,
                double max_value = std::numeric_limits<double>::max());
  double OptionalNumber(std::string_view key, double min_value, double absent);
  // A string that must be one of `choices`.
  std::string Choice(std::string_view key,
                     std::initializer_list<std::string_view> choices);
  // Refuses any key not read.
  void Finish() const;

  // A problem with the value of `key` (or the entry, when `key` is empty).
  [[noreturn]] void Fail(std::string_view key, std::string problem) const;

 private:
  const EntryValue& Require(std::string_view key);
  [[noreturn]] void Expected(const EntryValue& v, std::string_view key,
                             std::string_view expected) const;

  const Entry& entry_;
  std::string name_;
  std::set<std::string, std::less<>> used_;
};

// The entries of a catalog file's text, in file order. `path` names the file
// in places. Every top-level key must be an array of tables. Throws
// CatalogError on a syntax error or another shape.
std::vector<Entry> ParseCatalogText(std::string_view text,
                                    std::string_view path);

}  // namespace kardashev::catalog

#endif  // KARDASHEV_CATALOG_ENTRY_H_
