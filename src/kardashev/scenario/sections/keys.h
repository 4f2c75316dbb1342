// Builders of key declarations (schema.h's KeyDecl), so that each key of a
// section is declared in one line of intent: its name, type, unit, range,
// default and meaning. A default written here should come from the initialiser
// of the config struct the key fills, so that it is written once.
#ifndef KARDASHEV_SCENARIO_SECTIONS_KEYS_H_
#define KARDASHEV_SCENARIO_SECTIONS_KEYS_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "kardashev/scenario/schema.h"
#include "kardashev/sim/time.h"

namespace kardashev::scenario::keys {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Units of the keys, and bounds in them, from sim/time.h's constants.
using sim::kSecondsPerMinute;
inline constexpr double kHoursPerDay =
    sim::kSecondsPerDay / sim::kSecondsPerHour;
using sim::kHoursPerYear;
inline constexpr double kDaysPerYear =
    sim::kSecondsPerYear / sim::kSecondsPerDay;
inline constexpr double kMinutesPerWeek =
    7 * sim::kSecondsPerDay / kSecondsPerMinute;

inline KeyDecl Str(std::string_view name, std::string_view meaning) {
  KeyDecl k;
  k.name = name;
  k.type = KeyType::kString;
  k.meaning = meaning;
  return k;
}
inline KeyDecl Num(std::string_view name, std::string_view unit,
                   std::string_view meaning) {
  KeyDecl k;
  k.name = name;
  k.type = KeyType::kNumber;
  k.unit = unit;
  k.meaning = meaning;
  return k;
}
inline KeyDecl Int(std::string_view name, std::string_view unit,
                   std::string_view meaning) {
  KeyDecl k = Num(name, unit, meaning);
  k.type = KeyType::kInteger;
  return k;
}
inline KeyDecl Bool(std::string_view name, bool def, std::string_view meaning) {
  KeyDecl k;
  k.name = name;
  k.type = KeyType::kBoolean;
  k.default_value = def;
  k.meaning = meaning;
  return k;
}
// A list of strings; required.
inline KeyDecl StrList(std::string_view name, std::string_view meaning) {
  KeyDecl k = Str(name, meaning);
  k.type = KeyType::kStringList;
  return k;
}
// A list of numbers of `length` entries, each in [min, max] for `reason`;
// optional.
inline KeyDecl NumList(std::string_view name, std::string_view unit,
                       std::size_t length, double min, double max,
                       std::string_view reason, std::string_view meaning) {
  KeyDecl k = Num(name, unit, meaning);
  k.type = KeyType::kNumberList;
  k.list_length = length;
  k.min = min;
  k.max = max;
  k.range_reason = reason;
  k.default_value = std::string_view("[]");
  return k;
}
// Published GPU rental prices: $1.70 per H100-hour (12-month contracts,
// Oct 2025 low) to $12 (2023 on-demand peaks), figures.csv F01-F03.
inline constexpr double kRentalPublishedMin = 1.70;
inline constexpr double kRentalPublishedMax = 12;
inline constexpr std::string_view kRentalPublishedSource =
    "H100/H200 rental, 12-month contracts to 2023 on-demand peaks "
    "(figures.csv F01-F03)";

// The band of published figures for a numeric key, and where it comes from
// (schema.h: a value far outside it is warned about).
inline KeyDecl Published(KeyDecl k, double min, double max,
                         std::string_view source) {
  k.published_min = min;
  k.published_max = max;
  k.published_source = source;
  return k;
}
inline KeyDecl Default(KeyDecl k, double v) {
  k.default_value = v;
  return k;
}
inline KeyDecl DefaultInt(KeyDecl k, std::int64_t v) {
  k.default_value = v;
  return k;
}
inline KeyDecl DefaultStr(KeyDecl k, std::string_view v) {
  k.default_value = v;
  return k;
}
// The finite range [min, max] of a numeric key ((min, max] when
// `min_exclusive`), with the reason for its bounds: every numeric key has one,
// so that no value a file may hold drives a run to an infinite, overflowing
// or meaningless number.
inline KeyDecl Range(KeyDecl k, double min, double max, std::string_view reason,
                     bool min_exclusive = false) {
  k.min = min;
  k.max = max;
  k.min_exclusive = min_exclusive;
  k.range_reason = reason;
  return k;
}

// Bounds and reasons shared by many keys.
inline constexpr std::string_view kShareReason = "a share of a whole: 0 to 1";
// 100 GW: twenty times the largest announced campus (about 5 GW).
inline constexpr double kMaxPowerMw = 100'000;
inline constexpr std::string_view kPowerReason =
    "up to 100 GW, twenty times the largest announced campus (about 5 GW)";
// $20,000/MWh: above the highest wholesale price cap (Australia's NEM, about
// AUD 17,500/MWh).
inline constexpr double kMaxEnergyUsdPerMwh = 20'000;
inline constexpr std::string_view kEnergyPriceReason =
    "up to $20,000/MWh, above the highest wholesale price cap (Australia's "
    "NEM, about AUD 17,500/MWh)";
// 2,000 kg/MWh: above the dirtiest lignite plants (about 1,200 kg/MWh).
inline constexpr double kMaxCarbonKgPerMwh = 2'000;
inline constexpr std::string_view kCarbonReason =
    "up to 2,000 kg/MWh, above the dirtiest lignite plants (about 1,200)";
// 10^8 GPUs: over a hundred times the largest planned fleet.
inline constexpr double kMaxGpus = 1e8;
inline constexpr std::string_view kGpusReason =
    "up to 10^8 GPUs, over a hundred times the largest planned fleet";
inline constexpr std::string_view kPriorityReason =
    "a rank among at most a thousand levels";
// The growth level counts months from the start of its horizon, at most 30
// years.
inline constexpr int kMaxGrowthMonths = 360;
inline constexpr std::string_view kMonthReason =
    "a month of the growth horizon, at most 30 years (360 months)";
// A month of the growth horizon, default `def`.
inline KeyDecl Month(std::string_view name, std::int64_t def,
                     std::string_view meaning) {
  return DefaultInt(
      Range(Int(name, "month", meaning), 0, kMaxGrowthMonths, kMonthReason),
      def);
}
// The first month without it, or -1 for never.
inline KeyDecl RetireMonth(std::string_view meaning) {
  return DefaultInt(
      Range(Int("retire_month", "month", meaning), -1, kMaxGrowthMonths,
            "-1 (never), or a month of the growth horizon, at "
            "most 30 years (360 months)"),
      -1);
}

inline KeyDecl Choices(KeyDecl k, std::vector<std::string_view> choices) {
  k.choices = std::move(choices);
  return k;
}

}  // namespace kardashev::scenario::keys

#endif  // KARDASHEV_SCENARIO_SECTIONS_KEYS_H_
