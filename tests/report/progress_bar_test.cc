// The progress bar's text and drawing on a fake clock: the bar, percentage,
// count and time left computed by hand; at most one redraw per 0.1 s; nothing
// when disabled; the line erased at the end.
#include "kardashev/report/progress_bar.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace kardashev::report {
namespace {

TEST(ProgressBarTest, DurationText) {
  EXPECT_EQ(DurationText(0), "0s");
  EXPECT_EQ(DurationText(7.4), "7s");
  EXPECT_EQ(DurationText(125), "2m05s");
  EXPECT_EQ(DurationText(3720), "1h02m");
  EXPECT_EQ(DurationText(-3), "0s");
}

TEST(ProgressBarTest, LineByHand) {
  // A quarter done in 30 s: 90 s left; 10-wide bar, 2 filled.
  EXPECT_EQ(ProgressLine(0.25, 5, 20, "runs", 30, 10),
            "[##........]  25%  5/20 runs  ETA 1m30s");
  // No count for a share of simulated time; no estimate before any progress.
  EXPECT_EQ(ProgressLine(0, 0, 0, "", 3, 4), "[....]   0%  ETA --");
  EXPECT_EQ(ProgressLine(1, 3, 3, "variants", 12, 4),
            "[####] 100%  3/3 variants  ETA 0s");
  // 99.9% is not shown as 100%.
  EXPECT_EQ(ProgressLine(0.999, 0, 0, "", 999, 4), "[###.]  99%  ETA 1s");
}

// The stream's text so far.
struct Captured {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* file = open_memstream(&data, &size);
  std::string Text() {
    std::fflush(file);
    return std::string(data, size);
  }
  ~Captured() {
    std::fclose(file);
    std::free(data);
  }
};

TEST(ProgressBarTest, RedrawsAtMostEveryTenthOfASecondAndErases) {
  Captured c;
  double now_s = 100;
  {
    ProgressBar bar("runs", true, c.file, [&] { return now_s; });
    bar.Count(0, 4);  // first update: drawn
    now_s += 0.05;
    bar.Count(1, 4);  // too soon: not drawn
    now_s += 0.06;
    bar.Count(2, 4);  // 0.11 s after the last drawing; 0.11 s left
    const std::string text = c.Text();
    EXPECT_EQ(text, fmt::format("\r[{}]   0%  0/4 runs  ETA --\033[K"
                                "\r[{}{}]  50%  2/4 runs  ETA 0s\033[K",
                                std::string(24, '.'), std::string(12, '#'),
                                std::string(12, '.')));
  }
  EXPECT_EQ(c.Text().substr(c.Text().size() - 4), "\r\033[K");
}

TEST(ProgressBarTest, DisabledDrawsNothing) {
  Captured c;
  {
    ProgressBar bar("runs", false, c.file, [] { return 0.0; });
    bar.Count(1, 2);
    bar.Share(0.5);
    bar.Finish();
  }
  EXPECT_EQ(c.Text(), "");
}

}  // namespace
}  // namespace kardashev::report
