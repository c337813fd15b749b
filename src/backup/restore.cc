// yungu restore: a verified backup into a new data directory (and, for a
// PostgreSQL backup, an empty database), checked against its manifest
// before it is moved into place.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "backup/figures.h"
#include "backup/file_copy.h"
#include "backup/postgres_dump.h"
#include "backup/step_clock.h"
#include "yungu/audit/open_audit_log.h"
#include "yungu/audit/tree_head.h"
#include "yungu/backup/backup.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::backup {
namespace {

// Where a file of the backup goes in the data directory.
fs::path TargetOf(const FileEntry& f) {
  switch (f.role) {
    case FileRole::kDatabase: return "yungu.db";
    case FileRole::kAuditDatabase: return "audit.db";
    case FileRole::kDump: return {};
    case FileRole::kData: return fs::path(f.path.substr(std::strlen("files/")));
  }
  return {};
}

// Copies one file and checks it is still the one the manifest describes
// (the backup may have changed since it was verified).
Status RestoreFile(const fs::path& backup_dir, const FileEntry& f, const fs::path& to) {
  // Directories get the permissions they had in the backup (keys/: 0700).
  if (f.role == FileRole::kData) {
    fs::path dir = to.parent_path(), in_backup = backup_dir / fs::path(f.path).parent_path();
    std::vector<std::pair<fs::path, fs::path>> missing;
    std::error_code ec;
    for (fs::path rel = TargetOf(f).parent_path(); !rel.empty(); rel = rel.parent_path()) {
      if (fs::exists(dir, ec)) break;
      missing.emplace_back(dir, in_backup);
      dir = dir.parent_path();
      in_backup = in_backup.parent_path();
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (::mkdir(it->first.c_str(), 0700) != 0 && errno != EEXIST) {
        return IoError("backup.io", "cannot create " + it->first.string() + ": " + std::strerror(errno));
      }
      uint32_t mode = ModeOf(it->second);
      ::chmod(it->first.c_str(), mode ? mode : 0700);
    }
  }
  YG_ASSIGN_OR_RETURN(FileDigest d, CopyFileHashed(backup_dir / f.path, to));
  if (d.size != f.size || d.sha256 != f.sha256) {
    return Corruption("backup.checksum_mismatch", f.path + " changed after it was verified");
  }
  if (::chmod(to.c_str(), f.mode) != 0) return IoError("backup.io", "cannot set the permissions of " + to.string());
  return Status::Ok();
}

// The figures of what was restored: the store through its interface, the
// audit log through the audit module, its head's signature with the
// restored public key.
Result<Figures> RestoredFigures(const fs::path& data_dir, const std::string& store_url, const Manifest& m) {
  Figures found;
  {
    auto store = store_url.empty() ? storage::OpenSqliteStore(data_dir) : storage::OpenPostgresStore(store_url);
    if (!store.ok()) return store.status().WithContext("cannot open the restored store");
    YG_ASSIGN_OR_RETURN(found, CountFiguresFromStore(**store));
  }
  found.audit = AuditFigures{};
  found.audit.root = audit::ToHex(audit::EmptyRoot());
  storage::AuditStoreOptions options;
  options.create = false;
  bool expect_log = m.figures.audit.size > 0 || m.figures.audit.latest_head;
  auto log = audit::OpenLogStore(data_dir, store_url, options);
  if (!log.ok()) {
    if (!expect_log && log.status().code() == Code::kNotFound) return found;
    return log.status().WithContext("cannot open the restored audit log");
  }
  YG_ASSIGN_OR_RETURN(found.audit, CurrentAuditFigures(**log));
  YG_ASSIGN_OR_RETURN(auto head, (*log)->LatestTreeHead());
  if (head) {
    YG_ASSIGN_OR_RETURN(audit::PublicKey key, audit::LoadPublicKey(audit::AuditKeysDir(data_dir)));
    audit::SignedTreeHead h;
    h.id = head->id;
    h.size = head->size;
    h.timestamp_us = head->timestamp_us;
    auto root = audit::HashFromBytes(head->root);
    bool well_formed = root && head->signature.size() == h.signature.size();
    if (well_formed) {
      h.root = *root;
      std::memcpy(h.signature.data(), head->signature.data(), h.signature.size());
    }
    if (!well_formed || !audit::VerifyTreeHead(h, key)) {
      return Corruption("backup.bad_signature",
                        "the restored log's latest tree head does not verify with the restored public key");
    }
  }
  return found;
}

std::string PgLeftover(const std::string& url) {
  return " The target database " + DisplayUrl(url) +
         " now holds the restored tables: empty it (drop and create it again) before another attempt.";
}

}  // namespace

