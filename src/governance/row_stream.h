// Reading every row of a stored version for governance scans, with full
// access (no caller is involved) and no row id in front.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "yungu/query/query_service.h"

namespace yungu::governance::internal {

// A version's rows opened for reading: the prepared export (columns,
// version) and its cursor.
struct OpenedRows {
  query::PreparedQuery query;
  std::unique_ptr<storage::RowCursor> cursor;
};
// Prepares `request` (query syntax) as an export of the dataset without
// the row id in front, and opens it.
Result<OpenedRows> OpenRows(query::QueryService& queries, const std::string& dataset, const nlohmann::json& request);

// Prepares `request` (query syntax, e.g. {"fields": [...], "version": 2}) as
// an export of the dataset, calls `start` with the prepared query (columns,
// version), then `visit` with each row in the prepared columns' order.
Status StreamRows(query::QueryService& queries, const std::string& dataset, const nlohmann::json& request,
                  const std::function<Status(const query::PreparedQuery&)>& start,
                  const std::function<void(Row&)>& visit);

}  // namespace yungu::governance::internal
