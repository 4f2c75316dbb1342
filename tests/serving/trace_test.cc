#include "kardashev/serving/trace.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
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

// The message parsing `text` throws, or "no error".
std::string ParseError(const std::string& text) {
  try {
    ParseAzureTrace(text, "t.csv");
  } catch (const TraceError& e) {
    return e.what();
  }
  return "no error";
}

const std::string kHeader = "TIMESTAMP,ContextTokens,GeneratedTokens\n";

TEST(TraceTest, AMillionCharacterLineIsOneShortError) {
  const std::string e = ParseError(kHeader + "2023-11-16 18:15:46,1,1\n" +
                                   std::string(1'000'000, '9') + "\n");
  EXPECT_EQ(e, "t.csv:3: expected three comma-separated fields, got \"" +
                   std::string(60, '9') + "...(1000000 characters)\"");
  // A million-digit timestamp fraction is read, not refused.
  const auto r = ParseAzureTrace(
      kHeader + "2023-11-16 18:15:46." + std::string(1'000'000, '5') + ",1,1\n",
      "t.csv");
  ASSERT_EQ(r.size(), 1u);
}

TEST(TraceTest, BinaryGarbageIsRefusedOnOneLine) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>(i * 37 % 256);
  const std::string header = ParseError(garbage);
  EXPECT_EQ(header.rfind("t.csv:1: expected the header", 0), 0u) << header;
  EXPECT_EQ(header.find('\n'), std::string::npos);
  EXPECT_LT(header.size(), 200u);
  const std::string body = ParseError(kHeader + garbage);
  EXPECT_EQ(body.rfind("t.csv:2: ", 0), 0u) << body;
  EXPECT_EQ(body.find('\0'), std::string::npos);
  EXPECT_LT(body.size(), 200u);
}

TEST(TraceTest, TokenCountsOutOfRangeNameTheLineAndColumn) {
  const std::string line = "2023-11-16 18:15:46,";
  EXPECT_EQ(ParseError(kHeader + line + "9223372036854775808,1\n"),
            "t.csv:2: ContextTokens: expected an integer from 1 to 10000000, "
            "got \"9223372036854775808\"");
  EXPECT_EQ(ParseError(kHeader + line + "1,-5\n"),
            "t.csv:2: GeneratedTokens: expected an integer from 0 to "
            "10000000, got \"-5\"");
  EXPECT_NE(ParseError(kHeader + line + "10000001,1\n").find("ContextTokens"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + line + "0,1\n").find("t.csv:2: ContextTokens"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + line + "1,1e3\n").find("GeneratedTokens"),
            std::string::npos);
  const auto r = ParseAzureTrace(kHeader + line + "10000000,10000000\n", "t");
  EXPECT_EQ(r[0].prompt_tokens, kMaxTraceTokens);
}

TEST(TraceTest, NegativeClockFieldsAreRefused) {
  EXPECT_NE(ParseError(kHeader + "2023-11-16 -1:15:46,1,1\n")
                .find("t.csv:2: TIMESTAMP"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + "2023-11-16 18:-1:46,1,1\n")
                .find("t.csv:2: TIMESTAMP"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + "2023-11-16 18:15:-1,1,1\n")
                .find("t.csv:2: TIMESTAMP"),
            std::string::npos);
}

TEST(TraceTest, TimestampsOutOfOrderAreReadInArrivalOrder) {
  const auto r = ParseAzureTrace(kHeader +
                                     "2023-11-16 18:00:03,3,1\n"
                                     "2023-11-16 18:00:01,1,1\n"
                                     "2023-11-16 18:00:02,2,1\n"
                                     "2023-11-16 18:00:01,4,1\n",
                                 "t.csv");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].prompt_tokens, 1);  // ties keep their order in the file
  EXPECT_EQ(r[1].prompt_tokens, 4);
  EXPECT_EQ(r[2].prompt_tokens, 2);
  EXPECT_EQ(r[3].prompt_tokens, 3);
  EXPECT_DOUBLE_EQ(r[0].arrival_s, 0);
  EXPECT_DOUBLE_EQ(r[3].arrival_s, 2);
}

TEST(TraceTest, OnlyRegularFilesUpToOneGibAreRead) {
  const auto error = [](const std::string& path) {
    try {
      ReadAzureTrace(path);
    } catch (const TraceError& e) {
      EXPECT_EQ(e.line(), 0);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("/dev/zero"),
            "/dev/zero: cannot read the trace: it is a device, not a regular "
            "file");
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("kardashev-trace-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EXPECT_NE(error(dir.string()).find("it is a directory"), std::string::npos);
  const std::string big = (dir / "big.csv").string();
  std::ofstream(big).close();
  std::filesystem::resize_file(big, kMaxTraceFileBytes + 1);  // sparse
  EXPECT_EQ(error(big), big +
                            ": cannot read the trace: it is 1073741825 bytes, "
                            "more than the 1 GiB a trace may have");
  std::filesystem::remove_all(dir);
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
