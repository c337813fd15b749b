// yungu backup: a consistent copy of a hub while its server runs.
#include <sys/stat.h>

#include <algorithm>

#include "backup/figures.h"
#include "backup/file_copy.h"
#include "backup/postgres_dump.h"
#include "backup/sqlite_copy.h"
#include "backup/step_clock.h"
#include "yungu/audit/merkle.h"
#include "yungu/audit/open_audit_log.h"
#include "yungu/backup/backup.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::backup {
namespace {

Status MakeDir(const fs::path& dir, uint32_t mode) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("backup.io", "cannot create " + dir.string() + ": " + ec.message());
  if (::chmod(dir.c_str(), mode) != 0) return IoError("backup.io", "cannot set the permissions of " + dir.string());
  return Status::Ok();
}

// A database copy or dump: private to its owner, like the live one.
Result<FileEntry> DatabaseEntry(const fs::path& root, const std::string& rel, FileRole role) {
  if (::chmod((root / rel).c_str(), 0600) != 0) {
    return IoError("backup.io", "cannot set the permissions of " + (root / rel).string());
  }
  YG_ASSIGN_OR_RETURN(FileDigest d, HashFile(root / rel));
  return FileEntry{rel, d.size, d.sha256, 0600, role};
}

// The embedded store: both databases through the online backup API, then
// the figures from the copies (which are never written to afterwards).
Status BackupSqlite(const BackupOptions& o, const fs::path& stage, Manifest& m, StepClock& clock) {
  fs::path db_dir = stage / "database";
  YG_RETURN_IF_ERROR(OnlineCopy(o.data_dir / "yungu.db", db_dir / "yungu.db"));
  clock.End("copy yungu.db (SQLite online backup)");
  std::error_code ec;
  bool has_log = fs::exists(audit::AuditDbPath(o.data_dir), ec);
  if (has_log) {
    YG_RETURN_IF_ERROR(OnlineCopy(audit::AuditDbPath(o.data_dir), db_dir / "audit.db"));
    clock.End("copy audit.db (SQLite online backup)");
  }

  YG_ASSIGN_OR_RETURN(SqliteCopy hub, SqliteCopy::Open(db_dir / "yungu.db"));
  YG_ASSIGN_OR_RETURN(m.schema_versions["hub"], hub.UserVersion());
  YG_ASSIGN_OR_RETURN(m.figures, CountFiguresFromSql([&hub](const std::string& sql) { return hub.Query(sql); }));
  m.figures.audit.root = audit::ToHex(audit::EmptyRoot());
  if (has_log) {
    {
      YG_ASSIGN_OR_RETURN(SqliteCopy log_db, SqliteCopy::Open(db_dir / "audit.db"));
      YG_ASSIGN_OR_RETURN(m.schema_versions["audit"], log_db.UserVersion());
    }
    YG_ASSIGN_OR_RETURN(auto log, OpenAuditCopy(db_dir / "audit.db"));
    YG_ASSIGN_OR_RETURN(m.figures.audit, CurrentAuditFigures(*log));
  }
  clock.End("read the figures from the copies");
  YG_ASSIGN_OR_RETURN(FileEntry hub_entry, DatabaseEntry(stage, "database/yungu.db", FileRole::kDatabase));
  m.files.push_back(hub_entry);
  if (has_log) {
    YG_ASSIGN_OR_RETURN(FileEntry log_entry, DatabaseEntry(stage, "database/audit.db", FileRole::kAuditDatabase));
    m.files.push_back(log_entry);
  }
  clock.End("checksum the database copies");
  return Status::Ok();
}

// PostgreSQL: one snapshot for the dump and the figures; the Merkle root of
// the snapshot's log from the live log, which is append-only, so its first
// `size` entries and the hashes over them are the snapshot's.
Status BackupPostgres(const BackupOptions& o, const fs::path& stage, Manifest& m, StepClock& clock) {
  YG_ASSIGN_OR_RETURN(PgDumpResult dump, DumpPostgres(o.store_url, stage / "database" / "hub.dump"));
  m.figures = dump.figures;
  m.schema_versions = dump.schema_versions;
  m.pg_dump_version = dump.pg_dump_version;
  clock.End(dump.attempts > 1 ? "pg_dump of one snapshot (" + std::to_string(dump.attempts) + " attempts)"
                              : std::string("pg_dump of one snapshot"));
  AuditFigures& a = m.figures.audit;
  a.root = audit::ToHex(audit::EmptyRoot());
  if (a.size > 0) {
    storage::AuditStoreOptions options;
    options.create = false;
    YG_ASSIGN_OR_RETURN(auto log, audit::OpenLogStore(o.data_dir, o.store_url, options));
    YG_ASSIGN_OR_RETURN(AuditFigures computed, AuditFiguresOf(*log, a.size, std::nullopt));
    a.root = computed.root;
    if (a.latest_head && a.latest_head->size <= a.size) {
      YG_ASSIGN_OR_RETURN(AuditFigures at_head, AuditFiguresOf(*log, a.latest_head->size, std::nullopt));
      if (at_head.root != a.latest_head->root) {
        return Corruption("backup.audit_mismatch", "the audit log's latest signed tree head (size " +
                                                       std::to_string(a.latest_head->size) +
                                                       ") does not match the log's entries: run yungu audit verify");
      }
    }
  }
  clock.End("Merkle root of the snapshot's audit log");
  YG_ASSIGN_OR_RETURN(FileEntry dump_entry, DatabaseEntry(stage, "database/hub.dump", FileRole::kDump));
  m.files.push_back(dump_entry);
  clock.End("checksum the dump");
  return Status::Ok();
}

