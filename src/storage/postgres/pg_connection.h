// Thin RAII wrappers over libpq that turn PostgreSQL errors into Status.
//
// Every statement is sent with its parameters apart from the SQL text
// (PQexecParams), in text form: user values never become SQL.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/core/value.h"

namespace yungu::storage::pg {

// The parameters of one statement, $1..$n in the order added. Their types
// are left to the server to infer from where they are used.
class Params {
 public:
  Params() = default;
  Params& Text(std::string_view v);
  Params& Int(int64_t v);
  Params& Double(double v);
  Params& Bool(bool v);
  Params& Null();
  // A typed cell: integers, decimals and booleans as SQL literals, dates and
  // text as text, null as NULL.
  Params& Cell(const Value& v);
  // A text[] array of `items`.
  Params& TextArray(const std::vector<std::string>& items);
  // The placeholder of the value added last, e.g. "$3".
  std::string Last() const { return "$" + std::to_string(values_.size()); }
  int size() const { return static_cast<int>(values_.size()); }

  // For libpq: pointers valid while this object is unchanged.
  std::vector<const char*> Pointers() const;
  std::vector<int> Lengths() const;

 private:
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
};

// One statement's result.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* res) : res_(res, &PQclear) {}

  int rows() const { return res_ ? PQntuples(res_.get()) : 0; }
  int columns() const { return res_ ? PQnfields(res_.get()) : 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
  std::string_view View(int row, int col) const {
    return {PQgetvalue(res_.get(), row, col), static_cast<size_t>(PQgetlength(res_.get(), row, col))};
  }
  std::string Text(int row, int col) const { return std::string(View(row, col)); }
  int64_t Int(int row, int col) const;
  double Double(int row, int col) const;
  bool Bool(int row, int col) const { return !IsNull(row, col) && View(row, col) == "t"; }
  // Rows changed by an INSERT/UPDATE/DELETE.
  int64_t Affected() const;
  // A cell read as a column of `type` (null when SQL NULL).
  Value Cell(int row, int col, ColumnType type) const;
  // Same, into `out`, reusing its text buffer when it already holds text.
  void ReadCell(int row, int col, ColumnType type, Value& out) const;

 private:
  std::shared_ptr<PGresult> res_;
};

class PgConnection {
 public:
  // Connects with a libpq connection string or postgresql:// URI.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // One statement, with parameters.
  Result<PgResult> Exec(std::string_view sql, const Params& params = {});
  // One or more statements without parameters (schema changes, BEGIN...).
  Status Script(std::string_view sql);
  // Several statements sent together and answered in one round trip (libpq
  // pipeline mode); `params` belong to statement `params_of`. Returns that
  // statement's result, or the first failure; a transaction the statements
  // left open after a failure is rolled back. For short reads such as
  // BEGIN READ ONLY; SET LOCAL ...; SELECT ...; COMMIT, which would
  // otherwise wait on three round trips.
  Result<PgResult> ExecPipelined(const std::vector<std::string>& statements, size_t params_of,
                                 const Params& params);

  // COPY ... FROM STDIN: start it, send data in any chunks, finish it.
  Status CopyIn(std::string_view copy_sql);
  Status CopyData(std::string_view data);
  Status CopyEnd();

  // False once the server connection was lost; such a connection is not
  // handed out again.
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // True while a transaction or a failed transaction is open.
  bool in_transaction() const;
  PGconn* raw() const { return conn_; }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

// Maps a failed result (its SQLSTATE) to a Status: unique or foreign-key
// violation -> kConflict, serialization failure/deadlock -> kResourceExhausted
// "storage.busy", statement timeout/cancel -> kTimeout, lost connection ->
// kIoError "storage.unavailable", else kInternal.
Status PgError(const PGresult* res, PGconn* conn, std::string_view context);

// Quotes an identifier for SQL text ("name" with doubled quotes).
std::string QuoteIdent(std::string_view ident);

// Escapes `text` for COPY's text format (tab, newline, CR, backslash).
// Returns false, with `out` partly written, at a U+0000, which PostgreSQL
// text cannot hold.
bool AppendCopyText(std::string& out, std::string_view text);
// One cell in COPY text format (\N for null); false as AppendCopyText.
bool AppendCopyCell(std::string& out, const Value& v);

}  // namespace yungu::storage::pg
