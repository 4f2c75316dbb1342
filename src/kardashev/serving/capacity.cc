#include "kardashev/serving/capacity.h"

#include <algorithm>
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

std::vector<Request> UnitRatePattern(const std::vector<LengthSample>& mix,
                                     const std::vector<Request>& trace,
                                     double cv, int count, std::uint64_t seed) {
  return TraceReplayable(trace)
             ? TimeScaledTrace(trace, 1.0, count)
             : SyntheticRequests(mix, 1.0, cv, count, seed, 0);
}

LengthStats LengthStatsOf(const std::vector<LengthSample>& mix) {
  LengthStats m;
  for (const auto& s : mix) {
    const double p = s.prompt_tokens;
    const double steps = std::max(0, s.output_tokens - 1);
    m.mean_prompt_tokens += p;
    m.mean_prompt_squared += p * p;
    m.mean_output_tokens += s.output_tokens;
    m.mean_decode_steps += steps;
    m.mean_prefill_context += p * (p + 1) / 2;
    m.mean_decode_context += steps * p + steps * (steps - 1) / 2;
    m.max_prompt_tokens = std::max(m.max_prompt_tokens, s.prompt_tokens);
    m.max_request_tokens =
        std::max(m.max_request_tokens, s.prompt_tokens + s.output_tokens);
  }
  const double n = static_cast<double>(mix.size());
  m.mean_prompt_tokens /= n;
  m.mean_prompt_squared /= n;
  m.mean_output_tokens /= n;
  m.mean_decode_steps /= n;
  m.mean_prefill_context /= n;
  m.mean_decode_context /= n;
  return m;
}

namespace {

// GEMM and all-reduce seconds per token of an iteration carrying `tokens`
// tokens: weights read once, FLOPs per token, no attention, no overhead.
double TokenShareS(const perf::InferenceDeployment& d, double tokens) {
  perf::IterationBatch b;
  b.prefill_tokens = tokens;
  const perf::IterationCost c = perf::IterationTime(d, b);
  return (c.gemm_s + c.communication_s) / tokens;
}

// Framework overhead per sequence of an iteration decoding `sequences`: an
// iteration decodes at most max_sequences, and the overhead per sequence
// falls as the batch grows (a fixed part and a part per sequence).
double OverheadShareS(const perf::InferenceDeployment& d, int sequences) {
  perf::IterationBatch b;
  b.decode_sequences = sequences;
  return perf::IterationTime(d, b).overhead_s / sequences;
}

// Attention seconds of the given summed contexts, as one roofline.
double AttentionS(const perf::InferenceDeployment& d, double prefill_context,
                  double decode_context) {
  perf::IterationBatch b;
  b.prefill_attention_context = prefill_context;
  b.decode_context = decode_context;
  return perf::IterationTime(d, b).attention_s;
}

// Full measurement: stop when the bracket is this share of its top.
constexpr double kRelativeWidth = 1e-3;
constexpr int kMaxBisections = 40;
// A rate at which requests of any length practically never overlap.
constexpr double kAloneShareOfBound = 1e-9;

}  // namespace

double CapacityBound(const ServingConfig& config, const LengthStats& stats) {
  const perf::InferenceDeployment& d = config.deployment;
  const auto& sc = config.scheduler;
  const bool chunked =
      sc.policy == BatchPolicy::kSarathi && config.prefill_replicas == 0;
  // The most tokens one iteration carries, decoding and prefilling.
  const double decode_n =
      chunked ? std::max(sc.max_batched_tokens, sc.max_sequences)
              : sc.max_sequences;
  const double prefill_n =
      chunked ? decode_n
              : std::max(sc.max_batched_tokens, stats.max_prompt_tokens);
  const double decode_token_s =
      TokenShareS(d, decode_n) + OverheadShareS(d, sc.max_sequences);
  // Prompt tokens computed: at least (1 - h) of each prompt; their attention
  // covers positions h P + 1 to P: sum = P(P+1)/2 - hP(hP+1)/2.
  const double h = std::clamp(config.prefix_cache_hit_share, 0.0, 1.0);
  const double computed_prompt = (1 - h) * stats.mean_prompt_tokens;
  const double prefill_context = stats.mean_prompt_squared * (1 - h * h) / 2 +
                                 stats.mean_prompt_tokens * (1 - h) / 2;
  const double decode_s = stats.mean_decode_steps * decode_token_s;
  if (config.prefill_replicas == 0) {
    const double prompt_s = computed_prompt * TokenShareS(d, prefill_n);
    const double attention_s =
        AttentionS(d, prefill_context, stats.mean_decode_context);
    return 1.0 / (decode_s + prompt_s + attention_s);
  }
  const perf::InferenceDeployment& pd = config.PrefillDeployment();
  const double prefill_tokens_n = std::max<double>(
      config.PrefillMaxBatchedTokens(), stats.max_prompt_tokens);
  const double prompt_s = computed_prompt * TokenShareS(pd, prefill_tokens_n) +
                          AttentionS(pd, prefill_context, 0);
  const double decode_attention_s = AttentionS(d, 0, stats.mean_decode_context);
  return std::min(1.0 / (decode_s + decode_attention_s),
                  config.prefill_replicas / prompt_s);
}

