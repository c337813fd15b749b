// The JSON answer of a datastore query, shared by the API and the CLI.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "yungu/query/query_service.h"

namespace yungu::server {

// {"dataset", "version", "fields", "records", "count", "total"?, "limit",
//  "offset", "next_cursor"?}
Result<std::string> QueryAnswerJson(query::QueryService& queries, const std::string& dataset,
                                    const nlohmann::json& request);

// The same for a query already prepared.
Result<std::string> QueryAnswerJson(query::QueryService& queries, const query::PreparedQuery& prepared,
                                    const std::string& dataset);

}  // namespace yungu::server
