#include "kardashev/search/serving_report.h"

#include <fmt/format.h>

namespace kardashev::search {

namespace {

std::string SplitName(const ServingCandidate& c) {
  return c.prefill_replicas == 0 ? std::string("co-located")
                                 : fmt::format("{}P:1D", c.prefill_replicas);
}

std::string Header(const ServingSearchResult& r) {
  std::string s = fmt::format(
      "{} (variant {}): {}, SLO p99 TTFT {:.3f} s and p99 TPOT {:.3f} s; {} "
      "requests, {} beyond the model's context left out; arrivals with "
      "inter-arrival cv {:.2f}\n",
      r.deployment, r.variant, r.model, r.slo.ttft_s, r.slo.tpot_s, r.requests,
      r.beyond_context, r.arrival_cv);
  s += fmt::format(
      "{} configurations considered, {} fit, {} simulated ({} measured to "
      "0.1%, {} simulation runs){}\n",
      r.considered, r.fit, r.screened, r.measured, r.trials,
      r.too_wide > 0
          ? fmt::format("; {} hold too many requests at once for a "
                        "steady-state trial of at most {} and are left out",
                        r.too_wide, serving::kMaxTrialRequests)
          : std::string());
  s += fmt::format(
      "cost per GPU-hour: (GPU + node share) over {:g} years, power at TDP x "
      "PUE {:.2f} x {:.1f} USD/MWh ({}), plus {:.2f} USD other{}\n",
      r.cost_basis.depreciation_years, r.cost_basis.pue,
      r.cost_basis.electricity_usd_per_mwh, r.cost_basis.source,
      r.cost_basis.other_usd_per_gpu_hour,
      r.unpriced > 0
          ? fmt::format("; {} configurations on GPUs no catalog node holds "
                        "are left out (no host to price)",
                        r.unpriced)
          : std::string());
  if (r.top.empty()) return s + "no configuration meets the SLO\n";
  s += fmt::format(
      "top {} by {}; capacity per decode replica with its prefill replicas, "
      "latencies p99 at capacity\n\n",
      r.top.size(),
      r.rank == ServingRank::kPerGpu ? "requests/s within the SLO per GPU"
                                     : "requests within the SLO per dollar");
  s += fmt::format(
      "{:>4} {:<9} {:>3} {:>3} {:>3} {:<10} {:<7} {:>4} {:>5} {:<9} {:>4} "
      "{:>7} {:>8} {:>7} {:>7} {:>9} {:>9} {:>7} {:>7}\n",
      "rank", "gpu", "tp", "ep", "adp", "split", "policy", "seqs", "batch",
      "w/kv", "gpus", "req/s", "tok/s", "TTFT s", "TPOT s", "req/s/GPU",
      "tok/s/GPU", "$/GPU-h", "Mtok/$");
  return s;
}

std::string Row(std::size_t rank, const RankedServing& r,
                const ServingSpace& space) {
  const ServingCandidate& c = r.candidate;
  const auto& at = r.capacity.at_capacity;
  return fmt::format(
      "{:>4} {:<9} {:>3} {:>3} {:>3} {:<10} {:<7} {:>4} {:>5} {:<9} {:>4} "
      "{:>7.3f} {:>8.1f} {:>7.3f} {:>7.4f} {:>9.4f} {:>9.1f} {:>7.3f} "
      "{:>7.3f}{}",
      rank, space.gpus[c.gpu].name, c.tp, c.ep, c.attention_dp, SplitName(c),
      PolicyName(c.policy), c.max_sequences, c.max_batched_tokens,
      PrecisionName(c.weights) + "/" + PrecisionName(c.kv_cache), c.gpus(),
      r.capacity.rate_per_s, r.capacity.throughput_tokens_per_s, at.ttft_s.p99,
      at.tpot_s.p99, r.requests_per_s_per_gpu, r.output_tokens_per_s_per_gpu,
      r.cost_usd_per_gpu_hour, r.output_tokens_per_usd * 1e-6,
      r.capacity.at_bound ? "  (at the roofline bound)\n" : "\n");
}

nlohmann::json RankedJson(const RankedServing& r, const ServingSpace& space) {
  const ServingCandidate& c = r.candidate;
  const auto& at = r.capacity.at_capacity;
  return {
      {"gpu", space.gpus[c.gpu].name},
      {"tp", c.tp},
      {"ep", c.ep},
      {"attention_dp", c.attention_dp},
      {"prefill_replicas", c.prefill_replicas},
      {"policy", PolicyName(c.policy)},
      {"max_sequences", c.max_sequences},
      {"max_batched_tokens", c.max_batched_tokens},
      {"weights", PrecisionName(c.weights)},
      {"kv_cache", PrecisionName(c.kv_cache)},
      {"gpus", c.gpus()},
      {"capacity_requests_per_s", r.capacity.rate_per_s},
      {"capacity_output_tokens_per_s", r.capacity.throughput_tokens_per_s},
      {"bound_requests_per_s", r.bound_per_s},
      {"at_bound", r.capacity.at_bound},
      {"trial_requests", r.capacity.trial_requests},
      {"ttft_p99_s", at.ttft_s.p99},
      {"tpot_p99_s", at.tpot_s.p99},
      {"rejected", at.rejected},
      {"requests_per_s_per_gpu", r.requests_per_s_per_gpu},
      {"output_tokens_per_s_per_gpu", r.output_tokens_per_s_per_gpu},
      {"cost_usd_per_gpu_hour", r.cost_usd_per_gpu_hour},
      {"cost_node", r.cost_node},
      {"output_tokens_per_usd", r.output_tokens_per_usd},
      {"score", r.score},
  };
}

}  // namespace

std::string ServingSearchText(const ServingSearchResult& result,
                              const ServingSpace& space) {
  std::string s = Header(result);
  for (std::size_t i = 0; i < result.top.size(); ++i) {
    s += Row(i + 1, result.top[i], space);
  }
  return s;
}

nlohmann::json ServingSearchJson(const ServingSearchResult& result,
                                 const ServingSpace& space) {
  nlohmann::json top = nlohmann::json::array();
  for (std::size_t i = 0; i < result.top.size(); ++i) {
    nlohmann::json row = RankedJson(result.top[i], space);
    row["rank"] = i + 1;
    top.push_back(std::move(row));
  }
  return {
      {"deployment", result.deployment},
      {"variant", result.variant},
      {"model", result.model},
      {"rank_by", RankName(result.rank)},
      {"slo", {{"ttft_s", result.slo.ttft_s}, {"tpot_s", result.slo.tpot_s}}},
      {"requests", result.requests},
      {"beyond_context", result.beyond_context},
      {"arrival_cv", result.arrival_cv},
      {"cost_basis",
       {{"gpu_depreciation_years", result.cost_basis.depreciation_years},
        {"electricity_usd_per_mwh", result.cost_basis.electricity_usd_per_mwh},
        {"pue", result.cost_basis.pue},
        {"other_usd_per_gpu_hour", result.cost_basis.other_usd_per_gpu_hour},
        {"electricity_source", result.cost_basis.source}}},
      {"configurations_considered", result.considered},
      {"configurations_fit", result.fit},
      {"configurations_unpriced", result.unpriced},
      {"configurations_too_wide", result.too_wide},
      {"configurations_simulated", result.screened},
      {"configurations_measured", result.measured},
      {"simulation_runs", result.trials},
      {"top", top}};
}

std::string ServingTimingLine(const ServingSearchResult& result) {
  const double rate =
      result.elapsed_s > 0 ? result.considered / result.elapsed_s : 0;
  return fmt::format(
      "searched {} configurations ({} simulated, {} simulation runs) in "
      "{:.3f} s ({:.0f} configurations/s)",
      result.considered, result.screened, result.trials, result.elapsed_s,
      rate);
}

}  // namespace kardashev::search
