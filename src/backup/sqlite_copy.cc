#include "backup/sqlite_copy.h"

#include <chrono>
#include <cstdio>
#include <thread>

namespace yungu::backup {
namespace {

Status SqliteFailure(sqlite3* db, const std::string& what) {
  std::string message = db ? sqlite3_errmsg(db) : "out of memory";
  int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Corruption("backup.sqlite_corrupt", what + ": " + message);
  return IoError("backup.sqlite", what + ": " + message);
}

// A file: URI for `path`, with the characters URIs reserve escaped.
std::string FileUri(const std::filesystem::path& path, const char* query) {
  std::string out = "file:";
  for (unsigned char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c == 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "?" + query;
}

struct Handle {
  sqlite3* db = nullptr;
  ~Handle() {
    if (db) sqlite3_close_v2(db);
  }
};

}  // namespace

Result<SqliteCopy> SqliteCopy::Open(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return NotFound("backup.missing_file", path.string() + " is missing");
  Handle h;
  int rc = sqlite3_open_v2(FileUri(path, "immutable=1").c_str(), &h.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                           nullptr);
  if (rc != SQLITE_OK) return SqliteFailure(h.db, "cannot open " + path.string());
  sqlite3* db = h.db;
  h.db = nullptr;
  return SqliteCopy(db, path);
}

SqliteCopy::~SqliteCopy() {
  if (db_) sqlite3_close_v2(db_);
}

Result<SqlRows> SqliteCopy::Query(const std::string& sql, const std::vector<int64_t>& params) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
    return SqliteFailure(db_, path_.string());
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, &sqlite3_finalize);
  for (size_t i = 0; i < params.size(); ++i) sqlite3_bind_int64(raw, static_cast<int>(i + 1), params[i]);
  SqlRows rows;
  for (;;) {
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return SqliteFailure(db_, path_.string());
    std::vector<std::string> row;
    int n = sqlite3_column_count(raw);
    for (int c = 0; c < n; ++c) {
      const void* data = sqlite3_column_blob(raw, c);
      int len = sqlite3_column_bytes(raw, c);
      row.emplace_back(data ? std::string(static_cast<const char*>(data), static_cast<size_t>(len)) : std::string());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<int> SqliteCopy::UserVersion() {
  YG_ASSIGN_OR_RETURN(SqlRows rows, Query("PRAGMA user_version"));
  if (rows.empty() || rows[0].empty()) return 0;
  return std::stoi(rows[0][0]);
}

Result<std::vector<std::string>> SqliteCopy::IntegrityCheck() {
  auto rows = Query("PRAGMA integrity_check");
  if (!rows.ok()) return std::vector<std::string>{rows.status().message()};
  std::vector<std::string> problems;
  for (const auto& row : *rows) {
    if (!row.empty() && row[0] != "ok") problems.push_back(row[0]);
  }
  return problems;
}

Result<bool> SqliteCopy::HasTable(const std::string& name) {
  sqlite3_stmt* raw = nullptr;
  const char* sql = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1";
  if (sqlite3_prepare_v2(db_, sql, -1, &raw, nullptr) != SQLITE_OK) return SqliteFailure(db_, path_.string());
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, &sqlite3_finalize);
  sqlite3_bind_text(raw, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(raw);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteFailure(db_, path_.string());
  return rc == SQLITE_ROW;
}

Status OnlineCopy(const std::filesystem::path& source, const std::filesystem::path& dest) {
  Handle src, dst;
  if (sqlite3_open_v2(source.c_str(), &src.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return SqliteFailure(src.db, "cannot open " + source.string());
  }
  sqlite3_busy_timeout(src.db, 30000);
  if (sqlite3_open_v2(dest.c_str(), &dst.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    return SqliteFailure(dst.db, "cannot create " + dest.string());
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst.db, "main", src.db, "main");
  if (!backup) return SqliteFailure(dst.db, "cannot start copying " + source.string());
  // All pages in one step, inside one read transaction of the source: with
  // WAL, writers go on meanwhile and the copy is the database as of the
  // step's start. (Copying in slices would restart after every write from
  // another process, and might never finish under a steady stream of them.)
  int rc = SQLITE_OK;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_DONE) break;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    break;
  }
  int finish = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    std::string message = sqlite3_errstr(rc);
    return IoError("backup.sqlite", "copying " + source.string() + " failed: " + message);
  }
  if (finish != SQLITE_OK) return SqliteFailure(dst.db, "copying " + source.string() + " failed");
  // The copy carries the source's WAL flag; make it one self-contained file
  // that read-only tools can open.
  char* err = nullptr;
  if (sqlite3_exec(dst.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return IoError("backup.sqlite", "cannot finish the copy of " + source.string() + ": " + message);
  }
  if (sqlite3_close_v2(dst.db) != SQLITE_OK) return SqliteFailure(dst.db, "cannot close " + dest.string());
  dst.db = nullptr;
  return Status::Ok();
}

}  // namespace yungu::backup
