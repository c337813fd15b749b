#include "storage/postgres/pg_audit_store.h"

#include <algorithm>
#include <string>
#include <vector>

#include "storage/postgres/pg_migrations.h"
#include "yungu/storage/postgres_store.h"

namespace yungu::storage {

Result<std::unique_ptr<AuditStore>> OpenPostgresAuditStore(const std::string& url, const AuditStoreOptions& options) {
  // The writer thread, a verification and a few concurrent searches.
  constexpr size_t kMaxConnections = 8;
  auto store = std::make_unique<pg::PgAuditStore>(url, kMaxConnections);
  YG_RETURN_IF_ERROR(store->Init(options));
  return std::unique_ptr<AuditStore>(std::move(store));
}

}  // namespace yungu::storage

namespace yungu::storage::pg {
namespace {

const std::string kLockSql = "SELECT pg_advisory_xact_lock(" + std::to_string(kAuditWriteLock) + ")";

constexpr const char* kSizeSql = "SELECT coalesce(max(idx) + 1, 0) FROM audit_entries";

constexpr const char* kEntryColumns =
    "e.idx, e.entry, e.leaf_hash, e.time, e.user_id, e.department, e.dataset_id, e.action, e.category, e.outcome";

Status BadBytes(const std::string& what) {
  return Internal("storage.bad_bytea", "the audit log returned unreadable bytes for " + what);
}

Result<AuditEntryRecord> ReadEntry(const PgResult& res, int row) {
  AuditEntryRecord r;
  r.index = res.Int(row, 0);
  if (!ReadBytea(res.View(row, 1), r.bytes) || !ReadBytea(res.View(row, 2), r.leaf_hash)) {
    return BadBytes("entry " + std::to_string(r.index));
  }
  r.time = res.Text(row, 3);
  r.user_id = res.Text(row, 4);
  r.department = res.Text(row, 5);
  r.dataset_id = res.Text(row, 6);
  r.action = res.Text(row, 7);
  r.category = res.Text(row, 8);
  r.outcome = res.Text(row, 9);
  return r;
}

// One value of every row, as the text elements of an array parameter.
template <typename Row, typename Get>
std::vector<std::string> Column(const std::vector<Row>& rows, Get get) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(get(r));
  return out;
}

std::string IntText(int64_t v) { return std::to_string(v); }

// The searchable columns copy text from requests, which may hold U+0000
// (a field name in a hostile filter); PostgreSQL text cannot. The entry's
// canonical bytes keep the original; its index columns hold U+FFFD instead,
// and searches are mapped the same way.
std::string Searchable(const std::string& text) {
  if (text.find('\0') == std::string::npos) return text;
  std::string out;
  for (char c : text) {
    if (c == '\0') out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
}

Result<int64_t> SizeOn(PgConnection& conn) {
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(kSizeSql));
  return res.Int(0, 0);
}

// Under the write lock: the entries must be numbered size, size + 1, ...
Status CheckSequence(PgConnection& conn, const std::vector<AuditEntryRecord>& entries) {
  YG_ASSIGN_OR_RETURN(int64_t size, SizeOn(conn));
  for (size_t i = 0; i < entries.size(); ++i) {
    int64_t expected = size + static_cast<int64_t>(i);
    if (entries[i].index != expected) {
      return Conflict("audit.sequence", "the audit log expected entry " + std::to_string(expected) + " but got " +
                                            std::to_string(entries[i].index) + " (another writer appended first?)");
    }
  }
  return Status::Ok();
}

// One statement per table however large the batch: the rows travel as
// arrays that unnest() turns back into rows.
Status WriteEntries(PgConnection& conn, const std::vector<AuditEntryRecord>& entries) {
  if (entries.empty()) return Status::Ok();
  using E = AuditEntryRecord;
  Params p;
  p.TextArray(Column(entries, [](const E& e) { return IntText(e.index); }))
      .TextArray(Column(entries, [](const E& e) { return ByteaParam(e.bytes); }))
      .TextArray(Column(entries, [](const E& e) { return ByteaParam(e.leaf_hash); }))
      .TextArray(Column(entries, [](const E& e) { return e.time; }))
      .TextArray(Column(entries, [](const E& e) { return Searchable(e.user_id); }))
      .TextArray(Column(entries, [](const E& e) { return Searchable(e.department); }))
      .TextArray(Column(entries, [](const E& e) { return Searchable(e.dataset_id); }))
      .TextArray(Column(entries, [](const E& e) { return Searchable(e.action); }))
      .TextArray(Column(entries, [](const E& e) { return Searchable(e.category); }))
      .TextArray(Column(entries, [](const E& e) { return Searchable(e.outcome); }));
  YG_RETURN_IF_ERROR(conn.Exec("INSERT INTO audit_entries (idx, entry, leaf_hash, time, user_id, department, "
                               "dataset_id, action, category, outcome) "
                               "SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], "
                               "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[])",
                               p)
                         .status());
  std::vector<std::string> names, indexes;
  for (const auto& e : entries) {
    for (const auto& f : e.fields) {
      names.push_back(Searchable(f));
      indexes.push_back(IntText(e.index));
    }
  }
  if (names.empty()) return Status::Ok();
  // DISTINCT: an entry may name a field twice.
  return conn
      .Exec("INSERT INTO audit_entry_fields (field, idx) SELECT DISTINCT * FROM unnest($1::text[], $2::bigint[])",
            Params().TextArray(names).TextArray(indexes))
      .status();
}

Status WriteNodes(PgConnection& conn, const std::vector<AuditNodeRecord>& nodes) {
  if (nodes.empty()) return Status::Ok();
  using N = AuditNodeRecord;
  Params p;
  p.TextArray(Column(nodes, [](const N& n) { return IntText(n.level); }))
      .TextArray(Column(nodes, [](const N& n) { return IntText(n.index); }))
      .TextArray(Column(nodes, [](const N& n) { return ByteaParam(n.hash); }));
  return conn
      .Exec("INSERT INTO audit_nodes (level, idx, hash) SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])", p)
      .status();
}

Status WriteAlerts(PgConnection& conn, const std::vector<AuditAlertRecord>& alerts) {
  for (const auto& a : alerts) {
    Params p;
    p.Text(a.kind).Text(Searchable(a.user_id)).Text(Searchable(a.username)).Text(Searchable(a.department)).Text(a.day);
    p.Int(a.count).Int(a.threshold).Text(a.time).Int(a.entry_index).Int(a.trigger_index);
    YG_RETURN_IF_ERROR(conn.Exec("INSERT INTO audit_alerts (kind, user_id, username, department, day, count, "
                                 "threshold, time, entry_index, trigger_index) "
                                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                 p)
                           .status());
  }
  return Status::Ok();
}

// The first index whose time is at or after $1 (the size when none is): a
// bisection over the log run by the server in one statement, two indexed
// probes per step.
constexpr const char* kFirstAtOrAfterSql = R"sql(
WITH RECURSIVE b(lo, hi) AS (
  SELECT 0::bigint, coalesce(max(idx) + 1, 0) FROM audit_entries
  UNION ALL
  SELECT CASE WHEN p.before THEN m.mid + 1 ELSE b.lo END,
         CASE WHEN p.before THEN b.hi ELSE m.mid END
  FROM b
  CROSS JOIN LATERAL (SELECT b.lo + (b.hi - b.lo) / 2 AS mid) m
  CROSS JOIN LATERAL (
    SELECT coalesce((SELECT e.time < $1 FROM audit_entries e WHERE e.idx >= m.mid ORDER BY e.idx LIMIT 1),
                    false) AS before) p
  WHERE b.lo < b.hi
)
SELECT lo FROM b WHERE lo >= hi)sql";

