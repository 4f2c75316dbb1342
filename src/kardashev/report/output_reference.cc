#include "kardashev/report/output_reference.h"

#include <fmt/format.h>

namespace kardashev::report {

std::string_view KindName(OutputKind kind) {
  switch (kind) {
    case OutputKind::kLabel:
      return "label";
    case OutputKind::kSetting:
      return "setting";
    case OutputKind::kStepAverage:
      return "step value (average over the step)";
    case OutputKind::kStepEnd:
      return "step value (at the end of the step)";
    case OutputKind::kStepTotal:
      return "total over the step";
    case OutputKind::kRate:
      return "rate";
    case OutputKind::kRunningTotal:
      return "running total";
    case OutputKind::kMonthTotal:
      return "total over the month";
    case OutputKind::kYearEnd:
      return "at the end of the year";
    case OutputKind::kYearTotal:
      return "total over the year";
    case OutputKind::kYearFigure:
      return "ratio over the year";
    case OutputKind::kHorizonTotal:
      return "total over the horizon";
    case OutputKind::kHorizonFigure:
      return "figure over the horizon";
  }
  return "value";
}

std::vector<OutputKey> TimeseriesCsvColumns() {
  using enum OutputKind;
  return {
      {"variant", "-", kLabel, "Variant name."},
      {"time_s", "s", kLabel,
       "End of the step, from the start of the horizon."},
      {"gpus_up", "GPUs", kStepAverage, "GPUs in working nodes."},
      {"gpus_down", "GPUs", kStepAverage, "GPUs in failed nodes, in repair."},
      {"gpus_active", "GPUs", kStepAverage,
       "GPUs working for a lease, a training job or a service."},
      {"gpus_leased_short", "GPUs", kStepAverage,
       "GPUs leases were owed but did not have."},
      {"gpus_unpowered", "GPUs", kStepAverage, "GPUs shed for lack of power."},
      {"power_mw", "MW", kStepAverage, "Facility power served (drawn)."},
      {"grid_power_mw", "MW", kStepAverage, "Power imported from the grid."},
      {"battery_mwh", "MWh", kStepEnd, "Energy stored in the batteries."},
      {"energy_mwh", "MWh", kRunningTotal, "Facility energy served."},
      {"failures", "count", kStepTotal, "Node failures in the step."},
  };
}

std::vector<OutputKey> RequestsCsvColumns() {
  using enum OutputKind;
  return {
      {"scenario", "-", kLabel, "Scenario name."},
      {"variant", "-", kLabel, "Variant name."},
      {"deployment", "-", kLabel, "[[serving]] deployment name."},
      {"request", "index", kLabel,
       "The request's index in the replay (trace order from 0); refused "
       "requests have no row."},
      {"arrival_s", "s", kSetting, "Arrival, from the replay's first."},
      {"prompt_tokens", "tokens", kSetting, "Prompt length."},
      {"output_tokens", "tokens", kSetting, "Output length."},
      {"cached_prompt_tokens", "tokens", kSetting,
       "Of the prompt, tokens found in the prefix cache (not prefilled)."},
      {"ttft_s", "s", kHorizonFigure, "Time to first token."},
      {"tpot_s", "s", kHorizonFigure,
       "Time per output token after the first; 0 for a one-token output."},
      {"e2e_s", "s", kHorizonFigure, "Arrival to last token."},
      {"preemptions", "count", kHorizonTotal,
       "Times the request was preempted and recomputed."},
  };
}

bool PathMatches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() && !path.empty()) {
    const std::size_t pe = pattern.find('.');
    const std::size_t e = path.find('.');
    const std::string_view ps = pattern.substr(0, pe);
    const std::string_view s = path.substr(0, e);
    if (ps != "*" && ps != s) return false;
    if ((pe == std::string_view::npos) != (e == std::string_view::npos))
      return false;
    if (pe == std::string_view::npos) return true;
    pattern.remove_prefix(pe + 1);
    path.remove_prefix(e + 1);
  }
  return pattern.empty() && path.empty();
}

