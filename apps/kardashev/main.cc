// kardashev: the command-line interface. It parses flags, calls the library
// (scenario/ to load, run() to simulate, report/ to write) and prints. Exit
// status: 0 ok; 2 bad input or usage, with one message on stderr; 1 internal
// error.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/report/output_reference.h"
#include "kardashev/report/run_directory.h"
#include "kardashev/report/schema_reference.h"
#include "kardashev/report/summary_json.h"
#include "kardashev/report/text_table.h"
#include "kardashev/run.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/scenario/schema.h"
#include "kardashev/search/plan_report.h"
#include "kardashev/search/serving_report.h"
#include "kardashev/search/serving_search.h"
#include "kardashev/search/training_plan_search.h"
#include "kardashev/version.h"

namespace {

using kardashev::catalog::Catalog;

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

struct RunFlags {
  std::string scenario;
  std::optional<std::string> seed;  // as written; checked by ParseSeed
  std::vector<std::string> sets;
  std::optional<std::string> variant;
  std::string out_dir;
  std::string format = "text";
  bool quiet = false;
  bool requests = false;  // run --requests: write requests.csv
};

// The value of --seed: digits only, at most 2^64 - 1. Anything else (a sign, a
// fraction, a word) is bad input, reported like a scenario error.
std::uint64_t ParseSeed(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, seed);
  if (text.empty() || ec != std::errc() || p != end) {
    throw kardashev::scenario::ScenarioError(
        kardashev::scenario::Location{"--seed", 0, 0}, "",
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
  return fmt::format(
      "kardashev: error: {}; see kardashev --help",
      kardashev::scenario::Excerpt(what, kardashev::scenario::kMaxKeyChars));
}

std::vector<kardashev::scenario::Scenario> Load(const RunFlags& flags,
                                                const Catalog& catalog) {
  kardashev::scenario::LoadOptions options;
  options.sets = flags.sets;
  if (flags.seed) options.seed = ParseSeed(*flags.seed);
  options.variant = flags.variant;
  auto scenarios =
      kardashev::scenario::LoadScenario(flags.scenario, options, catalog);
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

int CommandRun(const RunFlags& flags, const Catalog& catalog) {
  const auto scenarios = Load(flags, catalog);
  const std::string dir = flags.out_dir.empty()
                              ? fmt::format("runs/{}", scenarios.front().name)
                              : flags.out_dir;
  try {
    kardashev::report::CheckRunDirectory(dir);  // before a long run, not after
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "kardashev: {}\n", e.what());
    return kExitBadInput;
  }
  std::vector<kardashev::report::Results> results;
  std::vector<std::string> warned;
  const bool progress = !flags.quiet && isatty(fileno(stderr)) != 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (progress) {
      fmt::print(stderr, "\r[{}/{}] {}", i + 1, scenarios.size(),
                 scenarios[i].variant);
    }
    kardashev::RunOptions options;
    options.requests = flags.requests;
    results.push_back(kardashev::Run(scenarios[i], options));
    for (const auto& w : kardashev::RunWarnings(scenarios[i], results.back())) {
      if (flags.quiet || std::count(warned.begin(), warned.end(), w) > 0)
        continue;
      warned.push_back(w);
      fmt::print(stderr, "warning: {}: {}\n", flags.scenario, w);
    }
  }
  if (progress) fmt::print(stderr, "\r\033[K");
  try {
    kardashev::report::WriteRunDirectory(dir, results);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "kardashev: cannot write the results: {}\n", e.what());
    return kExitBadInput;
  }
  if (flags.format == "json") {
    fmt::print("{}\n", kardashev::report::SummaryJson(results).dump(2));
  } else if (!flags.quiet) {
    fmt::print("{}", kardashev::report::TextTable(results));
    const auto files = kardashev::report::RunDirectoryFiles(results);
    std::string wrote;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (i > 0) wrote += " and ";
      wrote += dir + "/" + files[i];
    }
    fmt::print("\nwrote {}\n", wrote);
  }
  return kExitOk;
}

