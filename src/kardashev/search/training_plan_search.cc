#include "kardashev/search/training_plan_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "kardashev/fleet/failure_model.h"
#include "kardashev/prepare/prepare.h"
#include "kardashev/scenario/error.h"

namespace kardashev::search {

namespace {

using training::FaultTolerance;

constexpr double kSecondsPerHour = 3600;
constexpr FaultTolerance kModes[] = {
    FaultTolerance::kGang, FaultTolerance::kReplica, FaultTolerance::kElastic};
constexpr perf::Recompute kRecomputes[] = {perf::Recompute::kNone,
                                           perf::Recompute::kSelective,
                                           perf::Recompute::kFull};
constexpr int kMaxZeroStage = 3;
// The most sequences in a micro-batch, as the scenario's
// micro_batch_sequences key allows.
constexpr std::int64_t kMaxMicroBatchSequences = 65536;

// The divisors of `n` >= 1, ascending.
std::vector<std::int64_t> Divisors(std::int64_t n) {
  std::vector<std::int64_t> low;
  std::vector<std::int64_t> high;
  for (std::int64_t d = 1; d * d <= n; ++d) {
    if (n % d != 0) continue;
    low.push_back(d);
    if (d != n / d) high.push_back(n / d);
  }
  low.insert(low.end(), high.rbegin(), high.rend());
  return low;
}

// The step model, without its error message: nullopt for a plan it refuses
// (the search has pruned every refusal but memory).
std::optional<perf::TrainingStep> TryStep(const perf::TrainingStepInput& in) {
  return perf::TryEstimateTrainingStep(in);
}

// Whether `mode` can run `plan`: a group restarts from a peer group in replica
// and elastic modes, so each group must hold the whole training state, which
// ZeRO stages 1-3 shard across the groups.
bool ModeRuns(FaultTolerance mode, const perf::ParallelPlan& plan) {
  return mode == FaultTolerance::kGang || plan.zero_stage == 0;
}

// Share of node failures that find no free spare: the nodes of the job's
// cluster beyond those its training jobs hold are spares, and on average
// (Little's law) rate x nodes x mean repair time of them are in repair.
double NoSpareShare(const scenario::Scenario& s,
                    const scenario::TrainingSpec& spec, double node_rate_gpu_h,
                    double repair_h) {
  const auto& cluster = s.clusters[spec.cluster];
  const std::int64_t node_gpus = cluster.node.gpus;
  std::int64_t held = 0;
  for (const auto& t : s.training) {
    if (t.cluster == spec.cluster) held += (t.gpus + node_gpus - 1) / node_gpus;
  }
  const double spares =
      std::max<double>(0, static_cast<double>(cluster.nodes - held));
  const double in_repair =
      node_rate_gpu_h * static_cast<double>(spec.gpus) * repair_h;
  if (in_repair <= spares) return 0;
  return 1 - spares / in_repair;
}

const scenario::TrainingSpec& FindJob(const scenario::Scenario& s,
                                      const std::string& name) {
  for (const auto& t : s.training) {
    if (t.name == name) return t;
  }
  std::string names;
  for (const auto& t : s.training) {
    names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", t.name);
  }
  throw scenario::ScenarioError(
      scenario::Location{"--job", 0, 0}, "",
      names.empty()
          ? fmt::format("no [[training]] job \"{}\": {} has no training jobs",
                        name, s.file)
          : fmt::format("no [[training]] job \"{}\" in {}; its jobs: {}", name,
                        s.file, names));
}

}  // namespace

SearchJob SearchJobOf(const scenario::Scenario& s, const std::string& name) {
  const scenario::TrainingSpec& spec = FindJob(s, name);
  SearchJob job;
  job.name = spec.name;
  job.variant = s.variant;
  job.gpus = spec.gpus;
  job.step = spec.step;
  const auto rates = training::RatesByScope(s.failure_components, s.failures);
  const double repair_h =
      fleet::FailureModel(s.failure_components, s.failures).MeanRepairHours();
  training::GoodputInput& g = job.goodput;
  g.gpus = spec.gpus;
  g.node_gpus = s.clusters[spec.cluster].node.gpus;
  g.node_failures_per_gpu_h = rates.node_per_gpu_h;
  g.job_failures_per_gpu_h = rates.job_per_gpu_h;
  // A spare comes from the hot tier when the cluster keeps one, else cold.
  const fleet::ClusterConfig& cluster = s.clusters[spec.cluster];
  g.spare_swap_s = cluster.hot_spares > 0 ? cluster.hot_swap_s
                   : cluster.cold_swap_s >= 0
                       ? cluster.cold_swap_s
                       : s.spare_swap_h * kSecondsPerHour;
  g.repair_s = repair_h * kSecondsPerHour;
  g.no_spare_share = NoSpareShare(s, spec, rates.node_per_gpu_h, repair_h);
  // The job's recovery set gives the parts of a restart and of a rejoin
  // (prepare/), and its checkpoint the blocking save.
  const training::TrainingJobConfig prepared =
      prepare::PrepareTrainingJob(spec);
  g.gang_restart = prepared.restart;
  g.group_restart = prepared.rejoin;
  g.checkpoint_write_s = prepared.CheckpointWriteS();
  g.checkpoint_interval_s = spec.checkpoint_interval_s;
  job.mode = spec.fault_tolerance;
  job.state_bytes = prepared.checkpoint_bytes;
  job.fabric_bytes_per_s_per_gpu =
      spec.step.fabric.bandwidth_bytes_per_s_per_gpu;
  return job;
}

training::GoodputInput GoodputInputOf(const SearchJob& job,
                                      const perf::ParallelPlan& plan,
                                      FaultTolerance mode, double step_time_s) {
  training::GoodputInput in = job.goodput;
  in.mode = mode;
  in.group_gpus = static_cast<std::int64_t>(plan.tp) * plan.pp * plan.cp;
  if (job.fabric_bytes_per_s_per_gpu > 0) {
    in.group_restart.state_load_s =
        job.state_bytes /
        (static_cast<double>(in.group_gpus) * job.fabric_bytes_per_s_per_gpu);
  }
  in.step_time_s = step_time_s;
  return in;
}

std::string_view ModeName(FaultTolerance mode) {
  switch (mode) {
    case FaultTolerance::kGang:
      return "gang";
    case FaultTolerance::kReplica:
      return "replica";
    case FaultTolerance::kElastic:
      return "elastic";
  }
  return "?";
}

std::string_view RecomputeName(perf::Recompute recompute) {
  switch (recompute) {
    case perf::Recompute::kNone:
      return "none";
    case perf::Recompute::kSelective:
      return "selective";
    case perf::Recompute::kFull:
      return "full";
  }
  return "?";
}

namespace {

// One search: the nested loops over the space, with the best plans so far.
class Searcher {
 public:
  Searcher(const SearchJob& job, int top)
      : job_(job), input_(job.step), top_(top) {
    const double sequences = job.step.global_batch_tokens / job.step.seq_len;
    sequences_ = static_cast<std::int64_t>(std::llround(sequences));
    whole_batch_ = sequences_ >= 1 &&
                   std::fabs(sequences - static_cast<double>(sequences_)) <
                       1e-9 * sequences;
  }

