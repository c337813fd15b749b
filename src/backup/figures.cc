#include "backup/figures.h"

#include <algorithm>
#include <cstdlib>

#include "audit/stored_tree.h"
#include "yungu/audit/merkle.h"
#include "yungu/storage/identity_store.h"

namespace yungu::backup {
namespace {

Result<int64_t> ScalarInt(const SqlRunner& run, const std::string& sql) {
  YG_ASSIGN_OR_RETURN(SqlRows rows, run(sql));
  if (rows.empty() || rows[0].empty() || rows[0][0].empty()) return int64_t{0};
  try {
    return static_cast<int64_t>(std::stoll(rows[0][0]));
  } catch (const std::exception&) {
    return Corruption("backup.bad_figure", "'" + sql + "' returned '" + rows[0][0] + "'");
  }
}

// An integer cell; 0 when it is empty or not a number.
int64_t Int(const std::string& text) { return std::strtoll(text.c_str(), nullptr, 10); }

Result<std::string> HexOf(const std::string& bytes, size_t expected, const char* what) {
  if (bytes.size() != expected) {
    return Corruption("backup.bad_tree_head", std::string("a tree head's ") + what + " has " +
                                                  std::to_string(bytes.size()) + " bytes");
  }
  return audit::ToHex(std::string_view(bytes));
}

}  // namespace

Result<Figures> CountFiguresFromSql(const SqlRunner& run) {
  Figures f;
  YG_ASSIGN_OR_RETURN(f.datasets, ScalarInt(run, "SELECT count(*) FROM datasets"));
  YG_ASSIGN_OR_RETURN(f.versions, ScalarInt(run, "SELECT count(*) FROM versions"));
  YG_ASSIGN_OR_RETURN(f.users, ScalarInt(run, "SELECT count(*) FROM users"));
  YG_ASSIGN_OR_RETURN(SqlRows rows, run("SELECT d.id, d.current_version, v.row_count FROM datasets d "
                                        "LEFT JOIN versions v ON v.dataset_seq = d.seq AND v.version = d.current_version"));
  for (const auto& row : rows) {
    if (row.size() != 3) return Internal("backup.bad_figure", "unexpected columns in the dataset figures");
    DatasetFigures d;
    d.id = row[0];
    try {
      d.current_version = row[1].empty() ? 0 : std::stoll(row[1]);
      d.rows = row[2].empty() ? 0 : std::stoll(row[2]);
    } catch (const std::exception&) {
      return Corruption("backup.bad_figure", "dataset " + d.id + " has unreadable figures");
    }
    f.current_rows += d.rows;
    f.per_dataset.push_back(std::move(d));
  }
  std::sort(f.per_dataset.begin(), f.per_dataset.end(),
            [](const DatasetFigures& a, const DatasetFigures& b) { return a.id < b.id; });
  return f;
}

Result<Figures> CountFiguresFromStore(storage::Store& store) {
  Figures f;
  storage::CatalogQuery q;
  q.sort = "name";
  q.limit = 1 << 30;
  YG_ASSIGN_OR_RETURN(storage::CatalogPage page, store.SearchCatalog(q));
  f.datasets = page.total;
  for (const auto& meta : page.datasets) {
    DatasetFigures d;
    d.id = meta.id;
    d.current_version = meta.current_version;
    if (meta.current_version > 0) {
      YG_ASSIGN_OR_RETURN(model::VersionInfo v, store.GetVersion(meta.id, meta.current_version));
      d.rows = v.row_count;
    }
    YG_ASSIGN_OR_RETURN(auto versions, store.ListVersions(meta.id));
    f.versions += static_cast<int64_t>(versions.size());
    f.current_rows += d.rows;
    f.per_dataset.push_back(std::move(d));
  }
  std::sort(f.per_dataset.begin(), f.per_dataset.end(),
            [](const DatasetFigures& a, const DatasetFigures& b) { return a.id < b.id; });
  YG_ASSIGN_OR_RETURN(auto users, store.identity().ListUsers(storage::UserFilter{}));
  f.users = static_cast<int64_t>(users.size());
  return f;
}

TreeHeadFigures HeadFigures(const storage::TreeHeadRecord& head) {
  TreeHeadFigures h;
  h.id = head.id;
  h.size = head.size;
  h.timestamp_us = head.timestamp_us;
  h.root = audit::ToHex(std::string_view(head.root));
  h.signature = audit::ToHex(std::string_view(head.signature));
  return h;
}

Result<AuditFigures> AuditFiguresOf(storage::AuditStore& store, int64_t size,
                                    const std::optional<storage::TreeHeadRecord>& head) {
  AuditFigures a;
  a.size = size;
  audit::StoredTree tree(store);
  YG_ASSIGN_OR_RETURN(audit::CompactRange frontier, tree.Frontier(size));
  a.root = audit::ToHex(frontier.Root());
  if (head) {
    YG_RETURN_IF_ERROR(HexOf(head->root, 32, "root").status());
    YG_RETURN_IF_ERROR(HexOf(head->signature, 64, "signature").status());
    a.latest_head = HeadFigures(*head);
  }
  return a;
}

Result<AuditFigures> CurrentAuditFigures(storage::AuditStore& store) {
  YG_ASSIGN_OR_RETURN(std::optional<storage::TreeHeadRecord> head, store.LatestTreeHead());
  YG_ASSIGN_OR_RETURN(int64_t size, store.Size());
  return AuditFiguresOf(store, size, head);
}

namespace {

Status ReadOnly() {
  return Unsupported("backup.read_only", "a backup's copy of the audit log is only read");
}

class AuditCopy final : public storage::AuditStore {
 public:
  AuditCopy(SqliteCopy db, int stride) : db_(std::move(db)), stride_(stride) {}

