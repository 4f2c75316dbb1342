#include "kardashev/sched/trace_recorder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "kardashev/sim/time.h"

namespace kardashev::sched {

namespace {

using training::JobPhase;

TraceArg Num(const char* key, double value) {
  TraceArg a;
  a.key = key;
  a.value = value;
  return a;
}

// Bins per year of horizon: the aggregated tracks hold at most this many
// values per series. ASSUMPTION: hourly over a year (8,760) is the finest
// resolution a reader needs once a track is too dense for single events.
constexpr double kMaxBins = 8760;

std::int64_t Micros(double s) { return std::llround(s * 1e6); }

const char* PhaseName(JobPhase phase) {
  switch (phase) {
    case JobPhase::kRunning:
      return "train";
    case JobPhase::kWaiting:
      return "wait";
    case JobPhase::kRestarting:
      return "restart";
    case JobPhase::kDone:
      break;
  }
  return "done";
}

// Checkpoint writes that start within the first `elapsed_s` of a segment.
std::int64_t CheckpointsWithin(const training::JobTiming& t, double elapsed_s) {
  if (t.interval_s <= 0 || t.checkpoint_s <= 0 || elapsed_s <= t.interval_s) {
    return 0;
  }
  return static_cast<std::int64_t>(std::floor(
             (elapsed_s - t.interval_s) / (t.interval_s + t.checkpoint_s))) +
         1;
}

}  // namespace

TraceRecorder::TraceRecorder(const FleetPlan& plan, std::int64_t event_budget)
    : budget_(event_budget),
      horizon_s_(plan.horizon_s),
      bin_s_(std::max(sim::kSecondsPerHour, plan.horizon_s / kMaxBins)) {
  for (const auto& c : plan.clusters)
    out_.tracks.push_back("cluster " + c.name);
  first_job_track_ = static_cast<int>(out_.tracks.size());
  for (const auto& j : plan.jobs) out_.tracks.push_back("job " + j.name);
  first_lease_track_ = static_cast<int>(out_.tracks.size());
  for (const auto& l : plan.leases) out_.tracks.push_back("lease " + l.name);
  tracks_.resize(out_.tracks.size());
  jobs_.resize(plan.jobs.size());
}

// True when `track` may record `n` more events one by one (and counts them);
// false once it aggregates.
bool TraceRecorder::Spend(int track, std::int64_t n) {
  Track& t = tracks_[track];
  if (t.aggregated || t.events + n > budget_) {
    t.aggregated = true;
    return false;
  }
  t.events += n;
  return true;
}

void TraceRecorder::Emit(TraceKind kind, int track, double ts_s, double dur_s,
                         std::string name, std::vector<TraceArg> args) {
  TraceEvent e;
  e.kind = kind;
  e.track = track;
  e.ts_us = Micros(ts_s);
  e.dur_us = kind == TraceKind::kComplete ? Micros(ts_s + dur_s) - e.ts_us : 0;
  e.name = std::move(name);
  e.args = std::move(args);
  out_.events.push_back(std::move(e));
}

void TraceRecorder::SetJobPhase(int job, JobPhase phase, double now_s,
                                const training::JobTiming& timing) {
  JobState& s = jobs_[job];
  s.timing = timing;  // the job's, the same at every call
  if (phase == s.phase) return;
  CloseJobSpan(job, now_s);
  s.phase = phase;
  s.since_s = now_s;
}

void TraceRecorder::CloseJobSpan(int job, double end_s) {
  const JobState& s = jobs_[job];
  const int track = first_job_track_ + job;
  if (s.phase == JobPhase::kDone || end_s <= s.since_s) return;
  const double elapsed_s = end_s - s.since_s;
  if (s.phase == JobPhase::kRunning) {
    const std::int64_t n = CheckpointsWithin(s.timing, elapsed_s);
    if (Spend(track, 1 + n)) {
      EmitTrain(track, s.since_s, end_s, s.timing);
    } else {
      const double ck_s =
          training::ProgressAfter(s.timing, elapsed_s).checkpoint_s;
      AddToBins(track, s.phase, s.since_s, end_s, ck_s / elapsed_s);
    }
  } else if (Spend(track, 1)) {
    Emit(TraceKind::kComplete, track, s.since_s, elapsed_s, PhaseName(s.phase));
  } else {
    AddToBins(track, s.phase, s.since_s, end_s, 0);
  }
}

// A train span and its checkpoint writes, nested in it.
void TraceRecorder::EmitTrain(int track, double from_s, double to_s,
                              const training::JobTiming& timing) {
  Emit(TraceKind::kComplete, track, from_s, to_s - from_s, "train");
  const std::int64_t n = CheckpointsWithin(timing, to_s - from_s);
  const double period_s = timing.interval_s + timing.checkpoint_s;
  for (std::int64_t k = 0; k < n; ++k) {
    const double start_s =
        from_s + static_cast<double>(k) * period_s + timing.interval_s;
    const double end_s = std::min(start_s + timing.checkpoint_s, to_s);
    Emit(TraceKind::kComplete, track, start_s, end_s - start_s, "checkpoint");
  }
}

// Adds [from_s, to_s) of `phase` to the track's bins, flushing each bin it
// leaves behind; `checkpoint_share` of a train span is checkpointing.
void TraceRecorder::AddToBins(int track, JobPhase phase, double from_s,
                              double to_s, double checkpoint_share) {
  PhaseBin& b = tracks_[track].phases;
  auto bin = static_cast<std::int64_t>(std::floor(from_s / bin_s_));
  for (double t = from_s; t < to_s; ++bin) {
    if (bin != b.bin) {
      if (b.bin >= 0) FlushPhaseBin(track, BinStartS(b.bin + 1));
      b = PhaseBin{bin, t};
    }
    const double end_s = std::min(to_s, BinStartS(bin + 1));
    const double dt_s = end_s - t;
    switch (phase) {
      case JobPhase::kRunning:
        b.train_s += dt_s * (1 - checkpoint_share);
        b.checkpoint_s += dt_s * checkpoint_share;
        break;
      case JobPhase::kRestarting:
        b.restart_s += dt_s;
        break;
      case JobPhase::kWaiting:
        b.wait_s += dt_s;
        break;
      case JobPhase::kDone:
        break;
    }
    if (end_s >= to_s) break;
    t = end_s;
  }
}

void TraceRecorder::FlushPhaseBin(int track, double end_s) {
  const PhaseBin& b = tracks_[track].phases;
  if (b.bin < 0 || end_s <= b.from_s) return;
  Emit(TraceKind::kComplete, track, b.from_s, end_s - b.from_s,
       "phases (aggregated)",
       {Num("train_s", b.train_s), Num("checkpoint_s", b.checkpoint_s),
        Num("restart_s", b.restart_s), Num("wait_s", b.wait_s)});
}

void TraceRecorder::Failure(double now_s, int cluster,
                            const std::string& component, int job, int lease) {
  Instant(cluster, now_s, component);
  if (job >= 0) Instant(first_job_track_ + job, now_s, component);
  if (lease >= 0) Instant(first_lease_track_ + lease, now_s, component);
}

void TraceRecorder::Instant(int track, double now_s,
                            const std::string& component) {
  if (Spend(track, 1)) {
    Emit(TraceKind::kInstant, track, now_s, 0, "failure",
         {TraceArg{"component", 0, component}});
  } else {
    CountFailure(track, now_s);
  }
}

void TraceRecorder::CountFailure(int track, double now_s) {
  FailureBin& f = tracks_[track].failures;
  const auto bin = static_cast<std::int64_t>(std::floor(now_s / bin_s_));
  if (bin != f.bin) {
    FlushFailureBin(track, bin);
    f = FailureBin{bin, 0};
  }
  ++f.count;
}

// Emits the open bin's rate, and 0 after it unless `next_bin` follows it.
void TraceRecorder::FlushFailureBin(int track, std::int64_t next_bin) {
  const FailureBin& f = tracks_[track].failures;
  if (f.bin < 0) return;
  const std::string name = "failures per hour (" + out_.tracks[track] + ")";
  const double bin_h = bin_s_ / sim::kSecondsPerHour;
  Emit(TraceKind::kCounter, -1, BinStartS(f.bin), 0, name,
       {Num("failures_per_h", static_cast<double>(f.count) / bin_h)});
  if (next_bin != f.bin + 1 && BinStartS(f.bin + 1) < horizon_s_) {
    Emit(TraceKind::kCounter, -1, BinStartS(f.bin + 1), 0, name,
         {Num("failures_per_h", 0)});
  }
}

void TraceRecorder::LeasePeriod(int lease, double start_s, double end_s) {
  Emit(TraceKind::kComplete, first_lease_track_ + lease, start_s,
       end_s - start_s, "billing period");
}

// Rows are averaged, weighted by their steps, over the rows that start in one
// bin, and each average placed at the start of its first row: a step as long
// as a bin or longer gives one value per row.
void TraceRecorder::AddCounters(const std::vector<TimeseriesRow>& rows) {
  constexpr int kSeries = 6;  // up, active, unpowered, down, served, grid
  std::array<double, kSeries> sum{};
  double weight_s = 0;
  double group_start_s = 0;
  std::int64_t group_bin = -1;
  const auto emit = [&] {
    if (weight_s <= 0) return;
    const auto mean = [&](int i) { return sum[i] / weight_s; };
    Emit(TraceKind::kCounter, -1, group_start_s, 0, "GPUs",
         {Num("up", mean(0)), Num("active", mean(1)), Num("unpowered", mean(2)),
          Num("down", mean(3))});
    Emit(TraceKind::kCounter, -1, group_start_s, 0, "power MW",
         {Num("served", mean(4)), Num("grid", mean(5))});
  };
  double start_s = 0;
  for (const auto& r : rows) {
    const auto bin = static_cast<std::int64_t>(std::floor(start_s / bin_s_));
    if (bin != group_bin) {
      emit();
      sum.fill(0);
      weight_s = 0;
      group_start_s = start_s;
      group_bin = bin;
    }
    const double w_s = r.time_s - start_s;
    const std::array<double, kSeries> v = {r.gpus_up,        r.gpus_active,
                                           r.gpus_unpowered, r.gpus_down,
                                           r.power_mw,       r.grid_power_mw};
    for (int i = 0; i < kSeries; ++i) sum[i] += v[i] * w_s;
    weight_s += w_s;
    start_s = r.time_s;
  }
  emit();
}

TraceEvents TraceRecorder::Finish(double end_s) {
  for (int j = 0; j < static_cast<int>(jobs_.size()); ++j) {
    CloseJobSpan(j, end_s);
    jobs_[j].phase = JobPhase::kDone;
  }
  for (int t = 0; t < static_cast<int>(tracks_.size()); ++t) {
    const PhaseBin& b = tracks_[t].phases;
    if (b.bin >= 0) FlushPhaseBin(t, std::min(BinStartS(b.bin + 1), end_s));
    FlushFailureBin(t, -1);
  }
  return std::move(out_);
}

}  // namespace kardashev::sched
