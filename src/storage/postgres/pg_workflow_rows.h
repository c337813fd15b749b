// Row helpers shared by the workflow files of the PostgreSQL backend
// (pg_grant_store.cc, pg_workflow_grants.cc, pg_workflow_notifications.cc).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "yungu/storage/grant_store.h"

namespace yungu::storage::pg::workflow {

// The columns ReadApplicationRow expects, in order.
extern const char* const kApplicationColumns;
Result<Application> ReadApplicationRow(const PgResult& res, int row);
// NotFound "workflow.application_not_found" when there is none.
Result<Application> LoadApplication(PgConnection& conn, int64_t id);

// The columns ReadGrantRow expects, in order.
extern const char* const kGrantColumns;
Result<StoredGrant> ReadGrantRow(const PgResult& res, int row);
Result<std::vector<StoredGrant>> ReadGrantRows(const PgResult& res);
// NotFound "workflow.grant_not_found" when there is none.
Result<StoredGrant> LoadGrant(PgConnection& conn, int64_t id);

// JSON text of the stored field lists and masks, and back.
std::string FieldsJson(const std::vector<std::string>& fields);
Result<std::vector<std::string>> ReadFieldList(std::string_view json_text);
Result<nlohmann::json> ReadJson(std::string_view json_text);
std::string MasksJson(const std::map<std::string, model::MaskSpec>& masks);
Result<std::map<std::string, model::MaskSpec>> ReadMasks(std::string_view json_text);

// Inserts `notices` with one statement, inside the caller's transaction.
Status InsertNotifications(PgConnection& conn, const std::vector<Notification>& notices);

// LIMIT/OFFSET as the embedded store reads them: a negative limit is no
// limit, a negative offset is none.
void AddPaging(Params& params, int64_t limit, int64_t offset);

}  // namespace yungu::storage::pg::workflow
