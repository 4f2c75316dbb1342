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
// the KV link (latency plus bytes over bandwidth), and decodes there.
//
// A router sends each arrival to a replica, round robin or to the one with the
// fewest outstanding requests. Per request: time to first token (TTFT), time
// per output token after the first (TPOT), end-to-end latency; per run:
// percentiles, throughput, SLO attainment, and the bookkeeping that tests check
// (Little's law, GPU-seconds).
#ifndef KARDASHEV_SERVING_REPLICA_SIMULATOR_H_
#define KARDASHEV_SERVING_REPLICA_SIMULATOR_H_

#include <cstdint>
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
  double busy_gpu_s = 0;  // GPU-seconds inside iterations
  double idle_gpu_s = 0;  // GPU-seconds between iterations
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

// REQUIRES: requests sorted by arrival_s, each with prompt_tokens >= 1 and
// output_tokens >= 1. Throws perf::PlanError if the deployment cannot hold the
// model.
ServingResult SimulateServing(const ServingConfig& config,
                              const std::vector<Request>& requests);

}  // namespace kardashev::serving

#endif  // KARDASHEV_SERVING_REPLICA_SIMULATOR_H_
