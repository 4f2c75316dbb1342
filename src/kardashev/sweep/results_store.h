// A ResultsStore is a sweep's results file: an SQLite database with one row
// per (point, replication) and a meta table holding the hash of the sweep's
// definition. Every row is committed in its own transaction as it is
// recorded, with the write-ahead log and synchronous=FULL, so a process
// killed at any moment loses at most the task it was computing; a rerun reads
// which rows exist and computes only the others. PRIMARY KEY(point,
// replication) makes a second row for a pair impossible.
//
// Opening a file written for another definition (the sweep file or its
// scenario changed) is a ScenarioError naming both files: its rows cannot be
// compared with new ones.
#ifndef KARDASHEV_SWEEP_RESULTS_STORE_H_
#define KARDASHEV_SWEEP_RESULTS_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace kardashev::sweep {

// One recorded task. Outputs that are NaN are stored as NULL.
struct ResultRow {
  std::int64_t point = 0;
  int replication = 0;
  std::uint64_t seed = 0;
  std::vector<double> parameters;
  std::vector<double> outputs;
};

// What a results file is for.
struct StoreDefinition {
  std::string hash;        // of the definition; compared on opening
  std::string sweep_file;  // for messages
  std::string scenario_file;
  std::vector<std::string> parameters;  // column names, in order
  std::vector<std::string> outputs;
};

class ResultsStore {
 public:
  // Opens or creates `path` (and its directory). Throws ScenarioError when it
  // holds another definition's results or cannot be opened as a results file
  // (not a database, not writable).
  ResultsStore(const std::string& path, const StoreDefinition& definition);
  ~ResultsStore();
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  // Commits one row. Throws std::runtime_error when it cannot.
  void Insert(const ResultRow& row);

  // Every row, ordered by point and replication.
  std::vector<ResultRow> All() const;

 private:
  void Exec(const std::string& sql) const;
  void CheckOrWriteMeta();

  std::string path_;
  StoreDefinition def_;
  sqlite3* db_ = nullptr;
};

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_RESULTS_STORE_H_
