// Thin RAII wrappers over sqlite3 handles that turn SQLite errors into Status.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include "yungu/core/result.h"
#include "yungu/core/value.h"

namespace yungu::storage::sqlite {

class Statement {
 public:
  Statement() = default;
  // A statement from a connection's cache is reset, not finalized, when done.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool cached = false)
      : db_(db), stmt_(stmt), cached_(cached) {}
  ~Statement() { Release(); }
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(other.stmt_), cached_(other.cached_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding: index is 1-based, as in SQLite.
  void Bind(int index, const Value& value);
  // Binds without copying text: `value` must outlive the next Step().
  void BindNoCopy(int index, const Value& value);
  void BindText(int index, std::string_view text);
  void BindInt(int index, int64_t value);

  // Steps once: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  void Reset();
  // Resets for another execution, keeping bindings (all are rebound anyway).
  void Rewind() { sqlite3_reset(stmt_); }

  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  std::string ColumnText(int i) const;
  int64_t ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  // Reads a column as the given declared type (dates come back tagged).
  Value ColumnValue(int i, ColumnType type) const;
  // Same, into `out`, reusing its text buffer when it already holds text
  // (the read loop of queries allocates nothing per cell in steady state).
  void ReadColumn(int i, ColumnType type, Value& out) const;

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  void Release();

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  bool cached_ = false;
};

// Serialises the write transactions of one process in arrival order.
// SQLite admits one writer at a time and makes the others poll; a long
// ingest committing batch after batch would win every race, so in-process
// writers queue here instead, first come first served.
class WriteGate {
 public:
  void Lock();
  void Unlock();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t next_ticket_ = 0;
  uint64_t serving_ = 0;
};

class Connection {
 public:
  // Opens (creating if needed) the database at `path` in WAL mode with the
  // project's pragmas and the search tokenizer registered.
  static Result<std::unique_ptr<Connection>> Open(const std::filesystem::path& path, bool read_only);
  ~Connection();

  Result<Statement> Prepare(std::string_view sql);
  // Like Prepare, but keeps the compiled statement for the next caller with
  // the same SQL text. For the hot read paths; the cache is bounded.
  Result<Statement> PrepareCached(const std::string& sql);
  Status Exec(std::string_view sql);  // one or more statements, no results
  int64_t Changes() const { return sqlite3_changes64(db_); }
  // The gate that write transactions on this connection queue at (may be null).
  WriteGate* write_gate() const { return gate_; }
  void set_write_gate(WriteGate* gate) { gate_ = gate; }
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  WriteGate* gate_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Maps the last error of `db` to a Status (busy -> kResourceExhausted,
// constraint -> kConflict, corruption -> kCorruption, else kIoError).
Status SqliteError(sqlite3* db, int rc, std::string_view context);

// Registers the FTS5 tokenizer "yungu" (see core/search_tokens.h).
Status RegisterSearchTokenizer(sqlite3* db);

// Quotes an identifier for SQL text ("name" with doubled quotes).
std::string QuoteIdent(std::string_view ident);

}  // namespace yungu::storage::sqlite
