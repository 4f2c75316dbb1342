#include "kardashev/scenario/budget.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "kardashev/scenario/error.h"
#include "kardashev/sim/time.h"

namespace kardashev::scenario {

namespace {

// `n` (>= 0) rounded to a whole number, with thousands separators:
// 10,000,000.
std::string Grouped(double n) {
  const std::string digits = fmt::format("{:.0f}", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The Reader of the [[section]] entry named `name`, to point an error at.
Reader EntryNamed(const ReadContext& in, std::string_view section,
                  const std::string& name) {
  for (const Reader& r : Entries(in.schema, in.doc, section)) {
    if (r.String("name") == name) return r;
  }
  // Every entry of the Scenario came from the document.
  return Entries(in.schema, in.doc, section).front();
}

// Steps of `step_s` over the horizon of `s`, the last one partial.
double StepsOver(const Scenario& s, double step_s) {
  return std::ceil(s.horizon_s / step_s);
}

// The summed failure rate of one GPU, per hour, as the run draws it.
double FailureRatePerGpuHour(const Scenario& s) {
  double rate = 0;
  for (const auto& c : s.failure_components) {
    if (!c.planned || s.failures.include_planned) rate += c.rate_per_gpu_hour;
  }
  return rate * s.failures.rate_scale;
}

// The lease with the most billing periods, and how many it has.
std::pair<int, double> MostBilledLease(const Scenario& s) {
  int lease = -1;
  double most = 0;
  for (int l = 0; l < static_cast<int>(s.leases.size()); ++l) {
    const double n =
        StepsOver(s, s.leases[l].billing_period_days * sim::kSecondsPerDay);
    if (n > most) {
      most = n;
      lease = l;
    }
  }
  return {lease, most};
}

// The cluster with the most nodes.
int LargestCluster(const Scenario& s) {
  int largest = -1;
  for (int c = 0; c < static_cast<int>(s.clusters.size()); ++c) {
    if (largest < 0 || s.clusters[c].nodes > s.clusters[largest].nodes) {
      largest = c;
    }
  }
  return largest;
}

// Fails on the lease with the most billing periods, of `periods` in all.
[[noreturn]] void FailOnBillingPeriods(const ReadContext& in, const Scenario& s,
                                       double periods,
                                       const std::string& budget_text) {
  const int lease = MostBilledLease(s).first;
  // The period at which every lease together stays within the billing budget.
  const double min_days = s.horizon_s / sim::kSecondsPerDay *
                          static_cast<double>(s.leases.size()) /
                          kMaxBillingPeriods;
  EntryNamed(in, "lease", s.leases[lease].name)
      .Fail("billing_period_days",
            fmt::format("the run would close {:.3g} billing periods, above {}; "
                        "expected a period of at least {:.3g} days for this "
                        "horizon",
                        periods, budget_text, min_days));
}

// Fails naming the key behind the largest share of `w`'s events, when the
// total is above `budget`.
void CheckEvents(const ReadContext& in, const Scenario& s, const RunWork& w) {
  const double events = w.Events();
  if (events <= kMaxRunEvents) return;
  const std::string budget =
      fmt::format("the budget of {} events", Grouped(kMaxRunEvents));
  const double largest = std::max({w.timeseries_rows, w.billing_periods,
                                   w.hourly_steps, w.nodes + w.failures});
  const std::string what =
      fmt::format("the run would schedule about {:.3g} events", events);
  if (largest == w.timeseries_rows) {
    Reader(in.schema, "scenario", in.doc.Find("scenario"), "scenario")
        .Fail("timeseries_step_hours",
              fmt::format("{} ({:.3g} time-series rows), above {}; expected "
                          "a longer step",
                          what, w.timeseries_rows, budget));
  }
  if (largest == w.billing_periods) FailOnBillingPeriods(in, s, events, budget);
  if (largest == w.hourly_steps) {
    Reader(in.schema, "scenario", in.doc.Find("scenario"), "scenario")
        .Fail("horizon_days",
              fmt::format("{} ({:.3g} hourly steps), above {}; expected a "
                          "shorter horizon",
                          what, w.hourly_steps, budget));
  }
  const double scale = kMaxRunEvents / events * s.failures.rate_scale;
  Reader(in.schema, "failures", in.doc.Find("failures"), "failures")
      .Fail("rate_scale",
            fmt::format("{} ({:.3g} failures and repairs over {:.0f} "
                        "nodes), above {}; expected a rate_scale of at most "
                        "{:.3g} for this fleet and horizon",
                        what, w.failures, w.nodes, budget, scale));
}

}  // namespace

RunWork EstimateRunWork(const Scenario& s) {
  RunWork w;
  const double horizon_h = s.horizon_s / sim::kSecondsPerHour;
  w.timeseries_rows = StepsOver(s, s.timeseries_step_s);
  for (const auto& l : s.leases) {
    w.billing_periods +=
        StepsOver(s, l.billing_period_days * sim::kSecondsPerDay);
  }
  const bool services =
      std::any_of(s.demand.begin(), s.demand.end(),
                  [](const auto& d) { return d.cluster >= 0; });
  const bool hourly_site =
      std::any_of(s.sites.begin(), s.sites.end(),
                  [](const auto& site) { return site.Hourly(); });
  if (services || hourly_site) w.hourly_steps = std::ceil(horizon_h);
  w.monthly_closes = StepsOver(s, sim::kSecondsPerMonth);
  double gpus = 0;
  for (const auto& c : s.clusters) {
    w.nodes += c.nodes;
    gpus += static_cast<double>(c.gpus());
  }
  w.jobs = static_cast<double>(s.training.size());
  // A failure and its repair are two events.
  w.failures = 2 * FailureRatePerGpuHour(s) * gpus * horizon_h;
  return w;
}

void CheckRunBudget(const ReadContext& in, const Scenario& s) {
  const RunWork w = EstimateRunWork(s);
  if (w.timeseries_rows > kMaxTimeseriesRows) {
    const double min_step_h =
        s.horizon_s / kMaxTimeseriesRows / sim::kSecondsPerHour;
    Reader(in.schema, "scenario", in.doc.Find("scenario"), "scenario")
        .Fail("timeseries_step_hours",
              fmt::format("the run would sample {:.3g} time-series rows, "
                          "above the budget of {}; expected a step of at "
                          "least {:.3g} hours for this horizon",
                          w.timeseries_rows, Grouped(kMaxTimeseriesRows),
                          min_step_h));
  }
  if (w.billing_periods > kMaxBillingPeriods) {
    FailOnBillingPeriods(in, s, w.billing_periods,
                         fmt::format("the budget of {} over all leases",
                                     Grouped(kMaxBillingPeriods)));
  }
  if (w.EventsAtStart() > kMaxEventsAtStart) {
    const int c = LargestCluster(s);
    EntryNamed(in, "cluster", s.clusters[c].name)
        .Fail("nodes",
              fmt::format("the run would schedule {:.3g} events at its start "
                          "(one per node, sample and billing period), above "
                          "the budget of {}; expected fewer nodes",
                          w.EventsAtStart(), Grouped(kMaxEventsAtStart)));
  }
  CheckEvents(in, s, w);
  for (const auto& o : s.orbital) {
    const double opportunities =
        std::ceil(o.launches_per_year * o.satellite.mission_years);
    const double steps =
        opportunities *
        std::min(opportunities, static_cast<double>(o.satellites));
    if (steps <= kMaxShellSteps) continue;
    EntryNamed(in, "orbital", o.name)
        .Fail("launches_per_year",
              fmt::format("the shell's deployment would take {:.3g} steps "
                          "({:.3g} launch opportunities over the mission), "
                          "above the budget of {}; expected fewer launches "
                          "a year",
                          steps, opportunities, Grouped(kMaxShellSteps)));
  }
  for (const auto& spec : s.serving) {
    const double tokens =
        static_cast<double>(spec.requests) *
        (static_cast<double>(spec.prompt_tokens) + spec.output_tokens);
    if (spec.arrival == Arrival::kTrace || tokens <= kMaxServingTokens)
      continue;
    const double most =
        kMaxServingTokens /
        (static_cast<double>(spec.prompt_tokens) + spec.output_tokens);
    EntryNamed(in, "serving", spec.name)
        .Fail("requests",
              fmt::format("the run would simulate {:.3g} request-tokens at "
                          "iteration level, above the budget of {:.3g}; "
                          "expected at most {:.0f} requests of these lengths",
                          tokens, kMaxServingTokens, std::floor(most)));
  }
}

}  // namespace kardashev::scenario
