#include "kardashev/search/serving_capacity.h"

#include <algorithm>
#include <cmath>

namespace kardashev::search {

namespace {

// Screening grid: 4% steps down from the bound, to a thousandth of it.
constexpr double kGridRatio = 0.96;
constexpr double kGridSpan = 1e-3;
// Full measurement: stop when the bracket is this share of its top.
constexpr double kRelativeWidth = 1e-3;
constexpr int kMaxBisections = 40;

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

}  // namespace

RequestMix MakeRequestMix(const std::vector<serving::LengthSample>& mix,
                          double cv, int count, std::uint64_t seed,
                          std::uint64_t entity) {
  RequestMix m;
  m.unit_rate = serving::SyntheticRequests(mix, 1.0, cv, count, seed, entity);
  for (const auto& s : mix) {
    const double p = s.prompt_tokens;
    const double steps = std::max(0, s.output_tokens - 1);
    m.mean_prompt_tokens += p;
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
  m.mean_output_tokens /= n;
  m.mean_decode_steps /= n;
  m.mean_prefill_context /= n;
  m.mean_decode_context /= n;
  return m;
}

double CapacityUpperBound(const serving::ServingConfig& config,
                          const RequestMix& mix) {
  const perf::InferenceDeployment& d = config.deployment;
  const auto& sc = config.scheduler;
  const bool chunked = sc.policy == serving::BatchPolicy::kSarathi &&
                       config.prefill_replicas == 0;
  // The most tokens one iteration carries, decoding and prefilling.
  const double decode_n =
      chunked ? std::max(sc.max_batched_tokens, sc.max_sequences)
              : sc.max_sequences;
  const double prefill_n =
      chunked ? decode_n
              : std::max(sc.max_batched_tokens, mix.max_prompt_tokens);
  const double decode_token_s =
      TokenShareS(d, decode_n) + OverheadShareS(d, sc.max_sequences);
  const double prompt_token_s = TokenShareS(d, prefill_n);
  const double decode_s = mix.mean_decode_steps * decode_token_s;
  const double prompt_s = mix.mean_prompt_tokens * prompt_token_s;
  if (config.prefill_replicas == 0) {
    const double attention_s =
        AttentionS(d, mix.mean_prefill_context, mix.mean_decode_context);
    return 1.0 / (decode_s + prompt_s + attention_s);
  }
  const double decode_attention_s = AttentionS(d, 0, mix.mean_decode_context);
  const double prompt_attention_s = AttentionS(d, mix.mean_prefill_context, 0);
  return std::min(1.0 / (decode_s + decode_attention_s),
                  config.prefill_replicas / (prompt_s + prompt_attention_s));
}

bool MeetsSlo(const serving::ServingConfig& config, const RequestMix& mix,
              double rate_per_s, int count, serving::ServingResult* result) {
  const int n = std::min<int>(count, static_cast<int>(mix.unit_rate.size()));
  std::vector<serving::Request> requests(mix.unit_rate.begin(),
                                         mix.unit_rate.begin() + n);
  for (auto& q : requests) q.arrival_s /= rate_per_s;
  const serving::ServingResult r = serving::SimulateServing(config, requests);
  if (result != nullptr) *result = r;
  return r.rejected == 0 && r.requests == n &&
         r.ttft_s.p99 <= config.slo.ttft_s && r.tpot_s.p99 <= config.slo.tpot_s;
}

Screening ScreenCapacity(const serving::ServingConfig& config,
                         const RequestMix& mix, double bound_per_s,
                         double floor_per_s, int count) {
  Screening s;
  if (bound_per_s <= 0) return s;
  const int last =
      static_cast<int>(std::floor(std::log(kGridSpan) / std::log(kGridRatio)));
  const auto rate = [&](int k) {
    return bound_per_s * std::pow(kGridRatio, k);
  };
  // The last grid point at or above the floor.
  int hi = last;
  if (floor_per_s > 0) {
    if (rate(0) < floor_per_s) return s;
    hi = std::min(
        last, static_cast<int>(std::floor(std::log(floor_per_s / bound_per_s) /
                                          std::log(kGridRatio))));
    while (hi > 0 && rate(hi) < floor_per_s) --hi;
  }
  ++s.trials;
  if (!MeetsSlo(config, mix, rate(hi), count, nullptr)) return s;
  int lo = 0;  // the smallest k that may meet the SLO
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    ++s.trials;
    if (MeetsSlo(config, mix, rate(mid), count, nullptr)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  s.rate_per_s = rate(hi);
  return s;
}

Measured MeasureCapacity(const serving::ServingConfig& config,
                         const RequestMix& mix, double bound_per_s, int count) {
  Measured m;
  double lo = 0;
  double hi = bound_per_s;
  while (hi > 0 && hi < 1e6 &&
         (++m.trials, MeetsSlo(config, mix, hi, count, nullptr))) {
    lo = hi;
    hi *= 2;
  }
  for (int i = 0; i < kMaxBisections && hi - lo > kRelativeWidth * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    ++m.trials;
    (MeetsSlo(config, mix, mid, count, nullptr) ? lo : hi) = mid;
  }
  m.capacity.rate_per_s = lo;
  if (lo > 0) {
    ++m.trials;
    MeetsSlo(config, mix, lo, count, &m.capacity.at_capacity);
    const serving::ServingResult& at = m.capacity.at_capacity;
    m.capacity.throughput_tokens_per_s =
        at.requests > 0 ? lo * static_cast<double>(at.output_tokens) /
                              static_cast<double>(at.requests)
                        : 0;
  }
  return m;
}

}  // namespace kardashev::search
