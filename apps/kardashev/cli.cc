#include "cli.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "kardashev/scenario/error.h"

namespace kardashev::cli {

std::uint64_t ParseSeed(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, seed);
  if (text.empty() || ec != std::errc() || p != end) {
    throw scenario::ScenarioError(
        scenario::Location{"--seed", 0, 0}, "",
        fmt::format("expected an integer >= 0 and < 2^64, got \"{}\"", text));
  }
  return seed;
}

// A command-line error as one line, like a scenario error: the flag or
// argument, what was expected.
std::string UsageMessage(const CLI::ParseError& e) {
  std::string what = e.what();
  std::replace(what.begin(), what.end(), '\n', ' ');
  while (!what.empty() && what.back() == ' ') what.pop_back();
  return fmt::format("kardashev: error: {}; see kardashev --help",
                     scenario::Excerpt(what, scenario::kMaxKeyChars));
}

std::vector<scenario::Scenario> Load(const RunFlags& flags,
                                     const Catalog& catalog, Catalog* merged) {
  scenario::LoadOptions options;
  options.sets = flags.sets;
  options.catalog_files = flags.catalog_files;
  if (flags.seed) options.seed = ParseSeed(*flags.seed);
  options.variant = flags.variant;
  auto scenarios =
      scenario::LoadScenario(flags.scenario, options, catalog, merged);
  // Warnings are the same for every variant that shares a site; print each
  // once.
  std::vector<std::string> seen;
  for (const auto& s : scenarios) {
    for (const auto& w : s.warnings) {
      if (std::find(seen.begin(), seen.end(), w) != seen.end()) continue;
      seen.push_back(w);
      if (!flags.quiet)
        fmt::print(stderr, "warning: {}: {}\n", flags.scenario, w);
    }
  }
  return scenarios;
}

void AddScenarioFlags(CLI::App* cmd, RunFlags& flags) {
  cmd->add_option("scenario", flags.scenario, "Scenario file (TOML)")
      ->required();
  cmd->add_option("--seed", flags.seed,
                  "Seed of every random stream (overrides the file)");
  cmd->add_option("--set", flags.sets,
                  "Override a key: --set lease.NAME.gpus=1024")
      ->allow_extra_args(false);
  cmd->add_option("--variant", flags.variant, "Play only this variant");
  cmd->add_option("--catalog", flags.catalog_files,
                  "Add the entries of a catalog file (data/catalog format); "
                  "repeatable")
      ->allow_extra_args(false);
  cmd->add_flag("--quiet", flags.quiet, "Print nothing but errors");
}

}  // namespace kardashev::cli
