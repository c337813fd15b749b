// The PostgreSQL backend: the hub's records and dataset versions in one
// PostgreSQL 15+ database, shared by any number of `yungu serve` processes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "yungu/storage/audit_store.h"
#include "yungu/storage/store.h"

namespace yungu::storage {

struct PostgresOptions {
  // Returns the current time as ISO 8601 UTC text; injectable for tests.
  std::function<std::string()> now;
  // Rows sent per COPY round while writing a version.
  int64_t batch_rows = 50000;
  // Connections this process opens at most.
  size_t max_connections = 16;
  // Stop migrating at this schema version (tests of upgrades); -1: latest.
  int migrate_upto = -1;
  // A streaming replica of the same database for data queries and catalog
  // searches, used while it lags by at most `max_replica_lag_ms`.
  std::string replica_url;
  int64_t max_replica_lag_ms = 5000;
};

// True for "postgresql://..." and "postgres://..." locations.
bool IsPostgresUrl(const std::string& location);

// Connects to `url`, applies pending migrations and returns the store.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, PostgresOptions options = {});

// The audit log's tables in the same database.
Result<std::unique_ptr<AuditStore>> OpenPostgresAuditStore(const std::string& url,
                                                           const AuditStoreOptions& options = {});

}  // namespace yungu::storage