  void Run(SearchResult& out) {
    const auto& m = job_.step.model;
    const int domain = job_.step.gpu.scale_up_domain_gpus;
    if (!whole_batch_) return;
    const std::vector<std::int64_t> gpu_divisors = Divisors(job_.gpus);
    for (const std::int64_t tp : gpu_divisors) {
      if (tp > domain || m.heads % tp != 0) continue;
      for (const std::int64_t cp : gpu_divisors) {
        if (tp * cp > job_.gpus) break;
        if (job_.step.seq_len % cp != 0 || job_.gpus % (tp * cp) != 0) continue;
        for (const std::int64_t pp : gpu_divisors) {
          if (pp > m.layers || tp * cp * pp > job_.gpus) break;
          const std::int64_t group = tp * cp * pp;
          if (job_.gpus % group != 0) continue;
          const std::int64_t dp = job_.gpus / group;
          if (sequences_ % dp != 0) continue;  // whole sequences per rank
          ForBatch(static_cast<int>(tp), static_cast<int>(cp),
                   static_cast<int>(pp), static_cast<int>(dp));
        }
      }
    }
    out.parallel_plans = parallel_plans_;
    out.evaluated = evaluated_;
    out.fit = fit_;
    out.parallel_fit = parallel_fit_;
    out.top = std::move(best_);
  }

