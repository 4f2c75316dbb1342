// A FailureModel says when a node fails, of what, and how long its repair
// takes. Each component (from the catalog's failure table) fails as a Poisson
// process with a rate per GPU-hour, so a node of g GPUs fails at g times the
// summed rate, and a cluster's failure rate grows with its size. Repair times
// are lognormal per component. Failures of a node are independent of its load
// and of other nodes (an assumption: the published rates are fleet averages,
// and Table 5 of the Llama 3 report does not split them by load). A repair
// ends in one of its component's outcomes (reset, part swapped on site,
// return-merchandise repair, maintenance), drawn by their shares, and lasts a
// lognormal time of that outcome.
//
// The model is pure: draws come from the caller's RngStream.
#ifndef KARDASHEV_FLEET_FAILURE_MODEL_H_
#define KARDASHEV_FLEET_FAILURE_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/sim/random.h"

namespace kardashev::fleet {

struct FailureModelConfig {
  double rate_scale = 1.0;         // multiplies every catalog rate
  bool include_planned = true;     // planned maintenance takes nodes down too
  double repair_time_scale = 1.0;  // multiplies every repair time
  // A powered-off node (a cold spare) fails at this share of a running
  // node's rate. 0.1: MIL-HDBK-338B (Electronic Reliability Design Handbook,
  // 1998) section 10.3.1.2 gives "a ten to one factor" as the rule of thumb
  // for the failure rate of non-operating (dormant) equipment; its per-part
  // factors put integrated circuits stored on the ground at 0.08 (RAC
  // Reliability Toolkit, Table 6.3.4-1), and NASA JSC (Reistle 2014, "Using
  // Generic Data To Establish Dormancy Failure Rates") reports practitioners
  // dividing by 30. No GPU-specific figure is published.
  double powered_off_rate_share = 0.1;
};

// Whether a failure drawn at the running rate for a spare node of a cluster
// whose `spares` include `powered` powered ones happens: the failures of a
// spare are thinned to powered/spares x 1 + (1 - powered/spares) x
// `powered_off_share` of the running rate (Poisson thinning, exact for a rate
// that changes with the node's state; which spares are powered is not
// tracked node by node, so each spare is powered with the pool's share).
// `uniform` is a draw in [0, 1).
bool SpareFailureHappens(std::int64_t spares, std::int64_t powered,
                         double powered_off_share, double uniform);

class FailureModel {
 public:
  struct Component {
    std::string name;
    bool planned = false;
    bool job_scope = false;  // stops every rank of a job, whatever its mode
    double rate_per_gpu_hour = 0;
    struct Outcome {
      double cumulative_share = 0;  // of this and the outcomes before it
      double mu = 0;                // log of the median repair time in hours
      double sigma = 0;
    };
    std::vector<Outcome> repair;
  };
  struct Draw {
    double hours = 0;  // time from now to the failure
    int component = 0;
  };

  FailureModel(const std::vector<catalog::FailureComponent>& components,
               const FailureModelConfig& config);

  const std::vector<Component>& components() const { return components_; }

  // The summed failure rate of one GPU's share of a node, per hour.
  double RatePerGpuHour() const { return total_rate_per_gpu_hour_; }
  // The same, of the failures of job scope only.
  double JobScopeRatePerGpuHour() const;

  // Mean time to repair, weighted by how often each component fails, in
  // hours; of the node-scope components only (those that take a node down,
  // not the job-scope ones) when `node_scope_only`.
  double MeanRepairHours(bool node_scope_only = false) const;

  // Share of time a node of `gpus` GPUs is up when every failure is repaired:
  // MTBF / (MTBF + MTTR) = 1 / (1 + rate * gpus * MTTR).
  double SteadyAvailability(int gpus) const;

  // Time to the next failure of a node of `gpus` GPUs, and which component
  // fails.
  Draw DrawFailure(sim::RngStream& rng, int gpus) const;

  // Repair time of a failure of `component`, in hours.
  double DrawRepairHours(sim::RngStream& rng, int component) const;

 private:
  std::vector<Component> components_;
  std::vector<double> cumulative_rate_;
  double total_rate_per_gpu_hour_ = 0;
};

// The rate per GPU-hour of failures that are permanent where nothing is
// repaired (in orbit): the unplanned failures of the GPU and Host categories,
// scaled by `config.rate_scale`. Software faults and maintenance are restarts.
double PermanentFailureRatePerGpuHour(
    const std::vector<catalog::FailureComponent>& components,
    const FailureModelConfig& config);

}  // namespace kardashev::fleet

#endif  // KARDASHEV_FLEET_FAILURE_MODEL_H_
