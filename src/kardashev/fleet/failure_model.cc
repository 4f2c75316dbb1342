#include "kardashev/fleet/failure_model.h"

#include <algorithm>
#include <cmath>

namespace kardashev::fleet {

FailureModel::FailureModel(
    const std::vector<catalog::FailureComponent>& components,
    const FailureModelConfig& config) {
  for (const auto& c : components) {
    if (c.planned && !config.include_planned) continue;
    Component m;
    m.name = c.name;
    m.planned = c.planned;
    m.job_scope = c.job_scope;
    m.rate_per_gpu_hour = c.rate_per_gpu_hour * config.rate_scale;
    double cumulative = 0;
    for (const auto& o : c.repair) {
      cumulative += o.share;
      m.repair.push_back(
          {cumulative,
           std::log(std::max(o.median_h * config.repair_time_scale, 1e-9)),
           o.sigma});
    }
    total_rate_per_gpu_hour_ += m.rate_per_gpu_hour;
    cumulative_rate_.push_back(total_rate_per_gpu_hour_);
    components_.push_back(std::move(m));
  }
}

double FailureModel::JobScopeRatePerGpuHour() const {
  double rate = 0;
  for (const auto& c : components_) {
    if (c.job_scope) rate += c.rate_per_gpu_hour;
  }
  return rate;
}

double FailureModel::MeanRepairHours(bool node_scope_only) const {
  double rate = 0;
  double weighted = 0;
  for (const auto& c : components_) {
    if (node_scope_only && c.job_scope) continue;
    double mean = 0;
    double share_before = 0;
    for (const auto& o : c.repair) {
      mean += (o.cumulative_share - share_before) *
              std::exp(o.mu + 0.5 * o.sigma * o.sigma);
      share_before = o.cumulative_share;
    }
    rate += c.rate_per_gpu_hour;
    weighted += c.rate_per_gpu_hour * mean;
  }
  return rate > 0 ? weighted / rate : 0;
}

double FailureModel::SteadyAvailability(int gpus) const {
  return 1.0 / (1.0 + RatePerGpuHour() * gpus * MeanRepairHours());
}

double PermanentFailureRatePerGpuHour(
    const std::vector<catalog::FailureComponent>& components,
    const FailureModelConfig& config) {
  double rate = 0;
  for (const auto& c : components) {
    if (!c.planned && (c.category == "GPU" || c.category == "Host")) {
      rate += c.rate_per_gpu_hour * config.rate_scale;
    }
  }
  return rate;
}

FailureModel::Draw FailureModel::DrawFailure(sim::RngStream& rng,
                                             int gpus) const {
  Draw d;
  d.hours = rng.Exponential(total_rate_per_gpu_hour_ * gpus);
  // Which component: proportional to its rate (competing exponentials).
  const double pick = rng.Uniform() * total_rate_per_gpu_hour_;
  const auto it =
      std::upper_bound(cumulative_rate_.begin(), cumulative_rate_.end(), pick);
  d.component = static_cast<int>(std::min<std::ptrdiff_t>(
      it - cumulative_rate_.begin(),
      static_cast<std::ptrdiff_t>(components_.size()) - 1));
  return d;
}

double FailureModel::DrawRepairHours(sim::RngStream& rng, int component) const {
  const auto& outcomes = components_[component].repair;
  if (outcomes.empty()) return 0;
  // One outcome needs no draw to pick it.
  std::size_t k = 0;
  if (outcomes.size() > 1) {
    const double pick = rng.Uniform() * outcomes.back().cumulative_share;
    while (k + 1 < outcomes.size() && pick >= outcomes[k].cumulative_share) {
      ++k;
    }
  }
  return rng.Lognormal(outcomes[k].mu, outcomes[k].sigma);
}

bool SpareFailureHappens(std::int64_t spares, std::int64_t powered,
                         double powered_off_share, double uniform) {
  if (spares <= 0) return true;
  const double on = std::clamp(
      static_cast<double>(powered) / static_cast<double>(spares), 0.0, 1.0);
  return uniform < on + (1 - on) * powered_off_share;
}

}  // namespace kardashev::fleet
