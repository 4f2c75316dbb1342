#include "mpi_executor.h"

#include <fmt/format.h>

#include <cstdlib>

#include "kardashev/sweep/local_workers.h"

#ifdef KARDASHEV_HAVE_MPI
#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#endif

namespace kardashev::cli {

bool LaunchedUnderMpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

#ifdef KARDASHEV_HAVE_MPI

namespace {

// Every message is one tag; its first byte says what it is, the next eight
// carry a task number, the rest a result.
constexpr int kTag = 7;
enum class Kind : char {
  kRequest = 'q',  // worker -> coordinator: give me a task
  kResult = 'r',   // worker -> coordinator: a task's result
  kDone = 'd',     // worker -> coordinator: all my threads have stopped
  kTask = 't',     // coordinator -> worker: compute this task
  kStop = 's',     // coordinator -> worker: no task is left
};

struct Message {
  Kind kind = Kind::kStop;
  std::uint64_t task = 0;
  std::string payload;
  int source = 0;
};

void Send(int dest, Kind kind, std::uint64_t task,
          std::string_view payload = {}) {
  std::string bytes(1 + sizeof task + payload.size(), '\0');
  bytes[0] = static_cast<char>(kind);
  std::memcpy(bytes.data() + 1, &task, sizeof task);
  std::memcpy(bytes.data() + 1 + sizeof task, payload.data(), payload.size());
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_CHAR, dest, kTag,
           MPI_COMM_WORLD);
}

Message ReceiveProbed(const MPI_Status& probed) {
  int count = 0;
  MPI_Get_count(&probed, MPI_CHAR, &count);
  std::string bytes(static_cast<std::size_t>(count), '\0');
  MPI_Recv(bytes.data(), count, MPI_CHAR, probed.MPI_SOURCE, kTag,
           MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  Message m;
  m.source = probed.MPI_SOURCE;
  m.kind = static_cast<Kind>(bytes.at(0));
  std::memcpy(&m.task, bytes.data() + 1, sizeof m.task);
  m.payload = bytes.substr(1 + sizeof m.task);
  return m;
}

Message Receive(int source) {
  MPI_Status status;
  MPI_Probe(source, kTag, MPI_COMM_WORLD, &status);
  return ReceiveProbed(status);
}

std::optional<Message> TryReceive() {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, kTag, MPI_COMM_WORLD, &flag, &status);
  if (flag == 0) return std::nullopt;
  return ReceiveProbed(status);
}

constexpr auto kPoll = std::chrono::microseconds(500);

class MpiExecutor : public sweep::Executor {
 public:
  explicit MpiExecutor(int jobs) : jobs_(jobs) {
    int provided = 0;
    if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
      throw MpiError("MPI_Init_thread failed; run without mpirun instead");
    }
    if (provided < MPI_THREAD_FUNNELED) {
      MPI_Finalize();
      throw MpiError(
          "this MPI library cannot run threads beside MPI calls "
          "(MPI_THREAD_FUNNELED); run with --jobs 1");
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiExecutor() override { MPI_Finalize(); }
  MpiExecutor(const MpiExecutor&) = delete;
  MpiExecutor& operator=(const MpiExecutor&) = delete;

  void Run(const std::vector<std::size_t>& tasks, const Compute& compute,
           const Record& record) override {
    if (rank_ == 0) {
      Coordinate(tasks, compute, record);
    } else {
      Work(compute);
    }
  }

  bool coordinator() const override { return rank_ == 0; }

  std::string Describe() const override {
    return fmt::format("{} MPI rank{} x {} thread{}", size_,
                       size_ == 1 ? "" : "s", jobs_, jobs_ == 1 ? "" : "s");
  }

 private:
  // Rank 0: serves the other ranks' requests, records their results and its
  // own threads', until every task is recorded and every rank has stopped.
  void Coordinate(const std::vector<std::size_t>& tasks, const Compute& compute,
                  const Record& record) {
    sweep::TaskDispenser dispenser(tasks);
    sweep::LocalWorkers local(
        jobs_, [&] { return dispenser.Next(); }, compute);
    sweep::GuardedRecorder record_once(record, dispenser);
    int ranks_done = 0;
    while (true) {
      bool busy = false;
      for (auto& [task, result] : local.Take()) {
        record_once(task, result);
        busy = true;
      }
      while (auto m = TryReceive()) {
        busy = true;
        if (m->kind == Kind::kRequest) {
          const auto task = dispenser.Next();
          Send(m->source, task ? Kind::kTask : Kind::kStop, task.value_or(0));
        } else if (m->kind == Kind::kResult) {
          record_once(m->task, m->payload);
        } else if (m->kind == Kind::kDone) {
          ++ranks_done;
        }
      }
      if (ranks_done == size_ - 1 && local.Finished()) break;
      if (!busy) local.WaitForResult(kPoll);
    }
    record_once.Rethrow();
  }

  // Another rank: its threads ask for tasks through this thread (the only
  // one that calls MPI), which sends their results back.
  void Work(const Compute& compute) {
    sweep::TaskMailbox mailbox;
    sweep::LocalWorkers local(
        jobs_, [&] { return mailbox.Wait(); }, compute);
    bool stopped = false;
    while (true) {
      for (auto& [task, result] : local.Take()) {
        Send(0, Kind::kResult, task, result);
      }
      if (!stopped && mailbox.waiting() > 0) {
        Send(0, Kind::kRequest, 0);
        const Message reply = Receive(0);
        if (reply.kind == Kind::kTask) {
          mailbox.Give(reply.task);
        } else {
          stopped = true;
          mailbox.Close();
        }
        continue;
      }
      if (local.Finished()) break;
      local.WaitForResult(kPoll);
    }
    Send(0, Kind::kDone, 0);
  }

  int jobs_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

std::unique_ptr<sweep::Executor> MakeSweepExecutor(int jobs) {
  if (!LaunchedUnderMpi()) return sweep::MakeThreadExecutor(jobs);
  return std::make_unique<MpiExecutor>(jobs);
}

#else  // !KARDASHEV_HAVE_MPI

std::unique_ptr<sweep::Executor> MakeSweepExecutor(int jobs) {
  if (LaunchedUnderMpi()) {
    throw MpiError(
        "started by an MPI launcher, but this kardashev was built without "
        "MPI; install libopenmpi-dev (scripts/install-deps.sh) and rebuild, "
        "or run without mpirun");
  }
  return sweep::MakeThreadExecutor(jobs);
}

#endif

}  // namespace kardashev::cli
