// An elastic serving deployment on an owned cluster: a tenant's product whose
// demand (requests per second, hour by hour) sets how many replicas it runs.
//
// Each hour the service grows or shrinks to the replicas its demand needs
// (ceil(rate / replica capacity)), on whole nodes. It takes spare nodes first;
// when none are free it preempts lower-priority training jobs on its cluster
// (a gang job stops whole: its work since the last checkpoint is lost, and it
// restarts once it is whole again), and otherwise runs short. Requests beyond
// the capacity of the replicas it holds are not served within the SLO.
// ASSUMPTION: a replica starts within the hour it is needed (loading weights
// takes minutes).
//
// The functions below are the service's arithmetic as the fleet simulation
// uses it: the nodes an hour's demand needs, the requests served in an
// interval, and one revenue formula for the totals and the monthly ledger.
#ifndef KARDASHEV_SCHED_SERVICE_H_
#define KARDASHEV_SCHED_SERVICE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace kardashev::sched {

struct ServiceConfig {
  std::string name;
  std::string tenant;
  int cluster = 0;   // index into the fleet's clusters
  int priority = 1;  // preempts training jobs of lower priority
  int gpus_per_replica = 1;
  double replica_rate_per_s = 0;  // requests/s one replica serves in the SLO
  double tokens_per_request = 0;  // mean output tokens
  // Mean demand of each hour of the horizon, requests/s.
  std::vector<double> rate_per_s_by_hour;
  double gpu_utilization = 1;               // power draw of its nodes
  double price_usd_per_million_tokens = 0;  // revenue per output token
};

struct ServiceOutcome {
  std::string name;
  std::string tenant;
  double requests_demanded = 0;
  double requests_served = 0;  // within the capacity of the replicas held
  double tokens_served = 0;
  double slo_attainment = 1;    // served / demanded
  double gpu_hours = 0;         // held while working
  std::int64_t peak_nodes = 0;  // the most its demand asked for
  std::int64_t peak_gpus = 0;
  std::int64_t preemptions = 0;  // training jobs it preempted
  double revenue_usd = 0;
};

// The nodes of `node_gpus` GPUs that hour `hour`'s demand needs (past the
// last hour of the curve, the last hour's).
// REQUIRES: the service has a demand curve.
std::int64_t ServiceNodesNeeded(const ServiceConfig& service, int hour,
                                int node_gpus);

// Records that the service's demand asks for `nodes` nodes now.
void RecordServicePeak(ServiceOutcome& out, std::int64_t nodes, int node_gpus);

// Accounts an interval [start_s, start_s + dt_h hours) in which the service
// held `active_nodes` nodes of `node_gpus` GPUs (`held_gpu_h` GPU-hours), of
// which `working_gpu_h` GPU-hours had power: requests demanded and served.
void AccountServiceInterval(const ServiceConfig& service, ServiceOutcome& out,
                            std::int64_t active_nodes, double node_gpus,
                            double held_gpu_h, double working_gpu_h,
                            double start_s, double dt_h);

// What the service has earned so far: its output tokens at its price.
double ServiceRevenueUsd(const ServiceConfig& service,
                         const ServiceOutcome& out);

// Sets the outcome's derived figures at the end of the horizon.
void CloseServiceOutcome(const ServiceConfig& service, ServiceOutcome& out);

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_SERVICE_H_
