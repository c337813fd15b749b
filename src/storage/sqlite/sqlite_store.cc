#include "storage/sqlite/sqlite_store.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "storage/sqlite/migrations.h"

namespace yungu::storage {

std::string UtcNowIso() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string_view WriteModeName(WriteMode mode) {
  switch (mode) {
    case WriteMode::kReplace: return "replace";
    case WriteMode::kAppend: return "append";
    case WriteMode::kUpsert: return "upsert";
  }
  return "replace";
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& data_dir,
                                               SqliteOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return IoError("storage.data_dir", "cannot create data directory " + data_dir.string() + ": " +
                                           ec.message());
  }
  if (!options.now) options.now = UtcNowIso;
  auto store = std::make_unique<sqlite::SqliteStore>(data_dir / "yungu.db", std::move(options));
  YG_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace yungu::storage

namespace yungu::storage::sqlite {

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  YG_ASSIGN_OR_RETURN(auto conn, Connection::Open(path_, false));
  conn->set_write_gate(&gate_);
  return Lease(this, std::move(conn));
}

void ConnectionPool::Return(std::unique_ptr<Connection> conn) {
  constexpr size_t kMaxIdle = 32;
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(conn));
}

Result<WriteTransaction> WriteTransaction::Begin(Connection& conn) {
  if (conn.write_gate()) conn.write_gate()->Lock();
  Status st = conn.Exec("BEGIN IMMEDIATE");
  if (!st.ok()) {
    if (conn.write_gate()) conn.write_gate()->Unlock();
    return st;
  }
  return WriteTransaction(&conn);
}

WriteTransaction::~WriteTransaction() {
  if (!conn_) return;
  (void)conn_->Exec("ROLLBACK");
  if (conn_->write_gate()) conn_->write_gate()->Unlock();
}

Status WriteTransaction::Commit() {
  Status st = conn_->Exec("COMMIT");
  if (st.ok()) {
    if (conn_->write_gate()) conn_->write_gate()->Unlock();
    conn_ = nullptr;
  }
  return st;
}

SqliteStore::SqliteStore(std::filesystem::path db_path, SqliteOptions options)
    : db_path_(std::move(db_path)), options_(std::move(options)), pool_(db_path_) {}

Status SqliteStore::Init() {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_RETURN_IF_ERROR(Migrate(*conn, options_.migrate_upto));
  return DropOrphanTables(*conn);
}

// A crash in the middle of an ingest leaves a staging table that no version
// refers to; it is garbage. Staging tables are named d<seq>_s<pid>_<random>:
// those of a live process (another CLI or server on the same data directory)
// are in use and stay.
Status SqliteStore::DropOrphanTables(Connection& conn) {
  YG_ASSIGN_OR_RETURN(
      Statement stmt,
      conn.Prepare("SELECT name FROM sqlite_schema WHERE type='table' AND name GLOB 'd[0-9]*_*' "
                   "AND name NOT GLOB '*_fts*' "
                   "AND name NOT IN (SELECT table_name FROM versions)"));
  std::vector<std::string> orphans;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    std::string name = stmt.ColumnText(0);
    size_t s = name.find("_s");
    if (s != std::string::npos) {
      long pid = std::strtol(name.c_str() + s + 2, nullptr, 10);
      if (pid > 0 && pid != getpid() && kill(static_cast<pid_t>(pid), 0) == 0) continue;
    }
    orphans.push_back(std::move(name));
  }
  stmt = Statement();
  for (const auto& name : orphans) {
    YG_RETURN_IF_ERROR(conn.Exec("DROP TABLE IF EXISTS " + QuoteIdent(name)));
    YG_RETURN_IF_ERROR(conn.Exec("DROP TABLE IF EXISTS " + QuoteIdent(name + "_fts")));
  }
  return Status::Ok();
}

// ---- departments ----

Status SqliteStore::PutDepartment(const model::Department& d) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(
      Statement stmt,
      conn->Prepare("INSERT INTO departments(code, name, name_en, parent_code, division_code) "
                    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET "
                    "name=excluded.name, name_en=excluded.name_en, "
                    "parent_code=excluded.parent_code, division_code=excluded.division_code"));
  stmt.BindText(1, d.code);
  stmt.BindText(2, d.name);
  stmt.BindText(3, d.name_en);
  stmt.BindText(4, d.parent_code);
  stmt.BindText(5, d.division_code);
  return stmt.Run();
}

namespace {
model::Department ReadDepartment(Statement& stmt) {
  return model::Department{stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnText(2),
                           stmt.ColumnText(3), stmt.ColumnText(4)};
}
}  // namespace

Result<std::vector<model::Department>> SqliteStore::ListDepartments() {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("SELECT code, name, name_en, parent_code, division_code "
                                    "FROM departments ORDER BY code"));
  std::vector<model::Department> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(ReadDepartment(stmt));
  }
  return out;
}

Result<model::Department> SqliteStore::GetDepartment(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->Prepare("SELECT code, name, name_en, parent_code, division_code "
                                    "FROM departments WHERE code = ?1"));
  stmt.BindText(1, code);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("catalog.department_not_found", "no department '" + std::string(code) + "'");
  return ReadDepartment(stmt);
}

Status SqliteStore::DeleteDepartment(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement count,
                      conn->Prepare("SELECT count(*) FROM datasets WHERE department = ?1"));
  count.BindText(1, code);
  YG_ASSIGN_OR_RETURN(bool row, count.Step());
  if (row && count.ColumnInt(0) > 0) {
    return FailedPrecondition("catalog.department_in_use",
                              "department '" + std::string(code) + "' still owns " +
                                  std::to_string(count.ColumnInt(0)) + " datasets");
  }
  YG_ASSIGN_OR_RETURN(Statement children,
                      conn->Prepare("SELECT count(*) FROM departments WHERE parent_code = ?1"));
  children.BindText(1, code);
  YG_ASSIGN_OR_RETURN(bool has_children, children.Step());
  if (has_children && children.ColumnInt(0) > 0) {
    return FailedPrecondition("catalog.department_has_children",
                              "department '" + std::string(code) + "' still has " +
                                  std::to_string(children.ColumnInt(0)) + " sub-departments");
  }
  YG_ASSIGN_OR_RETURN(Statement del, conn->Prepare("DELETE FROM departments WHERE code = ?1"));
  del.BindText(1, code);
  YG_RETURN_IF_ERROR(del.Run());
  if (conn->Changes() == 0) {
    return NotFound("catalog.department_not_found", "no department '" + std::string(code) + "'");
  }
  return tx.Commit();
}

}  // namespace yungu::storage::sqlite