namespace {

constexpr const char* kSeedsMarkdown =
    "\n### summary.json with `--seeds N`\n\n"
    "`kardashev run --seeds N` plays every variant on the seeds S, S+1, ..., "
    "S+N-1 (S from `--seed` or the file), so that variants share their "
    "random numbers seed by seed. summary.json keeps the shape above, each "
    "variant's numbers being means over the seeds, and adds the keys below. "
    "A *figure* is a number of a variant object (not its `seed`), named by "
    "its path: keys joined by `.`, an array entry as `[NAME]` when the "
    "entries are objects with distinct names and `[INDEX]` (from 0) "
    "otherwise: `fleet.energy_mwh`, `training[frontier].ettr`, "
    "`fleet.failures.by_component.gpu`, `economics.ledger[3].revenue_usd`. "
    "A figure a seed does not write (a failure category that seed did not "
    "meet) counts as 0 on that seed. `differences` pairs every two variants "
    "when there are at most 6, else the first variant with each other, and "
    "lists only the figures whose values differ on some seed by more than "
    "floating-point rounding (10^-12 of the larger value).\n\n";

std::string MarkdownTable(const std::vector<OutputKey>& keys) {
  std::string out = "| key | unit | kind | meaning |\n|---|---|---|---|\n";
  for (const auto& k : keys) {
    out += fmt::format("| `{}` | {} | {} | {} |\n", k.path, k.unit,
                       KindName(k.kind), k.meaning);
  }
  return out;
}

std::string TextList(const std::vector<OutputKey>& keys) {
  std::string out;
  for (const auto& k : keys) {
    out += fmt::format("  {}  [{}; {}]\n    {}\n", k.path, k.unit,
                       KindName(k.kind), k.meaning);
  }
  return out;
}

// trace.json is a timeline, not a table of keys: its layout and the rule
// that bounds its size (sched/trace_recorder.h, report/trace_json.h).
constexpr const char* kTraceMarkdown =
    "\n## trace.json\n\n"
    "Written only by `kardashev run --trace`: the fleet's timeline in the "
    "Trace Event Format (JSON Object Format, `{\"traceEvents\": [...], "
    "\"displayTimeUnit\": \"ms\"}`); open it in ui.perfetto.dev or "
    "chrome://tracing. With `--seeds`, the first seed's runs only. Times "
    "(`ts`, `dur`) are microseconds of simulated time from the start of the "
    "horizon.\n\n"
    "- One process per variant (`pid` = its position from 1, named "
    "`SCENARIO / VARIANT`), one thread per track (`tid` from 1, named by "
    "`thread_name`): one per cluster (its nodes aggregated), per training "
    "job and per lease. Counters are on `tid` 0.\n"
    "- A training job's phases are complete spans (`X`) named `train`, "
    "`restart` and `wait`; each blocking checkpoint write is a `checkpoint` "
    "span nested in its `train` span, placed every checkpoint interval of "
    "training from the segment's start. Spans of zero length are left "
    "out. On one track the spans nest.\n"
    "- A failure is an instant (`i`, args `component`) on its cluster's "
    "track and on the track of the job or lease whose node it hit.\n"
    "- A lease's closed billing periods are spans `billing period`.\n"
    "- Counters (`C`), one value per time-series step placed at the step's "
    "start: `GPUs` (`up`, `active`, `unpowered`, `down`, as the "
    "timeseries.csv columns) and `power MW` (`served`, `grid`). Steps "
    "shorter than a bin (below) are averaged over the steps that start in "
    "one bin.\n\n"
    "Size bound: each track records its first 10,000 events one by one. "
    "After that its job phases are summed per bin (one hour, or horizon / "
    "8,760 when that is longer) into one `phases (aggregated)` span per bin "
    "with args `train_s`, `checkpoint_s`, `restart_s` and `wait_s` (a train "
    "span's checkpoint time spread over it evenly), and its failures become "
    "the counter `failures per hour (TRACK)`, one value per bin with "
    "failures (and 0 after it when the next bin has none). A track thus "
    "holds at most 10,000 + 3 x 8,760 events (billing periods aside), and "
    "a variant's counters 2 x 8,760, whatever the fleet's size, horizon and "
    "step: a year of a 1,000,000-GPU job on one cluster is about 6 MB.\n";

}  // namespace

