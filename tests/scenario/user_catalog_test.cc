// A scenario's own catalog entries and catalog files (user_catalog.h): read by
// the catalog's readers, placed after the built-in catalog, refused with the
// place and key of the problem, and the same for every variant.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../catalog/catalog_entries.h"
#include "kardashev/scenario/scenario.h"

namespace kardashev::scenario {
namespace {

using kardashev::catalog_test::GpuEntry;
using kardashev::catalog_test::NodeEntry;

namespace fs = std::filesystem;

// A scenario with a 4-node cluster of `node` and a lease of its GPUs.
std::string Fleet(const std::string& node) {
  return fmt::format(
      "[scenario]\nname = \"t\"\nhorizon_days = 2\n"
      "[[site]]\nname = \"s\"\nkind = \"ground\"\npower_cap_mw = 1\npue = 1.2\n"
      "electricity_usd_per_mwh = 70\ncarbon_kg_per_mwh = 300\n"
      "[[cluster]]\nname = \"c\"\nsite = \"s\"\nnode = \"{}\"\nnodes = 4\n"
      "[[tenant]]\nname = \"lab\"\n"
      "[[lease]]\nname = \"l\"\ntenant = \"lab\"\ncluster = \"c\"\n"
      "gpus = 24\nprice_usd_per_gpu_hour = 2\ngpu_utilization = 0.5\n",
      node);
}

class UserCatalogScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kardashev-user-catalog-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  // The ScenarioError loading `path` with `options` throws.
  ScenarioError LoadError(const std::string& path,
                          const LoadOptions& options = {}) {
    try {
      LoadScenario(path, options, catalog_);
    } catch (const ScenarioError& e) {
      return e;
    }
    ADD_FAILURE() << "expected a ScenarioError loading " << path;
    return ScenarioError(Location{}, "", "none");
  }

  fs::path dir_;
  catalog::Catalog catalog_ = catalog::Catalog::LoadEmbedded();
};

TEST_F(UserCatalogScenarioTest, AClusterRunsOnAUserNodeOfAUserGpu) {
  const std::string path =
      Write("a.toml",
            Fleet("x1-8") + GpuEntry("x1", "950") + NodeEntry("x1-8", "x1"));
  catalog::Catalog merged;
  const auto s = LoadScenario(path, {}, catalog_, &merged);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].clusters[0].gpu.name, "x1");
  EXPECT_DOUBLE_EQ(s[0].clusters[0].gpu.tdp_w, 950);
  EXPECT_EQ(s[0].clusters[0].node.gpus, 8);
  EXPECT_EQ(s[0].leases[0].gpus, 24);
  ASSERT_NE(merged.FindGpu("x1"), nullptr);
  EXPECT_TRUE(merged.Origin("node", "x1-8")->user);
  EXPECT_EQ(merged.Origin("gpu", "x1")->where.file, path);
  // The catalog the caller passed is unchanged.
  EXPECT_EQ(catalog_.FindGpu("x1"), nullptr);
}

TEST_F(UserCatalogScenarioTest, CatalogFilesResolveAgainstTheFileNamingThem) {
  Write("sub/hw.toml", GpuEntry("x1") + NodeEntry("x1-8", "x1"));
  Write("sub/more.toml", GpuEntry("x2"));
  // An included file names its catalog file relative to itself.
  Write("sub/inc.toml", "[scenario]\ncatalog = [\"hw.toml\"]\n");
  const std::string path =
      Write("a.toml", "include = [\"sub/inc.toml\"]\n" + Fleet("x1-8"));
  LoadOptions options;
  options.catalog_files = {(dir_ / "sub/more.toml").string()};
  catalog::Catalog merged;
  const auto s = LoadScenario(path, options, catalog_, &merged);
  EXPECT_EQ(s[0].clusters[0].gpu.name, "x1");
  ASSERT_NE(merged.FindGpu("x2"), nullptr);
  // Scenario files first, then the command line's.
  EXPECT_EQ(merged.gpus()[merged.gpus().size() - 2].name, "x1");
  EXPECT_EQ(merged.gpus().back().name, "x2");
  // The catalog alone, without the rest of the scenario.
  const catalog::Catalog only = LoadScenarioCatalog(path, options, catalog_);
  EXPECT_EQ(only.gpus().size(), merged.gpus().size());
  const catalog::Catalog files = LoadScenarioCatalog("", options, catalog_);
  EXPECT_EQ(files.gpus().back().name, "x2");
  EXPECT_EQ(files.FindGpu("x1"), nullptr);
}

