#include "kardashev/sweep/sweep_file.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kardashev/sweep/output_path.h"

namespace kardashev::sweep {
namespace {

const std::string kHead = std::string(
    "[sweep]\nname = \"t\"\nscenario = \"s.toml\"\n"
    "outputs = [\"economics.npv_usd\"]\n");  // lines 1-4

// The error ParseSweepText gives for `text`: "line:key: message".
std::string ErrorOf(const std::string& text) {
  try {
    ParseSweepText(text, "dir/t.toml");
  } catch (const scenario::ScenarioError& e) {
    return std::to_string(e.where().line) + ":" + e.key() + ": " + e.what();
  }
  return "no error";
}

TEST(SweepFile, ReadsTheShapeAndResolvesTheScenario) {
  const auto f = ParseSweepText(
      kHead +
          "[[axis]]\nkey = \"lease.l1.gpus\"\nvalues = [8, 16]\n"
          "[[axis]]\nname = \"share\"\nfrom = 0.1\nto = 0.2\nsample = "
          "\"uniform\"\n[sample]\nsamples = 3\n"
          "[[derived]]\nkey = \"cluster.c1.spare_nodes\"\nexpr = \"round(share "
          "* cluster.c1.nodes)\"\n",
      "dir/t.toml");
  EXPECT_EQ(f.name, "t");
  EXPECT_EQ(f.scenario, "dir/s.toml");
  EXPECT_EQ(f.replications, 1);
  ASSERT_EQ(f.axes.size(), 2u);
  EXPECT_EQ(f.axes[0].kind, AxisKind::kList);
  EXPECT_EQ(f.axes[0].name, "lease.l1.gpus");
  EXPECT_EQ(f.axes[0].location.line, 6);
  EXPECT_EQ(f.axes[1].kind, AxisKind::kRandom);
  EXPECT_EQ(f.samples, 3);
  ASSERT_EQ(f.derived.size(), 1u);
}

TEST(SweepFile, CanonicalIgnoresCommentsLayoutAndKeyOrder) {
  const std::string a = kHead + "[[axis]]\nkey = \"a.b\"\nvalues = [1]\n";
  const std::string b =
      "# a comment\n[[axis]]\nvalues = [ 1 ]\nkey = \"a.b\"\n" +
      std::string("[sweep]\noutputs = [\"economics.npv_usd\"]\n") +
      "scenario = \"s.toml\"\nname = \"t\"\n";
  EXPECT_EQ(ParseSweepText(a, "t").canonical, ParseSweepText(b, "t").canonical);
  const std::string c = kHead + "[[axis]]\nkey = \"a.b\"\nvalues = [2]\n";
  EXPECT_NE(ParseSweepText(a, "t").canonical, ParseSweepText(c, "t").canonical);
}

TEST(SweepFile, MalformedFilesNameTheLineAndKey) {
  const std::string axis = "[[axis]]\nkey = \"a.b\"\nvalues = [1]\n";
  EXPECT_EQ(ErrorOf(kHead + "colour = 1\n" + axis).substr(0, 15),
            "5:sweep.colour:");
  EXPECT_NE(ErrorOf(kHead + "[[axis]]\nkey = \"a.b\"\nfrom = 1\nto = 2\n")
                .find("exactly one of `steps`"),
            std::string::npos);
  EXPECT_EQ(
      ErrorOf(kHead + "[[axis]]\nkey = \"a.b\"\nvalues = [1]\nsteps = 3\n")
          .substr(0, 16),
      "8:axis[0].steps:");
  EXPECT_EQ(
      ErrorOf(kHead + "[[axis]]\nkey = \"a.b\"\nfrom = 0\nto = 1\nsteps = "
                      "3\nscale = \"log\"\n")
          .substr(0, 2),
      "5:");
  EXPECT_EQ(
      ErrorOf(kHead + "[[axis]]\nkey = \"a.b\"\nvalues = []\n").substr(0, 17),
      "7:axis[0].values:");
  EXPECT_NE(
      ErrorOf(kHead + "[[axis]]\nkey = \"a.b\"\nfrom = 0\nto = 1\nsample = "
                      "\"lhs\"\n")
          .find("[sample] samples = N"),
      std::string::npos);
  const std::string bad_output =
      "[sweep]\nname = \"t\"\nscenario = \"s.toml\"\noutputs = "
      "[\"economics.npv_usd\", \"economics.nope\"]\n" +
      axis;
  EXPECT_EQ(ErrorOf(bad_output).substr(0, 16), "4:sweep.outputs:");
  EXPECT_NE(ErrorOf(bad_output).find("economics.nope"), std::string::npos);
  const std::string bad_derived =
      kHead + axis + "[[derived]]\nkey = \"c.d\"\nexpr = \"2 * nodes\"\n";
  EXPECT_EQ(ErrorOf(bad_derived).substr(0, 16), "10:derived[0].ex");
  EXPECT_NE(ErrorOf(bad_derived).find("unknown name \"nodes\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(kHead + axis + axis).find("given twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf(kHead + "[[axis]]\nname = \"unused\"\nvalues = [1]\n")
                .find("must be used by a [[derived]]"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(kHead),
            "1:axis: dir/t.toml:1:1: error: key 'axis': "
            "expected at least one [[axis]] table");
}

TEST(OutputPath, DeclaredPathsOnly) {
  EXPECT_EQ(CheckOutputPath("economics.npv_usd"), "");
  EXPECT_EQ(CheckOutputPath("leases[0].availability"), "");
  EXPECT_EQ(CheckOutputPath("training[frontier].ettr"), "");
  EXPECT_NE(CheckOutputPath("economics.npv"), "");
  EXPECT_NE(CheckOutputPath("leases.availability"), "");  // an array needs [ ]
  EXPECT_NE(CheckOutputPath("leases[].availability"), "");
  EXPECT_NE(CheckOutputPath("economics..npv_usd"), "");
}

TEST(OutputPath, LooksUpByIndexOrName) {
  const auto v = nlohmann::ordered_json::parse(
      R"({"leases": [{"name": "a", "x": 1}, {"name": "b", "x": 2.5}],
          "t": {"ok": true, "none": null, "s": "text"}})");
  double x = 0;
  EXPECT_EQ(LookupOutput(v, "leases[1].x", x), "");
  EXPECT_EQ(x, 2.5);
  EXPECT_EQ(LookupOutput(v, "leases[a].x", x), "");
  EXPECT_EQ(x, 1);
  EXPECT_EQ(LookupOutput(v, "t.ok", x), "");
  EXPECT_EQ(x, 1);
  EXPECT_EQ(LookupOutput(v, "t.none", x), "");
  EXPECT_TRUE(std::isnan(x));
  EXPECT_NE(LookupOutput(v, "leases[c].x", x), "");
  EXPECT_NE(LookupOutput(v, "leases[2].x", x), "");
  EXPECT_NE(LookupOutput(v, "t.s", x), "");
  EXPECT_NE(LookupOutput(v, "t.missing", x), "");
}

}  // namespace
}  // namespace kardashev::sweep
