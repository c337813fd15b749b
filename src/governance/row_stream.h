// Reading every row of a stored version for governance scans, with full
// access (no caller is involved) and no row id in front.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "yungu/query/query_service.h"

namespace yungu::governance::internal {

// Prepares `request` (query syntax, e.g. {"fields": [...], "version": 2}) as
// an export of the dataset, calls `start` with the prepared query (columns,
// version), then `visit` with each row in the prepared columns' order.
Status StreamRows(query::QueryService& queries, const std::string& dataset, const nlohmann::json& request,
                  const std::function<Status(const query::PreparedQuery&)>& start,
                  const std::function<void(Row&)>& visit);

// Today in China (UTC+8) as YYYY-MM-DD.
std::string TodayInChina();

}  // namespace yungu::governance::internal
