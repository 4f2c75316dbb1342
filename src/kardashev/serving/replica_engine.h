// The state of the iteration-level replica simulator (replica_simulator.h)
// and the class that steps it. Internal to serving/: replica_simulator.cc
// holds the event loop (arrivals, hand-offs, finishing) and batch_policy.cc
// forms each iteration's batch under the vLLM or Sarathi policy. Nothing
// outside serving/ includes this header.
#ifndef KARDASHEV_SERVING_REPLICA_ENGINE_H_
#define KARDASHEV_SERVING_REPLICA_ENGINE_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "kardashev/serving/replica_simulator.h"

namespace kardashev::serving::internal {

// Whether a replica with `total_blocks` KV blocks accepts `q` on arrival (the
// rules of SchedulerConfig::refuse_beyond_limits and the KV cache's size).
// With disaggregation, `prefill_blocks` is a prefill replica's KV blocks.
bool Admissible(const ServingConfig& config, const Request& q,
                std::int64_t total_blocks, std::int64_t prefill_blocks);

// Prompt tokens of `q` found in the prefix cache.
inline std::int32_t CachedTokens(const ServingConfig& config,
                                 const Request& q) {
  if (config.prefix_cache_hit_share <= 0) return 0;
  const auto cached = static_cast<std::int32_t>(
      config.prefix_cache_hit_share * static_cast<double>(q.prompt_tokens));
  return std::min(cached, q.prompt_tokens - 1);
}

enum class SeqState : std::uint8_t { kWaiting, kPrefilling, kDecoding, kDone };

struct Seq {
  std::int32_t prompt_eff = 0;  // tokens to (re)compute before the next token
  std::int32_t prefilled = 0;
  std::int32_t cached = 0;  // prompt tokens from the prefix cache
  std::int32_t preemptions = 0;
  std::int32_t generated = 0;
  std::int32_t replica = 0;
  SeqState state = SeqState::kWaiting;
  std::uint32_t epoch =
      0;  // bumped on preemption; stale finish entries check it
  std::int64_t admit_order = 0;
  std::int64_t d0 = 0;  // the replica's decode counter when decoding began
  std::int64_t c0 = 0;  // KV tokens when decoding began
  std::int32_t decoder_slot = -1;
  std::int64_t reserved =
      0;  // KvPolicy::kReserve: blocks held from admission to the end
  double first_token_s = -1;
};

struct FinishEntry {
  std::int64_t finish_d;
  std::int32_t seq;
  std::uint32_t epoch;
  bool operator>(const FinishEntry& o) const {
    return finish_d > o.finish_d || (finish_d == o.finish_d && seq > o.seq);
  }
};

struct Replica {
  bool prefill_only = false;
  const perf::InferenceCostModel* cost = nullptr;  // its pool's deployment
  double gpus = 0;                                 // the deployment's GPUs
  std::int64_t max_batched_tokens = 0;
  std::deque<std::int32_t> waiting;
  std::deque<std::int32_t>
      ready;  // disaggregated: prompts done elsewhere, KV here
  std::deque<std::int32_t>
      prefilling;  // admitted, prompt not yet fully processed
  std::vector<std::int32_t> decoders;
  std::vector<std::int64_t> phase_count;
  std::priority_queue<FinishEntry, std::vector<FinishEntry>, std::greater<>>
      finishes;
  double sum_c0_minus_d0 = 0;
  std::int64_t d = 0;  // decode iterations run
  std::int64_t free_blocks = 0;
  std::int64_t outstanding = 0;
  bool busy = false;
  double iteration_end_s = 0;
  double idle_since_s = 0;
  bool started = false;
  // The iteration in flight.
  bool decodes = false;
  std::vector<std::pair<std::int32_t, std::int32_t>>
      chunks;  // (seq, prompt tokens)
};

class ReplicaEngine {
 public:
  ReplicaEngine(const ServingConfig& config,
                const std::vector<Request>& requests,
                std::vector<RequestRecord>* records)
      : config_(config),
        cost_(config.deployment),
        prefill_cost_(config.prefill_deployment
                          ? std::optional<perf::InferenceCostModel>(
                                *config.prefill_deployment)
                          : std::nullopt),
        requests_(requests),
        records_(records),
        bt_(config.scheduler.block_tokens) {}

