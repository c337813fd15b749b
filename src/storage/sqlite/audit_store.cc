#include "storage/sqlite/audit_store.h"

#include <algorithm>
#include <string>
#include <vector>

namespace yungu::storage {

Result<std::unique_ptr<AuditStore>> OpenSqliteAuditStore(const std::filesystem::path& path,
                                                         const AuditStoreOptions& options) {
  std::error_code ec;
  if (!options.create && !std::filesystem::exists(path, ec)) {
    return NotFound("audit.no_log", "there is no audit log at " + path.string());
  }
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return IoError("audit.data_dir", "cannot create " + path.parent_path().string() + ": " + ec.message());
  }
  auto store = std::make_unique<sqlite::SqliteAuditStore>(path);
  YG_RETURN_IF_ERROR(store->Init(options));
  return std::unique_ptr<AuditStore>(std::move(store));
}

}  // namespace yungu::storage

namespace yungu::storage::sqlite {
namespace {

// Migration N takes the audit schema from version N-1 to N (PRAGMA
// user_version of audit.db, independent of yungu.db's). Never edit a
// released migration; add a new one.
const std::vector<const char*>& AuditMigrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: entries, search columns, Merkle nodes, tree heads, alerts.
      R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries (
  idx INTEGER PRIMARY KEY,    -- position in the log, from 0
  entry BLOB NOT NULL,        -- canonical bytes; the leaf is SHA-256(0x00 || entry)
  leaf_hash BLOB NOT NULL,
  time TEXT NOT NULL,         -- never decreases with idx: time ranges are found by bisection
  user_id TEXT NOT NULL,
  department TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  action TEXT NOT NULL,
  category TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX entries_user ON entries(user_id) WHERE user_id <> '';
CREATE INDEX entries_department ON entries(department) WHERE department <> '';
CREATE INDEX entries_dataset ON entries(dataset_id) WHERE dataset_id <> '';
CREATE INDEX entries_action ON entries(action);
CREATE INDEX entries_category ON entries(category);
CREATE INDEX entries_outcome ON entries(outcome) WHERE outcome <> 'ok';
CREATE TABLE entry_fields (
  field TEXT NOT NULL,
  idx INTEGER NOT NULL,
  PRIMARY KEY (field, idx)
) WITHOUT ROWID;
-- Hashes of complete subtrees at the stored levels (see meta.node_stride).
CREATE TABLE nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE tree_heads (
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  timestamp_us INTEGER NOT NULL,
  root BLOB NOT NULL,
  signature BLOB NOT NULL
);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  department TEXT NOT NULL,
  day TEXT NOT NULL,
  count INTEGER NOT NULL,
  threshold INTEGER NOT NULL,
  time TEXT NOT NULL,
  entry_index INTEGER NOT NULL,
  trigger_index INTEGER NOT NULL,
  UNIQUE (kind, user_id, day)
);
-- Append-only: nothing in Yungu updates or deletes these rows.
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER nodes_no_update BEFORE UPDATE ON nodes BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER nodes_no_delete BEFORE DELETE ON nodes BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER heads_no_update BEFORE UPDATE ON tree_heads BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER heads_no_delete BEFORE DELETE ON tree_heads BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql",
  };
  return kMigrations;
}

