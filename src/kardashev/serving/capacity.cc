#include "kardashev/serving/capacity.h"

#include <cmath>

#include "kardashev/sim/random.h"

namespace kardashev::serving {

std::vector<Request> SyntheticRequests(const std::vector<LengthSample>& mix,
                                       double rate_per_s, double cv, int count,
                                       std::uint64_t seed,
                                       std::uint64_t entity) {
  sim::RngStream arrivals(seed, "arrivals", entity);
  sim::RngStream lengths(seed, "lengths", entity);
  std::vector<Request> out;
  out.reserve(count);
  const double shape = 1.0 / (cv * cv);
  double t = 0;
  for (int i = 0; i < count; ++i) {
    const double unit = cv == 1.0 ? arrivals.Exponential(1.0)
                                  : arrivals.Gamma(shape, 1.0 / shape);
    t += unit / rate_per_s;
    const LengthSample& s = mix[lengths.UniformInt(mix.size())];
    out.push_back(Request{t, s.prompt_tokens, s.output_tokens});
  }
  return out;
}

std::vector<Request> PoissonRequests(const std::vector<LengthSample>& mix,
                                     double rate_per_s, int count,
                                     std::uint64_t seed) {
  return SyntheticRequests(mix, rate_per_s, 1.0, count, seed, 0);
}

Capacity FindCapacity(const ServingConfig& config,
                      const std::vector<LengthSample>& mix, std::uint64_t seed,
                      int requests) {
  const auto meets = [&](double rate, ServingResult* result) {
    const ServingResult r =
        SimulateServing(config, PoissonRequests(mix, rate, requests, seed));
    if (result != nullptr) *result = r;
    return r.rejected == 0 && r.ttft_s.p99 <= config.slo.ttft_s &&
           r.tpot_s.p99 <= config.slo.tpot_s;
  };
  Capacity c;
  double lo = 0;
  double hi = 1;
  while (meets(hi, nullptr) && hi < 1e6) {
    lo = hi;
    hi *= 2;
  }
  for (int i = 0; i < 24 && hi - lo > 1e-3 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (meets(mid, nullptr) ? lo : hi) = mid;
  }
  c.rate_per_s = lo;
  if (lo > 0) {
    meets(lo, &c.at_capacity);
    c.throughput_tokens_per_s = c.at_capacity.throughput_tokens_per_s;
  }
  return c;
}

}  // namespace kardashev::serving
