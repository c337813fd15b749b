// The embedded backend: one SQLite database (WAL mode) in a data directory.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "yungu/storage/store.h"

namespace yungu::storage {

struct SqliteOptions {
  // Returns the current time as ISO 8601 UTC text; injectable for tests.
  std::function<std::string()> now;
  // Rows per transaction while writing a version.
  int64_t batch_rows = 50000;
  // Stop migrating at this schema version (tests of upgrades); -1: latest.
  int migrate_upto = -1;
};

// Opens or creates `data_dir`/yungu.db and applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& data_dir,
                                               SqliteOptions options = {});

// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcNowIso();

}  // namespace yungu::storage
