// The capacity of one replica: the highest request rate at which its p99 time
// to first token and p99 time per output token stay within the SLO (and no
// request is refused), found by bisection over replica simulations on common
// random numbers: every trial replays the same arrival pattern, only its time
// scale changes with the rate. The fleet level uses this number per (model,
// GPU, plan, length mix) instead of simulating every iteration of every
// replica.
//
// Two arrival patterns:
//   synthetic  gamma inter-arrival times of a given coefficient of variation
//              (cv = 1: a Poisson process) and lengths drawn from a mix
//              (FindCapacity);
//   trace      a request trace itself, with its burstiness and its sequence of
//              lengths, time-scaled to the trial rate (FindTraceCapacity).
//              Real traffic is burstier than Poisson, so a Poisson capacity
//              overstates what a replica serves within the SLO on it.
// For a time-scaled trace, "rate" is the mean arrival rate over the replayed
// span: (requests replayed - 1) / (last arrival - first arrival).
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

struct Capacity {
  double rate_per_s = 0;  // requests per second per replica within the SLO
  double throughput_tokens_per_s =
      0;  // output tokens per second per replica at that rate
  ServingResult at_capacity;  // the run at that rate
};

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

// Synthetic arrivals (gamma, coefficient of variation `cv`; 1 for Poisson).
// REQUIRES: config.replicas == 1 (prefill_replicas may be set: the capacity
// is then that of one decode replica with its prefill replicas). `requests`
// per trial run (the more, the steadier).
Capacity FindCapacity(const ServingConfig& config,
                      const std::vector<LengthSample>& mix, std::uint64_t seed,
                      int requests = 8000, double cv = 1.0);

// The trace, time-scaled to each trial rate (TimeScaledTrace), `requests`
// requests a trial. REQUIRES: config.replicas == 1, TraceReplayable(trace).
Capacity FindTraceCapacity(const ServingConfig& config,
                           const std::vector<Request>& trace, int requests);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_CAPACITY_H_
