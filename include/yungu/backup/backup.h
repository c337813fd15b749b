// Backup, verification and restore of a hub: its store (embedded SQLite or
// PostgreSQL), audit log and data-directory files. See manifest.h for the
// layout of a backup directory and docs/operations.md for the procedure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "yungu/backup/manifest.h"
#include "yungu/core/result.h"

namespace yungu::backup {

// ---------------------------------------------------------------------------
// yungu backup

struct BackupOptions {
  std::filesystem::path data_dir;
  std::string store_url;  // "postgresql://..."; empty: the embedded store in data_dir
  std::filesystem::path out_dir;  // must not exist, or be an empty directory
  std::string yungu_version;
  StepCallback on_step;  // called as each step ends
};

struct BackupResult {
  Manifest manifest;
  int64_t bytes = 0;  // total size of the backup's files
  std::vector<StepTime> steps;
  double seconds = 0;
};

// Takes a consistent backup while a server may be writing:
//  - SQLite: yungu.db and audit.db through SQLite's online backup API, each
//    a consistent copy as of its own moment (yungu.db first, so the trace
//    covers at least every change in the copied store);
//  - PostgreSQL: pg_dump --format=custom of one exported snapshot, in whose
//    transaction the manifest's figures are read;
//  - every other file of the data directory (not yungu.db*, audit.db*,
//    audit.lock, spool/).
// Everything is written to a temporary sibling of out_dir that is renamed
// into place once complete, so a failed backup leaves nothing behind.
// Errors: backup.no_hub, backup.target_not_empty, backup.bad_target,
// backup.tool_missing, backup.dump_failed, I/O and storage errors.
Result<BackupResult> CreateBackup(const BackupOptions& options);

// ---------------------------------------------------------------------------
// yungu backup verify

struct Problem {
  std::string code;    // backup.missing_file, backup.checksum_mismatch, ...
  std::string path;    // relative to the backup directory; may be empty
  std::string detail;
};

struct VerifyReport {
  std::string backend;
  int64_t files_checked = 0;
  int64_t bytes_checked = 0;
  std::vector<Problem> problems;
  std::vector<StepTime> steps;
  double seconds = 0;

  bool ok() const { return problems.empty(); }
  // Ok, or the first problem's code with every problem in the message.
  Status ToStatus() const;
};

// Recomputes every file's size and SHA-256 against the manifest (missing,
// extra and changed files), checks the SQLite copies (PRAGMA
// integrity_check) or the dump (pg_restore --list), and for a SQLite backup
// recomputes the figures from the copies: the store's counts, the audit
// log's size, Merkle root and latest signed tree head (whose signature must
// verify with the backed-up public key). An unreadable manifest is a
// problem too; only failures to read the backup at all are errors.
Result<VerifyReport> VerifyBackup(const std::filesystem::path& backup_dir, const StepCallback& on_step = {});

// ---------------------------------------------------------------------------
// yungu restore

struct RestoreOptions {
  std::filesystem::path backup_dir;
  std::filesystem::path data_dir;  // must not exist, or be an empty directory
  std::string store_url;           // PostgreSQL backups: an empty database
  StepCallback on_step;
};

struct RestoreResult {
  Manifest manifest;
  Figures found;  // what the restored store and audit log hold
  std::vector<StepTime> steps;
  double seconds = 0;
};

// Verifies the backup (refusing a damaged one with the first problem's
// code), refuses a target that already holds anything (backup.target_not_empty)
// or a backend other than the backup's (backup.backend_mismatch), restores
// into a temporary sibling of data_dir (and for PostgreSQL pg_restore in one
// transaction into the database), opens the restored store and audit log,
// checks the manifest's figures (backup.restore_mismatch) and only then
// renames the directory into place.
Result<RestoreResult> RestoreBackup(const RestoreOptions& options);

}  // namespace yungu::backup
