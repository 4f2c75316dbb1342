// ScenarioError: what is wrong with a scenario, and where. Every problem with a
// user's input (syntax, an unknown key, a wrong type, a value out of range, a
// name that refers to nothing) becomes one ScenarioError whose message names
// the file, line and column, the key, and what was expected. The CLI prints it
// and exits with status 2.
#ifndef KARDASHEV_SCENARIO_ERROR_H_
#define KARDASHEV_SCENARIO_ERROR_H_

#include <stdexcept>
#include <string>

namespace kardashev::scenario {

// Where a value came from: a file position, or a command-line flag (line 0).
struct Location {
  std::string
      file;  // a path, or e.g. "--set" for an override on the command line
  int line = 0;
  int column = 0;

  std::string ToString() const;
};

class ScenarioError : public std::runtime_error {
 public:
  // `key` is the dotted path of the offending key (e.g. "lease.lab.gpus"), or
  // empty.
  ScenarioError(Location where, std::string key, const std::string& what);

  const Location& where() const { return where_; }
  const std::string& key() const { return key_; }

 private:
  Location where_;
  std::string key_;
};

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_ERROR_H_
