#include "kardashev/report/growth_drivers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kardashev::report {

namespace {

enum Component {
  kLeaseRevenue,
  kServingRevenue,
  kTrainingValue,
  kEnergy,
  kGroundCapex,
  kOrbitalCapex,
  kOtherOpex,
  kSlaCredits,
  kTerminalValue,
};

constexpr Component kCash[] = {kLeaseRevenue, kServingRevenue, kEnergy,
                               kGroundCapex,  kOrbitalCapex,   kOtherOpex,
                               kSlaCredits};

// Adds `left` to the parts `which` of `parts`, in proportion to their
// magnitudes; to the first of them when they are all 0.
template <typename Which>
void Share(double left, const Which& which,
           std::array<double, kNpvComponents>& parts) {
  double weight = 0;
  for (const int k : which) weight += std::abs(parts[k]);
  for (const int k : which) {
    parts[k] += weight > 0 ? left * std::abs(parts[k]) / weight : 0.0;
  }
  if (weight <= 0) parts[*std::begin(which)] += left;
}

// One month's cash, discounted by component, summing to the month's
// discounted_cash_usd.
std::array<double, kNpvComponents> MonthParts(const growth::Period& month) {
  const double start = 1.0 / month.capex_discount;
  const double mid = 1.0 / month.flow_discount;
  const growth::MoneyPeriod& m = month.money;
  std::array<double, kNpvComponents> parts{};
  parts[kLeaseRevenue] = m.revenue_lease_usd * mid;
  parts[kServingRevenue] = m.revenue_serving_usd * mid;
  parts[kEnergy] = -m.energy_cost_usd * mid;
  parts[kGroundCapex] = -m.capex_ground_usd * start;
  parts[kOrbitalCapex] = -m.capex_orbital_usd * start;
  parts[kOtherOpex] = -m.other_opex_usd * mid;
  parts[kSlaCredits] = -m.sla_credit_usd * mid;
  double sum = 0;
  for (const int k : kCash) sum += parts[k];
  Share(m.discounted_cash_usd - sum, kCash, parts);
  return parts;
}

}  // namespace

const std::array<NpvComponentName, kNpvComponents>& NpvComponentNames() {
  static constexpr std::array<NpvComponentName, kNpvComponents> kNames = {{
      {"lease_revenue_usd", "lease revenue"},
      {"serving_revenue_usd", "serving revenue"},
      {"training_value_usd", "training value"},
      {"energy_usd", "energy"},
      {"ground_capex_usd", "ground capex"},
      {"orbital_capex_usd", "orbital capex"},
      {"other_opex_usd", "other opex"},
      {"sla_credits_usd", "SLA credits"},
      {"terminal_value_usd", "terminal value"},
  }};
  return kNames;
}

NpvSplit SplitNpv(const growth::GrowthOutcome& outcome) {
  NpvSplit split;
  split.npv_usd = outcome.npv_usd;
  for (const growth::Period& month : outcome.months) {
    const auto parts = MonthParts(month);
    for (int k = 0; k < kNpvComponents; ++k) split.usd[k] += parts[k];
    split.usd[kTrainingValue] += month.money.discounted_training_value_usd;
  }
  split.usd[kTerminalValue] = outcome.discounted_terminal_value_usd;
  double sum = 0;
  for (const double x : split.usd) sum += x;
  constexpr int kAll[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  Share(outcome.npv_usd - sum, kAll, split.usd);
  return split;
}

NpvDrivers DriversOf(const NpvSplit& base, const NpvSplit& variant) {
  NpvDrivers d;
  d.npv_difference_usd = variant.npv_usd - base.npv_usd;
  for (int k = 0; k < kNpvComponents; ++k) {
    d.drivers.push_back({k, variant.usd[k] - base.usd[k]});
  }
  std::stable_sort(d.drivers.begin(), d.drivers.end(),
                   [](const Driver& a, const Driver& b) {
                     return std::abs(a.usd) > std::abs(b.usd);
                   });
  return d;
}

std::string SignedUsd(double usd) {
  const char sign = usd < 0 ? '-' : '+';
  const double a = std::abs(usd);
  if (a >= 1e9) return fmt::format("{}${:.1f}B", sign, a * 1e-9);
  if (a >= 1e6) return fmt::format("{}${:.1f}M", sign, a * 1e-6);
  if (a >= 1e3) return fmt::format("{}${:.1f}k", sign, a * 1e-3);
  return fmt::format("{}${:.0f}", sign, a);
}

std::string DriversLine(std::string_view variant, std::string_view base,
                        const NpvDrivers& d, int top) {
  std::string out = fmt::format("{} vs {}: NPV {}", variant, base,
                                SignedUsd(d.npv_difference_usd));
  int shown = 0;
  for (const Driver& x : d.drivers) {
    // Parts under a dollar, or a billionth of the largest, are rounding.
    const double largest = std::abs(d.drivers.front().usd);
    if (shown == top || std::abs(x.usd) < std::max(0.5, 1e-9 * largest)) break;
    out +=
        fmt::format("{}{} {}", shown == 0 ? ", from " : ", ",
                    NpvComponentNames()[x.component].label, SignedUsd(x.usd));
    ++shown;
  }
  return out + "\n";
}

std::string WhatDrivesItLine(std::string_view variant, const NpvSplit& split) {
  int gain = -1, cost = -1;
  for (int k = 0; k < kNpvComponents; ++k) {
    if (split.usd[k] > 0 && (gain < 0 || split.usd[k] > split.usd[gain]))
      gain = k;
    if (split.usd[k] < 0 && (cost < 0 || split.usd[k] < split.usd[cost]))
      cost = k;
  }
  std::string out =
      fmt::format("{}: NPV {}", variant, SignedUsd(split.npv_usd));
  if (gain >= 0) {
    out += fmt::format("; largest gain {} {}", NpvComponentNames()[gain].label,
                       SignedUsd(split.usd[gain]));
  }
  if (cost >= 0) {
    out += fmt::format("{} largest cost {} {}", gain >= 0 ? "," : ";",
                       NpvComponentNames()[cost].label,
                       SignedUsd(split.usd[cost]));
  }
  return out + "\n";
}

}  // namespace kardashev::report
