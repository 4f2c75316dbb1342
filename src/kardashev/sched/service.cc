#include "kardashev/sched/service.h"

#include <algorithm>
#include <cmath>

#include "kardashev/sim/time.h"

namespace kardashev::sched {

std::int64_t ServiceNodesNeeded(const ServiceConfig& service, int hour,
                                int node_gpus) {
  const double rate = service.rate_per_s_by_hour[std::min(
      service.rate_per_s_by_hour.size() - 1, static_cast<std::size_t>(hour))];
  const double replicas = std::ceil(rate / service.replica_rate_per_s - 1e-9);
  return static_cast<std::int64_t>(
      std::ceil(replicas * service.gpus_per_replica / node_gpus - 1e-9));
}

void RecordServicePeak(ServiceOutcome& out, std::int64_t nodes, int node_gpus) {
  out.peak_nodes = std::max(out.peak_nodes, nodes);
  out.peak_gpus = out.peak_nodes * node_gpus;
}

void AccountServiceInterval(const ServiceConfig& service, ServiceOutcome& out,
                            std::int64_t active_nodes, double node_gpus,
                            double held_gpu_h, double working_gpu_h,
                            double start_s, double dt_h) {
  out.gpu_hours += working_gpu_h;
  const auto& rates = service.rate_per_s_by_hour;
  const double mid_s = start_s + dt_h * sim::kSecondsPerHour / 2;
  const std::size_t index = std::min(
      rates.size() - 1, static_cast<std::size_t>(mid_s / sim::kSecondsPerHour));
  const double rate = rates.empty() ? 0.0 : rates[index];
  const double replicas = std::floor(static_cast<double>(active_nodes) *
                                     node_gpus / service.gpus_per_replica);
  const double capacity = replicas * service.replica_rate_per_s *
                          (held_gpu_h > 0 ? working_gpu_h / held_gpu_h : 1);
  const double dt_s = dt_h * sim::kSecondsPerHour;
  out.requests_demanded += rate * dt_s;
  out.requests_served += std::min(rate, capacity) * dt_s;
}

double ServiceRevenueUsd(const ServiceConfig& service,
                         const ServiceOutcome& out) {
  return out.requests_served * service.tokens_per_request * 1e-6 *
         service.price_usd_per_million_tokens;
}

void CloseServiceOutcome(const ServiceConfig& service, ServiceOutcome& out) {
  out.slo_attainment = out.requests_demanded > 0
                           ? out.requests_served / out.requests_demanded
                           : 1.0;
  out.tokens_served = out.requests_served * service.tokens_per_request;
  out.revenue_usd = ServiceRevenueUsd(service, out);
}

}  // namespace kardashev::sched
