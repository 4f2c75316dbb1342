// The range invariant of every numeric scenario key, end to end: set to its
// declared min, its max, or an extreme value (0, -1, 1e-300, 5e-324, 1e308,
// 2^63), a key either is refused (exit 2, one message naming the key, or
// naming the key to change when the run would exceed its work budget) or the
// run succeeds with every number in summary.json finite and no count
// negative. Nothing exits 1, hangs, or prints null.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "kardashev/scenario/schema.h"

namespace {

namespace fs = std::filesystem;
using kardashev::cli_test::kSource;
using kardashev::cli_test::Output;
using kardashev::cli_test::ReadFile;
using kardashev::cli_test::RunKardashev;
using kardashev::cli_test::TempDir;

// Runs the binary with `args`, at most 30 s (a hang reads as status 124).
Output Kardashev(const std::string& args) {
  return RunKardashev(args, kSource, 30);
}
using kardashev::scenario::KeyDecl;
using kardashev::scenario::KeyType;
using kardashev::scenario::ScenarioSchema;

// "a.b.c" of every number in `j` that is null, not finite, or a negative
// integer (counts are integers; the one -1 sentinel is build_time_days, a
// number of days).
void FindBadNumbers(const nlohmann::json& j, const std::string& path,
                    std::vector<std::string>& bad) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) FindBadNumbers(v, path + "." + k, bad);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      FindBadNumbers(j[i], path + "[" + std::to_string(i) + "]", bad);
    }
  } else if (j.is_null()) {
    bad.push_back(path + " = null");
  } else if (j.is_number_float() && !std::isfinite(j.get<double>())) {
    bad.push_back(path + " not finite");
  } else if (j.is_number_integer() && j.get<std::int64_t>() < 0 &&
             path.find("build_time_days") == std::string::npos) {
    bad.push_back(path + " = " + j.dump());
  }
}

// The name of the first entry of each [[section]] in a scenario file, by
// section: the entry whose keys the test sets.
std::map<std::string, std::string> FirstEntries(const std::string& file) {
  std::map<std::string, std::string> first;
  std::istringstream in(ReadFile(kSource + "/" + file));
  const std::regex array_header(R"(^\[\[([a-z_]+)\]\])");
  const std::regex table_header(R"(^\[([a-z_]+)\])");
  const std::regex name_line(R"re(^name\s*=\s*"([^"]+)")re");
  std::string line;
  std::string section;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, array_header)) {
      section = m[1];
    } else if (std::regex_search(line, m, table_header)) {
      section.clear();
    } else if (!section.empty() && std::regex_search(line, m, name_line) &&
               first.count(section) == 0) {
      first[section] = m[1];
    }
  }
  return first;
}

