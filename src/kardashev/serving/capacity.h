// The capacity of one replica: the highest Poisson request rate at which its
// p99 time to first token and p99 time per output token stay within the SLO,
// found by bisection over replica simulations on common random numbers (the
// same unit-rate arrival draws and the same length samples, scaled by the
// rate). The fleet level uses this number per (model, GPU, plan, length mix)
// instead of simulating every iteration of every replica.
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

// REQUIRES: config.replicas == 1. `requests` per trial run (the more, the
// steadier).
Capacity FindCapacity(const ServingConfig& config,
                      const std::vector<LengthSample>& mix, std::uint64_t seed,
                      int requests = 8000);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_CAPACITY_H_
