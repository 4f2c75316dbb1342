#include "kardashev/sweep/executor.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace kardashev::sweep {
namespace {

std::map<std::size_t, std::string> RunAll(
    int jobs, const std::vector<std::size_t>& tasks) {
  std::map<std::size_t, std::string> recorded;
  const auto executor = MakeThreadExecutor(jobs);
  executor->Run(
      tasks, [](std::size_t t) { return std::to_string(t * t); },
      [&](std::size_t t, const std::string& r) {
        EXPECT_TRUE(recorded.emplace(t, r).second) << "task " << t << " twice";
      });
  return recorded;
}

TEST(ThreadExecutor, EveryTaskOnceWhateverTheThreads) {
  std::vector<std::size_t> tasks;
  for (std::size_t t = 3; t < 503; t += 2) tasks.push_back(t);
  const auto one = RunAll(1, tasks);
  ASSERT_EQ(one.size(), tasks.size());
  EXPECT_EQ(one.at(7), "49");
  EXPECT_EQ(RunAll(2, tasks), one);
  EXPECT_EQ(RunAll(5, tasks), one);
}

TEST(ThreadExecutor, RecorderFailureStopsTheRunAndIsRethrown) {
  std::vector<std::size_t> tasks(1000);
  for (std::size_t t = 0; t < tasks.size(); ++t) tasks[t] = t;
  int recorded = 0;
  const auto executor = MakeThreadExecutor(2);
  EXPECT_THROW(executor->Run(
                   tasks, [](std::size_t t) { return std::to_string(t); },
                   [&](std::size_t, const std::string&) {
                     if (++recorded == 10)
                       throw std::runtime_error("disk full");
                   }),
               std::runtime_error);
  EXPECT_EQ(recorded, 10);
}

}  // namespace
}  // namespace kardashev::sweep
