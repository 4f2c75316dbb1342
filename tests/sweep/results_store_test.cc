#include "kardashev/sweep/results_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "kardashev/scenario/error.h"

namespace kardashev::sweep {
namespace {

std::filesystem::path Fresh(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("kardashev-store-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir / "sub" / "results.sqlite";
}

StoreDefinition Def(const std::string& hash) {
  return StoreDefinition{
      hash, "s.toml", "scenario.toml", {"a", "b \"q\""}, {"x", "y"}};
}

TEST(ResultsStore, RowsSurviveReopeningInOrderAndOnceEach) {
  const auto path = Fresh("rows");
  {
    ResultsStore store(path.string(), Def("h1"));
    store.Insert({1, 0, 18446744073709551615ull, {1.5, 2}, {3, std::nan("")}});
    store.Insert({0, 1, 8, {0.5, 2}, {1, 2}});
    store.Insert({0, 0, 7, {0.5, 2}, {-1, 0.1}});
    EXPECT_THROW(store.Insert({0, 1, 8, {0.5, 2}, {9, 9}}), std::runtime_error);
  }
  ResultsStore store(path.string(), Def("h1"));
  const auto rows = store.All();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].point, 0);
  EXPECT_EQ(rows[0].replication, 0);
  EXPECT_EQ(rows[0].outputs, (std::vector<double>{-1, 0.1}));
  EXPECT_EQ(rows[1].outputs, (std::vector<double>{1, 2}));  // not the duplicate
  EXPECT_EQ(rows[2].seed, 18446744073709551615ull);
  EXPECT_EQ(rows[2].parameters, (std::vector<double>{1.5, 2}));
  EXPECT_TRUE(std::isnan(rows[2].outputs[1]));
  std::filesystem::remove_all(path.parent_path().parent_path());
}

TEST(ResultsStore, AnotherDefinitionIsRefusedNamingBothFiles) {
  const auto path = Fresh("hash");
  { ResultsStore store(path.string(), Def("h1")); }
  try {
    ResultsStore store(path.string(), Def("h2"));
    FAIL();
  } catch (const scenario::ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("s.toml"), std::string::npos) << what;
    EXPECT_NE(what.find("scenario.toml"), std::string::npos) << what;
    EXPECT_NE(what.find("delete " + path.string()), std::string::npos) << what;
    EXPECT_NE(what.find("--results"), std::string::npos) << what;
  }
  std::filesystem::remove_all(path.parent_path().parent_path());
}

}  // namespace
}  // namespace kardashev::sweep
