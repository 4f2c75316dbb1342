#include "kardashev/serving/replica_simulator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <queue>

#include "kardashev/serving/replica_engine.h"

namespace kardashev::serving {

namespace {

double Percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const auto k =
      static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) -
      1;
  const auto idx = std::min(k, v.size() - 1);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(idx),
                   v.end());
  return v[idx];
}

Percentiles Summarize(std::vector<double>& v) {
  return Percentiles{Percentile(v, 0.50), Percentile(v, 0.90),
                     Percentile(v, 0.99)};
}

}  // namespace

namespace internal {

bool Admissible(const ServingConfig& config, const Request& q,
                std::int64_t total_blocks, std::int64_t prefill_blocks) {
  const SchedulerConfig& sc = config.scheduler;
  const std::int64_t bt = sc.block_tokens;
  const std::int64_t admitted =
      q.prompt_tokens +
      (sc.kv_policy == KvPolicy::kReserve ? q.output_tokens : 0);
  if ((admitted + bt - 1) / bt > total_blocks) return false;
  const bool disaggregated = config.prefill_replicas > 0;
  if (disaggregated && (q.prompt_tokens + bt - 1) / bt > prefill_blocks) {
    return false;
  }
  if (!sc.refuse_beyond_limits) return true;
  const std::int64_t context_tokens =
      static_cast<std::int64_t>(q.prompt_tokens) + q.output_tokens;
  const int max_seq_len = config.deployment.model.max_seq_len;
  if (max_seq_len > 0 && context_tokens > max_seq_len) return false;
  const int budget =
      disaggregated ? config.PrefillMaxBatchedTokens() : sc.max_batched_tokens;
  return sc.policy != BatchPolicy::kVllm || q.prompt_tokens <= budget;
}

bool ReplicaEngine::Refused(std::int32_t seq) const {
  return !internal::Admissible(config_, requests_[seq], total_blocks_,
                               prefill_total_blocks_);
}

void ReplicaEngine::Arrive(std::int32_t seq, double t) {
  AdvanceClock(t);
  Seq& s = seqs_[seq];
  if (Refused(seq)) {
    ++out_.rejected;
    s.state = SeqState::kDone;
    return;
  }
  ++in_system_;
  const int r = config_.prefill_replicas > 0
                    ? PickReplica(config_.replicas, config_.prefill_replicas,
                                  config_.router == Router::kRoundRobin)
                    : PickReplica(0, config_.replicas,
                                  config_.router == Router::kRoundRobin);
  s.replica = r;
  Replica& rep = replicas_[r];
  rep.waiting.push_back(seq);
  ++rep.outstanding;
  if (!rep.busy) StartIteration(r, t);
}

int ReplicaEngine::PickReplica(int first, int count, bool round_robin) {
  if (round_robin) {
    const int r = first + round_robin_ % count;
    round_robin_ = (round_robin_ + 1) % count;
    return r;
  }
  int r = first;
  for (int i = first + 1; i < first + count; ++i) {
    if (replicas_[i].outstanding < replicas_[r].outstanding) r = i;
  }
  return r;
}

// A prompt finished on a prefill replica reaches the decode replica with the
// fewest outstanding requests, its KV cache with it.
void ReplicaEngine::HandOff(std::int32_t seq, double t) {
  const int r = PickReplica(0, config_.replicas, false);
  seqs_[seq].replica = r;
  Replica& rep = replicas_[r];
  rep.ready.push_back(seq);
  ++rep.outstanding;
  if (!rep.busy) StartIteration(r, t);
}

void ReplicaEngine::StartDecoding(Replica& rep, std::int32_t seq, double t) {
  Seq& s = seqs_[seq];
  const std::int64_t steps = requests_[seq].output_tokens - s.generated;
  if (steps <= 0) {
    rep.free_blocks +=
        Reserve() ? s.reserved : Blocks(s.prompt_eff);  // its KV cache
    Finish(rep, seq, t);
    return;
  }
  s.state = SeqState::kDecoding;
  s.c0 = s.prompt_eff;
  s.d0 = rep.d;
  rep.sum_c0_minus_d0 += static_cast<double>(s.c0 - s.d0);
  ++rep.phase_count[Mod(s.c0 - s.d0)];
  s.decoder_slot = static_cast<std::int32_t>(rep.decoders.size());
  rep.decoders.push_back(seq);
  rep.finishes.push(FinishEntry{s.d0 + steps, seq, s.epoch});
}

void ReplicaEngine::RemoveDecoder(Replica& rep, std::int32_t seq) {
  Seq& s = seqs_[seq];
  rep.sum_c0_minus_d0 -= static_cast<double>(s.c0 - s.d0);
  --rep.phase_count[Mod(s.c0 - s.d0)];
  const std::int32_t last = rep.decoders.back();
  rep.decoders[s.decoder_slot] = last;
  seqs_[last].decoder_slot = s.decoder_slot;
  rep.decoders.pop_back();
  s.decoder_slot = -1;
  // The KV cache the sequence held: its tokens so far.
  rep.free_blocks += Reserve() ? s.reserved : Blocks(s.c0 + (rep.d - s.d0));
}

// Preempts the most recently admitted decoder: its KV cache is dropped and it
// waits to be recomputed, first in line.
void ReplicaEngine::Preempt(Replica& rep) {
  std::int32_t victim = rep.decoders.front();
  for (const std::int32_t seq : rep.decoders) {
    if (seqs_[seq].admit_order > seqs_[victim].admit_order) victim = seq;
  }
  Seq& s = seqs_[victim];
  s.generated += static_cast<std::int32_t>(rep.d - s.d0);
  RemoveDecoder(rep, victim);
  ++s.epoch;
  s.state = SeqState::kWaiting;
  s.prompt_eff = requests_[victim].prompt_tokens + s.generated;
  s.prefilled = s.cached;
  ++s.preemptions;
  rep.waiting.push_front(victim);
  ++out_.preemptions;
}

void ReplicaEngine::Finish(Replica& rep, std::int32_t seq, double t) {
  Seq& s = seqs_[seq];
  const Request& q = requests_[seq];
  s.state = SeqState::kDone;
  AdvanceClock(t);
  --in_system_;
  --rep.outstanding;
  const double ttft = s.first_token_s - q.arrival_s;
  const double e2e = t - q.arrival_s;
  ttft_.push_back(ttft);
  e2e_.push_back(e2e);
  e2e_sum_ += e2e;
  bool ok = ttft <= config_.slo.ttft_s;
  double tpot = 0;
  if (q.output_tokens > 1) {
    tpot = (t - s.first_token_s) / (q.output_tokens - 1);
    tpot_.push_back(tpot);
    ok = ok && tpot <= config_.slo.tpot_s;
  }
  if (ok) ++slo_met_;
  ++out_.requests;
  out_.prompt_tokens += q.prompt_tokens;
  out_.output_tokens += q.output_tokens;
  out_.cached_prompt_tokens += s.cached;
  if (records_ != nullptr) {
    records_->push_back(RequestRecord{seq, q.arrival_s, q.prompt_tokens,
                                      q.output_tokens, s.cached, ttft, tpot,
                                      e2e, s.preemptions});
  }
  last_finish_s_ = std::max(last_finish_s_, t);
}

void ReplicaEngine::EndIteration(int r) {
  Replica& rep = replicas_[r];
  const double t = rep.iteration_end_s;
  if (rep.decodes) {
    ++rep.d;
    while (!rep.finishes.empty() && rep.finishes.top().finish_d <= rep.d) {
      const FinishEntry e = rep.finishes.top();
      rep.finishes.pop();
      Seq& s = seqs_[e.seq];
      if (s.epoch != e.epoch || s.state != SeqState::kDecoding) continue;
      s.generated = requests_[e.seq].output_tokens;
      RemoveDecoder(rep, e.seq);
      Finish(rep, e.seq, t);
    }
  }
  for (const auto& [seq, chunk] : rep.chunks) {
    Seq& s = seqs_[seq];
    s.prefilled += chunk;
    out_.prefill_tokens_computed += chunk;
    if (s.prefilled < s.prompt_eff) {
      rep.prefilling.push_back(seq);
      continue;
    }
    ++s.generated;
    if (s.first_token_s < 0) s.first_token_s = t;
    if (rep.prefill_only && s.generated < requests_[seq].output_tokens) {
      rep.free_blocks += Reserve() ? s.reserved : Blocks(s.prompt_eff);
      --rep.outstanding;
      const double transfer_s = config_.kv_link_latency_s +
                                s.prompt_eff * rep.cost->KvBytesPerToken() /
                                    config_.kv_link_bytes_per_s;
      ++out_.kv_transfers;
      out_.kv_transfer_s += transfer_s;
      handoffs_.emplace(t + transfer_s, seq);
      continue;
    }
    StartDecoding(rep, seq, t);
  }
  rep.chunks.clear();
  StartIteration(r, t);
}

ServingResult ReplicaEngine::Run() {
  out_.kv_cache_tokens = cost_.KvCacheTokens();
  total_blocks_ = static_cast<std::int64_t>(out_.kv_cache_tokens) / bt_;
  prefill_total_blocks_ =
      config_.prefill_replicas > 0
          ? static_cast<std::int64_t>(PrefillCost().KvCacheTokens()) / bt_
          : total_blocks_;
  replicas_.resize(config_.replicas + config_.prefill_replicas);
  for (int r = 0; r < static_cast<int>(replicas_.size()); ++r) {
    Replica& rep = replicas_[r];
    rep.prefill_only = r >= config_.replicas;
    rep.cost = rep.prefill_only ? &PrefillCost() : &cost_;
    rep.gpus = rep.cost->Gpus();
    rep.max_batched_tokens = rep.prefill_only
                                 ? config_.PrefillMaxBatchedTokens()
                                 : config_.scheduler.max_batched_tokens;
    rep.free_blocks = rep.prefill_only ? prefill_total_blocks_ : total_blocks_;
  }
  const double first_arrival =
      requests_.empty() ? 0 : requests_.front().arrival_s;
  last_event_s_ = first_arrival;
  for (auto& rep : replicas_) {
    rep.phase_count.assign(bt_, 0);
    rep.idle_since_s = first_arrival;
  }
  seqs_.resize(requests_.size());
  for (std::size_t i = 0; i < requests_.size(); ++i) {
    seqs_[i].prompt_eff = requests_[i].prompt_tokens;
    seqs_[i].cached = CachedTokens(config_, requests_[i]);
    seqs_[i].prefilled = seqs_[i].cached;
  }
  if (records_ != nullptr) {
    records_->clear();
    records_->reserve(requests_.size());
  }
  ttft_.reserve(requests_.size());
  e2e_.reserve(requests_.size());
  tpot_.reserve(requests_.size());

  std::size_t next = 0;
  const double kNever = std::numeric_limits<double>::infinity();
  for (;;) {
    int soonest = -1;
    double soonest_s = kNever;
    for (int r = 0; r < static_cast<int>(replicas_.size()); ++r) {
      if (replicas_[r].busy && replicas_[r].iteration_end_s < soonest_s) {
        soonest = r;
        soonest_s = replicas_[r].iteration_end_s;
      }
    }
    const double arrival_s =
        next < requests_.size() ? requests_[next].arrival_s : kNever;
    const double handoff_s = handoffs_.empty() ? kNever : handoffs_.top().first;
    if (soonest < 0 && arrival_s == kNever && handoff_s == kNever) break;
    if (handoff_s < arrival_s && handoff_s <= soonest_s) {
      const auto [t, seq] = handoffs_.top();
      handoffs_.pop();
      HandOff(seq, t);
    } else if (arrival_s <= soonest_s) {
      Arrive(static_cast<std::int32_t>(next), arrival_s);
      ++next;
    } else {
      EndIteration(soonest);
    }
  }

  const double end = std::max(last_finish_s_, first_arrival);
  AdvanceClock(end);
  out_.makespan_s = end - first_arrival;
  for (auto& rep : replicas_) {
    if (!rep.busy) {
      const double idle = (end - rep.idle_since_s) * rep.gpus;
      out_.idle_gpu_s += idle;
      if (rep.prefill_only) out_.prefill_idle_gpu_s += idle;
    }
    out_.blocks_held_at_end +=
        (rep.prefill_only ? prefill_total_blocks_ : total_blocks_) -
        rep.free_blocks;
  }
  if (out_.makespan_s > 0) {
    out_.throughput_tokens_per_s =
        static_cast<double>(out_.output_tokens) / out_.makespan_s;
    out_.arrival_rate_per_s =
        static_cast<double>(out_.requests) / out_.makespan_s;
    out_.mean_in_system = in_system_area_ / out_.makespan_s;
  }
  if (out_.requests > 0) {
    out_.mean_e2e_s = e2e_sum_ / static_cast<double>(out_.requests);
    out_.slo_attainment =
        static_cast<double>(slo_met_) / static_cast<double>(out_.requests);
  }
  out_.ttft_s = Summarize(ttft_);
  out_.tpot_s = Summarize(tpot_);
  out_.e2e_s = Summarize(e2e_);
  if (records_ != nullptr) {
    std::sort(records_->begin(), records_->end(),
              [](const RequestRecord& a, const RequestRecord& b) {
                return a.index < b.index;
              });
  }
  return out_;
}

}  // namespace internal

bool Admissible(const ServingConfig& config, const Request& request) {
  const std::int64_t bt = config.scheduler.block_tokens;
  const auto total_blocks =
      static_cast<std::int64_t>(perf::KvCacheTokens(config.deployment)) / bt;
  const auto prefill_blocks =
      config.prefill_replicas > 0
          ? static_cast<std::int64_t>(
                perf::KvCacheTokens(config.PrefillDeployment())) /
                bt
          : total_blocks;
  return internal::Admissible(config, request, total_blocks, prefill_blocks);
}

ServingResult SimulateServing(const ServingConfig& config,
                              const std::vector<Request>& requests,
                              std::vector<RequestRecord>* records) {
  internal::ReplicaEngine engine(config, requests, records);
  return engine.Run();
}

}  // namespace kardashev::serving
