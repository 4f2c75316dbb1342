// trace.json (report/trace_json.h) of traces recorded by sched::TraceRecorder:
// valid Trace Event Format, spans that nest on each track, a hand-built job
// with one failure at exact times, a simulated fleet whose spans account for
// the job's time as its outcome does, and the aggregation past the budget.
#include "kardashev/report/trace_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "../sched/test_plans.h"
#include "kardashev/report/run_directory.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/sched/trace_recorder.h"

namespace kardashev::report {
namespace {

using nlohmann::json;
using sched::TraceRecorder;
using training::JobPhase;

// Checks the Trace Event Format's JSON Object Format and that on each (pid,
// tid) the complete spans nest: sorted by start (longest first), each span
// ends within the innermost span still open at its start.
void ExpectValidTrace(const json& doc) {
  ASSERT_TRUE(doc.is_object());
  ASSERT_TRUE(doc["traceEvents"].is_array());
  EXPECT_EQ(doc["displayTimeUnit"], "ms");
  std::map<std::pair<int, int>,
           std::vector<std::pair<std::int64_t, std::int64_t>>>
      spans;
  for (const auto& e : doc["traceEvents"]) {
    ASSERT_TRUE(e.contains("ph") && e.contains("ts") && e.contains("pid") &&
                e.contains("tid"))
        << e.dump();
    const std::string ph = e["ph"];
    ASSERT_TRUE(ph == "M" || ph == "X" || ph == "i" || ph == "C") << ph;
    if (ph == "M" || ph == "C") {
      ASSERT_TRUE(e["args"].is_object());
    }
    if (ph != "X") continue;
    ASSERT_TRUE(e.contains("dur"));
    ASSERT_GE(e["dur"].get<std::int64_t>(), 0);
    spans[{e["pid"], e["tid"]}].emplace_back(e["ts"], e["dur"]);
  }
  for (auto& [track, list] : spans) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::vector<std::int64_t> open_ends;
    for (const auto& [ts, dur] : list) {
      while (!open_ends.empty() && open_ends.back() <= ts) open_ends.pop_back();
      if (!open_ends.empty()) {
        ASSERT_LE(ts + dur, open_ends.back())
            << "span at " << ts << " overlaps its parent on tid "
            << track.second;
      }
      open_ends.push_back(ts + dur);
    }
  }
}

json Parse(const sched::TraceEvents& trace) {
  Results r;
  r.scenario = "s";
  r.variant = "base";
  r.trace_recorded = true;
  r.trace = trace;
  return json::parse(TraceJson({r}));
}

// The events of `doc` on tid `tid` with phase `ph`, in file order.
std::vector<json> On(const json& doc, int tid, const std::string& ph) {
  std::vector<json> out;
  for (const auto& e : doc["traceEvents"]) {
    if (e["tid"] == tid && e["ph"] == ph) out.push_back(e);
  }
  return out;
}

sched::FleetPlan OneJobPlan(double horizon_days) {
  sched::FleetPlan plan = sched::testing::OneClusterPlan(20, horizon_days, 5);
  plan.jobs.push_back(sched::testing::TestJob(128));
  return plan;
}

// One job (checkpoint every 3,600 s of training, 100 s writes) over a day;
// a node fails at 8,000 s, a spare is in place at 8,300 s, the 600 s restart
// ends at 8,900 s.
TEST(TraceJsonTest, HandBuiltFailureIsFollowedByWaitAndRestart) {
  TraceRecorder rec(OneJobPlan(1));
  const training::JobTiming timing{3600, 100, 600};
  rec.Failure(8000, 0, "hardware", 0, -1);
  rec.SetJobPhase(0, JobPhase::kWaiting, 8000, timing);
  rec.SetJobPhase(0, JobPhase::kRestarting, 8300, timing);
  rec.SetJobPhase(0, JobPhase::kRunning, 8900, timing);
  const json doc = Parse(rec.Finish(86400));
  ExpectValidTrace(doc);

  // tid 1: cluster c; tid 2: job job.
  const auto failures = On(doc, 1, "i");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]["ts"], 8000000000);
  EXPECT_EQ(failures[0]["args"]["component"], "hardware");
  const auto job_failures = On(doc, 2, "i");
  ASSERT_EQ(job_failures.size(), 1u);
  EXPECT_EQ(job_failures[0]["ts"], 8000000000);

  std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> top;
  std::vector<std::int64_t> checkpoints;
  for (const auto& e : On(doc, 2, "X")) {
    if (e["name"] == "checkpoint") {
      EXPECT_EQ(e["dur"], 100000000);
      checkpoints.push_back(e["ts"]);
    } else {
      top.emplace_back(e["name"], e["ts"], e["dur"]);
    }
  }
  using T = std::tuple<std::string, std::int64_t, std::int64_t>;
  ASSERT_EQ(top.size(), 4u);
  EXPECT_EQ(top[0], T("train", 0, 8000000000));
  EXPECT_EQ(top[1], T("wait", 8000000000, 300000000));
  EXPECT_EQ(top[2], T("restart", 8300000000, 600000000));
  EXPECT_EQ(top[3], T("train", 8900000000, 77500000000));
  // Before the failure: writes at 3,600 s and 7,300 s. After the restart:
  // every 3,700 s from 8,900 + 3,600 s; 77,500 s hold 20 of them.
  ASSERT_EQ(checkpoints.size(), 22u);
  EXPECT_EQ(checkpoints[0], 3600000000);
  EXPECT_EQ(checkpoints[1], 7300000000);
  EXPECT_EQ(checkpoints[2], 12500000000);
  EXPECT_EQ(checkpoints[21], 12500000000 + 19 * 3700000000LL);

  // Metadata names the variant and the tracks.
  const auto meta = On(doc, 2, "M");
  ASSERT_FALSE(meta.empty());
  EXPECT_EQ(meta[0]["name"], "thread_name");
  EXPECT_EQ(meta[0]["args"]["name"], "job job");
}

