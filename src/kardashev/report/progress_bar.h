// A progress bar for a terminal's stderr: a bar, the percentage done, a
// count ("3/10 runs") when there is one, and the estimated time left from
// the time taken so far. It redraws at most every 0.1 s (and always at the
// first update), draws nothing when disabled (stderr not a terminal,
// --quiet), and erases its line when finished. Updates may come from any
// thread.
//
// What it promises: it only writes to the stream it was given; the wall-clock
// time it reads goes nowhere else (never into a run's results).
#ifndef KARDASHEV_REPORT_PROGRESS_BAR_H_
#define KARDASHEV_REPORT_PROGRESS_BAR_H_

#include <cstddef>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>

namespace kardashev::report {

// Seconds on a monotonic clock.
using SecondsClock = std::function<double()>;

// std::chrono::steady_clock in seconds.
double SteadySeconds();

// Whether a command should draw a progress bar: stderr is a terminal and
// --quiet was not given.
bool StderrWantsProgress(bool quiet);

// "7s", "2m05s", "1h02m".
std::string DurationText(double duration_s);

// The line for `share` (0 to 1) done after `elapsed_s`: the bar (`width`
// characters between brackets), the percentage, "done/total unit" when total
// > 0, and "ETA ..." once some share is done ("ETA --" before).
std::string ProgressLine(double share, std::size_t done, std::size_t total,
                         const std::string& unit, double elapsed_s,
                         int width = 24);

class ProgressBar {
 public:
  // `unit`: what is counted ("runs", "variants", "points"); `enabled`: false
  // draws nothing.
  ProgressBar(std::string unit, bool enabled, std::FILE* out = stderr,
              SecondsClock clock = SteadySeconds);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();

  // `done` of `total` counted items finished.
  void Count(std::size_t done, std::size_t total);
  // A share (0 to 1) of one uncounted piece of work (simulated time).
  void Share(double share);
  // Erases the line (once; later updates draw nothing).
  void Finish();

  // Seconds between redraws, at least.
  static constexpr double kRedrawS = 0.1;

 private:
  void Draw(double share, std::size_t done, std::size_t total);

  std::string unit_;
  bool enabled_;
  std::FILE* out_;
  SecondsClock clock_;
  double start_s_;
  double last_draw_s_ = -1;
  bool drawn_ = false;
  std::mutex mutex_;
};

}  // namespace kardashev::report

#endif  // KARDASHEV_REPORT_PROGRESS_BAR_H_
