// A Document is a parsed scenario file as a tree of values, each carrying the
// place it came from (file, line, column, or a --set flag). It is the layer
// between TOML text and the typed Scenario: includes are merged and overrides
// applied here, and every later error can still point at the line a user wrote.
//
// Limits, so that a hostile file gets one error rather than a crash, a hang or
// unbounded memory: a scenario file must be a regular file of at most
// kMaxScenarioFileBytes (16 MiB), checked before it is read (io/input_file.h);
// values nest at most kMaxNestingDepth (32) levels deep (tables, arrays and
// dotted key parts together), checked without recursing deeper than that.
#ifndef KARDASHEV_SCENARIO_DOCUMENT_H_
#define KARDASHEV_SCENARIO_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/scenario/error.h"

namespace kardashev::scenario {

struct KeyValue;

inline constexpr std::uint64_t kMaxScenarioFileBytes = 16ull << 20;
inline constexpr int kMaxNestingDepth = 32;

struct Value {
  enum class Kind {
    kTable,
    kArray,
    kString,
    kInteger,
    kFloat,
    kBoolean,
    kOther
  };

  Kind kind = Kind::kTable;
  Location location;
  std::string string_value;
  std::int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
  std::vector<Value> items;    // kArray
  std::vector<KeyValue> keys;  // kTable, in key order

  bool is_table() const { return kind == Kind::kTable; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_number() const {
    return kind == Kind::kInteger || kind == Kind::kFloat;
  }
  double number() const {
    return kind == Kind::kInteger ? static_cast<double>(int_value)
                                  : float_value;
  }

  // Table lookup; nullptr when absent or not a table.
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);

  // Sets `key` of a table, replacing any value there.
  void Set(const std::string& key, Value value);

  // The name of a value's type as a user reads it: "a string", "an integer", "a
  // table", ...
  std::string TypeName() const;
};

// One key of a table and its value (named like std::pair's members, for
// structured bindings).
struct KeyValue {
  std::string first;
  Value second;
};

// Parses TOML text. `path` names the source in locations. Throws ScenarioError
// on a syntax error or nesting deeper than kMaxNestingDepth, pointing at it.
Value ParseToml(std::string_view text, const std::string& path);

// Reads and parses a file. Throws ScenarioError if it cannot be read (see
// io::InputFileProblem) or parsed; `from` is where the file was named (an
// include), or an empty Location for the top-level file.
Value ParseTomlFile(const std::string& path, const Location& from);

// Parses one --set value: a TOML value ("12", "1.5", "true", "\"text\"", "[1,
// 2]"), or, when it is not one, the text itself as a string.
Value ParseOverrideValue(std::string_view text, const Location& where);

// Merges `overlay` into `base`: tables merge key by key, arrays of tables merge
// element by element where both have the same `name` (others are appended),
// anything else is replaced.
void Merge(Value& base, Value overlay);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_DOCUMENT_H_
