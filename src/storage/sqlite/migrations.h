// Schema migrations of the SQLite store, numbered by PRAGMA user_version.
#pragma once

#include "storage/sqlite/connection.h"

namespace yungu::storage::sqlite {

// The schema version this build writes: the number of migrations.
int LatestSchemaVersion();

// Brings the database up to the latest schema (or to `upto`, for tests of
// upgrades; -1: the latest), one migration per transaction. Fails with
// kFailedPrecondition for a database newer than this build.
Status Migrate(Connection& conn, int upto = -1);

}  // namespace yungu::storage::sqlite
