// The text table shows every entity by name, and power drawn apart from power
// demanded.
#include "kardashev/report/text_table.h"

#include <gtest/gtest.h>

#include "kardashev/evaluate/derived_figures.h"

namespace kardashev::report {
namespace {

TEST(TextTableTest, ShowsEveryTrainingJobByName) {
  Results r;
  r.scenario = "two-jobs";
  r.variant = "base";
  r.horizon_s = 86400;
  training::TrainingOutcome a;
  a.name = "pretrain";
  a.gpus = 1024;
  a.mfu = 0.4;
  training::TrainingOutcome b;
  b.name = "finetune";
  b.gpus = 64;
  b.mfu = 0.3;
  r.training = {a, b};
  evaluate::FillDerivedFigures(r);
  const std::string table = TextTable({r});
  EXPECT_NE(table.find("Training MFU [pretrain]"), std::string::npos) << table;
  EXPECT_NE(table.find("Training MFU [finetune]"), std::string::npos);
  EXPECT_NE(table.find("40.000%"), std::string::npos);
  EXPECT_NE(table.find("30.000%"), std::string::npos);
  EXPECT_NE(table.find("Training GPUs (all jobs)"), std::string::npos);
}

TEST(TextTableTest, OneJobIsNotLabelledAndPowerDrawnIsApartFromDemanded) {
  Results r;
  r.scenario = "one";
  r.variant = "base";
  r.horizon_s = 86400;
  sched::ClusterOutcome c;
  c.gpus = 8;
  r.clusters = {c};
  training::TrainingOutcome a;
  a.name = "only";
  r.training = {a};
  sched::SiteOutcome s;
  s.peak_drawn_mw = 300;
  s.peak_power_mw = 327.5;
  r.sites = {s};
  evaluate::FillDerivedFigures(r);
  const std::string table = TextTable({r});
  EXPECT_EQ(table.find("[only]"), std::string::npos) << table;
  EXPECT_NE(table.find("Peak power drawn (MW)"), std::string::npos);
  EXPECT_NE(table.find("300.0"), std::string::npos);
  EXPECT_NE(table.find("Peak power demanded (MW)"), std::string::npos);
  EXPECT_NE(table.find("327.5"), std::string::npos);
}

}  // namespace
}  // namespace kardashev::report
