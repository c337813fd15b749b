// The audit log's read view for verification: one REPEATABLE READ READ ONLY
// transaction on a connection of its own, read through server-side cursors
// so that a log of millions of entries is never held in memory at once.
#include <memory>
#include <string>
#include <vector>

#include "storage/postgres/pg_audit_store.h"

namespace yungu::storage::pg {
namespace {

// Fills `row` from one row of a FETCH; false when its bytes are unreadable.
template <typename Row>
using RowReader = bool (*)(const PgResult& res, int i, Row& row);

bool ReadEntryRow(const PgResult& res, int i, AuditEntryRecord& row) {
  row.index = res.Int(i, 0);
  return ReadBytea(res.View(i, 1), row.bytes) && ReadBytea(res.View(i, 2), row.leaf_hash);
}

bool ReadNodeRow(const PgResult& res, int i, AuditNodeRecord& row) {
  row.level = static_cast<int>(res.Int(i, 0));
  row.index = res.Int(i, 1);
  return ReadBytea(res.View(i, 2), row.hash);
}

// A cursor declared in the snapshot's transaction, fetched in chunks.
template <typename Row>
class CursorScan final : public AuditScan<Row> {
 public:
  CursorScan(PgConnection& conn, std::string name, int fetch_rows, RowReader<Row> read)
      : conn_(conn), name_(std::move(name)), fetch_sql_("FETCH " + std::to_string(fetch_rows) + " FROM " + name_),
        fetch_rows_(fetch_rows), read_(read) {}
  ~CursorScan() override {
    // Frees the server's portal early; the transaction's end would too.
    if (conn_.healthy() && conn_.in_transaction()) (void)conn_.Script("CLOSE " + name_);
  }

  Result<bool> Next(Row& row) override {
    if (next_ >= chunk_.rows()) {
      if (exhausted_) return false;
      YG_ASSIGN_OR_RETURN(chunk_, conn_.Exec(fetch_sql_));
      next_ = 0;
      exhausted_ = chunk_.rows() < fetch_rows_;
      if (chunk_.rows() == 0) return false;
    }
    if (!read_(chunk_, next_++, row)) {
      return Internal("storage.bad_bytea", "the audit log returned unreadable bytes in " + name_);
    }
    return true;
  }

 private:
  PgConnection& conn_;
  std::string name_;
  std::string fetch_sql_;
  int fetch_rows_;
  RowReader<Row> read_;
  PgResult chunk_;
  int next_ = 0;
  bool exhausted_ = false;
};

class PgAuditSnapshot final : public AuditSnapshot {
 public:
  PgAuditSnapshot(std::unique_ptr<PgConnection> conn, int fetch_rows)
      : conn_(std::move(conn)), fetch_rows_(fetch_rows) {}
  ~PgAuditSnapshot() override {
    if (conn_->healthy() && conn_->in_transaction()) (void)conn_->Script("ROLLBACK");
  }

  Status Begin() {
    YG_RETURN_IF_ERROR(conn_->Script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    // The first statement fixes the snapshot.
    return conn_->Script("SELECT 1 FROM audit_meta LIMIT 1");
  }

  Result<std::unique_ptr<AuditScan<AuditEntryRecord>>> ScanEntries() override {
    YG_ASSIGN_OR_RETURN(std::string name, Declare("SELECT idx, entry, leaf_hash FROM audit_entries ORDER BY idx"));
    return std::unique_ptr<AuditScan<AuditEntryRecord>>(
        new CursorScan<AuditEntryRecord>(*conn_, std::move(name), fetch_rows_, &ReadEntryRow));
  }

  Result<std::unique_ptr<AuditScan<AuditNodeRecord>>> ScanNodes(int level) override {
    // The level is an int of ours, not user text: safe in the SQL.
    YG_ASSIGN_OR_RETURN(std::string name, Declare("SELECT level, idx, hash FROM audit_nodes WHERE level = " +
                                                  std::to_string(level) + " ORDER BY idx"));
    return std::unique_ptr<AuditScan<AuditNodeRecord>>(
        new CursorScan<AuditNodeRecord>(*conn_, std::move(name), fetch_rows_, &ReadNodeRow));
  }

  Result<std::vector<int>> StoredNodeLevels() override {
    // The distinct levels by skipping along the (level, idx) key, one probe
    // per level instead of a pass over every node.
    YG_ASSIGN_OR_RETURN(PgResult res, conn_->Exec(R"sql(
WITH RECURSIVE l(level) AS (
  SELECT min(level) FROM audit_nodes
  UNION ALL
  SELECT (SELECT min(n.level) FROM audit_nodes n WHERE n.level > l.level) FROM l WHERE l.level IS NOT NULL
)
SELECT level FROM l WHERE level IS NOT NULL ORDER BY level)sql"));
    std::vector<int> levels;
    for (int row = 0; row < res.rows(); ++row) levels.push_back(static_cast<int>(res.Int(row, 0)));
    return levels;
  }

  Result<std::vector<TreeHeadRecord>> AllTreeHeads() override {
    YG_ASSIGN_OR_RETURN(PgResult res,
                        conn_->Exec(std::string("SELECT ") + kTreeHeadColumns + " FROM audit_tree_heads ORDER BY id"));
    return ReadTreeHeads(res);
  }

 private:
  // Declares a new cursor over `query` and returns its name.
  Result<std::string> Declare(const std::string& query) {
    std::string name = "audit_scan_" + std::to_string(++cursors_);
    YG_RETURN_IF_ERROR(conn_->Script("DECLARE " + name + " NO SCROLL CURSOR FOR " + query));
    return name;
  }

  std::unique_ptr<PgConnection> conn_;
  int fetch_rows_;
  int cursors_ = 0;  // names the next cursor
};

}  // namespace

Result<std::unique_ptr<AuditSnapshot>> OpenPgAuditSnapshot(const std::string& url, int fetch_rows) {
  YG_ASSIGN_OR_RETURN(auto conn, PgConnection::Open(url));
  auto snapshot = std::make_unique<PgAuditSnapshot>(std::move(conn), fetch_rows < 1 ? 1 : fetch_rows);
  YG_RETURN_IF_ERROR(snapshot->Begin());
  return std::unique_ptr<AuditSnapshot>(std::move(snapshot));
}

}  // namespace yungu::storage::pg