std::int64_t ConcurrentRequests(const ServingConfig& config,
                                const LengthStats& stats) {
  const auto& sc = config.scheduler;
  double running = sc.max_sequences;
  const double request_tokens =
      stats.mean_prompt_tokens + stats.mean_output_tokens;
  if (request_tokens > 0) {
    running = std::min(running,
                       perf::KvCacheTokens(config.deployment) / request_tokens);
  }
  double prompts = 0;
  if (config.prefill_replicas > 0 && stats.mean_prompt_tokens > 0) {
    prompts =
        config.prefill_replicas *
        std::ceil(config.PrefillMaxBatchedTokens() / stats.mean_prompt_tokens);
  }
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil(running + prompts)));
}

int SteadyStateRequests(const ServingConfig& config, const LengthStats& stats,
                        int min_requests) {
  const std::int64_t need = std::max<std::int64_t>(
      min_requests, kSteadyStateFactor * ConcurrentRequests(config, stats));
  return need > kMaxTrialRequests ? 0 : static_cast<int>(need);
}

bool MeetsSlo(const ServingConfig& config, const std::vector<Request>& requests,
              ServingResult* result) {
  const ServingResult r = SimulateServing(config, requests);
  if (result != nullptr) *result = r;
  return r.rejected == 0 &&
         r.requests == static_cast<std::int64_t>(requests.size()) &&
         r.ttft_s.p99 <= config.slo.ttft_s && r.tpot_s.p99 <= config.slo.tpot_s;
}

std::vector<Request> AtRate(const std::vector<Request>& unit_rate,
                            double rate_per_s, int count) {
  std::vector<Request> out(unit_rate.begin(), unit_rate.begin() + count);
  for (auto& q : out) q.arrival_s /= rate_per_s;
  return out;
}

Capacity MeasureCapacity(const ServingConfig& config,
                         const std::vector<Request>& unit_rate,
                         double bound_per_s) {
  Capacity c;
  c.bound_per_s = bound_per_s;
  const int n = static_cast<int>(unit_rate.size());
  c.trial_requests = n;
  if (bound_per_s <= 0 || n == 0) return c;
  const auto meets = [&](double rate, ServingResult* result) {
    ++c.trials;
    return MeetsSlo(config, AtRate(unit_rate, rate, n), result);
  };
  double lo = 0;
  double hi = bound_per_s;
  if (meets(hi, nullptr)) {
    lo = hi;
    c.at_bound = true;
  } else if (meets(bound_per_s * kAloneShareOfBound, nullptr)) {
    for (int i = 0; i < kMaxBisections && hi - lo > kRelativeWidth * hi; ++i) {
      const double mid = 0.5 * (lo + hi);
      (meets(mid, nullptr) ? lo : hi) = mid;
    }
  }
  c.rate_per_s = lo;
  if (lo > 0) {
    meets(lo, &c.at_capacity);
    const ServingResult& at = c.at_capacity;
    c.throughput_tokens_per_s =
        at.requests > 0 ? lo * static_cast<double>(at.output_tokens) /
                              static_cast<double>(at.requests)
                        : 0;
  }
  return c;
}

Capacity FindCapacity(const ServingConfig& config,
                      const std::vector<LengthSample>& mix, std::uint64_t seed,
                      int min_requests, double cv) {
  const LengthStats stats = LengthStatsOf(mix);
  const int count = SteadyStateRequests(config, stats, min_requests);
  if (count == 0) return Capacity{};
  return MeasureCapacity(config, UnitRatePattern(mix, {}, cv, count, seed),
                         CapacityBound(config, stats));
}

Capacity FindTraceCapacity(const ServingConfig& config,
                           const std::vector<Request>& trace,
                           int min_requests) {
  std::vector<LengthSample> mix;
  mix.reserve(trace.size());
  for (const auto& q : trace) mix.push_back({q.prompt_tokens, q.output_tokens});
  const LengthStats stats = LengthStatsOf(mix);
  const int count = SteadyStateRequests(config, stats, min_requests);
  if (count == 0) return Capacity{};
  return MeasureCapacity(config, UnitRatePattern(mix, trace, 1.0, count, 0),
                         CapacityBound(config, stats));
}

}  // namespace kardashev::serving