 private:
  // Expert parallelism, micro-batches and interleaving of one shape.
  void ForBatch(int tp, int cp, int pp, int dp) {
    const auto& m = job_.step.model;
    const std::int64_t per_rank = sequences_ / dp;
    const int max_virtual = pp > 1 ? (m.layers + pp - 1) / pp : 1;
    for (const std::int64_t ep : Divisors(dp)) {
      if (ep > 1 && (m.experts == 0 || m.experts % ep != 0)) continue;
      for (const std::int64_t mb : Divisors(per_rank)) {
        if (mb > kMaxMicroBatchSequences) break;
        const std::int64_t micro = per_rank / mb;
        for (int v = 1; v <= max_virtual; ++v) {
          if (v > 1 && micro % pp != 0) break;
          perf::ParallelPlan& p = input_.plan;
          p.tp = tp;
          p.cp = cp;
          p.pp = pp;
          p.dp = dp;
          p.ep = static_cast<int>(ep);
          p.micro_batch_sequences = static_cast<int>(mb);
          p.virtual_stages = v;
          ForMemory();
        }
      }
    }
  }

  // Recomputation and ZeRO stage: what trades memory for time.
  void ForMemory() {
    perf::ParallelPlan& p = input_.plan;
    for (const perf::Recompute r : kRecomputes) {
      p.recompute = r;
      for (int z = 0; z <= kMaxZeroStage; ++z) {
        p.zero_stage = z;
        Evaluate();
      }
    }
  }

  // The step model once, then the goodput of each mode that can run the plan.
  void Evaluate() {
    const perf::ParallelPlan& p = input_.plan;
    int modes = 0;
    for (const FaultTolerance mode : kModes) modes += ModeRuns(mode, p) ? 1 : 0;
    ++parallel_plans_;
    evaluated_ += modes;
    const std::optional<perf::TrainingStep> step = TryStep(input_);
    if (!step) return;
    fit_ += modes;
    ++parallel_fit_;
    for (const FaultTolerance mode : kModes) {
      if (!ModeRuns(mode, p)) continue;
      const training::Goodput g = training::EstimateGoodput(
          GoodputInputOf(job_, p, mode, step->step_time_s));
      Offer(p, mode, *step, g);
    }
  }

  // Keeps the plan if it is among the best so far; ties keep the earlier.
  void Offer(const perf::ParallelPlan& p, FaultTolerance mode,
             const perf::TrainingStep& step, const training::Goodput& g) {
    const double goodput = step.tokens_per_s * g.ettr;
    const bool full = static_cast<int>(best_.size()) >= top_;
    if (full && goodput <= best_.back().goodput_tokens_per_s) return;
    RankedPlan r{p, mode, step, g, goodput};
    const auto at = std::upper_bound(best_.begin(), best_.end(), goodput,
                                     [](double x, const RankedPlan& e) {
                                       return x > e.goodput_tokens_per_s;
                                     });
    best_.insert(at, r);
    if (static_cast<int>(best_.size()) > top_) best_.pop_back();
  }

  const SearchJob& job_;
  perf::TrainingStepInput input_;
  int top_ = 1;
  std::int64_t sequences_ = 0;
  bool whole_batch_ = false;
  std::int64_t parallel_plans_ = 0;
  std::int64_t evaluated_ = 0;
  std::int64_t fit_ = 0;
  std::int64_t parallel_fit_ = 0;
  std::vector<RankedPlan> best_;
};

}  // namespace

SearchResult SearchTrainingPlans(const SearchJob& job, int top) {
  const auto start = std::chrono::steady_clock::now();
  SearchResult out;
  out.job = job.name;
  out.variant = job.variant;
  out.gpus = job.gpus;
  out.gpu = job.step.gpu.name;
  out.moe = job.step.model.experts > 0;
  Searcher(job, std::max(top, 1)).Run(out);
  if (const auto step = TryStep(job.step)) {
    const training::Goodput g = training::EstimateGoodput(
        GoodputInputOf(job, job.step.plan, job.mode, step->step_time_s));
    out.job_plan = RankedPlan{job.step.plan, job.mode, *step, g,
                              step->tokens_per_s * g.ettr};
  }
  out.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return out;
}

}  // namespace kardashev::search
