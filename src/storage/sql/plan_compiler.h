// Compiles a validated QueryPlan into parameterised SQL for one version table,
// in the dialect of either backend. Identifiers in the SQL come only from the
// version's own column names (c0..cN) and fixed keywords; every user value is
// a bound parameter. Both dialects give the same rows in the same order:
// nulls first ascending, text by bytes, substring search ignoring ASCII case.
#pragma once

#include <string>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/model/catalog.h"
#include "yungu/model/query_plan.h"

namespace yungu::storage::sql {

enum class Dialect {
  kSqlite,    // ?N parameters; FTS5 table "<table>_fts" (rowid = _rid)
  kPostgres,  // $N parameters; tsvector table "<table>_fts" (rid, doc)
};

struct CompiledQuery {
  std::string sql;
  std::vector<Value> params;
  std::vector<std::string> columns;  // output names, in order
  std::vector<ColumnType> types;     // output types, in order
};

Result<CompiledQuery> CompileSelect(Dialect dialect, const model::VersionInfo& version,
                                    const model::QueryPlan& plan);
Result<CompiledQuery> CompileCount(Dialect dialect, const model::VersionInfo& version, const model::QueryPlan& plan);

}  // namespace yungu::storage::sql
