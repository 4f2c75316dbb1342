#include "kardashev/sweep/expression.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

namespace kardashev::sweep {
namespace {

double Eval(const std::string& text,
            const std::map<std::string, double>& names = {}) {
  return Expression::Parse(text).Evaluate(
      [&](const std::string& n) { return names.at(n); });
}

TEST(Expression, ArithmeticByHand) {
  EXPECT_EQ(Eval("1 + 2 * 3"), 7);
  EXPECT_EQ(Eval("(1 + 2) * 3"), 9);
  EXPECT_EQ(Eval("-(2 - 5) / 2"), 1.5);
  EXPECT_EQ(Eval("10 - 4 - 3"), 3);  // left to right
  EXPECT_EQ(Eval("8 / 4 / 2"), 1);
  EXPECT_EQ(Eval("2 * -3"), -6);
  EXPECT_EQ(Eval("1.5e3"), 1500);
}

TEST(Expression, Functions) {
  EXPECT_EQ(Eval("min(3, 2)"), 2);
  EXPECT_EQ(Eval("max(3, 2 + 2)"), 4);
  EXPECT_EQ(Eval("round(2.5)"), 3);  // halves away from zero
  EXPECT_EQ(Eval("round(-2.5)"), -3);
  EXPECT_EQ(Eval("floor(2.7)"), 2);
  EXPECT_EQ(Eval("ceil(2.1)"), 3);
}

TEST(Expression, NamesAxesAndKeyPaths) {
  // 2% of colossus1's 27,500 nodes: 550 spares.
  const auto e =
      Expression::Parse("round(spare_share * cluster.colossus1.nodes)");
  EXPECT_EQ(e.names(), (std::vector<std::string>{"spare_share",
                                                 "cluster.colossus1.nodes"}));
  const std::map<std::string, double> v = {{"spare_share", 0.02},
                                           {"cluster.colossus1.nodes", 27500}};
  EXPECT_EQ(e.Evaluate([&](const std::string& n) { return v.at(n); }), 550);
  // A key path with '-' is quoted; unquoted, '-' subtracts.
  EXPECT_EQ(
      Eval("'lease.lessee-chat.gpus' / 8", {{"lease.lessee-chat.gpus", 64}}),
      8);
  EXPECT_EQ(Eval("a-b", {{"a", 5}, {"b", 2}}), 3);
  EXPECT_EQ(Expression::Parse("x * x + x").names().size(), 1u);
}

TEST(Expression, MalformedIsAnErrorWithItsOffset) {
  for (const char* bad : {"", "1 +", "(1", "1)", "foo(1)", "round(1, 2)",
                          "min(1)", "2 $ 3", "a..b", "'unterminated", "1 2"}) {
    EXPECT_THROW(Expression::Parse(bad), ExpressionError) << bad;
  }
  try {
    Expression::Parse("1 + * 2");
    FAIL();
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.offset(), 4u);
    EXPECT_NE(std::string(e.what()).find("character 5"), std::string::npos);
  }
}

TEST(Expression, DeepNestingIsRefusedNotACrash) {
  const std::string deep =
      std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_THROW(Expression::Parse(deep), ExpressionError);
}

}  // namespace
}  // namespace kardashev::sweep
