// AuditStore: the stored side of the trace (留痕) — entries, the Merkle node
// hashes kept for proofs, signed tree heads and abuse alerts. It lives in its
// own database file (DATA/audit.db) so appends never contend with catalog
// writes. The store keeps records; hashing, signing and the rules of the log
// live in the audit module.
//
// Entries are append-only: no method edits or deletes one, and the SQLite
// schema refuses UPDATE and DELETE on entries, nodes and tree heads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::storage {

struct AuditEntryRecord {
  int64_t index = 0;      // 0-based position in the log
  std::string bytes;      // the canonical entry
  std::string leaf_hash;  // 32 bytes
  // Copies of the entry's searchable values.
  std::string time;  // ISO 8601 UTC with microseconds
  std::string user_id;
  std::string department;
  std::string dataset_id;
  std::string action;
  std::string category;
  std::string outcome;
  std::vector<std::string> fields;
};

// The hash of the complete subtree over leaves [index << level, (index + 1) << level).
struct AuditNodeRecord {
  int level = 0;
  int64_t index = 0;
  std::string hash;  // 32 bytes
};

struct TreeHeadRecord {
  int64_t id = 0;  // assigned by the store
  int64_t size = 0;
  int64_t timestamp_us = 0;  // microseconds since the Unix epoch, UTC
  std::string root;          // 32 bytes
  std::string signature;     // 64 bytes, Ed25519
};

struct AuditAlertRecord {
  int64_t id = 0;  // assigned by the store
  std::string kind;  // e.g. "distinct_subjects"
  std::string user_id;
  std::string username;
  std::string department;
  std::string day;  // China-time date the alert is about, YYYY-MM-DD
  int64_t count = 0;      // what was counted when the alert was raised
  int64_t threshold = 0;  // the configured limit it passed
  std::string time;       // when it was raised
  int64_t entry_index = -1;    // the alert's own entry in the log
  int64_t trigger_index = -1;  // the entry that passed the threshold
};

// Conditions on entries; empty strings match everything. Results come newest
// first.
struct AuditEntryFilter {
  std::string user_id;
  std::string department;
  std::string dataset_id;
  std::string field;
  std::string action;
  std::string category;
  std::string outcome;
  std::string since;    // time >= since (ISO text, compared as text)
  std::string until;    // time < until
  int64_t before = -1;  // index < before; -1: no bound
  int64_t limit = 100;
};

// Streams rows in index order without holding them all.
template <typename Row>
class AuditScan {
 public:
  virtual ~AuditScan() = default;
  // Fills `row`; false when there are no more.
  virtual Result<bool> Next(Row& row) = 0;
};

// One read transaction over the whole store: entries, nodes and heads as they
// were at one moment, while the writer goes on. Scans must be destroyed
// before their snapshot.
class AuditSnapshot {
 public:
  virtual ~AuditSnapshot() = default;
  // Every entry (index, bytes and leaf hash only) in index order.
  virtual Result<std::unique_ptr<AuditScan<AuditEntryRecord>>> ScanEntries() = 0;
  // Every stored node of one level in index order.
  virtual Result<std::unique_ptr<AuditScan<AuditNodeRecord>>> ScanNodes(int level) = 0;
  virtual Result<std::vector<int>> StoredNodeLevels() = 0;
  // Every tree head, oldest first.
  virtual Result<std::vector<TreeHeadRecord>> AllTreeHeads() = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Levels of the tree whose nodes are stored: the multiples of this stride
  // (level 0, the leaves, is the entries' leaf hashes). Fixed at creation.
  virtual int node_stride() const = 0;

  // Number of entries (the highest index + 1).
  virtual Result<int64_t> Size() = 0;
  // Writes entries (which must continue the log), the node hashes they
  // complete and alerts in one durable transaction.
  virtual Status Append(const std::vector<AuditEntryRecord>& entries, const std::vector<AuditNodeRecord>& nodes,
                        const std::vector<AuditAlertRecord>& alerts) = 0;

  virtual Result<AuditEntryRecord> GetEntry(int64_t index) = 0;  // NotFound "audit.no_entry"
  virtual Result<std::vector<AuditEntryRecord>> FindEntries(const AuditEntryFilter& filter) = 0;
  // Stored hashes of `count` consecutive nodes at `level` starting at `first`
  // (level 0: leaf hashes). Fails with kCorruption when one is missing.
  virtual Result<std::vector<std::string>> NodeHashes(int level, int64_t first, int64_t count) = 0;

  virtual Status AddTreeHead(TreeHeadRecord& head) = 0;  // sets head.id
  virtual Result<std::optional<TreeHeadRecord>> LatestTreeHead() = 0;
  // Newest first; before_id -1: from the newest.
  virtual Result<std::vector<TreeHeadRecord>> ListTreeHeads(int64_t limit, int64_t before_id) = 0;

  virtual Result<bool> HasAlert(const std::string& kind, const std::string& user_id, const std::string& day) = 0;
  // Newest first; before_id -1: from the newest.
  virtual Result<std::vector<AuditAlertRecord>> ListAlerts(int64_t limit, int64_t before_id) = 0;

  // A consistent read view of everything, for verification.
  virtual Result<std::unique_ptr<AuditSnapshot>> OpenSnapshot() = 0;
};

struct AuditStoreOptions {
  bool create = true;    // create the file and schema when missing (else NotFound "audit.no_log")
  int node_stride = 4;   // for a new log only
};

// Opens (creating if allowed) the audit database at `path`.
Result<std::unique_ptr<AuditStore>> OpenSqliteAuditStore(const std::filesystem::path& path,
                                                         const AuditStoreOptions& options = {});

}  // namespace yungu::storage
