// Forming an iteration's batch: which prompts are admitted (and how much of
// each), whether running sequences decode, and which are preempted when the
// KV cache runs out. The policies are described in replica_simulator.h.
#include <algorithm>

#include "kardashev/perf/inference.h"
#include "kardashev/serving/replica_engine.h"

namespace kardashev::serving::internal {

void ReplicaEngine::AdmitWaiting(Replica& rep, std::int64_t& budget) {
  const auto& sc = config_.scheduler;
  while (!rep.waiting.empty() && budget > 0) {
    const std::int32_t seq = rep.waiting.front();
    Seq& s = seqs_[seq];
    const auto running = static_cast<std::int64_t>(
        rep.decoders.size() + rep.prefilling.size() + rep.chunks.size());
    if (running >= sc.max_sequences) break;
    const std::int64_t need =
        rep.prefill_only ? Blocks(s.prompt_eff) : AdmissionBlocks(seq);
    if (need > rep.free_blocks) break;
    const std::int64_t to_compute = s.prompt_eff - s.prefilled;
    const std::int64_t chunk = sc.policy == BatchPolicy::kVllm
                                   ? to_compute
                                   : std::min(budget, to_compute);
    if (sc.policy == BatchPolicy::kVllm && chunk > budget &&
        !rep.chunks.empty())
      break;
    rep.waiting.pop_front();
    rep.free_blocks -= need;
    s.reserved = need;
    s.state = SeqState::kPrefilling;
    s.admit_order = next_admit_++;
    rep.chunks.emplace_back(seq, static_cast<std::int32_t>(chunk));
    budget -= chunk;
  }
}

void ReplicaEngine::JoinReadyDecoders(Replica& rep, double t) {
  const auto& sc = config_.scheduler;
  while (!rep.ready.empty()) {
    const std::int32_t seq = rep.ready.front();
    const std::int64_t need = AdmissionBlocks(seq);
    if (static_cast<std::int64_t>(rep.decoders.size()) >= sc.max_sequences ||
        need > rep.free_blocks) {
      break;
    }
    rep.ready.pop_front();
    rep.free_blocks -= need;
    seqs_[seq].reserved = need;
    seqs_[seq].admit_order = next_admit_++;
    StartDecoding(rep, seq, t);
  }
}

void ReplicaEngine::ChooseBatch(Replica& rep) {
  const auto& sc = config_.scheduler;
  std::int64_t budget = rep.max_batched_tokens;
  if (sc.policy == BatchPolicy::kVllm) {
    // vLLM: whole prompts first; decode only when no prompt is admitted.
    AdmitWaiting(rep, budget);
    if (rep.chunks.empty() && !rep.decoders.empty()) rep.decodes = true;
    return;
  }
  // Sarathi: every decode, then chunks of prompts in progress, then new ones
  // (a prefill-only replica has no decodes: it carries on its chunked prompts
  // before it admits new ones).
  if (!rep.decoders.empty()) {
    rep.decodes = true;
    budget -= static_cast<std::int64_t>(rep.decoders.size());
  }
  while (!rep.prefilling.empty() && budget > 0) {
    const std::int32_t seq = rep.prefilling.front();
    const Seq& s = seqs_[seq];
    const std::int64_t chunk =
        std::min<std::int64_t>(budget, s.prompt_eff - s.prefilled);
    rep.prefilling.pop_front();
    rep.chunks.emplace_back(seq, static_cast<std::int32_t>(chunk));
    budget -= chunk;
  }
  AdmitWaiting(rep, budget);
}

void ReplicaEngine::ReserveDecodeBlocks(Replica& rep) {
  if (!rep.decodes || Reserve()) return;
  std::int64_t needed = rep.phase_count[Mod(-rep.d)];
  while (needed > rep.free_blocks && !rep.decoders.empty()) {
    Preempt(rep);
    needed = rep.phase_count[Mod(-rep.d)];
  }
  rep.free_blocks -= needed;
  if (rep.decoders.empty()) rep.decodes = false;
}

double ReplicaEngine::IterationSeconds(const Replica& rep,
                                       perf::IterationBatch& batch) const {
  for (const auto& [seq, chunk] : rep.chunks) {
    const Seq& s = seqs_[seq];
    ++batch.prefill_sequences;
    batch.prefill_tokens += chunk;
    batch.prefill_attention_context +=
        static_cast<double>(chunk) * (s.prefilled + (chunk + 1) / 2.0);
  }
  if (rep.decodes) {
    const auto n = static_cast<std::int64_t>(rep.decoders.size());
    batch.decode_sequences = n;
    batch.decode_context =
        rep.sum_c0_minus_d0 +
        static_cast<double>(n) * static_cast<double>(rep.d + 1);
  }
  return rep.cost->IterationTime(batch).time_s;
}

void ReplicaEngine::CountGpuSeconds(const Replica& rep,
                                    const perf::IterationBatch& batch,
                                    double dt) {
  const double gpu_s = dt * rep.gpus;
  out_.busy_gpu_s += gpu_s;
  if (rep.prefill_only) out_.prefill_busy_gpu_s += gpu_s;
  if (batch.decode_sequences == 0) {
    out_.prefill_phase_gpu_s += gpu_s;
  } else if (batch.prefill_tokens == 0) {
    out_.decode_phase_gpu_s += gpu_s;
  } else {
    const double prefill = static_cast<double>(batch.prefill_tokens);
    const double share =
        prefill / (prefill + static_cast<double>(batch.decode_sequences));
    out_.prefill_phase_gpu_s += gpu_s * share;
    out_.decode_phase_gpu_s += gpu_s * (1 - share);
  }
}

bool ReplicaEngine::StartIteration(int r, double t) {
  Replica& rep = replicas_[r];
  rep.chunks.clear();
  rep.decodes = false;
  // Disaggregated: sequences whose prompt ran elsewhere join the decode batch.
  JoinReadyDecoders(rep, t);
  ChooseBatch(rep);
  ReserveDecodeBlocks(rep);
  if (!rep.decodes && rep.chunks.empty()) {
    if (rep.busy) {
      rep.busy = false;
      rep.idle_since_s = t;
    }
    return false;
  }
  perf::IterationBatch batch;
  const double dt = IterationSeconds(rep, batch);
  if (!rep.busy) {
    const double idle = (t - rep.idle_since_s) * rep.gpus;
    out_.idle_gpu_s += idle;
    if (rep.prefill_only) out_.prefill_idle_gpu_s += idle;
    rep.busy = true;
  }
  CountGpuSeconds(rep, batch, dt);
  rep.iteration_end_s = t + dt;
  ++out_.iterations;
  return true;
}

}  // namespace kardashev::serving::internal
