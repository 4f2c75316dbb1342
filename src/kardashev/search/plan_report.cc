#include "kardashev/search/plan_report.h"

#include <fmt/format.h>

#include "kardashev/search/published_mfu.h"

namespace kardashev::search {

namespace {

// The best published figure of the plan's class, when the plan's predicted
// model TFLOP/s per GPU is above it.
std::optional<PublishedMfu> AbovePublished(const SearchResult& result,
                                           const RankedPlan& r) {
  const auto best = BestPublishedMfu(result.gpu, r.plan.precision, result.moe);
  if (best && r.step.tflops_per_gpu > best->tflops_per_gpu) return best;
  return std::nullopt;
}

// One line under the table for the plans predicted above the best published
// figure of their class.
std::string PublishedNote(const SearchResult& result) {
  std::string ranks;
  std::optional<PublishedMfu> best;
  for (std::size_t i = 0; i < result.top.size(); ++i) {
    const auto above = AbovePublished(result, result.top[i]);
    if (!above) continue;
    best = above;
    ranks += fmt::format("{}{}", ranks.empty() ? "" : ", ", i + 1);
  }
  if (!best) return "";
  return fmt::format(
      "\n! rank {} predicted above the best published for this class: {:.0f} "
      "TFLOP/s per GPU ({:.1f}% MFU), {} ({}). The step model is least "
      "trustworthy there.\n",
      ranks, best->tflops_per_gpu, 100 * best->mfu, best->run, best->source);
}

std::string Header(const SearchResult& r) {
  std::string s = fmt::format(
      "{} (variant {}): {} GPUs; {} plans evaluated ({} parallel plans x "
      "fault-tolerance modes), {} fit in memory\n",
      r.job, r.variant, r.gpus, r.evaluated, r.parallel_plans, r.fit);
  if (r.top.empty()) return s + "no plan fits\n";
  s += fmt::format(
      "top {} by goodput = tokens/s x ETTR; times in seconds per step, "
      "communication as exposed, memory in GB per GPU of {:.1f} usable\n\n",
      r.top.size(), r.top.front().step.memory.capacity_bytes * 1e-9);
  s += fmt::format(
      "{:>4} {:>3} {:>3} {:>3} {:>3} {:>3} {:>4} {:<9} {:>4} {:<7} {:>7} "
      "{:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>10} {:>6} "
      "{:>10}\n",
      "rank", "tp", "pp", "cp", "ep", "v", "mb", "recompute", "zero", "mode",
      "step", "compute", "TP", "CP", "EP", "PP", "DP", "bubble", "mem", "MFU%",
      "tokens/s", "ETTR", "goodput");
  return s;
}

std::string Row(const std::string& rank, const RankedPlan& r, bool flag) {
  const auto& p = r.plan;
  const auto& t = r.step;
  return fmt::format(
      "{:>4} {:>3} {:>3} {:>3} {:>3} {:>3} {:>4} {:<9} {:>4} {:<7} {:>7.3f} "
      "{:>7.3f} {:>6.3f} {:>6.3f} {:>6.3f} {:>6.3f} {:>6.3f} {:>6.3f} "
      "{:>6.1f} {:>5.1f} {:>10.0f} {:>6.4f} {:>10.0f}{}\n",
      rank, p.tp, p.pp, p.cp, p.ep, p.virtual_stages, p.micro_batch_sequences,
      RecomputeName(p.recompute), p.zero_stage, ModeName(r.mode), t.step_time_s,
      t.compute_s, t.tp_comm_exposed_s, t.cp_comm_exposed_s,
      t.ep_comm_exposed_s, t.pp_comm_exposed_s, t.dp_comm_exposed_s, t.bubble_s,
      t.memory.total_bytes * 1e-9, t.mfu * 100, t.tokens_per_s, r.goodput.ettr,
      r.goodput_tokens_per_s, flag ? " !" : "");
}

nlohmann::json PlanJson(const SearchResult& result, const RankedPlan& r) {
  const auto& p = r.plan;
  const auto& t = r.step;
  const auto& g = r.goodput;
  const auto best = BestPublishedMfu(result.gpu, p.precision, result.moe);
  nlohmann::json published = nullptr;
  if (best) {
    published = {{"tflops_per_gpu", best->tflops_per_gpu},
                 {"mfu", best->mfu},
                 {"run", best->run},
                 {"source", best->source}};
  }
  return {
      {"plan",
       {{"tp", p.tp},
        {"pp", p.pp},
        {"cp", p.cp},
        {"dp", p.dp},
        {"ep", p.ep},
        {"virtual_stages", p.virtual_stages},
        {"micro_batch_sequences", p.micro_batch_sequences},
        {"recompute", RecomputeName(p.recompute)},
        {"zero_stage", p.zero_stage},
        {"fault_tolerance", ModeName(r.mode)}}},
      {"step",
       {{"step_time_s", t.step_time_s},
        {"compute_s", t.compute_s},
        {"tp_comm_exposed_s", t.tp_comm_exposed_s},
        {"cp_comm_exposed_s", t.cp_comm_exposed_s},
        {"ep_comm_exposed_s", t.ep_comm_exposed_s},
        {"pp_comm_exposed_s", t.pp_comm_exposed_s},
        {"dp_comm_exposed_s", t.dp_comm_exposed_s},
        {"bubble_s", t.bubble_s},
        {"micro_batches", t.micro_batches}}},
      {"memory_per_gpu_bytes", t.memory.total_bytes},
      {"memory_capacity_bytes", t.memory.capacity_bytes},
      {"mfu", t.mfu},
      {"tflops_per_gpu", t.tflops_per_gpu},
      {"best_published", published},
      {"above_best_published",
       best.has_value() && t.tflops_per_gpu > best->tflops_per_gpu},
      {"tokens_per_s", t.tokens_per_s},
      {"ettr", g.ettr},
      {"ettr_first_order_valid", g.first_order_valid},
      {"mtbi_s", g.mtbi_s},
      {"checkpoint_interval_s", g.checkpoint_interval_s},
      {"goodput_tokens_per_s", r.goodput_tokens_per_s},
  };
}

}  // namespace

std::string SearchText(const SearchResult& result) {
  std::string s = Header(result);
  for (std::size_t i = 0; i < result.top.size(); ++i) {
    s += Row(std::to_string(i + 1), result.top[i],
             AbovePublished(result, result.top[i]).has_value());
  }
  s += PublishedNote(result);
  if (result.job_plan) {
    s += fmt::format("\nthe job's plan as written, in its own mode:\n{}",
                     Row("job", *result.job_plan,
                         AbovePublished(result, *result.job_plan).has_value()));
  }
  return s;
}

nlohmann::json SearchJson(const SearchResult& result) {
  nlohmann::json plans = nlohmann::json::array();
  for (std::size_t i = 0; i < result.top.size(); ++i) {
    nlohmann::json plan = PlanJson(result, result.top[i]);
    plan["rank"] = i + 1;
    plans.push_back(std::move(plan));
  }
  nlohmann::json out = {{"job", result.job},
                        {"variant", result.variant},
                        {"gpus", result.gpus},
                        {"plans_evaluated", result.evaluated},
                        {"parallel_plans", result.parallel_plans},
                        {"plans_fit", result.fit},
                        {"top", plans}};
  out["job_plan"] = result.job_plan ? PlanJson(result, *result.job_plan)
                                    : nlohmann::json(nullptr);
  return out;
}

std::string SearchTimingLine(const SearchResult& result) {
  const double rate =
      result.elapsed_s > 0 ? result.evaluated / result.elapsed_s : 0;
  return fmt::format("searched {} plans in {:.3f} s ({:.0f} plans/s)",
                     result.evaluated, result.elapsed_s, rate);
}

}  // namespace kardashev::search