std::vector<catalog::FailureComponent> Causes(double mtbf_node_h) {
  catalog::FailureComponent a;
  a.name = "hardware";
  a.rate_per_gpu_hour = 1 / (mtbf_node_h * 8);
  a.repair = {{"swap", 1.0, 24, 0.5}};
  return {a};
}

// The job track's spans account for the job's time as its outcome does, and
// each failure that hit the job starts its wait (or restart) at that moment.
TEST(TraceJsonTest, SimulatedSpansMatchTheJobOutcome) {
  const sched::FleetPlan plan = OneJobPlan(20);
  TraceRecorder rec(plan);
  const auto out = sched::SimulateFleet(plan, Causes(200), &rec);
  rec.AddCounters(out.timeseries);
  const json doc = Parse(rec.Finish(plan.horizon_s));
  ExpectValidTrace(doc);
  const auto& t = out.training[0];
  ASSERT_GT(t.interruptions, 3);

  std::map<std::string, double> total_s;
  std::vector<std::int64_t> starts;
  for (const auto& e : On(doc, 2, "X")) {
    total_s[e["name"]] += e["dur"].get<double>() / 1e6;
    if (e["name"] != "checkpoint") starts.push_back(e["ts"]);
  }
  EXPECT_NEAR(total_s["train"] + total_s["wait"] + total_s["restart"],
              plan.horizon_s, 1e-3);
  EXPECT_NEAR(total_s["restart"], t.restarting_s, 1e-3);
  EXPECT_NEAR(total_s["wait"], t.waiting_s, 1e-3);
  EXPECT_NEAR(total_s["checkpoint"], t.checkpointing_s, 1e-3);
  const auto hits = On(doc, 2, "i");
  EXPECT_EQ(static_cast<std::int64_t>(hits.size()), t.interruptions);
  for (const auto& f : hits) {
    EXPECT_TRUE(std::binary_search(starts.begin(), starts.end(),
                                   f["ts"].get<std::int64_t>()))
        << "no span starts at the failure at " << f["ts"];
  }
  EXPECT_EQ(static_cast<std::int64_t>(On(doc, 1, "i").size()),
            out.failures_total);
  EXPECT_EQ(On(doc, 0, "C").size(), 2 * out.timeseries.size());
}