Result<int64_t> FirstIndexAtOrAfter(PgConnection& conn, const std::string& time) {
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(kFirstAtOrAfterSql, Params().Text(time)));
  if (res.rows() != 1) return Internal("audit.bisection", "the time bisection of the audit log did not converge");
  return res.Int(0, 0);
}

// LIMIT NULL is no limit, as a negative LIMIT is in SQLite.
void AddLimit(Params& p, int64_t limit) {
  if (limit < 0) {
    p.Null();
  } else {
    p.Int(limit);
  }
}

}  // namespace

Status PgAuditStore::Init(const AuditStoreOptions& options) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  if (!options.create) {
    YG_ASSIGN_OR_RETURN(int version, SchemaVersion(*conn, "audit"));
    if (version == 0) return NotFound("audit.no_log", "there is no audit log in this PostgreSQL database");
  }
  YG_RETURN_IF_ERROR(Migrate(*conn, "audit", AuditMigrations()));
  return ReadOrRecordStride(*conn, options);
}

Status PgAuditStore::ReadOrRecordStride(PgConnection& conn, const AuditStoreOptions& options) {
  constexpr const char* kGet = "SELECT value FROM audit_meta WHERE key = 'node_stride'";
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(kGet));
  if (res.rows() == 0) {
    if (options.node_stride < 1 || options.node_stride > 8) {
      return InvalidArgument("audit.bad_node_stride", "the node stride must be 1-8");
    }
    // Another process creating the log at the same moment may win: its
    // stride stands, and is read back below.
    YG_RETURN_IF_ERROR(conn.Exec("INSERT INTO audit_meta (key, value) VALUES ('node_stride', $1) "
                                 "ON CONFLICT (key) DO NOTHING",
                                 Params().Int(options.node_stride))
                           .status());
    YG_ASSIGN_OR_RETURN(res, conn.Exec(kGet));
  }
  node_stride_ = res.rows() == 1 ? static_cast<int>(res.Int(0, 0)) : 0;
  if (node_stride_ < 1 || node_stride_ > 8) return Corruption("audit.bad_meta", "the stored node stride is invalid");
  return Status::Ok();
}

