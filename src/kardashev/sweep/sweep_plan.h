// A SweepPlan is a sweep made ready to run: its points expanded and each one's
// --set flags checked by loading its scenario, the variants it plays, the
// columns of its results, and the hash that identifies its definition (the
// sweep file's canonical content and the base scenario's, includes merged).
// PlanSweep validates the whole sweep before anything runs: the first point
// that does not load is a ScenarioError at the sweep file's line of the axis
// (or derived key) that set the offending key, citing the point's values; an
// output naming an entry of training, serving, demand, leases or clusters that
// a played variant lacks is a ScenarioError at the output.
//
// Tasks are numbered point x replications + replication; replication r runs
// with seed + r, the same seeds at every point (common random numbers).
#ifndef KARDASHEV_SWEEP_SWEEP_PLAN_H_
#define KARDASHEV_SWEEP_SWEEP_PLAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kardashev/catalog/catalog.h"
#include "kardashev/sweep/sweep_file.h"

namespace kardashev::sweep {

struct SweepPlan {
  SweepFile file;
  std::uint64_t seed = 0;                   // of replication 0
  std::vector<std::string> variants;        // played, in the scenario's order
  std::vector<std::string> parameters;      // axis names, then derived keys
  std::vector<std::vector<double>> points;  // parameter values per point
  std::vector<std::vector<std::string>> sets;  // --set flags per point
  // Output columns: the output path, or "VARIANT/path" when several variants
  // are played; variant-major.
  std::vector<std::string> outputs;
  std::string hash;

  std::size_t replications() const {
    return static_cast<std::size_t>(file.replications);
  }
  std::size_t tasks() const { return points.size() * replications(); }
  std::size_t PointOf(std::size_t task) const { return task / replications(); }
  int ReplicationOf(std::size_t task) const {
    return static_cast<int>(task % replications());
  }
  std::uint64_t SeedOf(std::size_t task) const {
    return seed + static_cast<std::uint64_t>(ReplicationOf(task));
  }
};

// Expands and validates `file`. Throws ScenarioError.
SweepPlan PlanSweep(const SweepFile& file, const catalog::Catalog& catalog);

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_SWEEP_PLAN_H_
