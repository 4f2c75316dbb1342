// The capacity of one serving configuration within its SLO, as `kardashev
// search serving` measures it, and the analytic upper bound that lets it skip
// most of them.
//
// RequestMix summarises a deployment's request lengths and holds its arrival
// draws at unit rate (gamma inter-arrival times of the deployment's
// burstiness, from the streams (seed, "arrivals"/"lengths", entity)); a trial
// at rate r divides every arrival time by r, so all trials and all
// configurations see common random numbers.
//
// CapacityUpperBound: a rate no configuration can sustain, whatever its
// latency. It sums, per request, lower bounds on the time of the iterations
// that carry its work (perf::IterationTime is a roofline, a max of compute
// and memory time per operation class, so a sum of iterations costs at least
// the max of the summed terms):
//   decode token   GEMM and all-reduce time of a batch of N tokens, / N, where
//                  N is the most tokens an iteration can carry (weights are
//                  read once per iteration), plus the framework overhead of
//                  an iteration decoding max_sequences, / max_sequences (an
//                  iteration decodes at most max_sequences)
//   prompt token   the same GEMM and all-reduce share, without overhead
//   attention      the request's whole attention work (its prompt's causal
//                  context and every decode step's context) as one roofline
// Co-located: rate <= 1 / (mean time per request). Disaggregated: the decode
// replica bounds with its decode and attention work, the n prefill replicas
// with n / (mean prompt time). Preemption, queueing and the SLO only lower the
// sustainable rate, so the bound is above it. A finite run can still beat the
// bound a little (its sample of lengths is not the mix, and an overload that
// has not lasted long does not yet break the SLO): screening tops out at the
// bound, and MeasureCapacity widens its bracket when the bound meets the SLO.
#ifndef KARDASHEV_SEARCH_SERVING_CAPACITY_H_
#define KARDASHEV_SEARCH_SERVING_CAPACITY_H_

#include <cstdint>
#include <vector>

#include "kardashev/serving/capacity.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::search {

struct RequestMix {
  std::vector<serving::Request> unit_rate;  // arrivals at 1 request per s
  double mean_prompt_tokens = 0;
  double mean_output_tokens = 0;
  double mean_decode_steps = 0;  // output tokens after the first
  // Per request: sum over prompt tokens of the context each attends to,
  // P (P + 1) / 2, and over decode steps, (O - 1) P + (O - 1)(O - 2) / 2.
  double mean_prefill_context = 0;
  double mean_decode_context = 0;
  std::int32_t max_prompt_tokens = 0;
  std::int32_t max_request_tokens = 0;  // prompt + output
};

// REQUIRES: !mix.empty(), cv > 0, count >= 1.
RequestMix MakeRequestMix(const std::vector<serving::LengthSample>& mix,
                          double cv, int count, std::uint64_t seed,
                          std::uint64_t entity);

// Requests per second the configuration cannot exceed (see above). REQUIRES:
// a deployment perf::KvCacheTokens accepts.
double CapacityUpperBound(const serving::ServingConfig& config,
                          const RequestMix& mix);

// Whether the first `count` requests of the mix at `rate_per_s` meet the SLO:
// all of them completed, none refused, p99 TTFT and p99 TPOT within bounds.
bool MeetsSlo(const serving::ServingConfig& config, const RequestMix& mix,
              double rate_per_s, int count, serving::ServingResult* result);

// Screening: the highest rate on the grid bound x ratio^k (k = 0..) that
// meets the SLO with `count` requests, by binary search over k, assuming that
// meeting the SLO is monotone in the rate. Rates below `floor_per_s` are not
// searched: when the grid's last rate at or above the floor fails, the result
// is 0. The answer does not depend on the floor otherwise.
struct Screening {
  double rate_per_s = 0;  // 0: below the floor (or no rate meets the SLO)
  int trials = 0;
};
Screening ScreenCapacity(const serving::ServingConfig& config,
                         const RequestMix& mix, double bound_per_s,
                         double floor_per_s, int count);

// Full measurement: bisection on [0, bound] (widened if the bound is met) to a
// relative width of 1e-3, with `count` requests, and the run at the capacity.
// Its output tokens/s is the capacity x the run's mean output tokens: a
// finite run's output / makespan would count the drain of its last, longest
// requests against it.
struct Measured {
  serving::Capacity capacity;
  int trials = 0;
};
Measured MeasureCapacity(const serving::ServingConfig& config,
                         const RequestMix& mix, double bound_per_s, int count);

}  // namespace kardashev::search

#endif  // KARDASHEV_SEARCH_SERVING_CAPACITY_H_
