// The embedded store's databases in a backup: online copies through SQLite's
// backup API, and read-only access to the copies that never changes them.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::backup {

// Rows of a query, each cell as its bytes (text or blob; NULL as "").
using SqlRows = std::vector<std::vector<std::string>>;

// A read-only connection to a database copy, opened "immutable": no locks,
// no journal or WAL files, nothing written next to it.
class SqliteCopy {
 public:
  static Result<SqliteCopy> Open(const std::filesystem::path& path);
  SqliteCopy(SqliteCopy&& other) noexcept : db_(other.db_), path_(std::move(other.path_)) { other.db_ = nullptr; }
  SqliteCopy& operator=(SqliteCopy&&) = delete;
  ~SqliteCopy();

  // Runs `sql` with integer parameters ?1, ?2, ...
  Result<SqlRows> Query(const std::string& sql, const std::vector<int64_t>& params = {});
  // PRAGMA user_version: the schema version.
  Result<int> UserVersion();
  // PRAGMA integrity_check: the problems it names (empty when "ok").
  Result<std::vector<std::string>> IntegrityCheck();
  // True when the database has a table of this name.
  Result<bool> HasTable(const std::string& name);

 private:
  SqliteCopy(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::filesystem::path path_;
};

// Copies the live database `source` (WAL mode, possibly being written by a
// server) to the new file `dest` with the online backup API: a consistent
// copy as of one moment. The copy is left in rollback-journal mode, one
// self-contained file.
Status OnlineCopy(const std::filesystem::path& source, const std::filesystem::path& dest);

}  // namespace yungu::backup
