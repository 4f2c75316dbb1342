// Confidence intervals over replications: the mean of a sample and the
// half-width of its two-sided 95% confidence interval by Student's t
// distribution, and the paired difference of two samples drawn with common
// random numbers (the same seeds). Used by `run --seeds` and by sweeps.
//
// What it promises: with n < 2 values the half-width is NaN (one value says
// nothing about its noise); with n >= 2 it is t(0.975, n-1) x s / sqrt(n), s
// the sample standard deviation. A paired difference is distinguishable from
// noise when its interval excludes zero (a paired t-test at the 5% level).
#ifndef KARDASHEV_STATS_INTERVAL_H_
#define KARDASHEV_STATS_INTERVAL_H_

#include <cstddef>
#include <span>

namespace kardashev::stats {

struct Interval {
  std::size_t n = 0;
  double mean = 0;
  double stddev = 0;      // sample standard deviation (n - 1); 0 when n < 2
  double half_width = 0;  // of the 95% interval; NaN when n < 2
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

// The 0.975 quantile of Student's t distribution with `df` >= 1 degrees of
// freedom (12.706 at 1, 2.262 at 9, tending to 1.960).
double StudentT975(int df);

// The mean of `values` and its 95% interval. REQUIRES: !values.empty().
Interval MeanInterval(std::span<const double> values);

// The paired difference a[i] - b[i] of two samples of equal size (the same
// seeds), its mean and 95% interval.
struct PairedDifference {
  Interval difference;
  // The interval excludes zero: the difference is not noise at the 5% level.
  // False when n < 2 or when every difference is exactly zero.
  bool distinguishable = false;
};

// REQUIRES: a.size() == b.size() and !a.empty().
PairedDifference Paired(std::span<const double> a, std::span<const double> b);

}  // namespace kardashev::stats

#endif  // KARDASHEV_STATS_INTERVAL_H_
