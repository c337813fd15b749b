// The AuditStore interface on its own SQLite database (DATA/audit.db).
//
// Durability: WAL with synchronous=FULL on the writing connection, so every
// committed append is on disk (the WAL is fsynced at each commit) and
// survives power loss; appends come in groups, so one fsync covers many
// entries. Checkpoints (copying the WAL back into the database, with its own
// fsync) run mostly on a thread of their own once the WAL holds 16384 pages
// (64 MiB), so the writer rarely waits for one; they are PASSIVE and never
// block the writer or readers.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_store.h"
#include "yungu/storage/audit_store.h"

namespace yungu::storage::sqlite {

class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(std::filesystem::path path) : path_(path), readers_(std::move(path)) {}
  ~SqliteAuditStore() override;
  // Opens the writing connection and brings the schema up to date.
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
  Status Migrate();
  Status WriteEntries(const std::vector<AuditEntryRecord>& entries);
  // Called by SQLite after each commit with the WAL's size in pages.
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int pages);
  void CheckpointLoop();

  std::filesystem::path path_;
  ConnectionPool readers_;
  std::mutex write_mu_;  // one writing connection, used by one thread at a time
  std::unique_ptr<Connection> writer_;
  int node_stride_ = 4;

  // The background checkpoint (see OnWalCommit), guarded by checkpoint_mu_.
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_running_ = false;
  int checkpointed_pages_ = 0;  // WAL pages the last background round copied back
  bool stopping_ = false;
  std::thread checkpointer_;  // started when the WAL first needs a checkpoint
};

// Bytes of a BLOB (or TEXT) column.
std::string ColumnBlob(Statement& stmt, int i);

}  // namespace yungu::storage::sqlite
