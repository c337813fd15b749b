// The PostgreSQL store in a backup: a pg_dump of one exported snapshot whose
// figures are read in the same transaction, and its restore.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "yungu/backup/manifest.h"
#include "yungu/core/result.h"

namespace yungu::backup {

struct PgDumpResult {
  Figures figures;  // counts, and the audit log's size and latest head (not its root)
  std::map<std::string, int> schema_versions;
  std::string pg_dump_version;
  int attempts = 0;
};

// Opens a REPEATABLE READ transaction, exports its snapshot, reads the
// figures in it and runs pg_dump --format=custom --snapshot=<id> into
// `dump_file` while the transaction stays open. Staging tables of ingests
// in progress are left out. A dump that fails because a table went away
// after the snapshot (a concurrent prune) is retried with a new snapshot.
Result<PgDumpResult> DumpPostgres(const std::string& url, const std::filesystem::path& dump_file);

// pg_restore --list: Ok when the dump is readable and holds the hub's tables;
// else Corruption "backup.dump_unreadable".
Status CheckDump(const std::filesystem::path& dump_file);

// Number of tables, views and sequences outside PostgreSQL's own schemas.
Result<int64_t> CountUserRelations(const std::string& url);

// pg_restore --single-transaction --no-owner into the (empty) database.
Status RestorePostgres(const std::string& url, const std::filesystem::path& dump_file);

// The URL without its password, for manifests and messages.
std::string DisplayUrl(const std::string& url);

}  // namespace yungu::backup
