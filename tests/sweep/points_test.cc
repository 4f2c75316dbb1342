#include "kardashev/sweep/points.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "kardashev/scenario/document.h"
#include "kardashev/sweep/sweep_file.h"

namespace kardashev::sweep {
namespace {

const std::string kHead = std::string(
    "[sweep]\nname = \"t\"\nscenario = \"s.toml\"\n"
    "outputs = [\"economics.npv_usd\"]\n");

SweepFile Parse(const std::string& body) {
  return ParseSweepText(kHead + body, "t.toml");
}

TEST(GridValues, LinearAndLogByHand) {
  Axis a;
  a.kind = AxisKind::kRange;
  a.from = 1;
  a.to = 3;
  a.steps = 5;
  EXPECT_EQ(GridValues(a), (std::vector<double>{1, 1.5, 2, 2.5, 3}));
  a.scale = Scale::kLog;
  a.from = 1;
  a.to = 100;
  a.steps = 3;
  const auto log = GridValues(a);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0], 1);
  EXPECT_NEAR(log[1], 10, 1e-12);
  EXPECT_EQ(log[2], 100);
  a.steps = 1;
  EXPECT_EQ(GridValues(a), (std::vector<double>{1}));
}

TEST(AxisPoints, GridCrossedLastAxisFastest) {
  const auto f = Parse(
      "[[axis]]\nkey = \"a.b\"\nvalues = [1, 2]\n"
      "[[axis]]\nkey = \"c.d\"\nfrom = 10\nto = 30\nsteps = 3\n");
  const auto p = AxisPoints(f, 1);
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0], (std::vector<double>{1, 10}));
  EXPECT_EQ(p[1], (std::vector<double>{1, 20}));
  EXPECT_EQ(p[2], (std::vector<double>{1, 30}));
  EXPECT_EQ(p[3], (std::vector<double>{2, 10}));
  EXPECT_EQ(p[5], (std::vector<double>{2, 30}));
}

TEST(AxisPoints, LatinHypercubeHitsEachStratumOncePerAxis) {
  const int n = 50;
  const auto f = Parse(
      "[[axis]]\nkey = \"a.b\"\nfrom = 0\nto = 10\nsample = \"lhs\"\n"
      "[[axis]]\nkey = \"c.d\"\nfrom = -1\nto = 1\nsample = \"lhs\"\n"
      "[sample]\nsamples = 50\n");
  const auto draws = RandomDraws(f, 42);
  for (std::size_t axis = 0; axis < 2; ++axis) {
    const Axis& a = f.axes[axis];
    std::set<int> strata;
    for (const double v : draws[axis]) {
      ASSERT_GE(v, a.from);
      ASSERT_LT(v, a.to);
      strata.insert(
          static_cast<int>(std::floor((v - a.from) / (a.to - a.from) * n)));
    }
    EXPECT_EQ(strata.size(), static_cast<std::size_t>(n)) << "axis " << axis;
  }
  // The two axes are shuffled independently: not the same stratum order.
  EXPECT_NE(std::floor(draws[0][0] / 10 * n),
            std::floor((draws[1][0] + 1) / 2 * n));
}

TEST(AxisPoints, SamplesAreDeterministicBySeedAndCrossedWithTheGrid) {
  const auto f = Parse(
      "[[axis]]\nkey = \"a.b\"\nfrom = 1\nto = 1000\nsample = \"log-uniform\"\n"
      "[[axis]]\nkey = \"c.d\"\nvalues = [5, 6]\n"
      "[[axis]]\nkey = \"e.f\"\nfrom = 2\nto = 3\nsample = \"uniform\"\n"
      "[sample]\nsamples = 4\n");
  const auto a = AxisPoints(f, 9);
  EXPECT_EQ(AxisPoints(f, 9), a);
  EXPECT_NE(AxisPoints(f, 10), a);
  ASSERT_EQ(a.size(), 8u);  // 2 grid values x 4 samples
  for (std::size_t s = 0; s < 4; ++s) {
    EXPECT_EQ(a[s][1], 5);
    EXPECT_EQ(a[4 + s][1], 6);
    EXPECT_EQ(a[s][0], a[4 + s][0]);  // the same draws at every grid value
    EXPECT_EQ(a[s][2], a[4 + s][2]);
    EXPECT_GE(a[s][0], 1);
    EXPECT_LT(a[s][0], 1000);
    EXPECT_GE(a[s][2], 2);
    EXPECT_LT(a[s][2], 3);
  }
}

TEST(PointParameters, DerivedFromAxesAndBaseScenarioKeys) {
  const auto f = Parse(
      "[[axis]]\nname = \"spare_share\"\nvalues = [0.02]\n"
      "[[derived]]\nkey = \"cluster.c1.spare_nodes\"\n"
      "expr = \"round(spare_share * cluster.c1.nodes)\"\n"
      "[[derived]]\nkey = \"lease.l1.gpus\"\n"
      "expr = \"(cluster.c1.nodes - cluster.c1.spare_nodes) * 8\"\n");
  const scenario::Value base = scenario::ParseToml(
      "[[cluster]]\nname = \"c1\"\nnodes = 27500\n", "base.toml");
  const auto p = PointParameters(f, {0.02}, base);
  EXPECT_EQ(p, (std::vector<double>{0.02, 550, (27500 - 550) * 8}));
  const auto sets = PointSets(f, p);
  EXPECT_EQ(sets, (std::vector<std::string>{"cluster.c1.spare_nodes=550",
                                            "lease.l1.gpus=215600"}));
}

TEST(PointSets, IntegerKeyRefusesAFractionNamingTheAxis) {
  const auto f =
      Parse("[[axis]]\nkey = \"cluster.c1.nodes\"\nvalues = [2.5]\n");
  try {
    PointSets(f, {2.5});
    FAIL();
  } catch (const scenario::ScenarioError& e) {
    EXPECT_EQ(e.where().line, 6);
    EXPECT_NE(std::string(e.what()).find("axis \"cluster.c1.nodes\" gives 2.5"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(PointSets(f, {3.0}),
            (std::vector<std::string>{"cluster.c1.nodes=3"}));
  const auto g = Parse(
      "[[axis]]\nkey = \"lease.l1.price_usd_per_gpu_hour\"\nvalues = [2]\n");
  EXPECT_EQ(PointSets(g, {2.25}),
            (std::vector<std::string>{"lease.l1.price_usd_per_gpu_hour=2.25"}));
}

}  // namespace
}  // namespace kardashev::sweep