Result<RestoreResult> RestoreBackup(const RestoreOptions& o) {
  RestoreResult result;
  StepClock clock(o.on_step, result.steps);
  bool pg = !o.store_url.empty();
  if (pg && !storage::IsPostgresUrl(o.store_url)) {
    return InvalidArgument("backup.bad_store_url", "--store takes a postgresql:// URL");
  }

  YG_ASSIGN_OR_RETURN(VerifyReport report, VerifyBackup(o.backup_dir));
  if (!report.ok()) return report.ToStatus();
  YG_ASSIGN_OR_RETURN(result.manifest, ReadManifest(o.backup_dir));
  const Manifest& m = result.manifest;
  clock.End("verify the backup (" + std::to_string(report.files_checked) + " files)");

  if (m.backend == kBackendPostgres && !pg) {
    return InvalidArgument("backup.backend_mismatch",
                           "this is a backup of a hub kept in PostgreSQL: restore it into an empty PostgreSQL "
                           "database with --store postgresql://...");
  }
  if (m.backend == kBackendSqlite && pg) {
    return InvalidArgument("backup.backend_mismatch",
                           "this is a backup of the embedded store (SQLite): it restores into a data directory "
                           "only, without --store");
  }
  std::error_code ec;
  if (fs::exists(o.data_dir / "yungu.db", ec)) {
    return AlreadyExists("backup.target_not_empty",
                         o.data_dir.string() + " already holds a hub (yungu.db): restore into a new directory");
  }
  YG_ASSIGN_OR_RETURN(bool empty, IsAbsentOrEmptyDir(o.data_dir));
  if (!empty) {
    return AlreadyExists("backup.target_not_empty",
                         o.data_dir.string() + " is not empty: restore into a new or empty directory");
  }
  if (pg) {
    YG_ASSIGN_OR_RETURN(int64_t relations, CountUserRelations(o.store_url));
    if (relations > 0) {
      return AlreadyExists("backup.target_not_empty",
                           "the database " + DisplayUrl(o.store_url) + " already holds " + std::to_string(relations) +
                               " tables or other relations: restore needs an empty database (create a new one)");
    }
  }
  YG_ASSIGN_OR_RETURN(StagingDir stage, StagingDir::Create(o.data_dir));
  ::chmod(stage.path().c_str(), 0700);
  clock.End("check the target");

  for (const auto& f : m.files) {
    if (f.role != FileRole::kData) continue;
    YG_RETURN_IF_ERROR(RestoreFile(o.backup_dir, f, stage.path() / TargetOf(f)));
  }
  clock.End("copy the data directory's files");

  if (!pg) {
    for (const auto& f : m.files) {
      if (f.role == FileRole::kDatabase || f.role == FileRole::kAuditDatabase) {
        YG_RETURN_IF_ERROR(RestoreFile(o.backup_dir, f, stage.path() / TargetOf(f)));
      }
    }
    clock.End("copy the databases");
  } else {
    YG_RETURN_IF_ERROR(RestorePostgres(o.store_url, o.backup_dir / "database" / "hub.dump"));
    clock.End("pg_restore into " + DisplayUrl(o.store_url));
  }

  auto found = RestoredFigures(stage.path(), o.store_url, m);
  if (!found.ok()) {
    Status st = found.status();
    return Status(st.code(), st.error_code(), st.message() + (pg ? PgLeftover(o.store_url) : ""));
  }
  result.found = *found;
  std::vector<std::string> differences = CompareFigures(m.figures, result.found);
  if (!differences.empty()) {
    std::string message = "the restored hub differs from the backup's manifest: ";
    for (size_t i = 0; i < differences.size(); ++i) message += (i ? "; " : "") + differences[i];
    return Corruption("backup.restore_mismatch", message + (pg ? PgLeftover(o.store_url) : ""));
  }
  clock.End("open the restored store and audit log and check the figures");

  Status committed = stage.Commit();
  if (!committed.ok()) {
    return Status(committed.code(), committed.error_code(), committed.message() + (pg ? PgLeftover(o.store_url) : ""));
  }
  clock.End("move the data directory into place");
  result.seconds = clock.Total();
  return result;
}

}  // namespace yungu::backup