// Tracing changes nothing the simulation reports.
TEST(TraceJsonTest, TracingLeavesTheOutcomeUnchanged) {
  const sched::FleetPlan plan = OneJobPlan(20);
  TraceRecorder rec(plan);
  const auto traced = sched::SimulateFleet(plan, Causes(200), &rec);
  const auto plain = sched::SimulateFleet(plan, Causes(200));
  EXPECT_EQ(traced.events, plain.events);
  EXPECT_EQ(traced.failures_total, plain.failures_total);
  EXPECT_EQ(traced.training[0].training_s, plain.training[0].training_s);
  EXPECT_EQ(traced.clusters[0].active_gpu_hours,
            plain.clusters[0].active_gpu_hours);
}

// Past its budget a track sums its phases per hour and counts its failures
// per hour; the trace stays valid and the sums still cover the horizon.
TEST(TraceJsonTest, PastTheBudgetPhasesAndFailuresAreAggregated) {
  const sched::FleetPlan plan = OneJobPlan(20);
  TraceRecorder rec(plan, 20);
  const auto out = sched::SimulateFleet(plan, Causes(50), &rec);
  const json doc = Parse(rec.Finish(plan.horizon_s));
  ExpectValidTrace(doc);
  ASSERT_GT(out.training[0].interruptions, 20);
  double covered_s = 0;
  double checkpoint_s = 0;
  int aggregated = 0;
  std::int64_t single = 0;
  for (const auto& e : On(doc, 2, "X")) {
    if (e["name"] == "phases (aggregated)") {
      ++aggregated;
      const auto& a = e["args"];
      const double sum_s =
          a["train_s"].get<double>() + a["checkpoint_s"].get<double>() +
          a["restart_s"].get<double>() + a["wait_s"].get<double>();
      EXPECT_NEAR(sum_s, e["dur"].get<double>() / 1e6, 1e-3);
      EXPECT_LE(e["dur"].get<std::int64_t>(), 3600000000);
      covered_s += sum_s;
      checkpoint_s += a["checkpoint_s"].get<double>();
    } else {
      ++single;
      if (e["name"] == "checkpoint") {
        checkpoint_s += e["dur"].get<double>() / 1e6;
      } else {
        covered_s += e["dur"].get<double>() / 1e6;
      }
    }
  }
  single += static_cast<std::int64_t>(On(doc, 2, "i").size());
  EXPECT_LE(single, 20);
  EXPECT_GT(aggregated, 0);
  EXPECT_NEAR(covered_s, plan.horizon_s, 1e-2);
  bool counted = false;
  for (const auto& e : On(doc, 0, "C")) {
    if (e["name"] == "failures per hour (job job)") counted = true;
  }
  EXPECT_TRUE(counted);
}

// Counters follow the time-series step down to one value per hour: 3 days
// of one-minute rows give 72 values of each counter, each the mean of its
// hour's rows, at the hour's start.
TEST(TraceJsonTest, CountersFinerThanAnHourAreAveragedPerHour) {
  const sched::FleetPlan plan = OneJobPlan(3);
  TraceRecorder rec(plan);
  std::vector<sched::TimeseriesRow> rows;
  for (int m = 1; m <= 3 * 24 * 60; ++m) {
    sched::TimeseriesRow r;
    r.time_s = m * 60.0;
    r.gpus_active = (m - 1) % 60 < 30 ? 100 : 60;  // half an hour each
    r.power_mw = 2;
    rows.push_back(r);
  }
  rec.AddCounters(rows);
  const json doc = Parse(rec.Finish(plan.horizon_s));
  ExpectValidTrace(doc);
  int gpus = 0;
  for (const auto& e : On(doc, 0, "C")) {
    if (e["name"] != "GPUs") continue;
    EXPECT_EQ(e["ts"], gpus * 3600000000LL);
    EXPECT_DOUBLE_EQ(e["args"]["active"].get<double>(), 80);
    ++gpus;
  }
  EXPECT_EQ(gpus, 72);
}

TEST(TraceJsonTest, TraceJsonIsInTheFileSetOnlyWhenRecorded) {
  Results r;
  r.scenario = "s";
  r.variant = "base";
  const auto without = RunDirectoryFiles({r});
  EXPECT_EQ(std::count(without.begin(), without.end(), "trace.json"), 0);
  r.trace_recorded = true;
  const auto with = RunDirectoryFiles({r});
  EXPECT_EQ(std::count(with.begin(), with.end(), "trace.json"), 1);
  EXPECT_NO_THROW(ExpectValidTrace(json::parse(TraceJson({r}))));
}

}  // namespace
}  // namespace kardashev::report