Result<int64_t> PgAuditStore::Size() {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return SizeOn(*conn);
}

Status PgAuditStore::Append(const std::vector<AuditEntryRecord>& entries, const std::vector<AuditNodeRecord>& nodes,
                            const std::vector<AuditAlertRecord>& alerts) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_RETURN_IF_ERROR(conn->Script(kLockSql));
  YG_RETURN_IF_ERROR(CheckSequence(*conn, entries));
  YG_RETURN_IF_ERROR(WriteEntries(*conn, entries));
  YG_RETURN_IF_ERROR(WriteNodes(*conn, nodes));
  YG_RETURN_IF_ERROR(WriteAlerts(*conn, alerts));
  return tx.Commit();
}

Result<AuditEntryRecord> PgAuditStore::GetEntry(int64_t index) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kEntryColumns +
                                                   " FROM audit_entries e WHERE e.idx = $1",
                                               Params().Int(index)));
  if (res.rows() == 0) return NotFound("audit.no_entry", "the audit log has no entry " + std::to_string(index));
  return ReadEntry(res, 0);
}

Result<std::vector<AuditEntryRecord>> PgAuditStore::FindEntries(const AuditEntryFilter& f) {
  // A field condition drives the query from audit_entry_fields' (field, idx)
  // key, which yields that field's entries newest first without sorting.
  Params p;
  std::string sql = std::string("SELECT ") + kEntryColumns;
  std::string order = "e.idx";
  if (!f.field.empty()) {
    p.Text(Searchable(f.field));
    sql += " FROM audit_entry_fields f JOIN audit_entries e ON e.idx = f.idx WHERE f.field = " + p.Last();
    order = "f.idx";
  } else {
    sql += " FROM audit_entries e WHERE true";
  }
  auto condition = [&](const char* column, const std::string& value, const char* partial = nullptr) {
    if (value.empty()) return;
    p.Text(Searchable(value));
    sql += std::string(" AND e.") + column + " = " + p.Last();
    // Repeats a partial index's condition so the planner may use the index.
    if (partial) sql += std::string(" AND e.") + partial;
  };
  condition("user_id", f.user_id, "user_id <> ''");
  condition("department", f.department, "department <> ''");
  condition("dataset_id", f.dataset_id, "dataset_id <> ''");
  condition("action", f.action);
  condition("category", f.category);
  condition("outcome", f.outcome, f.outcome == "ok" ? nullptr : "outcome <> 'ok'");
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // Times never decrease along the log, so a time range is an index range.
  int64_t from = 0, before = f.before;
  if (!f.since.empty()) {
    YG_ASSIGN_OR_RETURN(from, FirstIndexAtOrAfter(*conn, f.since));
  }
  if (!f.until.empty()) {
    YG_ASSIGN_OR_RETURN(int64_t end, FirstIndexAtOrAfter(*conn, f.until));
    before = before < 0 ? end : std::min(before, end);
  }
  if (from > 0) sql += " AND " + order + " >= " + p.Int(from).Last();
  if (before >= 0) sql += " AND " + order + " < " + p.Int(before).Last();
  sql += " ORDER BY " + order + " DESC LIMIT " + p.Int(std::max<int64_t>(f.limit, 0)).Last();

  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(sql, p));
  std::vector<AuditEntryRecord> out;
  out.reserve(static_cast<size_t>(res.rows()));
  for (int row = 0; row < res.rows(); ++row) {
    YG_ASSIGN_OR_RETURN(auto entry, ReadEntry(res, row));
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::vector<std::string>> PgAuditStore::NodeHashes(int level, int64_t first, int64_t count) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  Params p;
  p.Int(first).Int(first + count);
  std::string sql = "SELECT idx, leaf_hash FROM audit_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx";
  if (level != 0) {
    p.Int(level);
    sql = "SELECT idx, hash FROM audit_nodes WHERE level = $3 AND idx >= $1 AND idx < $2 ORDER BY idx";
  }
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(sql, p));
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(std::max<int64_t>(count, 0)));
  for (int row = 0; row < res.rows(); ++row) {
    if (res.Int(row, 0) != first + static_cast<int64_t>(out.size())) break;
    out.emplace_back();
    if (!ReadBytea(res.View(row, 1), out.back())) return BadBytes("a node hash");
  }
  if (static_cast<int64_t>(out.size()) != count) {
    return Corruption("audit.missing_node", "the audit log lacks the hash of node " +
                                                std::to_string(first + static_cast<int64_t>(out.size())) +
                                                " at level " + std::to_string(level));
  }
  return out;
}

