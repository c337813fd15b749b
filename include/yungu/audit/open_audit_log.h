// Opening the hub's audit log: DATA/audit.db, the key pair in DATA/keys/,
// and the writer thread that commits entries in groups.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "yungu/audit/audit_log.h"
#include "yungu/core/result.h"
#include "yungu/storage/audit_store.h"

namespace yungu::audit {

struct AuditOptions {
  // A signed tree head is stored this often when the log grew, and on Close().
  std::chrono::milliseconds sign_interval{10000};
  // One alert per user and China-time day once a user's reads returned
  // sensitive fields of more distinct persons than this.
  int64_t alert_distinct_subjects_per_day = 1000;
  // Entries waiting for the writer; Append blocks while it is full.
  size_t queue_capacity = 65536;
  // Stored Merkle levels of a new log: every multiple of this (see AuditStore).
  int node_stride = 4;
  // The clock, in microseconds since the epoch (tests inject one).
  std::function<int64_t()> now_us;
  // The hub's PostgreSQL database ("postgresql://..."), where the log is then
  // kept and shared by every hub process; empty: DATA/audit.db.
  std::string store_url;
};

// Opens (creating on first use) the log and starts its writer. The key pair
// is always DATA/keys/. On the embedded store only one process may write a
// log: a second open fails with FailedPrecondition "audit.locked"; in a
// PostgreSQL database any number may.
Result<std::unique_ptr<AuditLog>> OpenAuditLog(const std::filesystem::path& data_dir, AuditOptions options = {});

// The log's storage: the PostgreSQL database `store_url` names, else
// DATA/audit.db.
Result<std::unique_ptr<storage::AuditStore>> OpenLogStore(const std::filesystem::path& data_dir,
                                                          const std::string& store_url,
                                                          const storage::AuditStoreOptions& options);

std::filesystem::path AuditDbPath(const std::filesystem::path& data_dir);    // DATA/audit.db
std::filesystem::path AuditKeysDir(const std::filesystem::path& data_dir);   // DATA/keys

}  // namespace yungu::audit
