// A FleetState is everything a fleet simulation knows between two events: the
// nodes and which holder has them, each lease's, job's and service's
// accounts, each site's battery and energy, the sums over time, and the
// random streams of each node. Integrate() carries it over an interval in
// which nothing changes (between events every quantity is constant, so
// GPU-hours and energy are integrated exactly); Finish() turns it into the
// outcome. It knows no event loop: sched/fleet_simulation.cc sequences it,
// and acts on its parts (public, each a class with its own contract) directly.
//
// Order of sums: sites, then clusters, then holder slots (leases, jobs,
// services), one term at a time, so that outputs are reproducible to the bit.
#ifndef KARDASHEV_SCHED_FLEET_STATE_H_
#define KARDASHEV_SCHED_FLEET_STATE_H_

#include <optional>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/fleet/failure_model.h"
#include "kardashev/fleet/node_pool.h"
#include "kardashev/fleet/site_energy.h"
#include "kardashev/sched/accounting.h"
#include "kardashev/sched/fleet_outcome.h"
#include "kardashev/sched/fleet_plan.h"
#include "kardashev/sched/holder.h"
#include "kardashev/sched/lease.h"
#include "kardashev/sched/placement.h"
#include "kardashev/sched/service.h"
#include "kardashev/sim/random.h"
#include "kardashev/training/job_run.h"
#include "kardashev/training/replica_groups.h"

namespace kardashev::sched {

class FleetState {
 public:
  // Every holder starts whole (leases, then jobs, take consecutive nodes of
  // their cluster), every battery full. REQUIRES: `plan` valid.
  FleetState(const FleetPlan& plan,
             const std::vector<catalog::FailureComponent>& components);
  FleetState(const FleetState&) = delete;
  FleetState& operator=(const FleetState&) = delete;

  // Whether holder `slot`'s nodes work (a job's only while it runs).
  bool Working(int slot) const {
    const HolderId id = holders.Id(slot);
    return id.kind != HolderKind::kJob || jobs[id.index].running();
  }
  int JobSlot(int job) const { return holders.Slot(HolderId::Job(job)); }

  // The next failure of `node` at the running rate (hours from now, and the
  // component), from its failure_rng.
  fleet::FailureModel::Draw DrawFailure(int node) {
    return model.DrawFailure(failure_rng[node],
                             plan.clusters[pool.cluster_of(node)].node.gpus);
  }
  // Whether a failure drawn for `node` at the running rate happens: always,
  // but for a spare of a cluster with cold (powered-off) spares, where it is
  // thinned to the powered-off rate (fleet::SpareFailureHappens), drawing
  // from the node's powered_off_rng.
  bool FailureHappens(int node);

  // Carries the state over [start_s, start_s + dt_h hours), in which no node,
  // holder or price changes. REQUIRES: dt_h > 0.
  void Integrate(double start_s, double dt_h);

  // Energy stored in every battery now.
  double BatteryMwh() const;
  // The money to date at `end_s`, for the monthly ledger.
  econ::MonthFlows MoneyToDateAt(double end_s) const {
    return MoneyToDate(end_s, plan, leases, services, site_totals);
  }

  // Closes every account at the end of the horizon (`now_s`): the last
  // billing periods, the jobs, the sites, the last month, the services.
  FleetOutcome Finish(double now_s);

  const FleetPlan& plan;
  fleet::FailureModel model;
  HolderIndex holders;
  fleet::NodePool pool;
  Placement placement;
  std::vector<sim::RngStream> failure_rng;  // by node
  std::vector<sim::RngStream> repair_rng;   // by node
  // Whether a failure drawn for a powered-off spare happens (thinning), by
  // node: a stream of its own, so that the failure times drawn stay the same
  // whatever the nodes' states (common random numbers).
  std::vector<sim::RngStream> powered_off_rng;
  std::vector<LeaseBook> leases;
  std::vector<training::JobRun> jobs;
  // By job: its failure domains, in replica and elastic modes only.
  std::vector<std::optional<training::ReplicaGroups>> groups;
  std::vector<ServiceOutcome> services;
  std::vector<double> stored_wh;  // by site: its battery
  std::vector<fleet::SiteEnergyTotals> site_totals;
  FleetAccounting accounting;
  FleetOutcome out;  // clusters, failures, time series, months as they come

 private:
  void AccountHolders(double start_s, double dt_h);

  std::vector<double> active_node_w_;  // by holder slot
  std::vector<char> working_;          // by holder slot, for Integrate
  std::vector<fleet::SiteLoad> loads_;
  std::vector<double> throttle_h_;  // by site, of the last interval
};

}  // namespace kardashev::sched

#endif  // KARDASHEV_SCHED_FLEET_STATE_H_
