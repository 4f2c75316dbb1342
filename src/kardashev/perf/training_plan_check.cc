#include "kardashev/perf/training_plan_check.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

namespace kardashev::perf::internal {

double CheckPlan(const TrainingStepInput& in, Checker& check) {
  const auto& m = in.model;
  const auto& p = in.plan;
  const auto& e = in.efficiency;
  const bool ok =
      check.Require(
          p.tp >= 1 && p.pp >= 1 && p.dp >= 1 && p.cp >= 1 && p.ep >= 1 &&
              p.virtual_stages >= 1 && p.micro_batch_sequences >= 1,
          [] {
            return std::string("every parallel degree must be at least 1");
          }) &&
      check.Require(e.gemm > 0 && e.attention > 0 && e.hbm > 0 &&
                        e.scale_up > 0 && e.scale_out > 0 && e.usable_hbm > 0,
                    [] {
                      return std::string(
                          "the efficiency factors are missing (take them from "
                          "the catalog)");
                    }) &&
      check.Require(
          p.zero_stage >= 0 && p.zero_stage <= 3,
          [] { return std::string("zero_stage must be 0, 1, 2 or 3"); }) &&
      check.Require(in.seq_len >= 1,
                    [] { return std::string("seq_len must be at least 1"); }) &&
      check.Require(p.tp <= in.gpu.scale_up_domain_gpus,
                    [&] {
                      return fmt::format(
                          "tp = {} exceeds the {} GPUs of a {} scale-up domain",
                          p.tp, in.gpu.scale_up_domain_gpus, in.gpu.name);
                    }) &&
      check.Require(m.heads % p.tp == 0,
                    [&] {
                      return fmt::format(
                          "tp = {} does not divide the {} attention heads of "
                          "{}",
                          p.tp, m.heads, m.name);
                    }) &&
      check.Require(p.pp <= m.layers,
                    [&] {
                      return fmt::format("pp = {} exceeds the {} layers of {}",
                                         p.pp, m.layers, m.name);
                    }) &&
      // Each of the pp x virtual_stages chunks holds a layer, except at most
      // two that hold only the embedding and the LM head (as Llama 3 405B's
      // 126 layers on 16 x 8 chunks).
      check.Require(static_cast<std::int64_t>(p.pp) * p.virtual_stages <=
                        static_cast<std::int64_t>(m.layers) + 2,
                    [&] {
                      return fmt::format(
                          "pp x virtual_stages = {} x {} = {} pipeline chunks "
                          "exceed the {} layers of {} (plus one chunk each "
                          "for the embedding and the LM head)",
                          p.pp, p.virtual_stages,
                          static_cast<std::int64_t>(p.pp) * p.virtual_stages,
                          m.layers, m.name);
                    }) &&
      check.Require(in.seq_len % p.cp == 0,
                    [&] {
                      return fmt::format(
                          "cp = {} does not divide the sequence length {}",
                          p.cp, in.seq_len);
                    }) &&
      check.Require(p.dp % p.ep == 0,
                    [&] {
                      return fmt::format("ep = {} does not divide dp = {}",
                                         p.ep, p.dp);
                    }) &&
      check.Require(p.ep == 1 || (m.experts > 0 && m.experts % p.ep == 0), [&] {
        return fmt::format(
            "ep = {} needs a mixture-of-experts model whose "
            "experts it divides",
            p.ep);
      });
  if (!ok) return 0;
  if (!check.Require(p.moe_overlap != MoeOverlap::kDualPipe ||
                         (p.pp >= 2 && p.pp % 2 == 0 && p.virtual_stages == 1),
                     [&] {
                       return fmt::format(
                           "a DualPipe schedule needs an even pp of at least 2 "
                           "and no interleaving, got pp = {}, virtual_stages "
                           "= {}",
                           p.pp, p.virtual_stages);
                     }))
    return 0;
  if (!check.Require(p.precision != Precision::kFp4, [&] {
        return std::string(
            "precision = \"fp4\" is an inference precision: training runs "
            "in bf16 or fp8");
      }))
    return 0;
  const double peak = p.precision == Precision::kBf16 ? in.gpu.bf16_dense_flops
                                                      : in.gpu.fp8_dense_flops;
  if (!check.Require(peak > 0, [&] {
        return fmt::format("{} has no FP8 tensor cores", in.gpu.name);
      }))
    return 0;
  return peak;
}

int MicroBatches(const TrainingStepInput& in, Checker& check) {
  const auto& p = in.plan;
  const double sequences_per_step = in.global_batch_tokens / in.seq_len;
  const double micro_exact =
      sequences_per_step / (p.dp * p.micro_batch_sequences);
  const int micro = static_cast<int>(std::lround(micro_exact));
  const bool ok =
      check.Require(
          micro >= 1 && std::fabs(micro_exact - micro) < 1e-6 * micro_exact,
          [&] {
            return fmt::format(
                "the global batch of {} tokens is not a whole number of "
                "micro-batches of {} x {} tokens on {} data-parallel ranks "
                "({:.3f})",
                in.global_batch_tokens, p.micro_batch_sequences, in.seq_len,
                p.dp, micro_exact);
          }) &&
      check.Require(p.virtual_stages == 1 || micro % p.pp == 0, [&] {
        return fmt::format(
            "an interleaved schedule needs the {} micro-batches to be a "
            "multiple of pp = {}",
            micro, p.pp);
      });
  return ok ? micro : 0;
}

}  // namespace kardashev::perf::internal
