// What drives the growth level's NPV: the NPV of one outcome split into the
// ledger's components (lease revenue, serving revenue, training value,
// energy, ground capex, orbital capex, other opex, SLA credits, terminal
// value), each discounted, and the difference of two outcomes split the same
// way. It is the one place this split is computed; the text output only
// formats it.
//
// How the split is discounted: the outcome holds each month's discounted cash
// (discounted_cash_usd) but not the discounted part of each component, and
// SimulateGrowth discounts capex from the month's start and every other flow
// from its mid-point. So each month's component m is first discounted with
// the factor of its timing at the plan's annual rate r: (1 + r)^-(m / 12) for
// capex, (1 + r)^-((m + 0.5) / 12) for the rest. What is left of the month's
// discounted_cash_usd after those (0 when the outcome discounts as stated;
// else rounding or another convention) is shared among the month's cash
// components in proportion to their discounted magnitude (to lease revenue
// when they are all 0). Training value
// takes the outcome's discounted_training_value_usd, terminal value its
// discounted_terminal_value_usd; what is left of npv_usd after all nine is
// shared the same way. So, whatever the rate, the components sum to npv_usd
// (to floating-point rounding), and a difference's components sum to the
// difference of the NPVs; the rate only decides how the months' discounting
// is split between capex and the flows.
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

// REQUIRES: discount_rate > -1.
NpvSplit SplitNpv(const growth::GrowthOutcome& outcome, double discount_rate);

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

// With one variant: "what drives it: NPV $4.1B; largest gain lease revenue
// +$9.0B, largest cost ground capex -$5.2B".
std::string WhatDrivesItLine(const NpvSplit& split);

// A signed amount in dollars, "+$12.3B", "-$6.1M", "+$0".
std::string SignedUsd(double usd);

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_GROWTH_DRIVERS_H_
