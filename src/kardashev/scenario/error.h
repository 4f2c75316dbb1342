// ScenarioError: what is wrong with a scenario, and where. Every problem with a
// user's input (syntax, an unknown key, a wrong type, a value out of range, a
// name that refers to nothing) becomes one ScenarioError whose message names
// the file, line and column, the key, and what was expected. The CLI prints it
// and exits with status 2. A message never echoes a long value whole: values
// are cited as their first kMaxQuotedChars characters and their length.
#ifndef KARDASHEV_SCENARIO_ERROR_H_
#define KARDASHEV_SCENARIO_ERROR_H_

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kardashev::scenario {

// Where a value came from: a file position, or a command-line flag (line 0).
struct Location {
  std::string
      file;  // a path, or e.g. "--set" for an override on the command line
  int line = 0;
  int column = 0;

  std::string ToString() const;
};

// How much of a user's value a message cites.
inline constexpr std::size_t kMaxQuotedChars = 60;
// How much of a key path a message cites (names are the user's, and may be
// long).
inline constexpr std::size_t kMaxKeyChars = 200;

// `text` as a message cites it: whole when it has at most `max_chars`
// characters, else its first `max_chars` and "…(N characters)"; control
// characters become '?', so binary garbage prints as one line.
std::string Excerpt(std::string_view text,
                    std::size_t max_chars = kMaxQuotedChars);

class ScenarioError : public std::runtime_error {
 public:
  // `key` is the dotted path of the offending key (e.g. "lease.lab.gpus"), or
  // empty. The key and every double-quoted value in `what` are cut to an
  // Excerpt.
  ScenarioError(Location where, std::string key, const std::string& what);

  const Location& where() const { return where_; }
  const std::string& key() const { return key_; }

 private:
  Location where_;
  std::string key_;
};

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_ERROR_H_
