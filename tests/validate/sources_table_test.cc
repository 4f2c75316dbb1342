// The sources table (data/figures.csv): its parser, and that every figure the
// repository cites by id is in it.
#include "kardashev/validate/sources_table.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace kardashev::validate {
namespace {

const char kHeader[] = "id,quantity,value,unit,setup,source,confidence,role\n";

TEST(SourcesTableTest, ParsesQuotedFieldsAndRoles) {
  const SourcesTable t = SourcesTable::Parse(
      std::string(kHeader) +
      "X1,\"a, quoted \"\"name\"\"\",3,s,\"two\nlines\",src,seen,check\n"
      "X2,b,4,s,setup,src,seen,calibrate\n");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[0].quantity, "a, quoted \"name\"");
  EXPECT_EQ(t.rows()[0].setup, "two\nlines");
  EXPECT_EQ(t.Find("X2")->role, "calibrate");
  EXPECT_EQ(t.Find("X3"), nullptr);
}

TEST(SourcesTableTest, RefusesBadRowsNamingTheLine) {
  auto message = [](const std::string& body) {
    try {
      SourcesTable::Parse(std::string(kHeader) + body);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message("X1,a,3,s,x,src,seen,fitted\n")
                .find(":2: figure X1 has "
                      "role 'fitted'"),
            std::string::npos);
  EXPECT_NE(message("X1,a,3,s,x,src,seen,check\nX1,b,3,s,x,src,seen,check\n")
                .find(":3: figure id 'X1' is empty or repeated"),
            std::string::npos);
  EXPECT_NE(message("X1,a,3\n").find(":2: 3 fields, expected 8"),
            std::string::npos);
  EXPECT_NE(message("X1,\"a,3\n").find("not closed"), std::string::npos);
  EXPECT_THROW(SourcesTable::Parse("id,value\n"), std::invalid_argument);
}

// Every "figures.csv <id>" in the repository's code, data and documents names
// a row of the table: nothing cites a figure the table does not hold.
TEST(SourcesTableTest, EveryCitedFigureIsInTheTable) {
  const SourcesTable table = SourcesTable::LoadEmbedded();
  namespace fs = std::filesystem;
  const fs::path root = KARDASHEV_SOURCE_DIR;
  // An id: capitals and digits, then optional parts after a dot or hyphen,
  // ending in a digit (A06.01, KA3-d64n-512); or a range of two (A01-A07).
  const std::regex cite(
      R"(figures\.csv,?\s+(?:ids?\s+)?([A-Z][A-Z0-9]*(?:[.\-][A-Za-z0-9]+)*[0-9]))");
  const auto known = [&table](const std::string& id) {
    if (table.Find(id) != nullptr) return true;
    const std::size_t dash = id.find('-');
    return dash != std::string::npos &&
           table.Find(id.substr(0, dash)) != nullptr &&
           table.Find(id.substr(dash + 1)) != nullptr;
  };
  std::set<std::string> missing;
  int citations = 0;
  for (const char* dir : {"src", "data", "tests", "docs", "scenarios", "apps",
                          "python", "examples"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h" && ext != ".toml" && ext != ".md" &&
          ext != ".py") {
        continue;
      }
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      for (auto it = std::sregex_iterator(s.begin(), s.end(), cite);
           it != std::sregex_iterator(); ++it) {
        ++citations;
        if (!known((*it)[1].str())) {
          missing.insert(entry.path().lexically_relative(root).string() + ": " +
                         (*it)[1].str());
        }
      }
    }
  }
  EXPECT_GT(citations, 100);
  for (const std::string& m : missing) ADD_FAILURE() << m;
}

}  // namespace
}  // namespace kardashev::validate
