#include "storage/postgres/pg_connection.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace yungu::storage::pg {

// ---- Params ----

Params& Params::Text(std::string_view v) {
  values_.emplace_back(v);
  nulls_.push_back(false);
  return *this;
}

Params& Params::Int(int64_t v) { return Text(std::to_string(v)); }

Params& Params::Double(double v) { return Text(ValueToText(v)); }

Params& Params::Bool(bool v) { return Text(v ? "t" : "f"); }

Params& Params::Null() {
  values_.emplace_back();
  nulls_.push_back(true);
  return *this;
}

Params& Params::Cell(const Value& v) {
  if (IsNull(v)) return Null();
  if (const auto* b = std::get_if<bool>(&v)) return Bool(*b);
  return Text(ValueToText(v));
}

Params& Params::TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return Text(out);
}

std::vector<const char*> Params::Pointers() const {
  std::vector<const char*> out(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) out[i] = nulls_[i] ? nullptr : values_[i].c_str();
  return out;
}

std::vector<int> Params::Lengths() const {
  std::vector<int> out(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) out[i] = static_cast<int>(values_[i].size());
  return out;
}

// ---- PgResult ----

int64_t PgResult::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  std::string_view v = View(row, col);
  int64_t out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size()) {
    // numeric results (sum of bigint) may carry a fraction; truncate.
    return static_cast<int64_t>(std::strtod(std::string(v).c_str(), nullptr));
  }
  return out;
}

double PgResult::Double(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtod(PQgetvalue(res_.get(), row, col), nullptr);
}

int64_t PgResult::Affected() const {
  const char* n = res_ ? PQcmdTuples(res_.get()) : "";
  return *n ? std::strtoll(n, nullptr, 10) : 0;
}

Value PgResult::Cell(int row, int col, ColumnType type) const {
  Value out;
  ReadCell(row, col, type, out);
  return out;
}

void PgResult::ReadCell(int row, int col, ColumnType type, Value& out) const {
  if (IsNull(row, col)) {
    out = std::monostate{};
    return;
  }
  std::string_view v = View(row, col);
  switch (type) {
    case ColumnType::kInteger: {
      int64_t i = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
      if (ec == std::errc() && end == v.data() + v.size()) {
        out = i;
      } else {
        out = std::strtod(std::string(v).c_str(), nullptr);  // e.g. an avg
      }
      return;
    }
    case ColumnType::kDecimal: out = std::strtod(PQgetvalue(res_.get(), row, col), nullptr); return;
    case ColumnType::kBoolean: out = (v == "t" || v == "true" || v == "1"); return;
    case ColumnType::kDate:
      if (auto* d = std::get_if<Date>(&out)) return d->iso.assign(v), void();
      out.emplace<Date>(Date{std::string(v)});
      return;
    case ColumnType::kDateTime:
      if (auto* d = std::get_if<DateTime>(&out)) return d->iso.assign(v), void();
      out.emplace<DateTime>(DateTime{std::string(v)});
      return;
    case ColumnType::kText:
      if (auto* s = std::get_if<std::string>(&out)) return s->assign(v), void();
      out.emplace<std::string>(v);
      return;
  }
}

