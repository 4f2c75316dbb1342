// Support for the end-to-end tests of the CLI, which run the kardashev binary
// as a user would: the source tree and the binary under test, fresh temporary
// directories, and one way to run the binary from a directory with a time
// limit, capturing its exit status, stdout and stderr. Every test file under
// tests/cli/ uses these rather than its own copies.
#ifndef KARDASHEV_TESTS_CLI_CLI_SUPPORT_H_
#define KARDASHEV_TESTS_CLI_CLI_SUPPORT_H_

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace kardashev::cli_test {

inline const std::string kSource = KARDASHEV_SOURCE_DIR;
inline const std::string kBinary = KARDASHEV_BINARY;

// What a run of the binary gave: its exit status (124 when it ran past its
// time limit, -1 when it did not exit), stdout and stderr.
struct Output {
  int status = -1;
  std::string out;
  std::string err;
};

// The whole of `path` ("" when it cannot be read).
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh, empty directory named for `name` and this process under the
// system's temporary directory.
inline std::filesystem::path TempDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("kardashev-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs the binary with `args` (already shell-quoted where needed) from `cwd`,
// killed after `timeout_s` seconds.
inline Output RunKardashev(const std::string& args,
                           const std::filesystem::path& cwd,
                           int timeout_s = 300) {
  const std::filesystem::path io = TempDir("io");
  const std::string cmd = "cd '" + cwd.string() + "' && timeout " +
                          std::to_string(timeout_s) + " '" + kBinary + "' " +
                          args + " > '" + (io / "out").string() + "' 2> '" +
                          (io / "err").string() + "'";
  const int raw = std::system(cmd.c_str());
  Output o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.out = ReadFile(io / "out");
  o.err = ReadFile(io / "err");
  std::filesystem::remove_all(io);
  return o;
}

inline int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// The object of the variant named `name` in a summary.json.
inline const nlohmann::json& Variant(const nlohmann::json& summary,
                                     const std::string& name) {
  for (const auto& v : summary["variants"]) {
    if (v["variant"] == name) return v;
  }
  ADD_FAILURE() << "no variant " << name;
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return kEmpty;
}

// Runs `scenario` with `extra` flags and returns its summary.json.
inline nlohmann::json RunSummary(const std::string& scenario,
                                 const std::string& extra = "") {
  const std::filesystem::path dir = TempDir("summary");
  const Output o = RunKardashev(
      "run " + scenario + " --quiet --out '" + dir.string() + "' " + extra,
      kSource);
  EXPECT_EQ(o.status, 0) << o.err;
  auto j = nlohmann::json::parse(ReadFile(dir / "summary.json"));
  std::filesystem::remove_all(dir);
  return j;
}

}  // namespace kardashev::cli_test

#endif  // KARDASHEV_TESTS_CLI_CLI_SUPPORT_H_