void BindBlob(Statement& stmt, int index, const std::string& bytes) {
  sqlite3_bind_blob(stmt.raw(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

constexpr const char* kEntryColumns =
    "e.idx, e.entry, e.leaf_hash, e.time, e.user_id, e.department, e.dataset_id, e.action, e.category, e.outcome";

AuditEntryRecord ReadEntry(Statement& stmt) {
  AuditEntryRecord r;
  r.index = stmt.ColumnInt(0);
  r.bytes = ColumnBlob(stmt, 1);
  r.leaf_hash = ColumnBlob(stmt, 2);
  r.time = stmt.ColumnText(3);
  r.user_id = stmt.ColumnText(4);
  r.department = stmt.ColumnText(5);
  r.dataset_id = stmt.ColumnText(6);
  r.action = stmt.ColumnText(7);
  r.category = stmt.ColumnText(8);
  r.outcome = stmt.ColumnText(9);
  return r;
}

constexpr const char* kHeadColumns = "id, size, timestamp_us, root, signature";

TreeHeadRecord ReadHead(Statement& stmt) {
  TreeHeadRecord h;
  h.id = stmt.ColumnInt(0);
  h.size = stmt.ColumnInt(1);
  h.timestamp_us = stmt.ColumnInt(2);
  h.root = ColumnBlob(stmt, 3);
  h.signature = ColumnBlob(stmt, 4);
  return h;
}

Result<std::vector<TreeHeadRecord>> ReadHeads(Statement& stmt) {
  std::vector<TreeHeadRecord> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(ReadHead(stmt));
  }
  return out;
}

// Rows of one statement, pulled one at a time.
class EntryScan final : public AuditScan<AuditEntryRecord> {
 public:
  explicit EntryScan(Statement stmt) : stmt_(std::move(stmt)) {}
  Result<bool> Next(AuditEntryRecord& row) override {
    YG_ASSIGN_OR_RETURN(bool more, stmt_.Step());
    if (!more) return false;
    row.index = stmt_.ColumnInt(0);
    row.bytes.assign(static_cast<const char*>(sqlite3_column_blob(stmt_.raw(), 1)),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_.raw(), 1)));
    row.leaf_hash.assign(static_cast<const char*>(sqlite3_column_blob(stmt_.raw(), 2)),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_.raw(), 2)));
    return true;
  }

 private:
  Statement stmt_;
};

class NodeScan final : public AuditScan<AuditNodeRecord> {
 public:
  NodeScan(Statement stmt, int level) : stmt_(std::move(stmt)), level_(level) {}
  Result<bool> Next(AuditNodeRecord& row) override {
    YG_ASSIGN_OR_RETURN(bool more, stmt_.Step());
    if (!more) return false;
    row.level = level_;
    row.index = stmt_.ColumnInt(0);
    row.hash = ColumnBlob(stmt_, 1);
    return true;
  }

 private:
  Statement stmt_;
  int level_;
};