  ReplicaEngine(const ReplicaEngine&) = delete;
  ReplicaEngine& operator=(const ReplicaEngine&) = delete;

  ServingResult Run();

 private:
  std::int64_t Blocks(std::int64_t tokens) const {
    return (tokens + bt_ - 1) / bt_;
  }
  std::int64_t Mod(std::int64_t x) const { return ((x % bt_) + bt_) % bt_; }
  bool Reserve() const {
    return config_.scheduler.kv_policy == KvPolicy::kReserve;
  }
  // Whether an arriving request is refused (ServingResult::rejected).
  bool Refused(std::int32_t seq) const;
  // Blocks a sequence needs when admitted: its prompt, or (reserving)
  // everything to come.
  std::int64_t AdmissionBlocks(std::int32_t seq) const {
    const Seq& s = seqs_[seq];
    const std::int64_t remaining = requests_[seq].output_tokens - s.generated;
    return Blocks(s.prompt_eff + (Reserve() ? remaining : 0));
  }

  void Arrive(std::int32_t seq, double t);
  bool StartIteration(int r, double t);
  // Steps of StartIteration: admit waiting prompts within a token budget,
  // move disaggregated sequences into the decode batch, choose the batch by
  // the policy, reserve the decode steps' KV blocks, and time the batch.
  void AdmitWaiting(Replica& rep, std::int64_t& budget);
  void JoinReadyDecoders(Replica& rep, double t);
  void ChooseBatch(Replica& rep);
  void ReserveDecodeBlocks(Replica& rep);
  double IterationSeconds(const Replica& rep,
                          perf::IterationBatch& batch) const;
  void CountGpuSeconds(const Replica& rep, const perf::IterationBatch& batch,
                       double dt);
  void EndIteration(int r);
  void StartDecoding(Replica& rep, std::int32_t seq, double t);
  void RemoveDecoder(Replica& rep, std::int32_t seq);
  void Preempt(Replica& rep);
  void Finish(Replica& rep, std::int32_t seq, double t);
  int PickReplica(int first, int count, bool round_robin);
  void HandOff(std::int32_t seq, double t);
  void AdvanceClock(double t) {
    in_system_area_ += static_cast<double>(in_system_) * (t - last_event_s_);
    last_event_s_ = t;
  }

  const ServingConfig& config_;
  // Built once, for the decode (or only) pool and, when it has a plan of its
  // own, the prefill pool: IterationTime is hot.
  const perf::InferenceCostModel cost_;
  const std::optional<perf::InferenceCostModel> prefill_cost_;
  const perf::InferenceCostModel& PrefillCost() const {
    return prefill_cost_ ? *prefill_cost_ : cost_;
  }
  const std::vector<Request>& requests_;
  std::vector<RequestRecord>* records_;
  const std::int64_t bt_;
  std::vector<Seq> seqs_;
  std::vector<Replica> replicas_;
  std::int64_t total_blocks_ = 0;
  std::int64_t prefill_total_blocks_ = 0;
  std::int64_t next_admit_ = 0;
  std::int64_t in_system_ = 0;
  double in_system_area_ = 0;
  double last_event_s_ = 0;
  int round_robin_ = 0;
  std::priority_queue<std::pair<double, std::int32_t>,
                      std::vector<std::pair<double, std::int32_t>>,
                      std::greater<>>
      handoffs_;
  ServingResult out_;
  std::vector<double> ttft_;
  std::vector<double> tpot_;
  std::vector<double> e2e_;
  std::int64_t slo_met_ = 0;
  double e2e_sum_ = 0;
  double last_finish_s_ = 0;
};

}  // namespace kardashev::serving::internal

#endif  // KARDASHEV_SERVING_REPLICA_ENGINE_H_
