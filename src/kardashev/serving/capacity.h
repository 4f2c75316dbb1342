// The capacity of one replica: the highest request rate it sustains in steady
// state with its p99 time to first token and p99 time per output token within
// the SLO, every request completed and none refused. This is the one capacity
// rule: `run` (prepare/), the growth level and `kardashev search serving` all
// measure capacity here, with the same SLO test (MeetsSlo), the same bound and
// the same definition of throughput.
//
// A trial plays an arrival pattern at unit rate (one request per second on
// average) with every arrival time divided by the trial rate, so all trials
// see common random numbers; the capacity is found by bisection on the rate.
// Two patterns:
//   synthetic  gamma inter-arrival times of a given coefficient of variation
//              (cv = 1: a Poisson process) and lengths drawn from a mix
//              (SyntheticRequests at rate 1);
//   trace      a request trace itself, with its burstiness and its sequence of
//              lengths, cycled to the trial's size (TimeScaledTrace at rate
//              1). Real traffic is burstier than Poisson, so a Poisson
//              capacity overstates what a replica serves within the SLO on it.
// For a time-scaled trace, "rate" is the mean arrival rate over the replayed
// span: (requests replayed - 1) / (last arrival - first arrival).
//
// Capacity is a steady-state quantity, so:
//   - a trial holds at least kSteadyStateFactor times as many requests as the
//     replica can hold at once (ConcurrentRequests): a run that fits inside
//     one batch builds no queue, and any rate would "meet" the SLO;
//   - the rate never exceeds CapacityBound, a rate no configuration can
//     sustain whatever its latency (below). A capacity at the bound says so
//     (Capacity::at_bound).
// Throughput at capacity is the rate times the trial's mean output tokens (a
// finite run's output / makespan would count the drain of its last, longest
// requests against it).
//
// CapacityBound sums, per request, lower bounds on the time of the iterations
// that carry its work (perf::IterationTime is a roofline, a max of compute and
// memory time per operation class, so a sum of iterations costs at least the
// max of the summed terms):
//   decode token   GEMM and all-reduce time of a batch of N tokens, / N, where
//                  N is the most tokens an iteration can carry (weights are
//                  read once per iteration), plus the framework overhead of
//                  an iteration decoding max_sequences, / max_sequences
//   prompt token   the same GEMM and all-reduce share, without overhead, for
//                  the prompt tokens not served from the prefix cache (at
//                  least (1 - h) P of a prompt of P at hit share h), whose
//                  attention covers positions h P + 1 to P
//   attention      the request's whole attention work (its prompt's causal
//                  context and every decode step's context) as one roofline
// Co-located: rate <= 1 / (mean time per request). Disaggregated: the decode
// replica bounds with its decode and attention work, the n prefill replicas
// with n / (mean prompt time). Preemption, queueing and the SLO only lower the
// sustainable rate.
#ifndef KARDASHEV_SERVING_CAPACITY_H_
#define KARDASHEV_SERVING_CAPACITY_H_

#include <cstdint>
#include <vector>

#include "kardashev/serving/replica_simulator.h"