// ---- PgConnection ----

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo) {
  // Defaults the URL may override: a bounded wait for an unreachable host,
  // and a name operators see in pg_stat_activity.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "yungu", conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (!conn) return IoError("storage.unavailable", "cannot allocate a PostgreSQL connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    PQfinish(conn);
    return IoError("storage.unavailable", "cannot connect to PostgreSQL: " + message);
  }
  std::unique_ptr<PgConnection> out(new PgConnection(conn));
  // Fixed session settings the SQL relies on: UTC times, shortest exact
  // float text, no notices in the log.
  YG_RETURN_IF_ERROR(out->Script("SET TIME ZONE 'UTC'; SET extra_float_digits = 1; "
                                 "SET client_min_messages = warning"));
  return out;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::in_transaction() const {
  PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

Result<PgResult> PgConnection::Exec(std::string_view sql, const Params& params) {
  std::string text(sql);
  auto values = params.Pointers();
  auto lengths = params.Lengths();
  PGresult* res = PQexecParams(conn_, text.c_str(), params.size(), nullptr, values.data(), lengths.data(), nullptr, 0);
  ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return PgResult(res);
  Status error = PgError(res, conn_, "exec");
  PQclear(res);
  return error;
}

Result<PgResult> PgConnection::ExecPipelined(const std::vector<std::string>& statements, size_t params_of,
                                             const Params& params) {
  if (PQenterPipelineMode(conn_) != 1) return PgError(nullptr, conn_, "pipeline");
  auto values = params.Pointers();
  auto lengths = params.Lengths();
  size_t sent = 0;
  for (const auto& sql : statements) {
    bool with_params = sent == params_of;
    if (PQsendQueryParams(conn_, sql.c_str(), with_params ? params.size() : 0, nullptr,
                          with_params ? values.data() : nullptr, with_params ? lengths.data() : nullptr, nullptr,
                          0) != 1) {
      break;
    }
    ++sent;
  }
  Status error = Status::Ok();
  if (sent < statements.size()) error = PgError(nullptr, conn_, "pipeline");
  bool synced = PQpipelineSync(conn_) == 1;
  if (!synced && error.ok()) error = PgError(nullptr, conn_, "pipeline");
  PgResult wanted;
  // Each statement's results end with a null; a statement after a failed
  // one reports PGRES_PIPELINE_ABORTED.
  for (size_t i = 0; i < sent; ++i) {
    while (PGresult* res = PQgetResult(conn_)) {
      ExecStatusType st = PQresultStatus(res);
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        if (i == params_of) {
          wanted = PgResult(res);
          continue;
        }
      } else if (st != PGRES_PIPELINE_ABORTED && error.ok()) {
        error = PgError(res, conn_, "exec");
      }
      PQclear(res);
    }
  }
  if (synced) {
    while (PGresult* res = PQgetResult(conn_)) {
      bool done = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
      PQclear(res);
      if (done) break;
    }
  }
  if (PQexitPipelineMode(conn_) != 1 && error.ok()) error = PgError(nullptr, conn_, "pipeline");
  if (!error.ok()) {
    if (in_transaction()) (void)Script("ROLLBACK");
    return error;
  }
  return wanted;
}

Status PgConnection::Script(std::string_view sql) {
  std::string text(sql);
  PGresult* res = PQexec(conn_, text.c_str());
  ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  Status out = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? Status::Ok() : PgError(res, conn_, "exec");
  PQclear(res);
  return out;
}

Status PgConnection::CopyIn(std::string_view copy_sql) {
  std::string text(copy_sql);
  PGresult* res = PQexec(conn_, text.c_str());
  ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  Status out = st == PGRES_COPY_IN ? Status::Ok() : PgError(res, conn_, "copy");
  PQclear(res);
  return out;
}

Status PgConnection::CopyData(std::string_view data) {
  if (data.empty()) return Status::Ok();
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
    return IoError("storage.unavailable", std::string("copy: ") + PQerrorMessage(conn_));
  }
  return Status::Ok();
}

Status PgConnection::CopyEnd() {
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    return IoError("storage.unavailable", std::string("copy: ") + PQerrorMessage(conn_));
  }
  Status out = Status::Ok();
  // The COPY's own result, then the end of results.
  while (PGresult* res = PQgetResult(conn_)) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && out.ok()) out = PgError(res, conn_, "copy");
    PQclear(res);
  }
  return out;
}

Status PgError(const PGresult* res, PGconn* conn, std::string_view context) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = std::string(context) + ": " + (primary ? primary : PQerrorMessage(conn));
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::string code = state ? state : "";
  if (PQstatus(conn) != CONNECTION_OK || code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0) {
    return IoError("storage.unavailable", message);
  }
  if (code == "23505" || code == "23503" || code == "23514" || code == "23502") {
    return Status(Code::kConflict, "storage.constraint", message);
  }
  if (code == "40001" || code == "40P01" || code == "55P03") {
    return Status(Code::kResourceExhausted, "storage.busy", message);
  }
  if (code == "57014") {
    return Status(Code::kTimeout, "query.timeout", "the query ran past its time limit; narrow it with filters");
  }
  if (code == "53100") return IoError("storage.disk_full", message);
  if (code == "54000" || code == "54001") return PayloadTooLarge("storage.too_big", message);
  if (code == "XX001" || code == "XX002") return Corruption("storage.corrupt", message);
  if (code == "25006") return FailedPrecondition("storage.read_only", message);
  return Internal("storage.sql_error", message + (code.empty() ? "" : " [" + code + "]"));
}

std::string QuoteIdent(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool AppendCopyText(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\0': return false;
      default: out += c;
    }
  }
  return true;
}

bool AppendCopyCell(std::string& out, const Value& v) {
  if (IsNull(v)) {
    out += "\\N";
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    return AppendCopyText(out, *s);
  } else if (const auto* d = std::get_if<Date>(&v)) {
    return AppendCopyText(out, d->iso);
  } else if (const auto* t = std::get_if<DateTime>(&v)) {
    return AppendCopyText(out, t->iso);
  } else if (const auto* b = std::get_if<bool>(&v)) {
    out += *b ? 't' : 'f';
  } else {
    out += ValueToText(v);
  }
  return true;
}

}  // namespace yungu::storage::pg