// `search training`: the job's best plans by goodput. The search's wall time
// goes to stderr, so stdout is the same for the same scenario.
int CommandSearch(const RunFlags& flags, const std::string& job, int top,
                  const Catalog& catalog) {
  const auto scenarios = Load(flags, catalog);
  const auto result = kardashev::search::SearchTrainingPlans(
      kardashev::search::SearchJobOf(scenarios.front(), job), top);
  if (flags.format == "json") {
    fmt::print("{}\n", kardashev::search::SearchJson(result).dump(2));
  } else {
    fmt::print("{}", kardashev::search::SearchText(result));
  }
  if (!flags.quiet) {
    fmt::print(stderr, "{}\n", kardashev::search::SearchTimingLine(result));
  }
  return kExitOk;
}

// `search serving`: the deployment's best serving configurations by goodput
// per GPU or per dollar. The wall time goes to stderr.
int CommandSearchServing(const RunFlags& flags, const std::string& deployment,
                         int top, const std::string& rank,
                         const Catalog& catalog) {
  const auto scenarios = Load(flags, catalog);
  const auto input = kardashev::search::ServingSearchInputOf(
      scenarios.front(), catalog, deployment);
  kardashev::search::ServingSearchOptions options;
  options.top = top;
  options.rank = rank == "per-dollar"
                     ? kardashev::search::ServingRank::kPerDollar
                     : kardashev::search::ServingRank::kPerGpu;
  const auto result = kardashev::search::SearchServing(input, options);
  if (flags.format == "json") {
    fmt::print(
        "{}\n",
        kardashev::search::ServingSearchJson(result, input.space).dump(2));
  } else {
    fmt::print("{}", kardashev::search::ServingSearchText(result, input.space));
  }
  if (!flags.quiet) {
    fmt::print(stderr, "{}\n", kardashev::search::ServingTimingLine(result));
  }
  return kExitOk;
}

int CommandCheck(const RunFlags& flags, const Catalog& catalog) {
  const auto scenarios = Load(flags, catalog);
  if (!flags.quiet) {
    fmt::print("{}: ok ({} variant{})\n", flags.scenario, scenarios.size(),
               scenarios.size() == 1 ? "" : "s");
  }
  return kExitOk;
}

