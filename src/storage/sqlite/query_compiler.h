// Compiles a validated QueryPlan into parameterised SQLite SQL. Identifiers in
// the SQL come only from the version's own column names (c0..cN) and fixed
// keywords; every user value is a bound parameter.
#pragma once

#include <string>
#include <vector>

#include "yungu/core/result.h"
#include "yungu/model/catalog.h"
#include "yungu/model/query_plan.h"

namespace yungu::storage::sqlite {

struct CompiledQuery {
  std::string sql;
  std::vector<Value> params;
  std::vector<std::string> columns;  // output names, in order
  std::vector<ColumnType> types;     // output types, in order
};

Result<CompiledQuery> CompileSelect(const model::VersionInfo& version, const model::QueryPlan& plan);
Result<CompiledQuery> CompileCount(const model::VersionInfo& version, const model::QueryPlan& plan);

}  // namespace yungu::storage::sqlite
