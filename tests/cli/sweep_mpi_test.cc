// `kardashev sweep` under Open MPI's mpirun: the same results as one process,
// and a coordinator that cannot start releases the other ranks. Skipped, with
// a message, where mpirun is not installed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_support.h"

namespace kardashev::cli_test {
namespace {

const std::string kSweeps = kSource + "/tests/data/sweep";

bool HaveMpirun() {
  return std::system("command -v mpirun > /dev/null 2>&1") == 0;
}

// `kardashev ARGS` on `ranks` ranks from `cwd` (tests/mpi/run-under-mpirun.sh:
// oversubscribed, as root where the tests run as root), killed after 120 s.
Output RunUnderMpirun(int ranks, const std::string& args,
                      const std::filesystem::path& cwd) {
  const std::string cmd = fmt::format(
      "cd '{}' && timeout 120 '{}/tests/mpi/run-under-mpirun.sh' {} '{}' {} "
      "> out.txt 2> err.txt",
      cwd.string(), kSource, ranks, kBinary, args);
  const int raw = std::system(cmd.c_str());
  Output o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.out = ReadFile(cwd / "out.txt");
  o.err = ReadFile(cwd / "err.txt");
  return o;
}

TEST(SweepMpi, TwoRanksGiveTheResultsOfOneProcess) {
  if (!HaveMpirun()) GTEST_SKIP() << "mpirun not found (Debian's openmpi-bin)";
  const auto dir = TempDir("sweep-mpi");
  const std::string file = kSweeps + "/small-grid.toml";
  const Output one = RunKardashev(
      "sweep '" + file + "' --jobs 1 --results one.sqlite --export csv", dir,
      60);
  ASSERT_EQ(one.status, 0) << one.err;
  const Output mpi = RunUnderMpirun(
      2, "sweep '" + file + "' --results mpi.sqlite --export csv --out mpi.csv",
      dir);
  ASSERT_EQ(mpi.status, 0) << mpi.err;
  EXPECT_EQ(ReadFile(dir / "mpi.csv"), one.out);
  // Rank 0 alone reports, and says how the work was spread.
  EXPECT_NE(mpi.err.find("ran 36 on 2 MPI ranks"), std::string::npos)
      << mpi.err;
  std::filesystem::remove_all(dir);
}

TEST(SweepMpi, RefusedResultsFileStopsEveryRank) {
  if (!HaveMpirun()) GTEST_SKIP() << "mpirun not found (Debian's openmpi-bin)";
  const auto dir = TempDir("sweep-mpi-refused");
  // A results file of another sweep: rank 0 refuses it before any task; the
  // other rank must not wait for tasks forever.
  std::filesystem::copy_file(kSweeps + "/small-grid.toml", dir / "a.toml");
  std::string other = ReadFile(kSweeps + "/small-grid.toml");
  other.replace(other.find("replications = 3"), 16, "replications = 2");
  other.replace(other.find("../good/small.toml"), 18,
                kSource + "/tests/data/good/small.toml");
  std::ofstream(dir / "b.toml") << other;
  std::string a = ReadFile(dir / "a.toml");
  a.replace(a.find("../good/small.toml"), 18,
            kSource + "/tests/data/good/small.toml");
  std::ofstream(dir / "a.toml") << a;
  ASSERT_EQ(
      RunKardashev("sweep a.toml --results r.sqlite --quiet", dir, 60).status,
      0);
  const Output mpi =
      RunUnderMpirun(2, "sweep b.toml --results r.sqlite --quiet", dir);
  EXPECT_EQ(mpi.status, 2) << mpi.err;
  EXPECT_NE(mpi.err.find("holds results of another definition"),
            std::string::npos)
      << mpi.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kardashev::cli_test