// A read transaction held open on its own connection for its whole life.
class SqliteAuditSnapshot final : public AuditSnapshot {
 public:
  explicit SqliteAuditSnapshot(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  ~SqliteAuditSnapshot() override {
    if (open_) (void)conn_->Exec("COMMIT");
  }
  Status Begin() {
    // One pass over everything: a small cache and no memory map keep the
    // process's memory flat however large the log is.
    YG_RETURN_IF_ERROR(conn_->Exec("PRAGMA mmap_size=0; PRAGMA cache_size=-4096"));
    YG_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
    open_ = true;
    // The first read fixes the snapshot.
    return conn_->Exec("SELECT count(*) FROM tree_heads");
  }

  Result<std::unique_ptr<AuditScan<AuditEntryRecord>>> ScanEntries() override {
    YG_ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT idx, entry, leaf_hash FROM entries ORDER BY idx"));
    return std::unique_ptr<AuditScan<AuditEntryRecord>>(new EntryScan(std::move(stmt)));
  }
  Result<std::unique_ptr<AuditScan<AuditNodeRecord>>> ScanNodes(int level) override {
    YG_ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT idx, hash FROM nodes WHERE level = ?1 ORDER BY idx"));
    stmt.BindInt(1, level);
    return std::unique_ptr<AuditScan<AuditNodeRecord>>(new NodeScan(std::move(stmt), level));
  }
  Result<std::vector<int>> StoredNodeLevels() override {
    YG_ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT DISTINCT level FROM nodes ORDER BY level"));
    std::vector<int> levels;
    for (;;) {
      YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      levels.push_back(static_cast<int>(stmt.ColumnInt(0)));
    }
    return levels;
  }
  Result<std::vector<TreeHeadRecord>> AllTreeHeads() override {
    YG_ASSIGN_OR_RETURN(Statement stmt,
                        conn_->Prepare(std::string("SELECT ") + kHeadColumns + " FROM tree_heads ORDER BY id"));
    return ReadHeads(stmt);
  }

 private:
  std::unique_ptr<Connection> conn_;
  bool open_ = false;
};

// The first index whose time is at or after `time` (the size when none is):
// a bisection over the log, one indexed lookup per step.
Result<int64_t> FirstIndexAtOrAfter(Connection& conn, const std::string& time) {
  YG_ASSIGN_OR_RETURN(Statement size_stmt, conn.PrepareCached("SELECT max(idx) FROM entries"));
  YG_ASSIGN_OR_RETURN(bool has, size_stmt.Step());
  int64_t hi = has && sqlite3_column_type(size_stmt.raw(), 0) != SQLITE_NULL ? size_stmt.ColumnInt(0) + 1 : 0;
  size_stmt.Reset();
  YG_ASSIGN_OR_RETURN(Statement probe,
                      conn.PrepareCached("SELECT time FROM entries WHERE idx >= ?1 ORDER BY idx LIMIT 1"));
  int64_t lo = 0;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    probe.BindInt(1, mid);
    YG_ASSIGN_OR_RETURN(bool row, probe.Step());
    bool before = row && probe.ColumnText(0) < time;
    probe.Reset();
    if (before) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

std::string ColumnBlob(Statement& stmt, int i) {
  const void* data = sqlite3_column_blob(stmt.raw(), i);
  if (!data) return {};
  return std::string(static_cast<const char*>(data), static_cast<size_t>(sqlite3_column_bytes(stmt.raw(), i)));
}

Status SqliteAuditStore::Init(const AuditStoreOptions& options) {
  YG_ASSIGN_OR_RETURN(writer_, Connection::Open(path_, false));
  // Every commit reaches the disk before the writer reports it durable.
  YG_RETURN_IF_ERROR(writer_->Exec("PRAGMA synchronous=FULL"));
  // Replaces SQLite's automatic checkpoint on the writing thread.
  sqlite3_wal_hook(writer_->raw(), &SqliteAuditStore::OnWalCommit, this);
  YG_RETURN_IF_ERROR(Migrate());
  YG_ASSIGN_OR_RETURN(Statement get, writer_->Prepare("SELECT value FROM meta WHERE key = 'node_stride'"));
  YG_ASSIGN_OR_RETURN(bool found, get.Step());
  if (found) {
    node_stride_ = static_cast<int>(get.ColumnInt(0));
  } else {
    if (options.node_stride < 1 || options.node_stride > 8) {
      return InvalidArgument("audit.bad_node_stride", "the node stride must be 1-8");
    }
    node_stride_ = options.node_stride;
    YG_ASSIGN_OR_RETURN(Statement put, writer_->Prepare("INSERT INTO meta (key, value) VALUES ('node_stride', ?1)"));
    put.BindText(1, std::to_string(node_stride_));
    YG_RETURN_IF_ERROR(put.Run());
  }
  if (node_stride_ < 1 || node_stride_ > 8) return Corruption("audit.bad_meta", "the stored node stride is invalid");
  return Status::Ok();
}

SqliteAuditStore::~SqliteAuditStore() {
  {
    std::lock_guard lock(checkpoint_mu_);
    stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
}

// Keeps the WAL near 64 MiB without the writer copying it back itself: a
// background thread checkpoints what is there while the writer goes on.
// SQLite restarts the WAL only once every frame is in the database, so when
// a background round has left just a short tail, the writer copies that tail
// itself right after a commit, and the next transaction starts the WAL anew.
int SqliteAuditStore::OnWalCommit(void* self, sqlite3* db, const char*, int pages) {
  constexpr int kCheckpointPages = 16384;
  constexpr int kTailPages = kCheckpointPages / 16;
  auto* store = static_cast<SqliteAuditStore*>(self);
  if (pages < kCheckpointPages) return SQLITE_OK;
  std::unique_lock lock(store->checkpoint_mu_);
  if (store->checkpoint_running_ || store->stopping_) return SQLITE_OK;
  if (store->checkpointed_pages_ > 0 && pages - store->checkpointed_pages_ <= kTailPages) {
    store->checkpointed_pages_ = 0;
    lock.unlock();
    (void)sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  if (!store->checkpointer_.joinable()) {
    store->checkpointer_ = std::thread([store] { store->CheckpointLoop(); });
  }
  store->checkpoint_running_ = true;
  store->checkpoint_cv_.notify_one();
  return SQLITE_OK;
}

void SqliteAuditStore::CheckpointLoop() {
  auto conn = Connection::Open(path_, false);
  std::unique_lock lock(checkpoint_mu_);
  for (;;) {
    checkpoint_cv_.wait(lock, [&] { return checkpoint_running_ || stopping_; });
    if (stopping_) return;
    lock.unlock();
    int done = 0;
    if (conn.ok()) {
      int rc = sqlite3_wal_checkpoint_v2((*conn)->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, &done);
      if (rc != SQLITE_OK) done = 0;
    }
    lock.lock();
    checkpointed_pages_ = done;
    checkpoint_running_ = false;
  }
}

Status SqliteAuditStore::Migrate() {
  YG_ASSIGN_OR_RETURN(Statement get, writer_->Prepare("PRAGMA user_version"));
  YG_ASSIGN_OR_RETURN(bool has_row, get.Step());
  int current = has_row ? static_cast<int>(get.ColumnInt(0)) : 0;
  get = Statement();
  const auto& migrations = AuditMigrations();
  if (current > static_cast<int>(migrations.size())) {
    return FailedPrecondition("audit.schema_too_new", "the audit log was written by a newer Yungu (schema " +
                                                          std::to_string(current) + ")");
  }
  for (int v = current + 1; v <= static_cast<int>(migrations.size()); ++v) {
    YG_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
    Status st = writer_->Exec(migrations[v - 1]);
    if (st.ok()) st = writer_->Exec("PRAGMA user_version=" + std::to_string(v));
    if (!st.ok()) {
      (void)writer_->Exec("ROLLBACK");
      return st.WithContext("audit migration " + std::to_string(v));
    }
    YG_RETURN_IF_ERROR(writer_->Exec("COMMIT"));
  }
  return Status::Ok();
}

Result<int64_t> SqliteAuditStore::Size() {
  YG_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached("SELECT max(idx) FROM entries"));
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row || sqlite3_column_type(stmt.raw(), 0) == SQLITE_NULL) return int64_t{0};
  return stmt.ColumnInt(0) + 1;
}

Status SqliteAuditStore::WriteEntries(const std::vector<AuditEntryRecord>& entries) {
  YG_ASSIGN_OR_RETURN(Statement insert,
                      writer_->PrepareCached("INSERT INTO entries (idx, entry, leaf_hash, time, user_id, department, "
                                             "dataset_id, action, category, outcome) "
                                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  YG_ASSIGN_OR_RETURN(Statement field, writer_->PrepareCached("INSERT OR IGNORE INTO entry_fields (field, idx) "
                                                              "VALUES (?1, ?2)"));
  for (const auto& e : entries) {
    insert.BindInt(1, e.index);
    sqlite3_bind_blob(insert.raw(), 2, e.bytes.data(), static_cast<int>(e.bytes.size()), SQLITE_STATIC);
    sqlite3_bind_blob(insert.raw(), 3, e.leaf_hash.data(), static_cast<int>(e.leaf_hash.size()), SQLITE_STATIC);
    insert.BindText(4, e.time);
    insert.BindText(5, e.user_id);
    insert.BindText(6, e.department);
    insert.BindText(7, e.dataset_id);
    insert.BindText(8, e.action);
    insert.BindText(9, e.category);
    insert.BindText(10, e.outcome);
    YG_RETURN_IF_ERROR(insert.Run());
    insert.Rewind();
    for (const auto& f : e.fields) {
      field.BindText(1, f);
      field.BindInt(2, e.index);
      YG_RETURN_IF_ERROR(field.Run());
      field.Rewind();
    }
  }
  return Status::Ok();
}

Status SqliteAuditStore::Append(const std::vector<AuditEntryRecord>& entries,
                                const std::vector<AuditNodeRecord>& nodes,
                                const std::vector<AuditAlertRecord>& alerts) {
  std::lock_guard lock(write_mu_);
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*writer_));
  YG_RETURN_IF_ERROR(WriteEntries(entries));
  YG_ASSIGN_OR_RETURN(Statement node,
                      writer_->PrepareCached("INSERT INTO nodes (level, idx, hash) VALUES (?1, ?2, ?3)"));
  for (const auto& n : nodes) {
    node.BindInt(1, n.level);
    node.BindInt(2, n.index);
    sqlite3_bind_blob(node.raw(), 3, n.hash.data(), static_cast<int>(n.hash.size()), SQLITE_STATIC);
    YG_RETURN_IF_ERROR(node.Run());
    node.Rewind();
  }
  if (!alerts.empty()) {
    YG_ASSIGN_OR_RETURN(Statement alert,
                        writer_->PrepareCached("INSERT INTO alerts (kind, user_id, username, department, day, count, "
                                               "threshold, time, entry_index, trigger_index) "
                                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    for (const auto& a : alerts) {
      alert.BindText(1, a.kind);
      alert.BindText(2, a.user_id);
      alert.BindText(3, a.username);
      alert.BindText(4, a.department);
      alert.BindText(5, a.day);
      alert.BindInt(6, a.count);
      alert.BindInt(7, a.threshold);
      alert.BindText(8, a.time);
      alert.BindInt(9, a.entry_index);
      alert.BindInt(10, a.trigger_index);
      YG_RETURN_IF_ERROR(alert.Run());
      alert.Rewind();
    }
  }
  return tx.Commit();
}

Result<AuditEntryRecord> SqliteAuditStore::GetEntry(int64_t index) {
  YG_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached(std::string("SELECT ") + kEntryColumns + " FROM entries e WHERE e.idx = ?1"));
  stmt.BindInt(1, index);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("audit.no_entry", "the audit log has no entry " + std::to_string(index));
  return ReadEntry(stmt);
}

Result<std::vector<AuditEntryRecord>> SqliteAuditStore::FindEntries(const AuditEntryFilter& f) {
  // A field condition drives the query from entry_fields' (field, idx) key,
  // which yields that field's entries newest first without sorting.
  std::vector<std::string> texts;
  std::string sql = std::string("SELECT ") + kEntryColumns;
  std::string order = "e.idx";
  if (!f.field.empty()) {
    texts.push_back(f.field);
    sql += " FROM entry_fields f JOIN entries e ON e.idx = f.idx WHERE f.field = ?1";
    order = "f.idx";
  } else {
    sql += " FROM entries e WHERE 1";
  }
  auto condition = [&](const char* column, const std::string& value, const char* op, const char* partial = nullptr) {
    if (value.empty()) return;
    texts.push_back(value);
    sql += std::string(" AND e.") + column + " " + op + " ?" + std::to_string(texts.size());
    // Repeats a partial index's condition so the planner may use the index.
    if (partial) sql += std::string(" AND e.") + partial;
  };
  condition("user_id", f.user_id, "=", "user_id <> ''");
  condition("department", f.department, "=", "department <> ''");
  condition("dataset_id", f.dataset_id, "=", "dataset_id <> ''");
  condition("action", f.action, "=");
  condition("category", f.category, "=");
  condition("outcome", f.outcome, "=", f.outcome == "ok" ? nullptr : "outcome <> 'ok'");
  YG_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  // Times never decrease along the log, so a time range is an index range.
  int64_t from = 0, before = f.before;
  if (!f.since.empty()) {
    YG_ASSIGN_OR_RETURN(from, FirstIndexAtOrAfter(*conn, f.since));
  }
  if (!f.until.empty()) {
    YG_ASSIGN_OR_RETURN(int64_t end, FirstIndexAtOrAfter(*conn, f.until));
    before = before < 0 ? end : std::min(before, end);
  }
  int next_param = static_cast<int>(texts.size()) + 1;
  int from_param = next_param, before_param = next_param + 1, limit_param = next_param + 2;
  if (from > 0) sql += " AND " + order + " >= ?" + std::to_string(from_param);
  if (before >= 0) sql += " AND " + order + " < ?" + std::to_string(before_param);
  sql += " ORDER BY " + order + " DESC LIMIT ?" + std::to_string(limit_param);

  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(sql));
  for (size_t i = 0; i < texts.size(); ++i) stmt.BindText(static_cast<int>(i + 1), texts[i]);
  if (from > 0) stmt.BindInt(from_param, from);
  if (before >= 0) stmt.BindInt(before_param, before);
  stmt.BindInt(limit_param, f.limit < 0 ? 0 : f.limit);
  std::vector<AuditEntryRecord> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(ReadEntry(stmt));
  }
  return out;
}

Result<std::vector<std::string>> SqliteAuditStore::NodeHashes(int level, int64_t first, int64_t count) {
  YG_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  Result<Statement> prepared =
      level == 0 ? conn->PrepareCached("SELECT idx, leaf_hash FROM entries WHERE idx >= ?2 AND idx < ?3 ORDER BY idx")
                 : conn->PrepareCached("SELECT idx, hash FROM nodes WHERE level = ?1 AND idx >= ?2 AND idx < ?3 "
                                       "ORDER BY idx");
  if (!prepared.ok()) return prepared.status();
  Statement& stmt = *prepared;
  if (level != 0) stmt.BindInt(1, level);
  stmt.BindInt(2, first);
  stmt.BindInt(3, first + count);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(count));
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (stmt.ColumnInt(0) != first + static_cast<int64_t>(out.size())) break;
    out.push_back(ColumnBlob(stmt, 1));
  }
  if (static_cast<int64_t>(out.size()) != count) {
    return Corruption("audit.missing_node", "the audit log lacks the hash of node " +
                                                std::to_string(first + static_cast<int64_t>(out.size())) +
                                                " at level " + std::to_string(level));
  }
  return out;
}

