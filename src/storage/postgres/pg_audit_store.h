// PgAuditStore: the AuditStore interface on the hub's PostgreSQL database.
//
// The audit tables carry an audit_ prefix (audit_meta, audit_entries,
// audit_entry_fields, audit_nodes, audit_tree_heads, audit_alerts) and their
// schema is versioned as the component "audit", apart from the hub's. As in
// the embedded store, the database itself keeps the log append-only:
// triggers refuse UPDATE, DELETE and TRUNCATE on entries, nodes and heads.
//
// Several writers (one per `yungu serve` process) may share one log, so the
// store checks the sequence itself:
//  - Append takes a transaction-level advisory lock dedicated to the audit
//    log (kAuditWriteLock), then requires the entries to be consecutive and
//    the first to have index Size(). Otherwise it writes nothing and returns
//    kConflict "audit.sequence"; the writer must then re-read the log's end
//    (size, last time, right edge of the tree), renumber and re-hash its
//    entries and try again.
//  - Times must not decrease along the log (time ranges are found by
//    bisection over the index). The store does not check this; a writer
//    that renumbers after a conflict keeps it by re-reading the last time.
//  - AddTreeHead takes the same lock and numbers heads max(id) + 1, so ids
//    stay 1, 2, 3... without gaps, whoever adds them.
// Commits are durable when they return (with the server's default
// synchronous_commit).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgres/pg_pool.h"
#include "yungu/storage/audit_store.h"

namespace yungu::storage::pg {

class PgAuditStore final : public AuditStore {
 public:
  PgAuditStore(std::string url, size_t max_connections) : url_(url), pool_(std::move(url), max_connections) {}
  // Brings the audit schema up to date and reads (or records) the stride.
  Status Init(const AuditStoreOptions& options);

  int node_stride() const override { return node_stride_; }
  Result<int64_t> Size() override;
  Status Append(const std::vector<AuditEntryRecord>& entries, const std::vector<AuditNodeRecord>& nodes,
                const std::vector<AuditAlertRecord>& alerts) override;
  Result<AuditEntryRecord> GetEntry(int64_t index) override;
  Result<std::vector<AuditEntryRecord>> FindEntries(const AuditEntryFilter& filter) override;
  Result<std::vector<std::string>> NodeHashes(int level, int64_t first, int64_t count) override;
  Status AddTreeHead(TreeHeadRecord& head) override;
  Result<std::optional<TreeHeadRecord>> LatestTreeHead() override;
  Result<std::vector<TreeHeadRecord>> ListTreeHeads(int64_t limit, int64_t before_id) override;
  Result<bool> HasAlert(const std::string& kind, const std::string& user_id, const std::string& day) override;
  Result<std::vector<AuditAlertRecord>> ListAlerts(int64_t limit, int64_t before_id) override;
  Result<std::unique_ptr<AuditSnapshot>> OpenSnapshot() override;

 private:
  Status ReadOrRecordStride(PgConnection& conn, const AuditStoreOptions& options);

  std::string url_;
  PgPool pool_;
  int node_stride_ = 4;
};

// The key of the advisory lock that serialises writes to the audit log
// (pg_advisory_xact_lock(bigint)); distinct from the migrations' 7340031.
inline constexpr int64_t kAuditWriteLock = 7340032;

// Migration N takes the "audit" component from version N-1 to N.
const std::vector<const char*>& AuditMigrations();

// A read-only REPEATABLE READ transaction on a connection of its own; its
// scans are server-side cursors fetched `fetch_rows` rows at a time.
Result<std::unique_ptr<AuditSnapshot>> OpenPgAuditSnapshot(const std::string& url, int fetch_rows = 2000);

// bytea travels as text: "\x" followed by two hex digits per byte. Cast
// the parameter with $n::bytea (or $n::bytea[] for an array of them).
std::string ByteaParam(std::string_view bytes);
// Decodes a bytea cell's text form ("\x..." hex, or the older escape form)
// into `out`; false when the text is malformed.
bool ReadBytea(std::string_view text, std::string& out);

// Tree heads: the columns ReadTreeHeads expects, in order.
extern const char* const kTreeHeadColumns;
Result<std::vector<TreeHeadRecord>> ReadTreeHeads(const PgResult& res);

}  // namespace yungu::storage::pg
