// The work budget of a run: an estimate, from a loaded Scenario alone, of the
// events its fleet simulation will schedule (time-series samples, billing
// periods, hourly steps, monthly closes, node failures and repairs) and of the
// requests its serving simulations will play, checked against stated budgets
// before anything runs. A scenario that would exceed one is refused with a
// ScenarioError naming the key to change and the value that would fit, rather
// than dying or exhausting memory part-way through the run.
#ifndef KARDASHEV_SCENARIO_BUDGET_H_
#define KARDASHEV_SCENARIO_BUDGET_H_

#include <string>

#include "kardashev/scenario/scenario.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

// Time-series rows a run may sample: ten million rows of timeseries.csv is
// about a gigabyte, and each is an event scheduled at the start of the run.
inline constexpr double kMaxTimeseriesRows = 10'000'000;
// Billing periods, over all leases: each is an event scheduled at the start.
inline constexpr double kMaxBillingPeriods = 5'000'000;
// Events pending at the start of a run (samples, billing periods, monthly
// closes, a failure per node, a finish per job): below the event loop's
// limit of 2^24 pending events, with room for the events the run adds.
inline constexpr double kMaxEventsAtStart = 12'000'000;
// Events a run may schedule in all: fifty million events take about a minute
// and a few gigabytes at most; a plan beyond that is not what was meant.
inline constexpr double kMaxRunEvents = 50'000'000;
// Request-tokens (requests x (prompt + output tokens)) a serving simulation
// may play at iteration level: 10^10 is about ten minutes of simulation.
inline constexpr double kMaxServingTokens = 1e10;

// Steps of an orbital shell's deployment walk (launch opportunities over the
// mission, times the cohorts of satellites each one sums over): 2 x 10^8 is
// about a second.
inline constexpr double kMaxShellSteps = 2e8;

// The estimated work of a run, by kind.
struct RunWork {
  double timeseries_rows = 0;
  double billing_periods = 0;
  double hourly_steps = 0;
  double monthly_closes = 0;
  double nodes = 0;
  double jobs = 0;
  double failures = 0;  // expected failures and repairs
  double EventsAtStart() const {
    return timeseries_rows + billing_periods + monthly_closes + nodes + jobs;
  }
  double Events() const { return EventsAtStart() + hourly_steps + failures; }
};

// The work `s` would do.
RunWork EstimateRunWork(const Scenario& s);

// Throws ScenarioError, naming the key to change, when `s` would exceed one of
// the budgets above. `in` is the document `s` was read from, to point at the
// key. REQUIRES: `s` was read from `in` by every section reader.
void CheckRunBudget(const ReadContext& in, const Scenario& s);

}  // namespace kardashev::scenario

#endif  // KARDASHEV_SCENARIO_BUDGET_H_