std::string Literal(double v, KeyType type) {
  if (type == KeyType::kInteger && v == std::floor(v) && std::fabs(v) < 1e18) {
    return std::to_string(static_cast<std::int64_t>(v));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The extreme values a key is tried at besides its bounds.
const std::vector<std::string>& Extremes() {
  static const std::vector<std::string> kExtremes = {
      "0", "-1", "1e-300", "5e-324", "1e308", "9223372036854775808"};
  return kExtremes;
}

struct Case {
  std::string key;
  std::string value;
  bool in_range = false;  // within [min, max] and of the key's type
  bool bound = false;     // the key's min or max
};

bool InRange(const KeyDecl& k, double v) {
  if (k.type == KeyType::kInteger && v != std::floor(v)) return false;
  if (k.min_exclusive ? v <= *k.min : v < *k.min) return false;
  return v <= *k.max;
}

// For each numeric key of the sections `file` has (its [[...]] entries, and
// the [tables] a --set may create), of `sections` (all when empty): its min,
// its max, and two extremes. The extremes rotate from key to key, so that every
// extreme is tried on every section's keys while each key costs four runs, not
// eight.
std::vector<Case> CasesOf(const std::string& file,
                          const std::set<std::string>& sections) {
  const auto entries = FirstEntries(file);
  const std::set<std::string> tables = {"scenario", "failures", "economics",
                                        "growth"};
  std::vector<Case> cases;
  std::size_t key_index = 0;
  for (const auto& sec : ScenarioSchema().sections) {
    std::string prefix;
    if (!sections.empty() && sections.count(std::string(sec.name)) == 0) {
      continue;
    }
    if (sec.is_array) {
      const auto it = entries.find(std::string(sec.name));
      if (it == entries.end()) continue;
      prefix = std::string(sec.name) + "." + it->second + ".";
    } else if (tables.count(std::string(sec.name)) > 0) {
      prefix = std::string(sec.name) + ".";
    } else {
      continue;
    }
    for (const auto& k : sec.keys) {
      if (k.type != KeyType::kInteger && k.type != KeyType::kNumber) continue;
      const std::string key = prefix + std::string(k.name);
      cases.push_back({key, Literal(*k.min, k.type), !k.min_exclusive, true});
      cases.push_back({key, Literal(*k.max, k.type), true, true});
      const auto& x = Extremes();
      for (std::size_t j : {key_index % x.size(), (key_index + 3) % x.size()}) {
        const double v = std::strtod(x[j].c_str(), nullptr);
        cases.push_back({key, x[j], InRange(k, v), false});
      }
      ++key_index;
    }
  }
  return cases;
}

// Checks the invariant for each case of `file`: `check` then `run` for the
// bounds, `run` (which checks first) for the extremes. With `run_every` > 1,
// every case is checked and every `run_every`-th accepted one run, to keep
// the slow scenarios within the test's time.
void CheckScenario(const std::string& file, int run_every,
                   const std::set<std::string>& sections = {}) {
  const fs::path tmp = TempDir("case");
  const auto cases = CasesOf(file, sections);
  ASSERT_GT(cases.size(), 40u) << file;
  int accepted = 0;
  int runs = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(file + " --set " + c.key + "=" + c.value);
    const std::string set = " --set '" + c.key + "=" + c.value + "'";
    const fs::path out = tmp / "run";
    fs::remove_all(out);
    Output o;
    const bool check_first = c.bound || run_every > 1;
    if (check_first) o = Kardashev("check " + file + set);
    const bool run =
        o.status < 0 || (o.status == 0 && accepted++ % run_every == 0);
    if (run) {
      ++runs;
      o = Kardashev("run " + file + set + " --quiet --out '" + out.string() +
                    "'");
    }
    ASSERT_TRUE(o.status == 0 || o.status == 2) << o.status << " " << o.err;
    if (o.status == 2) {
      // A value out of range names its key; one in range may still be
      // refused by a rule across keys (a lease larger than its cluster) or
      // by the run's work budget, and names the key to change.
      const std::string named = c.in_range ? "key '" : "key '" + c.key + "'";
      EXPECT_NE(o.err.find(named), std::string::npos) << o.err;
      EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
      continue;
    }
    EXPECT_TRUE(c.in_range) << "an out-of-range value was accepted";
    if (!run) continue;

    std::vector<std::string> bad;
    FindBadNumbers(nlohmann::json::parse(ReadFile(out / "summary.json")), "",
                   bad);
    EXPECT_TRUE(bad.empty())
        << bad.size() << " bad numbers, first " << bad.front();
  }
  EXPECT_GT(runs, 10) << file;
  fs::remove_all(tmp);
}

TEST(KeyRangesTest, SmallScenario) {
  CheckScenario("tests/data/good/small.toml", 1);
}

// The shipped scenarios, each for the sections the small one lacks.
TEST(KeyRangesTest, Llama3Training) {
  CheckScenario("scenarios/llama3-405b.toml", 1, {"training"});
}

TEST(KeyRangesTest, OrbitalShell) {
  CheckScenario("scenarios/orbital-shell.toml", 1, {"orbital"});
}

TEST(KeyRangesTest, GrowthSections) {
  CheckScenario(
      "tests/data/good/growth-small.toml", 2,
      {"growth", "build", "product", "growth_lease", "growth_training"});
}

TEST(KeyRangesTest, DemandAndServing) {
  CheckScenario("scenarios/demand.toml", 4, {"serving", "demand"});
}

}  // namespace
