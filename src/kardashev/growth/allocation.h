// The use of a growing fleet, month by month (the order of
// growth/simulate_growth.h): leases first, then products routed across
// sites (growth/routing.h), then training jobs, the rest idle; a ground
// site's supply caps what it powers. The Allocator keeps each job's progress
// and each lease's and product's totals across months.
//
// Power on the ground: the IT power a site may draw is its supply over its
// PUE. Leases and serving draw first; when they alone exceed it, they are
// scaled down together (the share lost is unpowered, and bills and served
// requests shrink with it). Idle GPUs are powered off next, as many as the
// supply needs; training then takes only what the headroom left powers. A
// GPU draws idle + utilisation x (busy - idle) watts; one in repair or
// unpowered draws nothing.
#ifndef KARDASHEV_GROWTH_ALLOCATION_H_
#define KARDASHEV_GROWTH_ALLOCATION_H_

#include <vector>

#include "kardashev/growth/growth_outcome.h"
#include "kardashev/growth/growth_plan.h"
#include "kardashev/growth/installed.h"

namespace kardashev::growth {

class Allocator {
 public:
  // REQUIRES: `plan` and `fleet` outlive the Allocator.
  Allocator(const GrowthPlan& plan, const InstalledFleet& fleet);

  // Month m's sites, training, serving, energy and the money they make:
  // revenue, SLA credits, energy cost and training value (capex,
  // depreciation and the rest are the ledger's). REQUIRES: months in order.
  Period PlayMonth(int m);

  const std::vector<JobTotals>& jobs() const { return jobs_; }
  const std::vector<LeaseTotals>& leases() const { return leases_; }
  const std::vector<ProductTotals>& products() const { return products_; }

 private:
  // A holder's GPUs at one pool this month.
  struct Take {
    int site = 0;
    int generation = 0;
    double gpus = 0;
    double utilization = 1;
  };
  using Grid = std::vector<std::vector<double>>;  // [site][generation]

  void TakeLeases(int m, Grid& free);
  void RouteProducts(int m, Grid& free);
  void CapPower(int s, Grid& free, Period& month);
  void Train(int m, Grid& free, Period& month);
  void CloseMonth(int m, const Grid& free, Period& month);
  double Watts(int g, double utilization) const;
  double Ettr(int j, int s, int g, double gpus, double free_gpus,
              double multiplier) const;
  double TrainingRate(int j, int s, int g) const;
  // The sizes job j may take in pool (s, g), at most `most` GPUs of the
  // `free_gpus` there, in whole model copies: the largest and 0.8^k of it
  // (k up to 12), and on the ground each also less the spares its nodes in
  // repair need.
  std::vector<double> TrainingSizes(int j, int s, int g, double most,
                                    double free_gpus) const;

  const GrowthPlan& plan_;
  const InstalledFleet& fleet_;
  std::vector<JobTotals> jobs_;
  std::vector<LeaseTotals> leases_;
  std::vector<ProductTotals> products_;
  // This month.
  std::vector<std::vector<PoolMonth>> pools_;
  std::vector<std::vector<Take>> lease_takes_;    // by lease
  std::vector<std::vector<Take>> serving_takes_;  // by product
  Grid served_;                                   // requests, [product][site]
  std::vector<double> demanded_;                  // by product
  std::vector<double> headroom_w_;                // by site; < 0: unbounded
  std::vector<double> training_w_;                // by site
  std::vector<double> training_gpus_;             // by site
};

}  // namespace kardashev::growth

#endif  // KARDASHEV_GROWTH_ALLOCATION_H_
