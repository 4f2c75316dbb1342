// The output reference: path patterns, and every key declared once.
#include "kardashev/report/output_reference.h"

#include <gtest/gtest.h>

#include <set>

namespace kardashev::report {
namespace {

TEST(OutputReferenceTest, PathPatterns) {
  EXPECT_TRUE(PathMatches("variants[].fleet.gpus", "variants[].fleet.gpus"));
  EXPECT_TRUE(PathMatches("variants[].fleet.failures.by_component.*",
                          "variants[].fleet.failures.by_component.gpu"));
  EXPECT_FALSE(PathMatches("variants[].fleet.failures.by_component.*",
                           "variants[].fleet.failures.by_component"));
  EXPECT_FALSE(PathMatches("variants[].fleet.gpus", "variants[].fleet"));
  EXPECT_FALSE(PathMatches("variants[].fleet", "variants[].fleet.gpus"));
  EXPECT_FALSE(PathMatches("variants[].fleet.gpus", "variants.fleet.gpus"));
}

TEST(OutputReferenceTest, EveryKeyOnceWithAUnitAndAMeaning) {
  std::set<std::string> seen;
  for (const auto& key : SummaryJsonKeys()) {
    EXPECT_TRUE(seen.insert(key.path).second) << key.path;
    EXPECT_FALSE(key.unit.empty()) << key.path;
    EXPECT_FALSE(key.meaning.empty()) << key.path;
  }
  EXPECT_EQ(TimeseriesCsvColumns().front().path, "variant");
  const std::string md = OutputsMarkdown();
  EXPECT_NE(md.find("`variants[].fleet.peak_drawn_mw`"), std::string::npos);
  EXPECT_NE(md.find("running total"), std::string::npos);
}

}  // namespace
}  // namespace kardashev::report