Status PgAuditStore::AddTreeHead(TreeHeadRecord& head) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_RETURN_IF_ERROR(conn->Script(kLockSql));
  Params p;
  p.Int(head.size).Int(head.timestamp_us).Text(ByteaParam(head.root)).Text(ByteaParam(head.signature));
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("INSERT INTO audit_tree_heads (id, size, timestamp_us, root, signature) "
                                 "SELECT coalesce(max(id), 0) + 1, $1::bigint, $2::bigint, $3::bytea, $4::bytea "
                                 "FROM audit_tree_heads RETURNING id",
                                 p));
  int64_t id = res.Int(0, 0);
  YG_RETURN_IF_ERROR(tx.Commit());
  head.id = id;
  return Status::Ok();
}

Result<std::optional<TreeHeadRecord>> PgAuditStore::LatestTreeHead() {
  YG_ASSIGN_OR_RETURN(auto heads, ListTreeHeads(1, -1));
  if (heads.empty()) return std::optional<TreeHeadRecord>();
  return std::optional<TreeHeadRecord>(std::move(heads.front()));
}

Result<std::vector<TreeHeadRecord>> PgAuditStore::ListTreeHeads(int64_t limit, int64_t before_id) {
  Params p;
  std::string sql = std::string("SELECT ") + kTreeHeadColumns + " FROM audit_tree_heads";
  if (before_id >= 0) sql += " WHERE id < " + p.Int(before_id).Last();
  AddLimit(p, limit);
  sql += " ORDER BY id DESC LIMIT " + p.Last();
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(sql, p));
  return ReadTreeHeads(res);
}

Result<bool> PgAuditStore::HasAlert(const std::string& kind, const std::string& user_id, const std::string& day) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec("SELECT 1 FROM audit_alerts WHERE kind = $1 AND user_id = $2 "
                                               "AND day = $3",
                                               Params().Text(kind).Text(user_id).Text(day)));
  return res.rows() > 0;
}

Result<std::vector<AuditAlertRecord>> PgAuditStore::ListAlerts(int64_t limit, int64_t before_id) {
  Params p;
  std::string sql =
      "SELECT id, kind, user_id, username, department, day, count, threshold, time, entry_index, trigger_index "
      "FROM audit_alerts";
  if (before_id >= 0) sql += " WHERE id < " + p.Int(before_id).Last();
  AddLimit(p, limit);
  sql += " ORDER BY id DESC LIMIT " + p.Last();
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(sql, p));
  std::vector<AuditAlertRecord> out(static_cast<size_t>(res.rows()));
  for (int row = 0; row < res.rows(); ++row) {
    AuditAlertRecord& a = out[static_cast<size_t>(row)];
    a.id = res.Int(row, 0);
    a.kind = res.Text(row, 1);
    a.user_id = res.Text(row, 2);
    a.username = res.Text(row, 3);
    a.department = res.Text(row, 4);
    a.day = res.Text(row, 5);
    a.count = res.Int(row, 6);
    a.threshold = res.Int(row, 7);
    a.time = res.Text(row, 8);
    a.entry_index = res.Int(row, 9);
    a.trigger_index = res.Int(row, 10);
  }
  return out;
}

Result<std::unique_ptr<AuditSnapshot>> PgAuditStore::OpenSnapshot() { return OpenPgAuditSnapshot(url_); }

}  // namespace yungu::storage::pg