std::string OutputsMarkdown() {
  std::string out =
      "# Output reference\n\n"
      "Generated by `kardashev outputs --format markdown` from the one "
      "declaration of the output keys (`src/kardashev/report/`); a test keeps "
      "it current and checks that every key the shipped scenarios write is "
      "listed here.\n\n"
      "`kardashev run` writes `summary.json`, `scenario.toml` and, when the "
      "scenario has a fleet (at least one `[[cluster]]`), `timeseries.csv` "
      "(with a `[growth]` table, `growth.csv`; with `--requests`, "
      "`requests.csv`; with `--report`, `report.html`; "
      "with "
      "`--trace`, `trace.json`). "
      "Times are in "
      "seconds, money in USD, energy in MWh, power in MW. A kind says what "
      "span of simulated time a number covers: a *step value* is the average "
      "over one step of the time series (or the state at its end), a *rate* "
      "is per unit of time, a *running total* counts from the start of the "
      "horizon, a *total over the horizon* counts the whole run, and a "
      "*figure over the horizon* is a ratio, mean, peak or percentile of the "
      "whole run. A *setting* is as configured or sized. The growth level "
      "(`growth`, growth.csv) counts in months and years: its figures are at "
      "the end of, or over, the month or year of their entry.\n\n"
      "## summary.json\n\n"
      "One object, the same shape with or without `[[variant]]` tables: "
      "`variants` is an array with one object per variant, in the scenario's "
      "order; a scenario without variants has one, named `base`. In a path, "
      "`[]` stands for each entry of an array and `*` for a key named by the "
      "data.\n\n";
  out += MarkdownTable(SummaryJsonKeys());
  out += kSeedsMarkdown;
  out += MarkdownTable(SeedSummaryJsonKeys());
  out +=
      "\n## timeseries.csv\n\n"
      "One row per variant and step, the columns named in the header; with "
      "`--seeds`, the first seed's runs only.\n\n";
  out += MarkdownTable(TimeseriesCsvColumns());
  out +=
      "\n## growth.csv\n\n"
      "Written only for a scenario with a `[growth]` table, beside "
      "summary.json's `growth` object: the growth level month by month "
      "(expected values). For each variant and month, one row per site (ground "
      "sites, then orbital shells) and one row with `site` = `all`: the sites "
      "summed and the fleet's money, which site rows leave empty. The "
      "GPU-hours "
      "of a row's uses sum to its installed GPU-hours.\n\n";
  out += MarkdownTable(GrowthCsvColumns());
  out +=
      "\n## requests.csv\n\n"
      "Written only by `kardashev run --requests`: one row per completed "
      "request of every `[[serving]]` replay of every variant, in the order "
      "of the variants, the deployments and the requests; with `--seeds`, "
      "the first seed's runs only.\n\n";
  out += MarkdownTable(RequestsCsvColumns());
  out +=
      "\n## scenario.toml\n\n"
      "The scenario file's text as given to `kardashev run`, preceded by a "
      "comment naming the `--set` overrides applied to it (if any); "
      "`--catalog` files are not copied.\n\n"
      "## report.html\n\n"
      "Written by `kardashev run --report` (in the same file set) or "
      "`kardashev report DIR [-o FILE]` (from a run directory's files): one "
      "self-contained HTML page, the charting library, style and data "
      "inlined, no external reference. It shows the scenario's text, a "
      "table of key figures per variant (with 95% intervals under "
      "`--seeds`) and a chart of each model the run has: GPUs by state, "
      "power against the supply cap, energy and failures over time (from "
      "timeseries.csv); failures by component; training jobs' time "
      "breakdown, progress and interruptions; serving latency (CDF from "
      "requests.csv, else the percentiles) and SLO attainment; demand "
      "against the GPUs available; cumulative cash flow and the cost "
      "breakdown; orbital shells' build-up; the variants' key figures side "
      "by side; for a growth scenario, GPUs by site, cumulative cash and "
      "NPV to date, and tokens trained and served, year by year. "
      "`kardashev sweep --report` writes a report.html beside "
      "sweep.json: each output against each swept parameter, mean and 95% "
      "interval.\n";
  out += kTraceMarkdown;
  return out;
}

std::string OutputsText() {
  std::string out = "summary.json\n";
  out += TextList(SummaryJsonKeys());
  out += "\nsummary.json with run --seeds N: adds or changes\n";
  out += TextList(SeedSummaryJsonKeys());
  out += "\ntimeseries.csv (only for a scenario with a fleet)\n";
  out += TextList(TimeseriesCsvColumns());
  out += "\ngrowth.csv (only for a scenario with a [growth] table)\n";
  out += TextList(GrowthCsvColumns());
  out += "\nrequests.csv (only with run --requests)\n";
  out += TextList(RequestsCsvColumns());
  out +=
      "\ntrace.json (only with run --trace): the fleet's timeline in the "
      "Trace Event Format; see docs/outputs.md\n";
  return out;
}

}  // namespace kardashev::report
