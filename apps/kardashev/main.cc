// kardashev: the command-line interface. It parses flags, calls the library
// (scenario/ to load, run() to simulate, report/ to write) and prints. Exit
// status: 0 ok; 2 bad input or usage, with one message on stderr; 1 internal
// error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <string>

#include "cli.h"
#include "kardashev/catalog/catalog.h"
#include "kardashev/report/output_reference.h"
#include "kardashev/report/schema_reference.h"
#include "kardashev/scenario/error.h"
#include "kardashev/scenario/schema.h"
#include "kardashev/version.h"

namespace {

using kardashev::cli::Catalog;
using kardashev::cli::kExitBadInput;
using kardashev::cli::kExitInternal;
using kardashev::cli::kExitOk;
using kardashev::cli::RunFlags;

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
  kardashev::cli::AddScenarioFlags(run, flags);
  run->add_option("--out", flags.out_dir,
                  "Output directory (default runs/<scenario>)");
  run->add_option("--format", flags.format, "Output on stdout")
      ->check(CLI::IsMember({"text", "json"}));
  run->add_flag("--requests", flags.requests,
                "Also write requests.csv: every served request of every "
                "[[serving]] replay");
  run->add_flag("--report", flags.report,
                "Also write report.html: the run's charts as one "
                "self-contained page");
  run->add_flag("--invariants", flags.invariants,
                "Say on stderr which invariants were checked on the results "
                "and how many values (they are always checked)");
  run->add_flag("--trace", flags.trace,
                "Also write trace.json: the fleet's timeline in the Trace "
                "Event Format (open it in ui.perfetto.dev)");
  run->add_option("--seeds", flags.seeds,
                  "Play every variant on N seeds (2-10000) from --seed: means, "
                  "95% intervals and paired differences")
      ->check(CLI::Range(2, 10000));
  run->add_option("--jobs", flags.jobs,
                  "Threads for the runs of the variants and seeds (1-1024); "
                  "the output is the same whatever it is")
      ->check(CLI::Range(1, 1024));

  CLI::App* check =
      app.add_subcommand("check", "Validate a scenario without running it");
  kardashev::cli::AddScenarioFlags(check, flags);

  CLI::App* search = app.add_subcommand(
      "search",
      "Search the plans of a training job or the configurations of a serving "
      "deployment for the best goodput");
  search->require_subcommand(1);
  CLI::App* search_training = search->add_subcommand(
      "training",
      "Rank the feasible plans of a [[training]] job by tokens/s x ETTR");
  kardashev::cli::AddScenarioFlags(search_training, flags);
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
  kardashev::cli::AddScenarioFlags(search_serving, flags);
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

  kardashev::cli::SweepFlags sweep_flags;
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "Run a scenario over a grid or sample of key values, with replications; "
      "results are kept in an SQLite file and a rerun computes only what is "
      "missing");
  sweep->add_option("sweep", sweep_flags.file, "Sweep file (TOML)")->required();
  sweep
      ->add_option("--jobs", sweep_flags.jobs,
                   "Runs at once, on threads of this process (1-256)")
      ->check(CLI::Range(1, 256));
  sweep->add_option("--results", sweep_flags.results,
                    "Results file (default runs/<sweep>/results.sqlite)");
  CLI::Option* sweep_export =
      sweep
          ->add_option("--export", sweep_flags.export_format,
                       "Also write every value: csv (tidy, one row per point "
                       "x replication x output)")
          ->check(CLI::IsMember({"csv"}));
  sweep
      ->add_option("--out", sweep_flags.out,
                   "File for --export (default stdout)")
      ->needs(sweep_export);
  sweep->add_flag("--quiet", sweep_flags.quiet, "Print nothing but errors");
  sweep->add_flag("--report", sweep_flags.report,
                  "Also write report.html beside sweep.json: each output "
                  "against each swept parameter");

  std::string report_dir;
  std::string report_out;
  CLI::App* report_cmd = app.add_subcommand(
      "report",
      "Draw a run's (or sweep's) results as one self-contained HTML page");
  report_cmd
      ->add_option(
          "dir", report_dir,
          "Run directory (summary.json) or sweep directory (sweep.json)")
      ->required();
  report_cmd->add_option("-o,--out", report_out,
                         "Page to write (default DIR/report.html)");

  kardashev::cli::CompareFlags compare_flags;
  CLI::App* compare = app.add_subcommand(
      "compare",
      "Compare the summary.json of two run directories: every figure that "
      "differs, largest relative difference first");
  compare->footer(
      "Each difference: both values, b - a and (b - a) / |a| (\"base 0\" when "
      "a is 0). Equal figures are counted; per-month figures are counted, not "
      "listed (--format json lists every figure); figures one run alone "
      "writes are listed as such. Variants are matched by name, or one to one "
      "when each run holds one variant. When both runs had --seeds, each "
      "difference is marked beyond or within noise: with the same seeds, "
      "paired seed by seed (the 95% interval of b - a excludes 0); with "
      "different seeds, when |b - a| exceeds the two 95% half-widths "
      "together.");
  compare->add_option("dir_a", compare_flags.dir_a, "The first run (base)")
      ->required();
  compare->add_option("dir_b", compare_flags.dir_b, "The second run")
      ->required();
  compare->add_option("--format", compare_flags.format, "Output on stdout")
      ->check(CLI::IsMember({"text", "json"}));

  std::string validate_format = "text";
  CLI::App* validate = AddReferenceCommand(
      app, "validate",
      "Predict every published figure of the validation suite and print "
      "predicted, published and error, check figures apart from "
      "calibration figures (docs/validation.md is its markdown)",
      validate_format);

  std::string catalog_what = "gpus";
  CLI::App* catalog_cmd =
      app.add_subcommand("catalog", "Print the hardware and model catalog");
  catalog_cmd
      ->add_option("what", catalog_what,
                   "gpus, nodes, fabrics, models, failures or efficiency")
      ->check(CLI::IsMember(
          {"gpus", "nodes", "fabrics", "models", "failures", "efficiency"}));
  std::string catalog_scenario;
  std::vector<std::string> catalog_files;
  catalog_cmd->add_option(
      "--scenario", catalog_scenario,
      "Add the catalog entries and files of this scenario (marked *)");
  catalog_cmd
      ->add_option("--catalog", catalog_files,
                   "Add the entries of a catalog file (marked *); repeatable")
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "{}\n", kardashev::cli::UsageMessage(e));
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
    if (*validate) return kardashev::cli::CommandValidate(validate_format);
    if (*report_cmd)
      return kardashev::cli::CommandReport(report_dir, report_out);
    if (*compare) return kardashev::cli::CommandCompare(compare_flags);
    const Catalog catalog = Catalog::LoadEmbedded();
    if (*catalog_cmd)
      return kardashev::cli::CommandCatalog(catalog_what, catalog_scenario,
                                            catalog_files, catalog);
    if (*sweep) return kardashev::cli::CommandSweep(sweep_flags, catalog);
    if (*check) return kardashev::cli::CommandCheck(flags, catalog);
    if (*search_serving) {
      return kardashev::cli::CommandSearchServing(
          flags, search_deployment, search_top, search_rank, catalog);
    }
    if (*search)
      return kardashev::cli::CommandSearch(flags, search_job, search_top,
                                           catalog);
    return kardashev::cli::CommandRun(flags, catalog);
  } catch (const kardashev::scenario::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kardashev: internal error: {}\n", e.what());
    return kExitInternal;
  }
}
