#include "kardashev/sweep/sweep_report.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kardashev::sweep {
namespace {

// One point of two replications and one output, by hand.
SweepPlan OnePoint() {
  SweepPlan plan;
  plan.file.replications = 2;
  plan.parameters = {"x"};
  plan.points = {{3}};
  plan.outputs = {"o"};
  return plan;
}

std::vector<ResultRow> Rows(double a, double b) {
  return {ResultRow{0, 0, 1, {3}, {a}}, ResultRow{0, 1, 2, {3}, {b}}};
}

TEST(SweepReport, TableShowsTheMeanAndItsHalfWidth) {
  // Mean 5, s = sqrt(2), half-width t(0.975, 1) x sqrt(2) / sqrt(2) = 12.7.
  const std::string table = SummaryTable(OnePoint(), Rows(4, 6));
  EXPECT_NE(table.find("5 ± 12.7"), std::string::npos) << table;
}

TEST(SweepReport, RoundingNoiseIsNotAnInterval) {
  // Replications that differ in the last bit only, as sums taken in another
  // order do: the mean alone, as the seed table shows it.
  const std::string table =
      SummaryTable(OnePoint(), Rows(1.0000000000000002, 1.0));
  EXPECT_EQ(table.find("±"), std::string::npos) << table;
  // sweep.json keeps the exact half-width.
  const auto json = SweepJson(OnePoint(), Rows(1.0000000000000002, 1.0));
  EXPECT_GT(json["points"][0]["outputs"]["o"]["ci95_half_width"].get<double>(),
            0);
}

}  // namespace
}  // namespace kardashev::sweep
