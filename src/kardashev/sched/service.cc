#include "kardashev/sched/service.h"

#include <algorithm>
#include <cmath>

#include "kardashev/sim/time.h"

namespace kardashev::sched {

std::int64_t ServiceNodesNeeded(const ServiceConfig& cfg, int hour,
                                int node_gpus) {
  const double rate = cfg.rate_per_s_by_hour[std::min(
      cfg.rate_per_s_by_hour.size() - 1, static_cast<std::size_t>(hour))];
  const double replicas = std::ceil(rate / cfg.replica_rate_per_s - 1e-9);
  return static_cast<std::int64_t>(
      std::ceil(replicas * cfg.gpus_per_replica / node_gpus - 1e-9));
}

void RecordServicePeak(ServiceOutcome& so, std::int64_t nodes, int node_gpus) {
  so.peak_nodes = std::max(so.peak_nodes, nodes);
  so.peak_gpus = so.peak_nodes * node_gpus;
}

void AccountServiceInterval(const ServiceConfig& cfg, ServiceOutcome& so,
                            std::int64_t active_nodes, double g,
                            double held_gpu_h, double working_gpu_h,
                            double start_s, double dt_h) {
  so.gpu_hours += working_gpu_h;
  const auto& rates = cfg.rate_per_s_by_hour;
  const double mid_s = start_s + dt_h * sim::kSecondsPerHour / 2;
  const std::size_t index = std::min(
      rates.size() - 1, static_cast<std::size_t>(mid_s / sim::kSecondsPerHour));
  const double rate = rates.empty() ? 0.0 : rates[index];
  const double replicas =
      std::floor(static_cast<double>(active_nodes) * g / cfg.gpus_per_replica);
  const double capacity = replicas * cfg.replica_rate_per_s *
                          (held_gpu_h > 0 ? working_gpu_h / held_gpu_h : 1);
  const double dt_s = dt_h * sim::kSecondsPerHour;
  so.requests_demanded += rate * dt_s;
  so.requests_served += std::min(rate, capacity) * dt_s;
}

double ServiceRevenueUsd(const ServiceConfig& cfg, const ServiceOutcome& so) {
  return so.requests_served * cfg.tokens_per_request * 1e-6 *
         cfg.price_usd_per_million_tokens;
}

void CloseServiceOutcome(const ServiceConfig& cfg, ServiceOutcome& so) {
  so.slo_attainment = so.requests_demanded > 0
                          ? so.requests_served / so.requests_demanded
                          : 1.0;
  so.tokens_served = so.requests_served * cfg.tokens_per_request;
  so.revenue_usd = ServiceRevenueUsd(cfg, so);
}

}  // namespace kardashev::sched