int CommandCatalog(const std::string& what, const Catalog& catalog) {
  if (what == "gpus") {
    fmt::print(
        "{:<10} {:>11} {:>11} {:>8} {:>10} {:>10} {:>6} {:>6} {:>6} {:>9}\n",
        "name", "BF16 TFLOPS", "FP8 TFLOPS", "HBM GB", "HBM TB/s", "SU GB/s",
        "SU dom", "TDP W", "idle W", "price $");
    for (const auto& g : catalog.gpus()) {
      fmt::print(
          "{:<10} {:>11.1f} {:>11.1f} {:>8.0f} {:>10.2f} {:>10.0f} {:>6} "
          "{:>6.0f} {:>6.0f} "
          "{:>9.0f}\n",
          g.name, g.bf16_dense_flops * 1e-12, g.fp8_dense_flops * 1e-12,
          g.hbm_bytes * 1e-9, g.hbm_bandwidth_bytes_per_s * 1e-12,
          g.scale_up_bandwidth_bytes_per_s * 1e-9, g.scale_up_domain_gpus,
          g.tdp_w, g.idle_w, g.price_usd);
    }
  } else if (what == "nodes") {
    fmt::print("{:<12} {:<10} {:>5} {:>12} {:>12} {:>12}\n", "name", "gpu",
               "gpus", "host load W", "host idle W", "price $");
    for (const auto& n : catalog.nodes()) {
      fmt::print("{:<12} {:<10} {:>5} {:>12.0f} {:>12.0f} {:>12.0f}\n", n.name,
                 n.gpu, n.gpus, n.host_power_w, n.host_idle_w, n.price_usd);
    }
  } else if (what == "fabrics") {
    fmt::print("{:<16} {:>14} {:>12} {:>12}\n", "name", "GB/s per GPU",
               "latency us", "$ per GPU");
    for (const auto& f : catalog.fabrics()) {
      fmt::print("{:<16} {:>14.1f} {:>12.2f} {:>12.0f}\n", f.name,
                 f.bandwidth_bytes_per_s_per_gpu * 1e-9, f.latency_s * 1e6,
                 f.price_usd_per_gpu);
    }
  } else if (what == "models") {
    fmt::print(
        "{:<14} {:>6} {:>7} {:>6} {:>4} {:>7} {:>7} {:>8} {:>7} {:>9} {:>9}\n",
        "name", "layers", "hidden", "heads", "kv", "ffn", "vocab", "experts",
        "top-k", "params B", "active B");
    for (const auto& m : catalog.models()) {
      fmt::print(
          "{:<14} {:>6} {:>7} {:>6} {:>4} {:>7} {:>7} {:>8} {:>7} {:>9.1f} "
          "{:>9.1f}\n",
          m.name, m.layers, m.hidden_size, m.heads, m.kv_heads,
          m.ffn_hidden_size, m.vocab_size, m.experts, m.experts_per_token,
          m.published_params * 1e-9, m.published_active_params * 1e-9);
    }
  } else if (what == "efficiency") {
    for (const auto& e : catalog.efficiencies()) {
      fmt::print(
          "{}: {}\n  gemm {:.2f}  attention {:.2f}  hbm {:.2f}  small-op "
          "bytes/hidden {:.0f}\n"
          "  scale-up {:.2f} ({:.1f} us)  scale-out {:.2f}\n"
          "  overlap: tp {:.2f} cp {:.2f} ep {:.2f} pp {:.2f} dp {:.2f}  "
          "usable HBM {:.2f}\n",
          e.name, e.display, e.gemm, e.attention, e.hbm,
          e.small_op_bytes_per_hidden, e.scale_up, e.scale_up_latency_s * 1e6,
          e.scale_out, e.tp_overlap, e.cp_overlap, e.ep_overlap, e.pp_overlap,
          e.dp_overlap, e.usable_hbm);
    }
  } else if (what == "failures") {
    fmt::print("{:<34} {:<22} {:>7} {:>14}  {}\n", "component", "category",
               "planned", "per GPU-hour",
               "repair outcomes (share, median hours, sigma)");
    for (const auto& c : catalog.failure_components()) {
      std::string outcomes;
      for (const auto& o : c.repair) {
        outcomes += fmt::format("{}{} {:.0f}% {:.1f} h {:.2f}",
                                outcomes.empty() ? "" : "; ", o.name,
                                100 * o.share, o.median_h, o.sigma);
      }
      fmt::print("{:<34} {:<22} {:>7} {:>14.4e}  {}\n", c.name, c.category,
                 c.planned ? "yes" : "no", c.rate_per_gpu_hour, outcomes);
    }
  }
  fmt::print(
      "\nSources: data/catalog/*.toml (every entry has a `source` field).\n");
  return kExitOk;
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
  cmd->add_flag("--quiet", flags.quiet, "Print nothing but errors");
}

