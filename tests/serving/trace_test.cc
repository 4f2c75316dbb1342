#include "kardashev/serving/trace.h"

#include <gtest/gtest.h>

#include <string>

namespace kardashev::serving {
namespace {

TEST(TraceTest, ParsesArrivalsRelativeToTheFirstAndSortsThem) {
  const std::string text =
      "TIMESTAMP,ContextTokens,GeneratedTokens\n"
      "2023-11-16 18:15:50.5000000,396,109\n"
      "2023-11-16 18:15:46.2500000,374,44\n"
      "2023-11-17 00:00:00,10,0\r\n";
  const auto r = ParseAzureTrace(text, "t.csv");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_DOUBLE_EQ(r[0].arrival_s, 0);
  EXPECT_EQ(r[0].prompt_tokens, 374);
  EXPECT_NEAR(r[1].arrival_s, 4.25, 1e-9);
  EXPECT_EQ(r[1].output_tokens, 109);
  // Across midnight: 5 h 44 min 13.75 s after the first request.
  EXPECT_NEAR(r[2].arrival_s, 5 * 3600 + 44 * 60 + 13.75, 1e-6);
  EXPECT_EQ(r[2].output_tokens, 1);  // zero generated tokens still return one
}

TEST(TraceTest, ErrorsNameTheLine) {
  const auto error = [](const std::string& text) {
    try {
      ParseAzureTrace(text, "t.csv");
    } catch (const TraceError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("time,in,out\n").find("t.csv:1: expected the header"),
            std::string::npos);
  const std::string header = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
  EXPECT_NE(
      error(header + "2023-11-16 18:15:46.68,1,1\n2023-13-16 18:15:46,1,1\n")
          .find("t.csv:3: TIMESTAMP"),
      std::string::npos);
  EXPECT_NE(error(header + "2023-11-16 18:15:46,x,1\n")
                .find("t.csv:2: ContextTokens"),
            std::string::npos);
  EXPECT_NE(
      error(header + "2023-11-16 18:15:46,1\n").find("three comma-separated"),
      std::string::npos);
  EXPECT_NE(error(header).find("no requests"), std::string::npos);
  EXPECT_THROW(ReadAzureTrace("/no/such/trace.csv"), TraceError);
}

TEST(TraceTest, TheShippedConversationTraceLoads) {
  const auto r = ReadAzureTrace(std::string(KARDASHEV_SOURCE_DIR) +
                                "/data/traces/azure-llm-2023-conv.csv");
  EXPECT_EQ(r.size(), 19366u);
  EXPECT_GT(r.back().arrival_s, 3500);  // one hour
  EXPECT_LT(r.back().arrival_s, 3700);
}

}  // namespace
}  // namespace kardashev::serving