namespace kardashev::serving {

// A request length mix: (prompt tokens, output tokens) samples, drawn
// uniformly.
struct LengthSample {
  std::int32_t prompt_tokens = 0;
  std::int32_t output_tokens = 0;
};

// Requests arriving at `rate_per_s` with gamma inter-arrival times of
// coefficient of variation `cv` (cv = 1: a Poisson process), lengths drawn from
// `mix`, from the streams (seed, "arrivals", entity) and (seed, "lengths",
// entity). REQUIRES: !mix.empty(), cv > 0.
std::vector<Request> SyntheticRequests(const std::vector<LengthSample>& mix,
                                       double rate_per_s, double cv, int count,
                                       std::uint64_t seed,
                                       std::uint64_t entity);

// SyntheticRequests with cv = 1 and entity 0.
std::vector<Request> PoissonRequests(const std::vector<LengthSample>& mix,
                                     double rate_per_s, int count,
                                     std::uint64_t seed);

// `count` requests of `trace` (sorted by arrival, at least two distinct
// arrival times), in order, cycled when count exceeds the trace (each cycle
// starts one mean gap after the last arrival of the one before) or truncated
// when it falls short, with arrival times scaled so that the mean rate over
// the replayed span, as defined above, is `rate_per_s`. Deterministic: no
// random draw. REQUIRES: count >= 2, rate_per_s > 0, TraceReplayable(trace).
std::vector<Request> TimeScaledTrace(const std::vector<Request>& trace,
                                     double rate_per_s, int count);

// Whether a trace can be time-scaled: at least two requests and a positive
// span of arrival times.
bool TraceReplayable(const std::vector<Request>& trace);

// The arrival pattern of a capacity trial at unit rate, `count` requests:
// `trace` time-scaled (TimeScaledTrace at rate 1) when it is replayable, else
// gamma arrivals of coefficient of variation `cv` with lengths from `mix`
// (SyntheticRequests at rate 1, entity 0). The one pattern rule: `run` and
// the search draw the same trial for the same deployment. REQUIRES: count >=
// 2; !mix.empty() and cv > 0 when the trace is not replayable.
std::vector<Request> UnitRatePattern(const std::vector<LengthSample>& mix,
                                     const std::vector<Request>& trace,
                                     double cv, int count, std::uint64_t seed);

// What the bound and the trial size need of a length mix.
struct LengthStats {
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  double mean_decode_steps = 0;    // output tokens after the first
  double mean_prompt_squared = 0;  // of P^2, for the prefill context
  // Per request: sum over prompt tokens of the context each attends to,
  // P (P + 1) / 2, and over decode steps, (O - 1) P + (O - 1)(O - 2) / 2.
  double mean_prefill_context = 0;
  double mean_decode_context = 0;
  std::int32_t max_prompt_tokens = 0;
  std::int32_t max_request_tokens = 0;  // prompt + output
};

// REQUIRES: !mix.empty().
LengthStats LengthStatsOf(const std::vector<LengthSample>& mix);

// Requests per second the configuration cannot exceed (see above). REQUIRES:
// a deployment perf::KvCacheTokens accepts.
double CapacityBound(const ServingConfig& config, const LengthStats& stats);

// The most requests one replica (a decode replica and its prefill replicas)
// holds at once: its running sequences, as many as max_sequences and its KV
// cache allow at the mix's mean request length, plus the prompts its prefill
// replicas hold in an iteration. At least 1.
std::int64_t ConcurrentRequests(const ServingConfig& config,
                                const LengthStats& stats);

// A trial holds at least this many times the requests the replica holds at
// once. ASSUMPTION: 4 times is long enough for a queue to build and break the
// SLO at a rate above capacity (the batch fills within the first quarter of
// the run, and the last three quarters queue).
inline constexpr int kSteadyStateFactor = 4;
// The largest trial: a configuration that would need more is not measured
// (SteadyStateRequests returns 0).
inline constexpr int kMaxTrialRequests = 1'000'000;

// Requests a trial of `config` needs: at least `min_requests`, and
// kSteadyStateFactor x ConcurrentRequests; 0 when that exceeds
// kMaxTrialRequests.
int SteadyStateRequests(const ServingConfig& config, const LengthStats& stats,
                        int min_requests);

// The one SLO test: `requests` run on `config`, every one completed, none
// refused, p99 TTFT and p99 TPOT within the SLO. `result`, when not null, gets
// the run.
bool MeetsSlo(const ServingConfig& config, const std::vector<Request>& requests,
              ServingResult* result = nullptr);

// The first `count` requests of a unit-rate pattern with every arrival time
// divided by `rate_per_s`. REQUIRES: count <= unit_rate.size().
std::vector<Request> AtRate(const std::vector<Request>& unit_rate,
                            double rate_per_s, int count);

struct Capacity {
  double rate_per_s = 0;  // requests per second per replica within the SLO
  double throughput_tokens_per_s =
      0;                   // output tokens per second per replica at that rate
  double bound_per_s = 0;  // CapacityBound
  bool at_bound = false;   // the bound itself met the SLO
  int trial_requests = 0;  // requests per trial
  int trials = 0;          // simulation runs made to find it
  ServingResult at_capacity;  // the run at that rate
};

// Bisection on [0, bound_per_s], to a relative width of 1e-3, of the highest
// rate at which the whole `unit_rate` pattern meets the SLO; the run at that
// rate. 0 when the requests miss the SLO even one at a time.
Capacity MeasureCapacity(const ServingConfig& config,
                         const std::vector<Request>& unit_rate,
                         double bound_per_s);

// Synthetic arrivals (gamma, coefficient of variation `cv`; 1 for Poisson)
// from the streams (seed, ..., entity 0), at least `min_requests` a trial.
// REQUIRES: config.replicas == 1 (prefill_replicas may be set: the capacity
// is then that of one decode replica with its prefill replicas), !mix.empty().
Capacity FindCapacity(const ServingConfig& config,
                      const std::vector<LengthSample>& mix, std::uint64_t seed,
                      int min_requests = 8000, double cv = 1.0);

// The trace, time-scaled to each trial rate (TimeScaledTrace), at least
// `min_requests` a trial. REQUIRES: config.replicas == 1,
// TraceReplayable(trace).
Capacity FindTraceCapacity(const ServingConfig& config,
                           const std::vector<Request>& trace, int min_requests);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_CAPACITY_H_
