// The validation suite's runner and its embedded cases: errors computed and
// summarised as stated, malformed cases refused with their place, and the
// suite holding what it promises (at least 40 end-to-end figures, half of
// them checks; kernel calibrations that fit).
#include "kardashev/validate/validation.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace kardashev::validate {
namespace {

const char kTable[] =
    "id,quantity,value,unit,setup,source,confidence,role\n"
    "G1,gemm,1,TFLOP/s,s,src,seen,calibrate\n"
    "G2,gemm,1,TFLOP/s,s,src,seen,check\n"
    "G3,gemm,1,TFLOP/s,s,src,seen,check\n"
    "IN,slo,2,s,s,src,seen,input\n";

std::vector<ValidationResult> RunCases(const std::string& toml) {
  return RunValidation({{"data/validation/t.toml", toml}},
                       catalog::Catalog::LoadEmbedded(),
                       SourcesTable::Parse(kTable));
}

std::string Gemm(const std::string& figure, double published) {
  return "[[case]]\nfigure = \"" + figure +
         "\"\nkind = \"gemm\"\nlabel = \"x\"\npublished = " +
         fmt::format("{:.17g}", published) +
         "\ngpu = \"h100-sxm\"\nprecision = \"bf16\"\nm = 8192.0\nn = "
         "8192.0\nk = 8192.0\n";
}

TEST(ValidationTest, ErrorsAndSummariesByRole) {
  // One prediction, three published values: +25%, -20% and 0% off it.
  const double p = RunCases(Gemm("G1", 1))[0].predicted;
  const auto r =
      RunCases(Gemm("G1", p / 1.25) + Gemm("G2", p / 0.8) + Gemm("G3", p));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].area, "gemm");
  EXPECT_EQ(r[0].role, "calibrate");
  EXPECT_NEAR(r[0].error(), 0.25, 1e-9);
  EXPECT_NEAR(r[1].error(), -0.2, 1e-9);
  const auto s = Summarize(r);
  ASSERT_EQ(s.size(), 2u);  // gemm checks, gemm calibration
  EXPECT_EQ(s[0].role, "check");
  EXPECT_EQ(s[0].figures, 2);
  EXPECT_NEAR(s[0].mean_abs_error, 0.1, 1e-12);
  EXPECT_NEAR(s[0].max_abs_error, 0.2, 1e-9);
  EXPECT_EQ(s[0].worst, "G2");
  EXPECT_EQ(s[1].role, "calibrate");
  EXPECT_NEAR(s[1].mean_abs_error, 0.25, 1e-9);
}

TEST(ValidationTest, RefusesBadCasesAtTheirLine) {
  auto message = [](const std::string& toml) {
    try {
      RunCases(toml);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message(Gemm("ZZ", 1))
                .find("t.toml:2: case ZZ: figure: not in "
                      "data/figures.csv"),
            std::string::npos)
      << message(Gemm("ZZ", 1));
  EXPECT_NE(message(Gemm("IN", 1))
                .find("its role in data/figures.csv is "
                      "input"),
            std::string::npos);
  EXPECT_NE(message(Gemm("G1", 0)).find("published: expected a positive"),
            std::string::npos);
  std::string bad_gpu = Gemm("G1", 1);
  bad_gpu.replace(bad_gpu.find("h100-sxm"), 8, "h999");
  EXPECT_NE(message(bad_gpu).find("gpu: no such catalog entry"),
            std::string::npos);
  EXPECT_NE(message("[[case]]\nfigure = \"G1\"\nkind = \"x\"\nlabel = "
                    "\"x\"\npublished = 1.0\n")
                .find("kind: expected gemm"),
            std::string::npos);
}

class EmbeddedSuiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { results_ = RunEmbeddedValidation(); }
  static std::vector<ValidationResult> results_;
};
std::vector<ValidationResult> EmbeddedSuiteTest::results_;

// The suite's promise: at least 40 end-to-end figures across training and
// serving, at least half of them checks, on A100, H100, H200, B200 and GB200.
TEST_F(EmbeddedSuiteTest, FortyEndToEndFiguresHalfOfThemChecks) {
  int end_to_end = 0;
  int checks = 0;
  std::string gpus;
  for (const auto& r : results_) {
    if (r.area != "training throughput" && r.area != "serving throughput" &&
        r.area != "serving latency") {
      continue;
    }
    ++end_to_end;
    checks += r.role == "check" ? 1 : 0;
    gpus += r.label + " ";
    EXPECT_TRUE(std::isfinite(r.predicted) && r.predicted > 0) << r.figure;
  }
  EXPECT_GE(end_to_end, 40);
  EXPECT_GE(2 * checks, end_to_end);
  for (const char* gpu : {"A100", "H100", "H200", "B200", "GB200"}) {
    std::string lower = gpu;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    EXPECT_TRUE(gpus.find(gpu) != std::string::npos ||
                gpus.find(lower) != std::string::npos)
        << gpu;
  }
}

// The kernel models reproduce the kernel benchmarks they are fitted on: the
// GEMM sets within 10% on average over 91 shapes, flash attention within 6%
// over its published curves, and the ring collectives' bandwidth within 1%.
TEST_F(EmbeddedSuiteTest, KernelCalibrationsFit) {
  for (const auto& s : Summarize(results_)) {
    if (s.role != "calibrate") continue;
    if (s.area == "gemm") {
      EXPECT_GE(s.figures, 80);
      EXPECT_LT(s.mean_abs_error, 0.10);
    }
    if (s.area == "attention") {
      EXPECT_LT(s.mean_abs_error, 0.06);
    }
  }
  for (const auto& r : results_) {
    if (r.figure == "KC01" || r.figure == "KC20") {
      EXPECT_NEAR(r.error(), 0, 0.01) << r.figure;
    }
  }
}

}  // namespace
}  // namespace kardashev::validate
