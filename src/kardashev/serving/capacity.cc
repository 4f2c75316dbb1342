#include "kardashev/serving/capacity.h"

#include <cmath>
#include <functional>

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

bool TraceReplayable(const std::vector<Request>& trace) {
  return trace.size() >= 2 && trace.back().arrival_s > trace.front().arrival_s;
}

std::vector<Request> TimeScaledTrace(const std::vector<Request>& trace,
                                     double rate_per_s, int count) {
  const auto n = static_cast<std::int64_t>(trace.size());
  const double first = trace.front().arrival_s;
  const double span = trace.back().arrival_s - first;
  // A cycle lasts the trace's span plus one mean gap.
  const double period = span + span / static_cast<double>(n - 1);
  std::vector<Request> out;
  out.reserve(count);
  for (std::int64_t i = 0; i < count; ++i) {
    Request q = trace[i % n];
    q.arrival_s = q.arrival_s - first + static_cast<double>(i / n) * period;
    out.push_back(q);
  }
  const double replayed_span = out.back().arrival_s;
  const double scale =
      static_cast<double>(count - 1) / (rate_per_s * replayed_span);
  for (Request& q : out) q.arrival_s *= scale;
  return out;
}

namespace {

// A rate at which requests of any length practically never overlap.
constexpr double kAloneRatePerS = 1e-9;

// Bisection on the rate: the highest at which `requests_at(rate)` meets the
// SLO, to 0.1%.
Capacity Bisect(
    const ServingConfig& config,
    const std::function<std::vector<Request>(double)>& requests_at) {
  const auto meets = [&](double rate, ServingResult* result) {
    const ServingResult r = SimulateServing(config, requests_at(rate));
    if (result != nullptr) *result = r;
    return r.rejected == 0 && r.ttft_s.p99 <= config.slo.ttft_s &&
           r.tpot_s.p99 <= config.slo.tpot_s;
  };
  Capacity c;
  double lo = 0;
  double hi = 1;
  // A replica that misses the SLO with its requests one at a time has no
  // rate within it: one trial instead of a bisection down to zero.
  const bool at_one = meets(hi, nullptr);
  if (!at_one && !meets(kAloneRatePerS, nullptr)) return c;
  for (bool ok = at_one; ok && hi < 1e6; ok = meets(hi, nullptr)) {
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

}  // namespace

Capacity FindCapacity(const ServingConfig& config,
                      const std::vector<LengthSample>& mix, std::uint64_t seed,
                      int requests, double cv) {
  return Bisect(config, [&](double rate) {
    return SyntheticRequests(mix, rate, cv, requests, seed, 0);
  });
}

Capacity FindTraceCapacity(const ServingConfig& config,
                           const std::vector<Request>& trace, int requests) {
  return Bisect(config, [&](double rate) {
    return TimeScaledTrace(trace, rate, requests);
  });
}

}  // namespace kardashev::serving
