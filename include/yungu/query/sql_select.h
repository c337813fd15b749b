// CKAN's datastore_search_sql without running user SQL: a small, checked
// subset of SELECT is parsed into Yungu's native query request (the JSON that
// BuildPlan reads), which then takes the normal read path.
//
//   SELECT [DISTINCT] * | item, ... FROM "dataset-id" [[AS] alias]
//     [WHERE pred AND ...] [GROUP BY col, ...] [ORDER BY key [ASC|DESC] [NULLS ...], ...]
//     [LIMIT n] [OFFSET n] [;]
//   item: col | COUNT(*) | COUNT(col) | SUM|AVG|MIN|MAX(col), each [[AS] alias]
//   pred: col = | <> | != | < | <= | > | >= value, col IN (value, ...),
//         col IS [NOT] NULL, col BETWEEN value AND value
//   value: 'string' | number | TRUE | FALSE
//
// Bare names fold to lower case, as in PostgreSQL; "quoted" names do not.
// Anything else is refused rather than approximated: a request that would
// mean something different from the SQL is never produced.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"

namespace yungu::query {

struct SqlSelect {
  std::string table;       // the dataset id after FROM
  nlohmann::json request;  // the native query request, for BuildPlan
  // Native column name -> the name the SQL gave it with AS (only those that differ).
  std::map<std::string, std::string> renames;
  // Native column names in the order the SELECT lists them; empty for *.
  // A grouped answer comes back groups first, then aggregates.
  std::vector<std::string> columns;
};

// Limits of the accepted SQL (beyond them: "sql.too_large").
inline constexpr size_t kMaxSqlBytes = 16 * 1024;
inline constexpr size_t kMaxSqlPredicates = 64;
inline constexpr size_t kMaxSqlInValues = 1000;

// Errors are InvalidArgument with the error code "sql.syntax" (the byte
// offset and what was expected), "sql.unsupported" (naming the construct) or
// "sql.too_large". Field names are not checked here; BuildPlan does that.
Result<SqlSelect> ParseSqlSelect(std::string_view sql);

}  // namespace yungu::query
