// The JSON answer of a datastore query, shared by the API and the CLI.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "yungu/query/query_service.h"

namespace yungu::server {

// What an answer revealed, for the trace and for quotas.
struct AnswerStats {
  int64_t rows = 0;
  // Answer columns whose values identify a person (sensitive fields): each
  // row's values there are hashed into `subjects` (keyed per process).
  std::vector<size_t> subject_columns;
  std::vector<uint64_t> subjects;
};

// {"dataset", "version", "fields", "records", "count", "total"?, "limit",
//  "offset", "next_cursor"?}
Result<std::string> QueryAnswerJson(query::QueryService& queries, const std::string& dataset,
                                    const nlohmann::json& request);

// The same for a query already prepared.
Result<std::string> QueryAnswerJson(query::QueryService& queries, const query::PreparedQuery& prepared,
                                    const std::string& dataset, AnswerStats* stats = nullptr);

}  // namespace yungu::server