TEST_F(UserCatalogScenarioTest, AProblemInACatalogFileNamesItsLineAndKey) {
  Write("sub/hw.toml", GpuEntry("x1", "-1"));
  const std::string path = Write(
      "a.toml", "[scenario]\nname = \"t\"\ncatalog = [\"sub/hw.toml\"]\n");
  const ScenarioError e = LoadError(path);
  EXPECT_EQ(e.where().file, (dir_ / "sub/hw.toml").string());
  EXPECT_EQ(e.where().line, 11);
  EXPECT_EQ(e.key(), "gpu.x1.tdp_w");
  EXPECT_NE(std::string(e.what()).find("got -1"), std::string::npos)
      << e.what();
  // A file that is not there: at the name in the scenario.
  const std::string missing =
      Write("b.toml", "[scenario]\nname = \"t\"\ncatalog = [\"nope.toml\"]\n");
  const ScenarioError gone = LoadError(missing);
  EXPECT_EQ(gone.where().line, 3);
  EXPECT_EQ(gone.key(), "scenario.catalog");
  // Neither is a table that is not a catalog one.
  Write("sub/odd.toml", "[[site]]\nname = \"s\"\n");
  const std::string odd = Write(
      "c.toml", "[scenario]\nname = \"t\"\ncatalog = [\"sub/odd.toml\"]\n");
  EXPECT_EQ(LoadError(odd).key(), "site");
}

TEST_F(UserCatalogScenarioTest, ANameClashNamesBothPlaces) {
  Write("sub/hw.toml", GpuEntry("x1"));
  const std::string path = Write(
      "a.toml", "[scenario]\nname = \"t\"\ncatalog = [\"sub/hw.toml\"]\n" +
                    GpuEntry("x1"));
  const ScenarioError e = LoadError(path);
  EXPECT_EQ(e.where().file, path);
  EXPECT_EQ(e.where().line, 5);  // the inline entry's name
  EXPECT_NE(std::string(e.what()).find("sub/hw.toml:1:1"), std::string::npos)
      << e.what();
  const ScenarioError built_in = LoadError(
      Write("b.toml", Fleet("hgx-h100") + NodeEntry("hgx-h100", "h100-sxm")));
  EXPECT_EQ(built_in.key(), "node.hgx-h100.name");
  EXPECT_NE(std::string(built_in.what()).find("data/catalog/nodes.toml:"),
            std::string::npos)
      << built_in.what();
}

TEST_F(UserCatalogScenarioTest, VariantsShareTheCatalogAndCannotChangeIt) {
  const std::string base =
      Fleet("x1-8") + GpuEntry("x1") + NodeEntry("x1-8", "x1");
  const std::string path =
      Write("a.toml", base +
                          "[[variant]]\nname = \"small\"\n"
                          "set = { \"lease.l.gpus\" = 16 }\n"
                          "[[variant]]\nname = \"big\"\n");
  const auto s = LoadScenario(path, {}, catalog_);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].leases[0].gpus, 16);
  EXPECT_EQ(s[1].clusters[0].gpu.name, "x1");
  LoadOptions set;
  set.sets = {"gpu.x1.tdp_w=5"};
  EXPECT_EQ(LoadError(path, set).key(), "gpu.x1.tdp_w");
  const std::string by_variant =
      Write("b.toml", base +
                          "[[variant]]\nname = \"hot\"\n"
                          "set = { \"gpu.x1.tdp_w\" = 2000 }\n");
  EXPECT_EQ(LoadError(by_variant).key(), "gpu.x1.tdp_w");
  set.sets = {"scenario.catalog=[\"x.toml\"]"};
  EXPECT_EQ(LoadError(path, set).key(), "scenario.catalog");
}

TEST_F(UserCatalogScenarioTest, CatalogFilesCanBeTurnedOff) {
  Write("sub/hw.toml", GpuEntry("x1"));
  const std::string path = Write(
      "a.toml", "[scenario]\nname = \"t\"\ncatalog = [\"sub/hw.toml\"]\n");
  LoadOptions options;
  options.read_catalog_files = false;
  const ScenarioError e = LoadError(path, options);
  EXPECT_EQ(e.key(), "scenario.catalog");
  EXPECT_NE(std::string(e.what()).find("not read"), std::string::npos);
}

}  // namespace
}  // namespace kardashev::scenario
