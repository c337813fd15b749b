#include "backup/postgres_dump.h"

#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

#include "backup/figures.h"
#include "backup/pg_tools.h"
#include "storage/postgres/pg_connection.h"

namespace yungu::backup {
namespace {

using storage::pg::PgConnection;
using storage::pg::PgResult;

constexpr int kDumpAttempts = 3;

// Staging tables of ingests in progress ("d<seq>_s<pid>_<host>_<random>"):
// not part of any committed version, and renamed or dropped at any moment.
constexpr const char* kStagingTables = "d[0-9]*_s[0-9]*";

SqlRunner RunnerOn(PgConnection& conn) {
  return [&conn](const std::string& sql) -> Result<SqlRows> {
    YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(sql));
    SqlRows rows;
    rows.reserve(static_cast<size_t>(res.rows()));
    for (int r = 0; r < res.rows(); ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < res.columns(); ++c) row.push_back(res.IsNull(r, c) ? std::string() : res.Text(r, c));
      rows.push_back(std::move(row));
    }
    return rows;
  };
}

Result<bool> HasRelation(PgConnection& conn, const char* name) {
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(std::string("SELECT to_regclass('") + name + "') IS NOT NULL"));
  return res.Bool(0, 0);
}

// Everything the manifest needs from the snapshot, read in its transaction.
Status ReadSnapshotFigures(PgConnection& conn, PgDumpResult& out) {
  YG_ASSIGN_OR_RETURN(bool hub, HasRelation(conn, "datasets"));
  if (!hub) return FailedPrecondition("backup.no_hub", "the database holds no Yungu hub (no datasets table)");
  YG_ASSIGN_OR_RETURN(out.figures, CountFiguresFromSql(RunnerOn(conn)));
  out.schema_versions.clear();
  YG_ASSIGN_OR_RETURN(bool versioned, HasRelation(conn, "yungu_schema"));
  if (versioned) {
    YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec("SELECT component, version FROM yungu_schema ORDER BY component"));
    for (int r = 0; r < res.rows(); ++r) out.schema_versions[res.Text(r, 0)] = static_cast<int>(res.Int(r, 1));
  }
  AuditFigures& a = out.figures.audit;
  a = AuditFigures{};
  YG_ASSIGN_OR_RETURN(bool has_log, HasRelation(conn, "audit_entries"));
  if (!has_log) return Status::Ok();
  YG_ASSIGN_OR_RETURN(PgResult size, conn.Exec("SELECT coalesce(max(idx) + 1, 0) FROM audit_entries"));
  a.size = size.Int(0, 0);
  YG_ASSIGN_OR_RETURN(PgResult head,
                      conn.Exec("SELECT id, size, timestamp_us, encode(root, 'hex'), encode(signature, 'hex') "
                                "FROM audit_tree_heads ORDER BY id DESC LIMIT 1"));
  if (head.rows() == 1) {
    TreeHeadFigures h;
    h.id = head.Int(0, 0);
    h.size = head.Int(0, 1);
    h.timestamp_us = head.Int(0, 2);
    h.root = head.Text(0, 3);
    h.signature = head.Text(0, 4);
    a.latest_head = h;
  }
  return Status::Ok();
}

}  // namespace

std::string DisplayUrl(const std::string& url) {
  auto target = PgTargetFor(url);
  return target.ok() ? target->display : std::string("(unreadable URL)");
}

Result<PgDumpResult> DumpPostgres(const std::string& url, const std::filesystem::path& dump_file) {
  YG_ASSIGN_OR_RETURN(std::filesystem::path pg_dump, FindPgTool("pg_dump"));
  YG_ASSIGN_OR_RETURN(PgTarget target, PgTargetFor(url));
  PgDumpResult out;
  YG_ASSIGN_OR_RETURN(ProgramResult version, RunProgram({pg_dump.string(), "--version"}, {}));
  out.pg_dump_version = Tail(version.out, 200);
  Status last;
  for (int attempt = 1; attempt <= kDumpAttempts; ++attempt) {
    out.attempts = attempt;
    std::error_code ec;
    std::filesystem::remove(dump_file, ec);
    YG_ASSIGN_OR_RETURN(auto conn, PgConnection::Open(url));
    YG_RETURN_IF_ERROR(conn->Script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    YG_ASSIGN_OR_RETURN(PgResult snap, conn->Exec("SELECT pg_export_snapshot()"));
    std::string snapshot = snap.Text(0, 0);
    YG_RETURN_IF_ERROR(ReadSnapshotFigures(*conn, out));
    YG_ASSIGN_OR_RETURN(ProgramResult run,
                        RunProgram({pg_dump.string(), "--format=custom", "--no-password", "--snapshot=" + snapshot,
                                    "--exclude-table=" + std::string(kStagingTables), "--file=" + dump_file.string(),
                                    "--dbname=" + target.conninfo},
                                   target.env));
    (void)conn->Script("COMMIT");
    if (run.exit_code == 0) return out;
    last = IoError("backup.dump_failed", "pg_dump of " + target.display + " failed (exit " +
                                             std::to_string(run.exit_code) + "): " + Tail(run.err));
    spdlog::warn("backup: attempt {} of {}: {}", attempt, kDumpAttempts, last.message());
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
  }
  std::error_code ec;
  std::filesystem::remove(dump_file, ec);
  return last;
}

Status CheckDump(const std::filesystem::path& dump_file) {
  YG_ASSIGN_OR_RETURN(std::filesystem::path pg_restore, FindPgTool("pg_restore"));
  YG_ASSIGN_OR_RETURN(ProgramResult run, RunProgram({pg_restore.string(), "--list", dump_file.string()}, {}));
  if (run.exit_code != 0) {
    return Corruption("backup.dump_unreadable", "pg_restore --list cannot read the dump: " + Tail(run.err, 500));
  }
  for (const char* table : {" TABLE public datasets ", " TABLE DATA public datasets "}) {
    if (run.out.find(table) == std::string::npos) {
      return Corruption("backup.dump_unreadable",
                        std::string("the dump lacks") + table + "(pg_restore --list): not a dump of a Yungu hub");
    }
  }
  return Status::Ok();
}

Result<int64_t> CountUserRelations(const std::string& url) {
  YG_ASSIGN_OR_RETURN(auto conn, PgConnection::Open(url));
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                 "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
                                 "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                                 "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"));
  return res.Int(0, 0);
}

Status RestorePostgres(const std::string& url, const std::filesystem::path& dump_file) {
  YG_ASSIGN_OR_RETURN(std::filesystem::path pg_restore, FindPgTool("pg_restore"));
  YG_ASSIGN_OR_RETURN(PgTarget target, PgTargetFor(url));
  YG_ASSIGN_OR_RETURN(ProgramResult run,
                      RunProgram({pg_restore.string(), "--single-transaction", "--exit-on-error", "--no-owner",
                                  "--no-acl", "--no-password", "--dbname=" + target.conninfo, dump_file.string()},
                                 target.env));
  if (run.exit_code != 0) {
    return IoError("backup.restore_failed",
                   "pg_restore into " + target.display + " failed (exit " + std::to_string(run.exit_code) +
                       "); it ran in one transaction, so nothing of it was kept, but make sure the target database "
                       "is empty before another attempt: " +
                       Tail(run.err));
  }
  return Status::Ok();
}

}  // namespace yungu::backup
