// A lease: a tenant rents a fixed number of GPUs of one cluster for the whole
// horizon at a price per GPU-hour. The operator keeps the lease whole: when a
// leased node fails, a spare node from the cluster's pool replaces it after a
// swap time; when no spare is free, the lease runs short until a repaired node
// comes back. The tenant is billed for the contracted GPU-hours; in each
// billing period whose availability (delivered / contracted GPU-hours) falls
// below the SLA, the operator credits a share of that period's bill, as cloud
// SLAs do.
#ifndef KARDASHEV_SCHED_LEASE_H_
#define KARDASHEV_SCHED_LEASE_H_

#include <cstdint>
#include <string>

namespace kardashev::sched {

struct LeaseConfig {
  std::string name;
  std::string tenant;
  int cluster = 0;  // index into the fleet's clusters
  std::int64_t gpus = 0;
  double price_usd_per_gpu_hour = 0;
  double availability_sla =
      0;  // fraction of contracted GPU-hours per billing period
  double sla_credit_fraction =
      0;  // share of a period's bill credited when the SLA is missed
  double billing_period_days = 30;
  double gpu_utilization =
      0;  // the tenant's average GPU utilisation, for power
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_LEASE_H_
