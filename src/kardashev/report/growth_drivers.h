// What drives the growth level's NPV: the NPV of one outcome split into the
// ledger's components (lease revenue, serving revenue, training value,
// energy, ground capex, orbital capex, other opex, SLA credits, terminal
// value), each discounted, and the difference of two outcomes split the same
// way. It is the one place this split is computed; the text output only
// formats it.
//
// How the split is discounted: each month's components with the month's own
// factors (growth::Period::capex_discount for capex, flow_discount for the
// rest), the training value and the terminal value as the outcome discounted
// them. Whatever rounding leaves of a month's discounted_cash_usd, or of
// npv_usd, is shared among the components in proportion to their size, so the
// components sum to npv_usd and a difference's components to the difference
// of the NPVs.
#ifndef KARDASHEV_REPORT_GROWTH_DRIVERS_H_
#define KARDASHEV_REPORT_GROWTH_DRIVERS_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "kardashev/growth/growth_outcome.h"

namespace kardashev::report {

inline constexpr int kNpvComponents = 9;

// The components, in ledger order: the key summary.json uses and the words
// the text uses.
struct NpvComponentName {
  std::string_view key;    // e.g. "lease_revenue_usd"
  std::string_view label;  // e.g. "lease revenue"
};
const std::array<NpvComponentName, kNpvComponents>& NpvComponentNames();

// An outcome's NPV by component, signed (costs negative), in the order of
// NpvComponentNames(); they sum to the outcome's npv_usd.
struct NpvSplit {
  double npv_usd = 0;
  std::array<double, kNpvComponents> usd{};
};

NpvSplit SplitNpv(const growth::GrowthOutcome& outcome);

// One component of a difference.
struct Driver {
  int component = 0;  // index into NpvComponentNames()
  double usd = 0;
};

// `variant` against `base`: the NPV difference and every component's part,
// largest magnitude first (ties in ledger order); the parts sum to
// npv_difference_usd.
struct NpvDrivers {
  double npv_difference_usd = 0;
  std::vector<Driver> drivers;
};
NpvDrivers DriversOf(const NpvSplit& base, const NpvSplit& variant);

// "provider vs lab: NPV +$12.3B, from lease revenue +$17.5B, orbital capex
// -$6.1B, training value -$2.0B": the `top` largest non-zero drivers.
std::string DriversLine(std::string_view variant, std::string_view base,
                        const NpvDrivers& d, int top = 3);

// One variant's own NPV: "lab: NPV +$4.1B; largest gain lease revenue
// +$9.0B, largest cost ground capex -$5.2B".
std::string WhatDrivesItLine(std::string_view variant, const NpvSplit& split);

// A signed amount in dollars, "+$12.3B", "-$6.1M", "+$0".
std::string SignedUsd(double usd);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_GROWTH_DRIVERS_H_
