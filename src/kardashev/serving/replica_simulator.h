// SimulateServing plays requests through one or more inference replicas at
// iteration level: every batch step of every replica, with the step's time from
// perf::IterationTime. It is the serving counterpart of Vidur's simulator,
// written for speed: the work of one decode iteration is O(1) however many
// sequences it carries (sequence state is kept as aggregates against an
// iteration counter), so a run handles millions of requests per second.
//
// Batching policies:
//   kVllm     continuous batching with prefill first: an iteration either
//   admits waiting
//             prompts (up to max_batched_tokens and max_sequences, with KV
//             blocks for them) or decodes one token for every running sequence;
//   kSarathi  chunked prefill (Sarathi-Serve): each iteration has a budget of
//             max_batched_tokens; running sequences decode first, the rest of
//             the budget takes chunks of prompts in arrival order.
// The KV cache is paged in blocks of block_tokens. When a decode step needs
// blocks that are not free, the most recently admitted sequences are preempted
// and recomputed later (their prompt becomes prompt + generated tokens), as
// vLLM does.
//
// Optional prefill/decode disaggregation (Splitwise, DistServe):
// `prefill_replicas` more replicas run prompts only; each finished prompt's KV
// cache moves to the decode replica with the fewest outstanding requests over
// the KV link (latency plus bytes over bandwidth), and decodes there. The
// prefill pool may have a plan of its own (`prefill_deployment`, e.g. another
// TP degree) and its own token budget per iteration; its GPU-seconds are
// counted apart (ServingResult::prefill_busy_gpu_s, prefill_idle_gpu_s).
//
// Prefix caching: a share `prefix_cache_hit_share` of each request's prompt
// (rounded down, and never the last prompt token, which must be computed to
// give the first output token) is found in a prefix cache. Those tokens hold
// KV-cache blocks like any other and count as prompt tokens, but no
// prefill iteration computes them; the tokens that are computed attend to
// them (their attention context includes the cached prefix). A preempted
// request finds its cached prefix again when it is recomputed.
//
// A router sends each arrival to a replica, round robin or to the one with the
// fewest outstanding requests. Per request: time to first token (TTFT), time
// per output token after the first (TPOT), end-to-end latency; per run:
// percentiles, throughput, SLO attainment, and the bookkeeping that tests check
// (Little's law, GPU-seconds).
#ifndef KARDASHEV_SERVING_REPLICA_SIMULATOR_H_
#define KARDASHEV_SERVING_REPLICA_SIMULATOR_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "kardashev/perf/inference.h"

