// The figures a manifest records and a restore checks: counts of the hub's
// records (read with SQL from a database copy or a PostgreSQL snapshot, or
// through the Store interface from a restored store) and the audit log's
// size, Merkle root and latest signed tree head.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "backup/sqlite_copy.h"
#include "yungu/backup/manifest.h"
#include "yungu/core/result.h"
#include "yungu/storage/audit_store.h"
#include "yungu/storage/store.h"

namespace yungu::backup {

// Runs one SQL statement without parameters and returns its rows as text.
using SqlRunner = std::function<Result<SqlRows>(const std::string& sql)>;

// Counts and per-dataset figures (not the audit figures) from the hub's
// tables; the same SQL serves the SQLite copy and a PostgreSQL snapshot.
Result<Figures> CountFiguresFromSql(const SqlRunner& run);

// The same figures through the Store interface (a restored store).
Result<Figures> CountFiguresFromStore(storage::Store& store);

// The audit figures of the first `size` entries of `store`: the Merkle root
// computed from the stored hashes, and `head` as given.
Result<AuditFigures> AuditFiguresOf(storage::AuditStore& store, int64_t size,
                                    const std::optional<storage::TreeHeadRecord>& head);

// The audit figures of the whole log as the store holds it now.
Result<AuditFigures> CurrentAuditFigures(storage::AuditStore& store);

TreeHeadFigures HeadFigures(const storage::TreeHeadRecord& head);

// A read-only AuditStore over a copied audit.db (SqliteCopy: nothing is ever
// written to the backup), enough for StoredTree: the node stride, the size,
// the stored hashes and the latest tree head. Everything else is
// Unsupported.
Result<std::unique_ptr<storage::AuditStore>> OpenAuditCopy(const std::filesystem::path& audit_db);

}  // namespace yungu::backup
