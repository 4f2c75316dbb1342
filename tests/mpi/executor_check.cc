// Checks the sweep executor under an MPI launcher: run as
// `mpirun -n R executor_check TASKS JOBS`. Rank 0 verifies that every task
// was recorded exactly once with the result its rank computed, and that the
// work was spread over every rank; it exits 0 when so, 1 otherwise.
#include <mpi.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mpi_executor.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: executor_check TASKS JOBS\n");
    return 2;
  }
  const std::size_t n = std::stoul(argv[1]);
  const int jobs = std::stoi(argv[2]);
  int status = 0;
  {
    const auto executor = kardashev::cli::MakeSweepExecutor(jobs);
    std::vector<std::size_t> tasks;
    for (std::size_t t = 0; t < n; ++t) tasks.push_back(t);
    std::map<std::size_t, std::string> recorded;
    std::set<std::string> ranks;
    bool duplicate = false;
    int rank = 0;
    if (kardashev::cli::LaunchedUnderMpi())
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    executor->Run(
        tasks,
        [rank](std::size_t t) {
          // A little work, so that every rank gets some.
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          return std::to_string(t * 3) + "@" + std::to_string(rank);
        },
        [&](std::size_t t, const std::string& result) {
          duplicate |= !recorded.emplace(t, result).second;
          ranks.insert(result.substr(result.find('@') + 1));
        });
    if (executor->coordinator()) {
      int size = 1;
      if (kardashev::cli::LaunchedUnderMpi()) {
        MPI_Comm_size(MPI_COMM_WORLD, &size);
      }
      bool right = !duplicate && recorded.size() == n;
      for (const auto& [t, result] : recorded) {
        right &= result.substr(0, result.find('@')) == std::to_string(t * 3);
      }
      right &= static_cast<int>(ranks.size()) == size;
      std::printf("%s: %zu tasks recorded on %s, computed by %zu ranks\n",
                  right ? "ok" : "FAILED", recorded.size(),
                  executor->Describe().c_str(), ranks.size());
      status = right ? 0 : 1;
    }
  }
  return status;
}
