// Turns a client's query request (JSON) into a QueryPlan checked against one
// version's schema. Every field name must exist, every value must convert to
// its column's type, and sizes stay within QueryLimits; anything else is a
// kInvalidArgument with a "query.*" error code.
//
// Request keys: fields, filters, q, sort, limit, offset, cursor, total,
// distinct, group_by, aggregates, version. See docs/api.md.
#pragma once

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"
#include "yungu/model/catalog.h"
#include "yungu/model/query_plan.h"

namespace yungu::query {

struct QueryLimits {
  int64_t default_limit = 100;
  int64_t max_limit = 10000;
  int64_t max_offset = 100000;  // deeper pages use the cursor
  size_t max_filters = 64;
  size_t max_in_values = 1000;
  size_t max_text_bytes = 256;
  int64_t timeout_ms = 10000;  // per query; exports are not limited
};

Result<model::QueryPlan> BuildPlan(const nlohmann::json& request, const model::VersionInfo& version,
                                   const QueryLimits& limits);

// Converts one JSON value to a value of the column's type, or explains why not.
Result<Value> ValueForColumn(const nlohmann::json& j, const model::FieldDef& field);

// Cursors are opaque to clients: base64url of the version, the sort order
// and the last row's position.
std::string EncodeCursor(const model::VersionInfo& version, const model::QueryPlan& plan,
                         const Row& last_row_with_id);
Result<model::Cursor> DecodeCursor(std::string_view text, const model::VersionInfo& version,
                                   const model::QueryPlan& plan);

}  // namespace yungu::query
