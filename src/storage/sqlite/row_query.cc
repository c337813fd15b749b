// Running compiled queries: a streaming cursor and a count.
#include <chrono>

#include "storage/sql/plan_compiler.h"
#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {
using sql::CompiledQuery;

namespace {

// Interrupts a statement that runs past its deadline. SQLite calls the
// handler every few thousand virtual machine steps.
class Deadline {
 public:
  Deadline(sqlite3* db, int64_t timeout_ms) : db_(db) {
    if (timeout_ms <= 0) return;
    until_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    sqlite3_progress_handler(db_, 10000, &Deadline::Check, this);
    armed_ = true;
  }
  ~Deadline() {
    if (armed_) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

 private:
  static int Check(void* self) {
    return std::chrono::steady_clock::now() > static_cast<Deadline*>(self)->until_ ? 1 : 0;
  }
  sqlite3* db_;
  std::chrono::steady_clock::time_point until_;
  bool armed_ = false;
};

class SqliteRowCursor final : public RowCursor {
 public:
  SqliteRowCursor(ConnectionPool::Lease conn, Statement stmt, CompiledQuery query, int64_t timeout_ms)
      : conn_(std::move(conn)), stmt_(std::move(stmt)), query_(std::move(query)),
        deadline_(std::make_unique<Deadline>(conn_->raw(), timeout_ms)) {}

  const std::vector<std::string>& columns() const override { return query_.columns; }

  Result<bool> Next(Row& row) override {
    YG_ASSIGN_OR_RETURN(bool has, stmt_.Step());
    if (!has) return false;
    row.resize(query_.types.size());
    for (size_t i = 0; i < query_.types.size(); ++i) stmt_.ReadColumn(static_cast<int>(i), query_.types[i], row[i]);
    return true;
  }

 private:
  // Declaration order matters: the statement and the deadline go before
  // their connection.
  ConnectionPool::Lease conn_;
  Statement stmt_;
  CompiledQuery query_;
  std::unique_ptr<Deadline> deadline_;
};

}  // namespace

Result<std::unique_ptr<RowCursor>> SqliteStore::Query(const model::VersionInfo& version,
                                                      const model::QueryPlan& plan) {
  YG_ASSIGN_OR_RETURN(CompiledQuery query, CompileSelect(sql::Dialect::kSqlite, version, plan));
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(query.sql));
  for (size_t i = 0; i < query.params.size(); ++i) stmt.Bind(static_cast<int>(i + 1), query.params[i]);
  return std::unique_ptr<RowCursor>(
      new SqliteRowCursor(std::move(conn), std::move(stmt), std::move(query), plan.timeout_ms));
}

Result<int64_t> SqliteStore::Count(const model::VersionInfo& version, const model::QueryPlan& plan) {
  YG_ASSIGN_OR_RETURN(CompiledQuery query, CompileCount(sql::Dialect::kSqlite, version, plan));
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(query.sql));
  for (size_t i = 0; i < query.params.size(); ++i) stmt.Bind(static_cast<int>(i + 1), query.params[i]);
  Deadline deadline(conn->raw(), plan.timeout_ms);
  YG_ASSIGN_OR_RETURN(bool has, stmt.Step());
  if (!has) return Internal("storage.count", "count returned no row");
  return stmt.ColumnInt(0);
}

}  // namespace yungu::storage::sqlite
