// User catalog entries: Catalog::Extend reads them with the built-in readers,
// refuses clashes with built-in or other user entries, and every error names
// its file, line, entry and key.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog_entries.h"
#include "kardashev/catalog/catalog.h"
#include "kardashev/catalog/entry.h"

namespace kardashev::catalog {
namespace {

using kardashev::catalog_test::GpuEntry;
using kardashev::catalog_test::NodeEntry;

// The CatalogError that extending the embedded catalog with `text` (as the
// file "user.toml") throws.
CatalogError ExtendError(const std::string& text) {
  try {
    Catalog::LoadEmbedded().Extend(ParseCatalogText(text, "user.toml"));
  } catch (const CatalogError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a CatalogError for:\n" << text;
  return CatalogError("none");
}

TEST(UserCatalogTest, ExtendAddsEntriesAfterTheBuiltInOnes) {
  const Catalog base = Catalog::LoadEmbedded();
  const Catalog c = base.Extend(
      ParseCatalogText(GpuEntry("x1") + NodeEntry("x1-8", "x1"), "user.toml"));
  ASSERT_EQ(c.gpus().size(), base.gpus().size() + 1);
  EXPECT_EQ(c.gpus().back().name, "x1");
  EXPECT_DOUBLE_EQ(c.FindGpu("x1")->tdp_w, 1000);
  EXPECT_EQ(c.FindNode("x1-8")->gpu, "x1");
  EXPECT_EQ(c.FirstNodeWithGpu("x1")->name, "x1-8");
  // The built-in entries are the same, in the same order.
  for (std::size_t i = 0; i < base.gpus().size(); ++i) {
    EXPECT_EQ(c.gpus()[i].name, base.gpus()[i].name);
    EXPECT_DOUBLE_EQ(c.gpus()[i].bf16_dense_flops,
                     base.gpus()[i].bf16_dense_flops);
  }
  const EntryOrigin* user = c.Origin("gpu", "x1");
  ASSERT_NE(user, nullptr);
  EXPECT_TRUE(user->user);
  EXPECT_EQ(user->where.ToString(), "user.toml:1:1");
  EXPECT_EQ(c.Origin("node", "x1-8")->where.line, 15);
  EXPECT_TRUE(c.has_user_entries());
  EXPECT_FALSE(base.has_user_entries());
  // Extending leaves the base as it was.
  EXPECT_EQ(base.FindGpu("x1"), nullptr);
}

TEST(UserCatalogTest, BuiltInEntriesKnowTheirFileAndLine) {
  const Catalog c = Catalog::LoadEmbedded();
  const EntryOrigin* h100 = c.Origin("gpu", "h100-sxm");
  ASSERT_NE(h100, nullptr);
  EXPECT_FALSE(h100->user);
  EXPECT_EQ(h100->where.file, "data/catalog/gpus.toml");
  EXPECT_GT(h100->where.line, 1);
  EXPECT_NE(c.Origin("model", "llama3-405b"), nullptr);
  EXPECT_NE(c.Origin("recovery", "storage-restart"), nullptr);
  EXPECT_EQ(c.Origin("gpu", "no-such-gpu"), nullptr);
}

TEST(UserCatalogTest, AClashWithABuiltInNameNamesBothPlaces) {
  const CatalogError e = ExtendError(GpuEntry("h100-sxm"));
  EXPECT_EQ(e.where().ToString(), "user.toml:2:8");  // the name's value
  EXPECT_EQ(e.key(), "name");
  EXPECT_NE(e.problem().find("data/catalog/gpus.toml:"), std::string::npos)
      << e.what();
  EXPECT_NE(e.problem().find("built-in"), std::string::npos) << e.what();
}

TEST(UserCatalogTest, TwoUserEntriesWithOneNameAreRefused) {
  const CatalogError e = ExtendError(GpuEntry("x1") + GpuEntry("x1"));
  EXPECT_EQ(e.where().line, 16);  // the second name
  EXPECT_NE(e.problem().find("user.toml:1:1"), std::string::npos) << e.what();
}

TEST(UserCatalogTest, MalformedEntriesNameTheirLineAndKey) {
  // An unknown key: at its own line.
  CatalogError e = ExtendError(GpuEntry("x1", "1000", "tdp_watts = 5\n"));
  EXPECT_EQ(e.where().line, 15);
  EXPECT_EQ(e.key(), "tdp_watts");
  EXPECT_EQ(e.table(), "gpu");
  EXPECT_EQ(e.entry(), "x1");
  EXPECT_NE(e.problem().find("unknown key"), std::string::npos);
  // A missing key: at the entry.
  std::string text = GpuEntry("x1");
  text.erase(text.find("tdp_w = 1000\n"), 13);
  e = ExtendError(text);
  EXPECT_EQ(e.where().line, 1);
  EXPECT_EQ(e.key(), "tdp_w");
  // A negative number, a wrong type, a non-finite number: at the value.
  text = GpuEntry("x1");
  text.replace(text.find("idle_w = 100"), 12, "idle_w = -5");
  e = ExtendError(text);
  EXPECT_EQ(e.key(), "idle_w");
  EXPECT_EQ(e.where().line, 12);
  EXPECT_NE(e.problem().find("got -5"), std::string::npos) << e.what();
  text = GpuEntry("x1");
  text.replace(text.find("scale_up_domain_gpus = 8"), 24,
               "scale_up_domain_gpus = \"eight\"");
  e = ExtendError(text);
  EXPECT_EQ(e.key(), "scale_up_domain_gpus");
  EXPECT_NE(e.problem().find("an integer"), std::string::npos) << e.what();
  text = GpuEntry("x1");
  text.replace(text.find("tdp_w = 1000"), 12, "tdp_w = inf");
  EXPECT_EQ(ExtendError(text).key(), "tdp_w");
  text = GpuEntry("x1");
  text.replace(text.find("scale_up_domain_gpus = 8"), 24,
               "scale_up_domain_gpus = 5000000000");
  EXPECT_EQ(ExtendError(text).key(), "scale_up_domain_gpus");
}

TEST(UserCatalogTest, ANodeMustNameAKnownGpu) {
  const CatalogError e = ExtendError(NodeEntry("n", "nope"));
  EXPECT_EQ(e.key(), "gpu");
  EXPECT_EQ(e.where().ToString(), "user.toml:1:1");
  EXPECT_NE(e.problem().find("h100-sxm"), std::string::npos);  // the known
}

TEST(UserCatalogTest, TheFailureModelIsNotExtended) {
  const CatalogError e = ExtendError(
      "[[component]]\nname = \"c\"\ncategory = \"GPU\"\nplanned = false\n");
  EXPECT_EQ(e.key(), "component");
  EXPECT_NE(e.problem().find("[[gpu]]"), std::string::npos);
  EXPECT_EQ(ExtendError("gpu = 3\n").key(), "gpu");  // not [[gpu]]
}

TEST(UserCatalogTest, EveryTrainingStackSeesAUserGemmSet) {
  const Catalog base = Catalog::LoadEmbedded();
  const Catalog c = base.Extend(ParseCatalogText(
      "[[gemm_efficiency]]\nname = \"cdna4-bf16\"\ngpus = \"x\"\n"
      "precision = \"bf16\"\npeak_share = 0.7\ntile_reuse_half = 100\n"
      "tile_k_overhead = 200\nhbm_share = 0.8\nlaunch_s = 5e-6\n"
      "attention_share = 0.5\nattention_backward_ratio = 0.8\n"
      "attention_kv_half_tokens = 200\nattention_head_dim_half = 40\n"
      "sms = 256\nsource = \"s\"\n",
      "user.toml"));
  for (const EfficiencySpec& e : c.efficiencies()) {
    ASSERT_EQ(e.gemm_sets.size(), base.gemm_efficiencies().size() + 1);
    EXPECT_EQ(e.gemm_sets.back().name, "cdna4-bf16");
  }
  // A share above 1 is refused at its line.
  const CatalogError e = ExtendError(
      "[[gemm_efficiency]]\nname = \"g\"\ngpus = \"x\"\n"
      "precision = \"bf16\"\npeak_share = 1.5\n");
  EXPECT_EQ(e.key(), "peak_share");
  EXPECT_EQ(e.where().line, 5);
}

TEST(UserCatalogTest, BuiltInFileErrorsCarryTheirLine) {
  try {
    Catalog::Load(
        {EmbeddedFile{"data/catalog/t.toml",
                      GpuEntry("a") + GpuEntry("b", "1000", "bogus = 1\n")}});
    FAIL() << "expected a CatalogError";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("data/catalog/t.toml:29:9"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("bogus"), std::string::npos);
  }
}

}  // namespace
}  // namespace kardashev::catalog