  int node_stride() const override { return stride_; }
  Result<int64_t> Size() override {
    YG_ASSIGN_OR_RETURN(SqlRows rows, db_.Query("SELECT coalesce(max(idx) + 1, 0) FROM entries"));
    return rows.empty() || rows[0].empty() ? int64_t{0} : Int(rows[0][0]);
  }
  Status Append(const std::vector<storage::AuditEntryRecord>&, const std::vector<storage::AuditNodeRecord>&,
                const std::vector<storage::AuditAlertRecord>&) override {
    return ReadOnly();
  }
  Result<storage::AuditEntryRecord> GetEntry(int64_t) override { return ReadOnly(); }
  Result<std::vector<storage::AuditEntryRecord>> FindEntries(const storage::AuditEntryFilter&) override {
    return ReadOnly();
  }
  Result<std::vector<std::string>> NodeHashes(int level, int64_t first, int64_t count) override {
    SqlRows rows;
    if (level == 0) {
      YG_ASSIGN_OR_RETURN(rows, db_.Query("SELECT idx, leaf_hash FROM entries WHERE idx >= ?1 AND idx < ?2 ORDER BY idx",
                                          {first, first + count}));
    } else {
      YG_ASSIGN_OR_RETURN(rows, db_.Query("SELECT idx, hash FROM nodes WHERE level = ?1 AND idx >= ?2 AND idx < ?3 "
                                          "ORDER BY idx",
                                          {level, first, first + count}));
    }
    if (static_cast<int64_t>(rows.size()) != count) {
      return Corruption("audit.missing_node", "the copied audit log lacks hashes at level " + std::to_string(level) +
                                                  " in " + std::to_string(first) + ".." +
                                                  std::to_string(first + count - 1));
    }
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (auto& row : rows) out.push_back(std::move(row.at(1)));
    return out;
  }
  Status AddTreeHead(storage::TreeHeadRecord&) override { return ReadOnly(); }
  Result<std::optional<storage::TreeHeadRecord>> LatestTreeHead() override {
    YG_ASSIGN_OR_RETURN(SqlRows rows,
                        db_.Query("SELECT id, size, timestamp_us, root, signature FROM tree_heads ORDER BY id DESC LIMIT 1"));
    if (rows.empty()) return std::optional<storage::TreeHeadRecord>();
    storage::TreeHeadRecord h;
    h.id = Int(rows[0].at(0));
    h.size = Int(rows[0].at(1));
    h.timestamp_us = Int(rows[0].at(2));
    h.root = rows[0].at(3);
    h.signature = rows[0].at(4);
    return std::optional<storage::TreeHeadRecord>(std::move(h));
  }
  Result<std::vector<storage::TreeHeadRecord>> ListTreeHeads(int64_t, int64_t) override { return ReadOnly(); }
  Result<bool> HasAlert(const std::string&, const std::string&, const std::string&) override { return ReadOnly(); }
  Result<std::vector<storage::AuditAlertRecord>> ListAlerts(int64_t, int64_t) override { return ReadOnly(); }
  Result<std::unique_ptr<storage::AuditSnapshot>> OpenSnapshot() override { return ReadOnly(); }

 private:
  SqliteCopy db_;
  int stride_;
};

}  // namespace

Result<std::unique_ptr<storage::AuditStore>> OpenAuditCopy(const std::filesystem::path& audit_db) {
  YG_ASSIGN_OR_RETURN(SqliteCopy db, SqliteCopy::Open(audit_db));
  YG_ASSIGN_OR_RETURN(bool has_meta, db.HasTable("meta"));
  if (!has_meta) return Corruption("backup.bad_audit_copy", audit_db.string() + " is not an audit log");
  YG_ASSIGN_OR_RETURN(SqlRows rows, db.Query("SELECT value FROM meta WHERE key = 'node_stride'"));
  int stride = rows.empty() ? 0 : std::atoi(rows[0].at(0).c_str());
  if (stride < 1 || stride > 8) return Corruption("backup.bad_audit_copy", audit_db.string() + " has no valid node stride");
  return std::unique_ptr<storage::AuditStore>(new AuditCopy(std::move(db), stride));
}

}  // namespace yungu::backup
