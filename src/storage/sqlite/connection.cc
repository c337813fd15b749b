#include "storage/sqlite/connection.h"

namespace yungu::storage::sqlite {

void WriteGate::Lock() {
  std::unique_lock lock(mu_);
  uint64_t ticket = next_ticket_++;
  cv_.wait(lock, [&] { return serving_ == ticket; });
}

void WriteGate::Unlock() {
  {
    std::lock_guard lock(mu_);
    ++serving_;
  }
  cv_.notify_all();
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Release();
    db_ = other.db_;
    stmt_ = other.stmt_;
    cached_ = other.cached_;
    other.stmt_ = nullptr;
  }
  return *this;
}

void Statement::Release() {
  if (!stmt_) return;
  if (cached_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

namespace {

struct Binder {
  sqlite3_stmt* s;
  int i;
  sqlite3_destructor_type lifetime;
  void operator()(std::monostate) const { sqlite3_bind_null(s, i); }
  void operator()(int64_t v) const { sqlite3_bind_int64(s, i, v); }
  void operator()(double v) const { sqlite3_bind_double(s, i, v); }
  void operator()(bool v) const { sqlite3_bind_int64(s, i, v ? 1 : 0); }
  void operator()(const Date& v) const { Text(v.iso); }
  void operator()(const DateTime& v) const { Text(v.iso); }
  void operator()(const std::string& v) const { Text(v); }
  void Text(const std::string& v) const {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), lifetime);
  }
};

}  // namespace

void Statement::Bind(int index, const Value& value) {
  std::visit(Binder{stmt_, index, SQLITE_TRANSIENT}, value);
}

void Statement::BindNoCopy(int index, const Value& value) {
  std::visit(Binder{stmt_, index, SQLITE_STATIC}, value);
}

void Statement::BindText(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void Statement::BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "step");
}

Status Statement::Run() {
  for (;;) {
    auto more = Step();
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::ColumnText(int i) const {
  const unsigned char* text = sqlite3_column_text(stmt_, i);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, i));
}

Value Statement::ColumnValue(int i, ColumnType type) const {
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_NULL: return std::monostate{};
    case SQLITE_INTEGER: {
      int64_t v = sqlite3_column_int64(stmt_, i);
      if (type == ColumnType::kBoolean) return v != 0;
      if (type == ColumnType::kDecimal) return static_cast<double>(v);
      if (type == ColumnType::kText) return std::to_string(v);
      return v;
    }
    case SQLITE_FLOAT: {
      double d = sqlite3_column_double(stmt_, i);
      if (type == ColumnType::kText) return ValueToText(d);
      return d;
    }
    default: {
      std::string text = ColumnText(i);
      if (type == ColumnType::kDate) return Date{std::move(text)};
      if (type == ColumnType::kDateTime) return DateTime{std::move(text)};
      return text;
    }
  }
}

void Statement::ReadColumn(int i, ColumnType type, Value& out) const {
  bool textual = type == ColumnType::kText || type == ColumnType::kDate || type == ColumnType::kDateTime;
  if (textual && sqlite3_column_type(stmt_, i) == SQLITE_TEXT) {
    const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    size_t size = static_cast<size_t>(sqlite3_column_bytes(stmt_, i));
    // Reuse the buffer the cell held for the previous row when it is of the
    // same kind.
    if (type == ColumnType::kText) {
      if (auto* s = std::get_if<std::string>(&out)) return s->assign(text, size), void();
      out.emplace<std::string>(text, size);
    } else if (type == ColumnType::kDate) {
      if (auto* d = std::get_if<Date>(&out)) return d->iso.assign(text, size), void();
      out.emplace<Date>(Date{std::string(text, size)});
    } else {
      if (auto* d = std::get_if<DateTime>(&out)) return d->iso.assign(text, size), void();
      out.emplace<DateTime>(DateTime{std::string(text, size)});
    }
    return;
  }
  out = ColumnValue(i, type);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::filesystem::path& path,
                                                      bool read_only) {
  // Memory statistics take a global mutex on every allocation, which all
  // server threads would contend for; nothing here reads them. Only
  // possible before SQLite initialises, hence once, before the first open.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = IoError("storage.open_failed", "cannot open " + path.string() + ": " +
                                                   (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return st;
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  YG_RETURN_IF_ERROR(RegisterSearchTokenizer(db));
  // WAL lets readers run beside one writer; NORMAL sync is durable across
  // process crashes and loses at most the last commits on power loss.
  if (!read_only) YG_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL"));
  // Temporary data (the sorter of a GROUP BY or ORDER BY over millions of
  // rows, upsert staging) goes to temporary files, which the OS caches: held
  // in memory, one aggregate over 10M rows took 1.3 GiB of the server's heap.
  YG_RETURN_IF_ERROR(conn->Exec(
      "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=FILE;"
      "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::PrepareCached(const std::string& sql) {
  constexpr size_t kMaxCachedStatements = 256;
  if (auto it = cache_.find(sql); it != cache_.end()) return Statement(db_, it->second, true);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
  if (cache_.size() >= kMaxCachedStatements) {
    for (auto& [text, old] : cache_) sqlite3_finalize(old);
    cache_.clear();
  }
  cache_.emplace(sql, stmt);
  return Statement(db_, stmt, true);
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
  return Statement(db_, stmt);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "exec");
  return Status::Ok();
}

Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string message = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(Code::kResourceExhausted, "storage.busy", message);
    case SQLITE_CONSTRAINT:
      return Status(Code::kConflict, "storage.constraint", message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Corruption("storage.corrupt", message);
    case SQLITE_FULL:
      return IoError("storage.disk_full", message);
    case SQLITE_TOOBIG:
      return PayloadTooLarge("storage.too_big", message);
    case SQLITE_INTERRUPT:
      return Status(Code::kTimeout, "query.timeout", "the query ran past its time limit; narrow it with filters");
    case SQLITE_ERROR:
      return Internal("storage.sql_error", message);
    default:
      return IoError("storage.io_error", message);
  }
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

}  // namespace yungu::storage::sqlite
