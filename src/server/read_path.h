// The path every datastore read takes, whichever API it came through (the
// native query and export routes, CKAN's datastore_search and dump): split
// off the access keys, let the policy decide, prepare the query within the
// caller's scope, and trace the read (or its refusal) with what it returned.
#pragma once

#include <climits>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api.h"
#include "yungu/access/policy.h"
#include "yungu/audit/audit_event.h"
#include "yungu/server/query_answer.h"

namespace yungu::server {

// The keys of a read request that access control takes; the rest is the query.
struct ReadRequest {
  nlohmann::json query;
  int64_t grant_id = 0;
  std::string purpose;
};
Result<ReadRequest> SplitReadRequest(nlohmann::json request);

// A read the policy allowed, with what it may return.
struct AuthorizedRead {
  std::shared_ptr<const model::DatasetMeta> meta;
  access::DatasetAccess access;
  int64_t rows_left = INT64_MAX;  // the grant's daily quota still unused
};

enum class ReadKind {
  kPage,    // one page of an answer, under the query time limit
  kExport,  // a stream of everything asked for, without the limit
};

// A read under way: allowed, prepared, its trace entry waiting for the rows.
struct GuardedRead {
  AuthorizedRead auth;
  query::PreparedQuery query;
  audit::AuditEvent event;
  AnswerStats stats;  // filled while the answer is written (CountRow)
};

// Authorizes and prepares `request` (a query with the optional "grant" and
// "purpose" keys). `max_limit` > 0 replaces the query service's cap on
// page sizes. A refusal or a bad query is traced and returned.
Result<GuardedRead> BeginRead(ApiContext& ctx, const Request& req, const std::string& dataset,
                              nlohmann::json request, const std::string& action, ReadKind kind,
                              int64_t max_limit = 0);
// Records one returned row (a raw row from the cursor, row id first when the
// plan has one) for the trace's count of persons.
void CountRow(GuardedRead& read, const Row& row);
// After the last row: usage counters, the grant's quota, the trace entry.
Status FinishRead(ApiContext& ctx, GuardedRead& read);

// A keyed hash of one row's values in the subject columns (after `skip`
// leading columns): the same person gives the same number within this
// process, and nothing readable.
uint64_t SubjectHash(const Row& row, size_t skip, const std::vector<size_t>& columns);

// The answer from the response cache when the same caller scope asked the
// same of the same version before (its rows and persons then go to the
// trace as if read again), else written by `write` and cached. `shape`
// names what else the answer's text depends on (the API and its options).
Result<std::string> AnswerWithCache(ApiContext& ctx, GuardedRead& read, std::string_view shape,
                                    const std::function<Result<std::string>()>& write);

// A streamed export of `dataset`: format (csv, tsv, json, ndjson, xlsx), bom,
// and the native query keys, all from the request's query parameters.
Result<Response> ExportResponse(ApiContext& ctx, const std::string& dataset, const Request& req);

}  // namespace yungu::server