Status SqliteAuditStore::AddTreeHead(TreeHeadRecord& head) {
  std::lock_guard lock(write_mu_);
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      writer_->PrepareCached("INSERT INTO tree_heads (size, timestamp_us, root, signature) "
                                             "VALUES (?1, ?2, ?3, ?4)"));
  stmt.BindInt(1, head.size);
  stmt.BindInt(2, head.timestamp_us);
  BindBlob(stmt, 3, head.root);
  BindBlob(stmt, 4, head.signature);
  YG_RETURN_IF_ERROR(stmt.Run());
  head.id = sqlite3_last_insert_rowid(writer_->raw());
  return Status::Ok();
}

Result<std::optional<TreeHeadRecord>> SqliteAuditStore::LatestTreeHead() {
  YG_ASSIGN_OR_RETURN(auto heads, ListTreeHeads(1, -1));
  if (heads.empty()) return std::optional<TreeHeadRecord>();
  return std::optional<TreeHeadRecord>(std::move(heads.front()));
}

Result<std::vector<TreeHeadRecord>> SqliteAuditStore::ListTreeHeads(int64_t limit, int64_t before_id) {
  YG_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kHeadColumns +
                                                          " FROM tree_heads WHERE ?1 < 0 OR id < ?1 "
                                                          "ORDER BY id DESC LIMIT ?2"));
  stmt.BindInt(1, before_id);
  stmt.BindInt(2, limit);
  return ReadHeads(stmt);
}