namespace kardashev::serving {

struct Request {
  double arrival_s = 0;
  std::int32_t prompt_tokens = 0;
  std::int32_t output_tokens = 0;  // at least 1
};

enum class BatchPolicy { kVllm, kSarathi };
// When a running sequence needs a KV block and none is free: kPreempt drops the
// most recently admitted sequences and recomputes them later (vLLM); kReserve
// never lets it happen, by reserving blocks for a request's whole output when
// it is admitted (so requests wait at admission instead).
enum class KvPolicy { kPreempt, kReserve };
enum class Router { kRoundRobin, kLeastOutstanding };

struct SchedulerConfig {
  BatchPolicy policy = BatchPolicy::kVllm;
  int max_sequences = 256;  // running sequences per replica
  int max_batched_tokens =
      8192;  // prompt tokens per iteration (Sarathi: the whole budget)
  int block_tokens = 16;  // KV-cache page size
  KvPolicy kv_policy = KvPolicy::kPreempt;
  // Refuse, as the serving engine would, a request it cannot run: under kVllm
  // a prompt longer than max_batched_tokens (vLLM without chunked prefill
  // refuses it; Sarathi chunks it), and under both policies a request whose
  // prompt plus output exceeds the model's context (catalog max_seq_len).
  // Refused requests count in ServingResult::rejected. Off only to study what
  // an engine without these limits would do: such a prompt is then prefilled
  // whole in one iteration and the context is not checked.
  bool refuse_beyond_limits = true;
};

struct Slo {
  double ttft_s = 2.0;
  double tpot_s = 0.2;
};

struct ServingConfig {
  perf::InferenceDeployment deployment;
  SchedulerConfig scheduler;
  // Share of each prompt served from a prefix cache, in [0, 0.99].
  double prefix_cache_hit_share = 0;
  // Disaggregated: the prefill replicas' plan (unset: `deployment`) and their
  // prompt tokens per iteration (0: scheduler.max_batched_tokens).
  std::optional<perf::InferenceDeployment> prefill_deployment;
  int prefill_max_batched_tokens = 0;
  const perf::InferenceDeployment& PrefillDeployment() const {
    return prefill_deployment ? *prefill_deployment : deployment;
  }
  int PrefillMaxBatchedTokens() const {
    return prefill_max_batched_tokens > 0 ? prefill_max_batched_tokens
                                          : scheduler.max_batched_tokens;
  }
  int replicas = 1;
  Router router = Router::kRoundRobin;
  Slo slo;
  int prefill_replicas = 0;  // 0: every replica runs prompts and decodes
  double kv_link_bytes_per_s =
      0;  // KV transfer bandwidth per replica (disaggregated)
  double kv_link_latency_s = 0;
};

struct Percentiles {
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
};

struct ServingResult {
  std::int64_t requests = 0;  // completed
  // Requests refused on arrival: a prompt larger than a replica's whole KV
  // cache, and with refuse_beyond_limits, a request beyond the batch budget
  // (kVllm) or the model's context.
  std::int64_t rejected = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_prompt_tokens = 0;  // of prompt_tokens, prefix-cache hits
  // Prompt tokens computed in prefill iterations, recomputations included.
  std::int64_t prefill_tokens_computed = 0;
  Percentiles ttft_s;
  Percentiles tpot_s;
  Percentiles e2e_s;
  double slo_attainment =
      0;  // share of requests meeting both TTFT and TPOT bounds
  double throughput_tokens_per_s = 0;  // output tokens / makespan
  double makespan_s = 0;  // from the first arrival to the last completion
  double mean_e2e_s = 0;
  double arrival_rate_per_s = 0;  // completed requests / makespan
  double mean_in_system =
      0;                  // time average of requests arrived and not finished
  double busy_gpu_s = 0;  // GPU-seconds inside iterations, both pools
  double idle_gpu_s = 0;  // GPU-seconds between iterations, both pools
  double prefill_busy_gpu_s = 0;  // of busy_gpu_s, on prefill-only replicas
  double prefill_idle_gpu_s = 0;  // of idle_gpu_s, on prefill-only replicas
  // GPU-seconds of iterations split by phase: an iteration of prompts only
  // is prefill, one of decodes only is decode, and a mixed iteration
  // (chunked prefill) is split by token share: prefill tokens computed
  // against decode tokens (one per decoding sequence).
  double prefill_phase_gpu_s = 0;
  double decode_phase_gpu_s = 0;
  std::int64_t iterations = 0;
  std::int64_t preemptions = 0;
  std::int64_t kv_transfers =
      0;                     // disaggregated: prompts handed to decode replicas
  double kv_transfer_s = 0;  // summed transfer time
  std::int64_t blocks_held_at_end =
      0;  // KV blocks still allocated after the run (0 if sound)
  double kv_cache_tokens = 0;  // per replica
};

// Whether one replica of `config` accepts `request` (it is not refused on
// arrival; ServingResult::rejected). It depends on the request and the
// deployment only, never on the load. Throws perf::PlanError as
// SimulateServing does.
bool Admissible(const ServingConfig& config, const Request& request);

// One completed request, for per-request output.
struct RequestRecord {
  std::int64_t index = 0;  // in the request vector
  double arrival_s = 0;
  std::int32_t prompt_tokens = 0;
  std::int32_t output_tokens = 0;
  std::int32_t cached_prompt_tokens = 0;
  double ttft_s = 0;
  double tpot_s = 0;  // 0 for a one-token output
  double e2e_s = 0;
  std::int32_t preemptions = 0;
};

// REQUIRES: requests sorted by arrival_s, each with prompt_tokens >= 1 and
// output_tokens >= 1. Throws perf::PlanError if a deployment cannot hold the
// model. When `records` is given, it is filled with one record per completed
// request, by index (refused requests have none); left null, the simulation
// does no per-request bookkeeping beyond its percentiles.
ServingResult SimulateServing(const ServingConfig& config,
                              const std::vector<Request>& requests,
                              std::vector<RequestRecord>* records = nullptr);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_REPLICA_SIMULATOR_H_