// Every other file of the data directory, with its permissions.
Status CopyDataFiles(const fs::path& data_dir, const fs::path& stage, Manifest& m) {
  YG_ASSIGN_OR_RETURN(DataTree tree, ListDataTree(data_dir));
  fs::path files = stage / "files";
  YG_RETURN_IF_ERROR(MakeDir(files, 0700));
  for (const auto& dir : tree.directories) {
    uint32_t mode = ModeOf(data_dir / dir);
    YG_RETURN_IF_ERROR(MakeDir(files / dir, mode ? mode : 0700));
  }
  for (const auto& rel : tree.files) {
    auto digest = CopyFileHashed(data_dir / rel, files / rel);
    if (!digest.ok()) {
      // A file removed while the backup ran (e.g. a temporary one) is not data.
      std::error_code ec;
      if (!fs::exists(data_dir / rel, ec)) continue;
      return digest.status();
    }
    m.files.push_back(FileEntry{"files/" + rel.generic_string(), digest->size, digest->sha256, digest->mode,
                                FileRole::kData});
  }
  return Status::Ok();
}

}  // namespace

Result<BackupResult> CreateBackup(const BackupOptions& o) {
  BackupResult result;
  StepClock clock(o.on_step, result.steps);
  bool pg = !o.store_url.empty();
  if (pg && !storage::IsPostgresUrl(o.store_url)) {
    return InvalidArgument("backup.bad_store_url", "--store takes a postgresql:// URL");
  }
  std::error_code ec;
  if (!fs::is_directory(o.data_dir, ec)) {
    return NotFound("backup.no_hub", "the data directory " + o.data_dir.string() + " does not exist");
  }
  if (!pg && !fs::exists(o.data_dir / "yungu.db", ec)) {
    return NotFound("backup.no_hub", o.data_dir.string() +
                                         " holds no embedded store (yungu.db); for a hub kept in PostgreSQL give "
                                         "--store URL");
  }
  if (o.out_dir.empty()) return InvalidArgument("backup.bad_target", "--out names the backup directory to create");
  if (IsWithin(o.out_dir, o.data_dir) || IsWithin(o.data_dir, o.out_dir)) {
    return InvalidArgument("backup.bad_target", "the backup directory " + o.out_dir.string() +
                                                    " must lie outside the data directory " + o.data_dir.string());
  }
  YG_ASSIGN_OR_RETURN(bool empty, IsAbsentOrEmptyDir(o.out_dir));
  if (!empty) {
    return AlreadyExists("backup.target_not_empty",
                         o.out_dir.string() + " already exists and is not empty: give a new directory");
  }
  YG_ASSIGN_OR_RETURN(StagingDir stage, StagingDir::Create(o.out_dir));
  YG_RETURN_IF_ERROR(MakeDir(stage.path() / "database", 0700));

  Manifest& m = result.manifest;
  m.yungu_version = o.yungu_version;
  m.created_at = storage::UtcNowIso();
  m.backend = pg ? kBackendPostgres : kBackendSqlite;
  m.source_data_dir = fs::absolute(o.data_dir).lexically_normal().string();
  if (pg) m.source_store = DisplayUrl(o.store_url);
  clock.End("prepare");

  YG_RETURN_IF_ERROR(pg ? BackupPostgres(o, stage.path(), m, clock) : BackupSqlite(o, stage.path(), m, clock));
  YG_RETURN_IF_ERROR(CopyDataFiles(o.data_dir, stage.path(), m));
  clock.End("copy the data directory's files");

  std::sort(m.files.begin(), m.files.end(), [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  for (const auto& f : m.files) result.bytes += f.size;
  YG_RETURN_IF_ERROR(WriteManifest(stage.path(), m));
  YG_RETURN_IF_ERROR(stage.Commit());
  clock.End("write the manifest and move the backup into place");
  result.seconds = clock.Total();
  return result;
}

}  // namespace yungu::backup