Result<bool> SqliteAuditStore::HasAlert(const std::string& kind, const std::string& user_id, const std::string& day) {
  YG_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("SELECT 1 FROM alerts WHERE kind = ?1 AND user_id = ?2 AND day = ?3"));
  stmt.BindText(1, kind);
  stmt.BindText(2, user_id);
  stmt.BindText(3, day);
  return stmt.Step();
}

Result<std::vector<AuditAlertRecord>> SqliteAuditStore::ListAlerts(int64_t limit, int64_t before_id) {
  YG_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("SELECT id, kind, user_id, username, department, day, count, threshold, "
                                          "time, entry_index, trigger_index FROM alerts "
                                          "WHERE ?1 < 0 OR id < ?1 ORDER BY id DESC LIMIT ?2"));
  stmt.BindInt(1, before_id);
  stmt.BindInt(2, limit);
  std::vector<AuditAlertRecord> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    AuditAlertRecord a;
    a.id = stmt.ColumnInt(0);
    a.kind = stmt.ColumnText(1);
    a.user_id = stmt.ColumnText(2);
    a.username = stmt.ColumnText(3);
    a.department = stmt.ColumnText(4);
    a.day = stmt.ColumnText(5);
    a.count = stmt.ColumnInt(6);
    a.threshold = stmt.ColumnInt(7);
    a.time = stmt.ColumnText(8);
    a.entry_index = stmt.ColumnInt(9);
    a.trigger_index = stmt.ColumnInt(10);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::unique_ptr<AuditSnapshot>> SqliteAuditStore::OpenSnapshot() {
  YG_ASSIGN_OR_RETURN(auto conn, Connection::Open(path_, false));
  auto snapshot = std::make_unique<SqliteAuditSnapshot>(std::move(conn));
  YG_RETURN_IF_ERROR(snapshot->Begin());
  return std::unique_ptr<AuditSnapshot>(std::move(snapshot));
}

}  // namespace yungu::storage::sqlite
