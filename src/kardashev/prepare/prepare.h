// The prepare stage, between scenario/ and the simulation: it turns a Scenario
// (plain data of the file) into the inputs of the models. Training jobs get
// their step times and checkpoint sizes from the performance models, serving
// deployments get their requests (read from a trace or drawn), fleet-level
// demand gets the capacity of one replica within its SLO, demand served on an
// owned cluster becomes a service of the fleet, and orbital shells get their
// satellite designs.
//
// Prepare is a pure function of the Scenario: the same Scenario gives the same
// Prepared, draw for draw. It does not simulate the fleet; SimulateFleet
// (sched/fleet_simulation.h) takes Prepared::fleet.
// REQUIRES: the Scenario came from LoadScenario, which has refused every plan
// the models would refuse and every trace that cannot be read. A trace that
// can no longer be read is a serving::TraceError.
#ifndef KARDASHEV_PREPARE_PREPARE_H_
#define KARDASHEV_PREPARE_PREPARE_H_

#include <string>
#include <vector>

#include "kardashev/econ/orbital_shell.h"
#include "kardashev/econ/serving_cost.h"
#include "kardashev/scenario/scenario.h"
#include "kardashev/sched/fleet_simulation.h"
#include "kardashev/serving/capacity.h"
#include "kardashev/serving/demand.h"
#include "kardashev/serving/replica_simulator.h"

namespace kardashev::prepare {

// The capacity of one replica of a workload within its SLO, and the mean
// output length of its requests (FindReplicaCapacity).
struct ReplicaCapacity {
  serving::Capacity capacity;
  double mean_output_tokens = 0;
};

// A deployment and the requests it is to serve.
struct ServingWorkload {
  std::string name;
  serving::ServingConfig config;
  std::vector<serving::Request> requests;
  std::string source;  // where the requests come from, for reports
  // How the requests arrive, for the capacity search: the trace's own
  // timestamps (the capacity replays the trace time-scaled), or synthetic
  // gamma arrivals of this coefficient of variation (1: Poisson).
  bool trace_arrivals = false;
  double arrival_cv = 1.0;
  // One GPU-hour of the deployment (Prepare fills it by the one rule,
  // econ/gpu_hour_price.h); none when no catalog node holds its GPU.
  std::optional<econ::GpuHourPrice> price;
  // Prepare fills it (FindReplicaCapacity): for the demand and the report.
  ReplicaCapacity capacity;
};

// Fleet-level demand with the capacity of one replica filled in. A replica
// that cannot meet the SLO at any rate has capacity 0: the demand gets no
// service on its cluster, and run() reports it with zero capacity and a
// warning (RunWarnings).
struct DemandPlan {
  serving::DemandConfig config;
  std::string lease;  // a lease whose delivered GPUs serve it, or ""
};

// An orbital shell and the ground site it is compared with.
struct OrbitalShell {
  econ::OrbitalShellSpec spec;
  econ::GroundComparison ground;
};

struct Prepared {
  // The fleet: jobs with step times and checkpoint sizes, and a service for
  // each demand served on an owned cluster.
  sched::FleetPlan fleet;
  std::vector<ServingWorkload> serving;  // in the Scenario's order
  std::vector<DemandPlan> demand;        // in the Scenario's order
  std::vector<OrbitalShell> orbital;     // in the Scenario's order
};

Prepared Prepare(const scenario::Scenario& scenario);

// The pieces of Prepare, each a pure function of its input.

// A job with its step time (perf::EstimateTrainingStep) and checkpoint size.
training::TrainingJobConfig PrepareTrainingJob(
    const scenario::TrainingSpec& spec);

// The requests of a deployment: its trace's, or synthetic arrivals drawn from
// the streams (seed, "arrivals"/"lengths", the deployment's name).
ServingWorkload PrepareServing(const scenario::ServingSpec& spec,
                               std::uint64_t seed);

// The basis of a scenario's GPU-hour prices (econ/gpu_hour_price.h): the
// economics' GPU depreciation and other opex, and the first ground site's PUE
// and mean electricity price, or the industry-typical facility without one.
econ::GpuHourBasis GpuHourBasisOf(const scenario::Scenario& scenario);

// A shell of the scenario, and its ground site running the same nodes with
// the scenario's failures and economics.
OrbitalShell PrepareOrbitalShell(const scenario::Scenario& scenario,
                                 const scenario::OrbitalSpec& spec);

// The capacity of one replica of `workload` within its SLO, and the mean
// output length of its requests. A workload replaying a trace is searched on
// the trace itself, time-scaled to each trial rate (serving::
// FindTraceCapacity, kTraceCapacityMinRequests to kTraceCapacityMaxRequests
// requests a trial: the whole trace, cycled when shorter, truncated when
// longer). The trace's requests that the deployment refuses whatever the rate
// (serving::Admissible: beyond the context or the batch budget) are left out
// of that replay, so the capacity is a rate of servable requests; a synthetic
// mix with such a request keeps capacity 0. A synthetic one on its own arrival
// process (Poisson or gamma) with its requests' length mix
// (serving::FindCapacity, 8,000 requests a trial). Either trial grows to the
// steady-state size of serving/capacity.h, and the capacity never exceeds
// the deployment's bound.
inline constexpr int kTraceCapacityMinRequests = 8000;
inline constexpr int kTraceCapacityMaxRequests = 100000;
ReplicaCapacity FindReplicaCapacity(const ServingWorkload& workload,
                                    std::uint64_t seed);

}  // namespace kardashev::prepare

#endif  // KARDASHEV_PREPARE_PREPARE_H_
