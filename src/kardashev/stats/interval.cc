#include "kardashev/stats/interval.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <vector>

namespace kardashev::stats {

namespace {

// The continued fraction of the regularized incomplete beta function I_x(a, b)
// by the modified Lentz method (converges for x < (a + 1) / (a + b + 2)).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-15;
  double c = 1;
  double d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 500; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return h;
}

// I_x(a, b), the regularized incomplete beta function, 0 <= x <= 1.
double RegularizedBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) -
                           std::lgamma(b) + a * std::log(x) +
                           b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) {
    return front * BetaContinuedFraction(a, b, x) / a;
  }
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

// P(T <= t) for Student's t with `df` degrees of freedom, t >= 0.
double StudentCdf(double t, double df) {
  const double x = df / (df + t * t);
  return 1 - 0.5 * RegularizedBeta(df / 2, 0.5, x);
}

}  // namespace

double StudentT975(int df) {
  assert(df >= 1);
  // Bisection on the CDF: monotone, and 60 halvings of [0, 64] reach far
  // below double precision of the quantile (12.706 at df = 1 is the largest).
  double lo = 0;
  double hi = 64;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (StudentCdf(mid, df) < 0.975) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

Interval MeanInterval(std::span<const double> values) {
  assert(!values.empty());
  Interval out;
  out.n = values.size();
  double sum = 0;
  for (const double v : values) sum += v;
  out.mean = sum / static_cast<double>(out.n);
  if (out.n < 2) {
    out.half_width = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  double squares = 0;
  for (const double v : values) squares += (v - out.mean) * (v - out.mean);
  out.stddev = std::sqrt(squares / static_cast<double>(out.n - 1));
  out.half_width = StudentT975(static_cast<int>(out.n - 1)) * out.stddev /
                   std::sqrt(static_cast<double>(out.n));
  return out;
}

PairedDifference Paired(std::span<const double> a, std::span<const double> b) {
  assert(a.size() == b.size() && !a.empty());
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) differences[i] = a[i] - b[i];
  PairedDifference out;
  out.difference = MeanInterval(differences);
  const Interval& d = out.difference;
  out.distinguishable =
      d.n >= 2 && d.mean != 0 && !(d.low() <= 0 && 0 <= d.high());
  return out;
}

}  // namespace kardashev::stats
