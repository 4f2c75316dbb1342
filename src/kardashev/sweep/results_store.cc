#include "kardashev/sweep/results_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "kardashev/scenario/error.h"

namespace kardashev::sweep {

namespace {

// A column name as an SQL identifier: double-quoted, quotes doubled.
std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(
          fmt::format("sqlite: {}: {}", sqlite3_errmsg(db), sql));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  // Steps once; true when a row is ready.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      throw std::runtime_error(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
    }
    return false;
  }
  void Text(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.c_str(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  void Real(int i, double v) {
    if (std::isnan(v)) {
      sqlite3_bind_null(stmt_, i);
    } else {
      sqlite3_bind_double(stmt_, i, v);
    }
  }
  double ColumnReal(int i) const {
    return sqlite3_column_type(stmt_, i) == SQLITE_NULL
               ? std::numeric_limits<double>::quiet_NaN()
               : sqlite3_column_double(stmt_, i);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

ResultsStore::ResultsStore(const std::string& path,
                           const StoreDefinition& definition)
    : path_(path), def_(definition) {
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
    const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "no memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw scenario::ScenarioError(
        scenario::Location{path, 0, 0}, "",
        fmt::format("cannot open the results file: {}", why));
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=FULL");
    Exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)");
    CheckOrWriteMeta();
  } catch (const std::runtime_error& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    if (dynamic_cast<const scenario::ScenarioError*>(&e) != nullptr) throw;
    throw scenario::ScenarioError(
        scenario::Location{path, 0, 0}, "",
        fmt::format("cannot use the results file: {}", e.what()));
  }
}

ResultsStore::~ResultsStore() { sqlite3_close(db_); }

void ResultsStore::Exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string what = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(
        fmt::format("sqlite: {}: {}: {}", path_, what, sql));
  }
}

void ResultsStore::CheckOrWriteMeta() {
  Statement get(db_, "SELECT value FROM meta WHERE key = 'definition_hash'");
  if (get.Step()) {
    const auto* text =
        reinterpret_cast<const char*>(sqlite3_column_text(get.get(), 0));
    if (text == nullptr || def_.hash != text) {
      throw scenario::ScenarioError(
          scenario::Location{path_, 0, 0}, "",
          fmt::format(
              "this results file holds results of another definition of the "
              "sweep: {} or its scenario {} changed since, so old and new "
              "results cannot be compared; delete {} or choose another file "
              "with --results",
              def_.sweep_file, def_.scenario_file, path_));
    }
    return;
  }
  std::string columns =
      "point INTEGER NOT NULL, replication INTEGER NOT NULL, seed TEXT NOT "
      "NULL";
  for (const auto& p : def_.parameters)
    columns += ", " + Quote("p:" + p) + " REAL";
  for (const auto& o : def_.outputs)
    columns += ", " + Quote("o:" + o) + " REAL";
  Exec("BEGIN");
  Exec(fmt::format(
      "CREATE TABLE results ({}, PRIMARY KEY (point, replication))", columns));
  Statement put(db_, "INSERT INTO meta (key, value) VALUES (?, ?)");
  const std::vector<std::pair<std::string, std::string>> meta = {
      {"definition_hash", def_.hash},
      {"sweep_file", def_.sweep_file},
      {"scenario_file", def_.scenario_file}};
  for (const auto& [k, v] : meta) {
    sqlite3_reset(put.get());
    put.Text(1, k);
    put.Text(2, v);
    put.Step();
  }
  Exec("COMMIT");
}

void ResultsStore::Insert(const ResultRow& row) {
  std::string marks = "?, ?, ?";
  for (std::size_t i = 0; i < row.parameters.size() + row.outputs.size(); ++i) {
    marks += ", ?";
  }
  Statement put(db_, fmt::format("INSERT INTO results VALUES ({})", marks));
  sqlite3_bind_int64(put.get(), 1, row.point);
  sqlite3_bind_int64(put.get(), 2, row.replication);
  put.Text(3, std::to_string(row.seed));
  int i = 4;
  for (const double v : row.parameters) put.Real(i++, v);
  for (const double v : row.outputs) put.Real(i++, v);
  put.Step();  // autocommit: one transaction per row
}

std::vector<ResultRow> ResultsStore::All() const {
  Statement get(db_, "SELECT * FROM results ORDER BY point, replication");
  std::vector<ResultRow> rows;
  const int np = static_cast<int>(def_.parameters.size());
  const int no = static_cast<int>(def_.outputs.size());
  while (get.Step()) {
    ResultRow r;
    r.point = sqlite3_column_int64(get.get(), 0);
    r.replication = sqlite3_column_int(get.get(), 1);
    const auto* seed =
        reinterpret_cast<const char*>(sqlite3_column_text(get.get(), 2));
    r.seed = seed != nullptr ? std::stoull(seed) : 0;
    for (int i = 0; i < np; ++i) r.parameters.push_back(get.ColumnReal(3 + i));
    for (int i = 0; i < no; ++i) {
      r.outputs.push_back(get.ColumnReal(3 + np + i));
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace kardashev::sweep
