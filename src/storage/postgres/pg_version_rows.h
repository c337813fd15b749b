// Helpers shared by the version writer and the version records: the stored
// field list, and converting a version table's columns between types.
#pragma once

#include <string>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "storage/sql/version_keys.h"
#include "yungu/model/catalog.h"

namespace yungu::storage::pg {

using sql::FieldsJson;
using sql::ParseFields;

// An SQL expression giving column `expr` (stored as `from`) as `to`.
std::string Convert(const std::string& expr, ColumnType from, ColumnType to);

// Widens column `column` of `table` from `from` to `to` in place (type
// inference found e.g. text in a column that began as integers).
Status Widen(PgConnection& conn, const std::string& table, const std::string& column, ColumnType from, ColumnType to);

}  // namespace yungu::storage::pg
