#include "kardashev/econ/fleet_economics.h"

#include <algorithm>

#include "kardashev/sim/time.h"

namespace kardashev::econ {

namespace {

// The value of job `t`'s output over the horizon, into `months`.
double AddJobValue(const TrainingValue& v, const training::TrainingOutcome& t,
                   double horizon_s, std::vector<MonthFlows>& months) {
  const double end_s = t.finished ? t.time_to_train_s : horizon_s;
  if (v.usd_per_run > 0) {
    if (!t.finished) return 0;
    for (auto& m : months) {
      if (m.end_s >= end_s) {
        m.training_value_usd += v.usd_per_run;
        return v.usd_per_run;
      }
    }
    if (!months.empty()) months.back().training_value_usd += v.usd_per_run;
    return v.usd_per_run;
  }
  const double total = t.tokens_trained / 1e6 * v.usd_per_million_tokens;
  if (total <= 0 || end_s <= 0) return 0;
  double start_s = 0;
  for (auto& m : months) {
    const double ran_s = std::max(0.0, std::min(m.end_s, end_s) - start_s);
    m.training_value_usd += total * ran_s / end_s;
    start_s = m.end_s;
  }
  return total;
}

}  // namespace

double AddTrainingValue(const EconomicsConfig& config,
                        const std::vector<training::TrainingOutcome>& jobs,
                        double horizon_s, std::vector<MonthFlows>& months) {
  double total = 0;
  for (const TrainingValue& v : config.training_values) {
    for (const auto& t : jobs) {
      if (t.name != v.job) continue;
      total += AddJobValue(v, t, horizon_s, months);
    }
  }
  return total;
}

double ClusterCapexUsd(const fleet::ClusterConfig& c) {
  const double gpus = static_cast<double>(c.gpus());
  return gpus * c.gpu.price_usd + c.nodes * c.node.price_usd +
         (c.fabric ? gpus * c.fabric->price_usd_per_gpu : 0.0);
}

double FacilityCapexUsd(const EconomicsConfig& config, double facility_w) {
  return config.facility_capex_usd_per_mw * facility_w * 1e-6;
}

}  // namespace kardashev::econ
