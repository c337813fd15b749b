// Versioned schema changes of the PostgreSQL backend, applied at start.
#pragma once

#include <string>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace yungu::storage::pg {

// Brings `component`'s schema (e.g. "hub", "audit") from its recorded
// version up to `migrations.size()`: migration N takes it from N-1 to N.
// Each step is one transaction; an advisory lock makes hub instances that
// start together apply each step once. Stops at `upto` when it is >= 0
// (tests start from a previous version's database).
Status Migrate(PgConnection& conn, const std::string& component, const std::vector<const char*>& migrations,
               int upto = -1);

// The hub's own schema (catalog, versions, identity, workflow, governance).
const std::vector<const char*>& HubMigrations();

// The recorded version of `component` (0 when none).
Result<int> SchemaVersion(PgConnection& conn, const std::string& component);

}  // namespace yungu::storage::pg
