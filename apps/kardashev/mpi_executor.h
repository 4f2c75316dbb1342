// The executor a sweep runs on: threads of this process, or, when the program
// was started by an MPI launcher (Open MPI's mpirun, or srun under Slurm),
// the ranks of the job with dynamic load balancing. A binary started without
// a launcher never initialises MPI and runs as one rank.
//
// Under MPI, rank 0 coordinates: it hands out one task at a time to whichever
// worker asks (its own threads and every other rank's), records each result as
// it arrives, and tells the workers to stop when none is left. Every rank
// computes `jobs` tasks at a time, so `mpirun -n R` on R machines of J cores
// runs with `--jobs J`. The other ranks only compute: they never print, open
// the results file or record.
#ifndef KARDASHEV_APPS_MPI_EXECUTOR_H_
#define KARDASHEV_APPS_MPI_EXECUTOR_H_

#include <memory>
#include <stdexcept>

#include "kardashev/sweep/executor.h"

namespace kardashev::cli {

// The program was started by an MPI launcher: a process manager's rank
// variable is set (OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK).
bool LaunchedUnderMpi();

// An MPI job could not be joined: this binary was built without MPI, or
// MPI_Init failed. what() says which and what to do.
class MpiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// MPI ranks when LaunchedUnderMpi() (MPI is initialised here and finalised
// when the executor is destroyed; at most one may exist), threads otherwise.
// `jobs` >= 1 threads compute on each rank. Throws MpiError.
std::unique_ptr<sweep::Executor> MakeSweepExecutor(int jobs);

}  // namespace kardashev::cli

#endif  // KARDASHEV_APPS_MPI_EXECUTOR_H_
