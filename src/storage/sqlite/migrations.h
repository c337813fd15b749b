// Schema migrations of the SQLite store, numbered by PRAGMA user_version.
#pragma once

#include "storage/sqlite/connection.h"

namespace yungu::storage::sqlite {

// The schema version this build writes.
constexpr int kSchemaVersion = 1;

// Brings the database up to kSchemaVersion, one migration per transaction.
// Fails with kFailedPrecondition for a database newer than this build.
Status Migrate(Connection& conn);

}  // namespace yungu::storage::sqlite
