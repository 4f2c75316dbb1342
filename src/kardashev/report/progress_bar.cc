#include "kardashev/report/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace kardashev::report {

double SteadySeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool StderrWantsProgress(bool quiet) {
  return !quiet && isatty(fileno(stderr)) != 0;
}

std::string DurationText(double duration_s) {
  const auto s =
      static_cast<long long>(std::llround(std::max(0.0, duration_s)));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::string ProgressLine(double share, std::size_t done, std::size_t total,
                         const std::string& unit, double elapsed_s, int width) {
  share = std::clamp(share, 0.0, 1.0);
  const int filled = static_cast<int>(std::floor(share * width));
  std::string line =
      fmt::format("[{}{}] {:3.0f}%", std::string(filled, '#'),
                  std::string(width - filled, '.'), std::floor(100 * share));
  if (total > 0) line += fmt::format("  {}/{} {}", done, total, unit);
  if (share > 0) {
    line += "  ETA " + DurationText(elapsed_s * (1 - share) / share);
  } else {
    line += "  ETA --";
  }
  return line;
}

ProgressBar::ProgressBar(std::string unit, bool enabled, std::FILE* out,
                         SecondsClock clock)
    : unit_(std::move(unit)),
      enabled_(enabled),
      out_(out),
      clock_(std::move(clock)),
      start_s_(enabled_ ? clock_() : 0) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Count(std::size_t done, std::size_t total) {
  Draw(total > 0 ? static_cast<double>(done) / total : 0, done, total);
}

void ProgressBar::Share(double share) { Draw(share, 0, 0); }

void ProgressBar::Draw(double share, std::size_t done, std::size_t total) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!enabled_) return;
  const double now_s = clock_();
  if (drawn_ && now_s - last_draw_s_ < kRedrawS) return;
  last_draw_s_ = now_s;
  drawn_ = true;
  fmt::print(out_, "\r{}\033[K",
             ProgressLine(share, done, total, unit_, now_s - start_s_));
  std::fflush(out_);
}

void ProgressBar::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_ && drawn_) {
    fmt::print(out_, "\r\033[K");
    std::fflush(out_);
  }
  enabled_ = false;
}

}  // namespace kardashev::report
