// Every numeric key of the scenario schema has a finite range and a reason for
// it, and every default lies inside its range.
#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "kardashev/scenario/schema.h"

namespace kardashev::scenario {
namespace {

bool IsNumeric(KeyType t) {
  return t == KeyType::kInteger || t == KeyType::kNumber ||
         t == KeyType::kNumberList;
}

TEST(SchemaRanges, EveryNumericKeyHasFiniteBoundsAndAReason) {
  const Schema schema = ScenarioSchema();
  int numeric = 0;
  for (const auto& sec : schema.sections) {
    for (const auto& k : sec.keys) {
      if (!IsNumeric(k.type)) continue;
      ++numeric;
      SCOPED_TRACE(std::string(sec.name) + "." + std::string(k.name));
      ASSERT_TRUE(k.min.has_value());
      ASSERT_TRUE(k.max.has_value());
      EXPECT_TRUE(std::isfinite(*k.min));
      EXPECT_TRUE(std::isfinite(*k.max));
      EXPECT_LT(*k.min, *k.max);
      EXPECT_FALSE(k.range_reason.empty());
    }
  }
  // The schema has about a hundred numeric keys; a handful would mean the
  // loop above checked almost nothing.
  EXPECT_GT(numeric, 80);
}

TEST(SchemaRanges, EveryNumericDefaultLiesInItsRange) {
  for (const auto& sec : ScenarioSchema().sections) {
    for (const auto& k : sec.keys) {
      double v = 0;
      if (const auto* d = std::get_if<double>(&k.default_value)) {
        v = *d;
      } else if (const auto* i = std::get_if<std::int64_t>(&k.default_value)) {
        v = static_cast<double>(*i);
      } else {
        continue;
      }
      SCOPED_TRACE(std::string(sec.name) + "." + std::string(k.name));
      EXPECT_TRUE(k.min_exclusive ? v > *k.min : v >= *k.min);
      EXPECT_LE(v, *k.max);
    }
  }
}

TEST(SchemaRanges, AnExclusiveZeroMinimumIsOnlyForScaleFreeFactors) {
  // A key whose value divides or sets a rate must have a positive minimum:
  // (0, max] lets 5e-324 through, which turns a duration or a mass infinite.
  for (const auto& sec : ScenarioSchema().sections) {
    for (const auto& k : sec.keys) {
      if (!IsNumeric(k.type) || !k.min_exclusive || *k.min != 0) continue;
      SCOPED_TRACE(std::string(sec.name) + "." + std::string(k.name));
      EXPECT_EQ(k.name, "weekend_factor");
    }
  }
}

}  // namespace
}  // namespace kardashev::scenario
