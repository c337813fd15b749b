#include "storage/postgres/pg_store.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>

#include "storage/postgres/pg_migrations.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::storage {

bool IsPostgresUrl(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, PostgresOptions options) {
  if (!options.now) options.now = UtcNowIso;
  if (options.max_connections == 0) options.max_connections = 1;
  auto store = std::make_unique<pg::PgStore>(url, std::move(options));
  YG_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace yungu::storage

namespace yungu::storage::pg {

std::string ColumnName(size_t i) { return "c" + std::to_string(i); }

const char* ColumnSqlType(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger: return "BIGINT";
    case ColumnType::kDecimal: return "DOUBLE PRECISION";
    case ColumnType::kBoolean: return "BOOLEAN";
    // Dates stay ISO text, as in the embedded store: text order is time order
    // and values come back exactly as they were written.
    case ColumnType::kDate:
    case ColumnType::kDateTime:
    case ColumnType::kText: return "TEXT COLLATE \"C\"";
  }
  return "TEXT";
}

PgStore::PgStore(std::string url, PostgresOptions options)
    : options_(std::move(options)), pool_(std::move(url), options_.max_connections) {}

Status PgStore::Init() {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_RETURN_IF_ERROR(Migrate(*conn, "hub", HubMigrations(), options_.migrate_upto));
  YG_RETURN_IF_ERROR(DropOrphanTables(*conn));
  if (!options_.replica_url.empty()) {
    replica_ = std::make_unique<ReplicaRouter>(pool_, options_.replica_url, options_.max_replica_lag_ms,
                                               options_.max_connections);
  }
  return Status::Ok();
}

// A crash in the middle of an ingest leaves a staging table no version
// refers to. Staging tables are named d<seq>_s<pid>_<host tag>_<random>;
// those of a live process on this host stay (another instance may be
// writing). Those of other hosts are left for their own instance to clean.
Status PgStore::DropOrphanTables(PgConnection& conn) {
  YG_ASSIGN_OR_RETURN(
      PgResult res,
      conn.Exec("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname ~ '^d[0-9]+_s[0-9]+_' "
                "AND c.relname NOT IN (SELECT table_name FROM versions)"));
  std::string host_tag = HostTag();
  for (int r = 0; r < res.rows(); ++r) {
    std::string name = res.Text(r, 0);
    // d<seq>_s<pid>_<host>_<random>
    size_t s = name.find("_s");
    size_t h = name.find('_', s + 2);
    size_t end = h == std::string::npos ? std::string::npos : name.find('_', h + 1);
    if (s == std::string::npos || h == std::string::npos || end == std::string::npos) continue;
    if (name.substr(h + 1, end - h - 1) != host_tag) continue;
    long pid = std::strtol(name.c_str() + s + 2, nullptr, 10);
    if (pid > 0 && pid != getpid() && kill(static_cast<pid_t>(pid), 0) == 0) continue;
    YG_RETURN_IF_ERROR(conn.Script("DROP TABLE IF EXISTS " + QuoteIdent(name) + " CASCADE"));
  }
  return Status::Ok();
}

// ---- departments ----

Status PgStore::PutDepartment(const model::Department& d) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return conn
      ->Exec("INSERT INTO departments(code, name, name_en, parent_code, division_code) "
             "VALUES($1, $2, $3, $4, $5) ON CONFLICT(code) DO UPDATE SET "
             "name=excluded.name, name_en=excluded.name_en, "
             "parent_code=excluded.parent_code, division_code=excluded.division_code",
             Params().Text(d.code).Text(d.name).Text(d.name_en).Text(d.parent_code).Text(d.division_code))
      .status();
}

namespace {
constexpr const char* kDepartmentColumns = "SELECT code, name, name_en, parent_code, division_code FROM departments";

model::Department ReadDepartment(const PgResult& res, int r) {
  return model::Department{res.Text(r, 0), res.Text(r, 1), res.Text(r, 2), res.Text(r, 3), res.Text(r, 4)};
}
}  // namespace

Result<std::vector<model::Department>> PgStore::ListDepartments() {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string(kDepartmentColumns) + " ORDER BY code"));
  std::vector<model::Department> out;
  for (int r = 0; r < res.rows(); ++r) out.push_back(ReadDepartment(res, r));
  return out;
}

Result<model::Department> PgStore::GetDepartment(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec(std::string(kDepartmentColumns) + " WHERE code = $1", Params().Text(code)));
  if (res.rows() == 0) {
    return NotFound("catalog.department_not_found", "no department '" + std::string(code) + "'");
  }
  return ReadDepartment(res, 0);
}

Status PgStore::DeleteDepartment(std::string_view code) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  // Locks the row, so a dataset cannot be added to it meanwhile (the foreign
  // key check of an insert waits for this transaction).
  YG_ASSIGN_OR_RETURN(PgResult row,
                      conn->Exec("SELECT code FROM departments WHERE code = $1 FOR UPDATE", Params().Text(code)));
  if (row.rows() == 0) return NotFound("catalog.department_not_found", "no department '" + std::string(code) + "'");
  YG_ASSIGN_OR_RETURN(PgResult count,
                      conn->Exec("SELECT count(*) FROM datasets WHERE department = $1", Params().Text(code)));
  if (count.Int(0, 0) > 0) {
    return FailedPrecondition("catalog.department_in_use", "department '" + std::string(code) + "' still owns " +
                                                               std::to_string(count.Int(0, 0)) + " datasets");
  }
  YG_ASSIGN_OR_RETURN(PgResult children,
                      conn->Exec("SELECT count(*) FROM departments WHERE parent_code = $1", Params().Text(code)));
  if (children.Int(0, 0) > 0) {
    return FailedPrecondition("catalog.department_has_children", "department '" + std::string(code) +
                                                                     "' still has " +
                                                                     std::to_string(children.Int(0, 0)) +
                                                                     " sub-departments");
  }
  YG_RETURN_IF_ERROR(conn->Exec("DELETE FROM departments WHERE code = $1", Params().Text(code)).status());
  return tx.Commit();
}

}  // namespace yungu::storage::pg