// A reference command (`schema`, `outputs`) with its --format.
CLI::App* AddReferenceCommand(CLI::App& app, const std::string& name,
                              const std::string& help, std::string& format) {
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_option("--format", format, "text or markdown")
      ->check(CLI::IsMember({"text", "markdown"}));
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Kardashev: a simulator and planner for AI compute fleets."};
  app.set_version_flag("--version",
                       std::string("kardashev ") + kardashev::kVersion);
  app.require_subcommand(1);

  RunFlags flags;
  CLI::App* run =
      app.add_subcommand("run", "Simulate a scenario and print its summary");
  AddScenarioFlags(run, flags);
  run->add_option("--out", flags.out_dir,
                  "Output directory (default runs/<scenario>)");
  run->add_option("--format", flags.format, "Output on stdout")
      ->check(CLI::IsMember({"text", "json"}));
  run->add_flag("--requests", flags.requests,
                "Also write requests.csv: every served request of every "
                "[[serving]] replay");

  CLI::App* check =
      app.add_subcommand("check", "Validate a scenario without running it");
  AddScenarioFlags(check, flags);

  CLI::App* search = app.add_subcommand(
      "search",
      "Search the plans of a training job or the configurations of a serving "
      "deployment for the best goodput");
  search->require_subcommand(1);
  CLI::App* search_training = search->add_subcommand(
      "training",
      "Rank the feasible plans of a [[training]] job by tokens/s x ETTR");
  AddScenarioFlags(search_training, flags);
  std::string search_job;
  int search_top = 10;
  search_training->add_option("--job", search_job, "The [[training]] job")
      ->required();
  search_training
      ->add_option("--top", search_top, "How many plans to print (1-10000)")
      ->check(CLI::Range(1, 10000));
  search_training->add_option("--format", flags.format, "Output on stdout")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* search_serving = search->add_subcommand(
      "serving",
      "Rank serving configurations of a [[serving]] deployment by goodput "
      "within its SLO");
  AddScenarioFlags(search_serving, flags);
  std::string search_deployment;
  std::string search_rank = "per-gpu";
  search_serving
      ->add_option("--deployment", search_deployment,
                   "The [[serving]] deployment")
      ->required();
  search_serving
      ->add_option("--top", search_top,
                   "How many configurations to print (1-1000)")
      ->check(CLI::Range(1, 1000));
  search_serving
      ->add_option("--rank", search_rank,
                   "per-gpu (requests/s per GPU) or per-dollar")
      ->check(CLI::IsMember({"per-gpu", "per-dollar"}));
  search_serving->add_option("--format", flags.format, "Output on stdout")
      ->check(CLI::IsMember({"text", "json"}));

  std::string schema_format = "text";
  CLI::App* schema = AddReferenceCommand(
      app, "schema", "Print every scenario key", schema_format);
  std::string outputs_format = "text";
  CLI::App* outputs = AddReferenceCommand(
      app, "outputs",
      "Print every summary.json key and timeseries.csv column: unit, kind, "
      "meaning",
      outputs_format);

  std::string catalog_what = "gpus";
  CLI::App* catalog_cmd =
      app.add_subcommand("catalog", "Print the hardware and model catalog");
  catalog_cmd
      ->add_option("what", catalog_what,
                   "gpus, nodes, fabrics, models, failures or efficiency")
      ->check(CLI::IsMember(
          {"gpus", "nodes", "fabrics", "models", "failures", "efficiency"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "{}\n", UsageMessage(e));
    return kExitBadInput;
  }

  try {
    if (*schema) {
      const auto s = kardashev::scenario::ScenarioSchema();
      fmt::print("{}", schema_format == "markdown"
                           ? kardashev::report::SchemaMarkdown(s)
                           : kardashev::report::SchemaText(s));
      return kExitOk;
    }
    if (*outputs) {
      fmt::print("{}", outputs_format == "markdown"
                           ? kardashev::report::OutputsMarkdown()
                           : kardashev::report::OutputsText());
      return kExitOk;
    }
    const Catalog catalog = Catalog::LoadEmbedded();
    if (*catalog_cmd) return CommandCatalog(catalog_what, catalog);
    if (*check) return CommandCheck(flags, catalog);
    if (*search_serving) {
      return CommandSearchServing(flags, search_deployment, search_top,
                                  search_rank, catalog);
    }
    if (*search) return CommandSearch(flags, search_job, search_top, catalog);
    return CommandRun(flags, catalog);
  } catch (const kardashev::scenario::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kardashev: internal error: {}\n", e.what());
    return kExitInternal;
  }
}
