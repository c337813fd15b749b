// Grants and the rows read under them per day.
#include "storage/postgres/pg_grant_store.h"
#include "storage/postgres/pg_workflow_rows.h"
#include "yungu/model/catalog_json.h"

namespace yungu::storage::pg {

using workflow::InsertNotifications;
using workflow::kGrantColumns;
using workflow::LoadGrant;
using workflow::ReadGrantRows;

namespace workflow {

const char* const kGrantColumns =
    "id, application_id, dataset_id, provider_department, grantee_id, grantee_department, fields, row_filter, "
    "daily_row_quota, purpose, granted_by, granted_at, expires_at, revoked_at, revoked_by, revoke_reason, "
    "expiry_notified_at, masks";

std::string MasksJson(const std::map<std::string, model::MaskSpec>& masks) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [field, mask] : masks) j[field] = model::ToJson(mask);
  return j.dump();
}

Result<std::map<std::string, model::MaskSpec>> ReadMasks(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Corruption("storage.bad_json", "stored grant masks are not a JSON object");
  }
  std::map<std::string, model::MaskSpec> masks;
  for (const auto& [field, spec] : j.items()) {
    auto mask = model::MaskSpecFromJson(spec);
    if (!mask.ok()) return Corruption("storage.bad_json", "a stored grant mask is invalid: " + mask.status().message());
    masks.emplace(field, std::move(mask).value());
  }
  return masks;
}

Result<StoredGrant> ReadGrantRow(const PgResult& res, int row) {
  StoredGrant s;
  model::Grant& g = s.grant;
  g.id = res.Int(row, 0);
  g.application_id = res.Int(row, 1);
  g.dataset_id = res.Text(row, 2);
  s.provider_department = res.Text(row, 3);
  g.grantee_user_id = res.Text(row, 4);
  g.grantee_department = res.Text(row, 5);
  YG_ASSIGN_OR_RETURN(g.fields, ReadFieldList(res.View(row, 6)));
  auto filter = ReadJson(res.View(row, 7));
  if (!filter.ok()) return Corruption("storage.bad_json", "a stored row filter is not valid JSON");
  g.row_filter = std::move(filter).value();
  g.daily_row_quota = res.Int(row, 8);
  g.purpose = res.Text(row, 9);
  g.granted_by = res.Text(row, 10);
  g.granted_at = res.Text(row, 11);
  g.expires_at = res.Text(row, 12);
  g.revoked_at = res.Text(row, 13);
  g.revoked_by = res.Text(row, 14);
  g.revoke_reason = res.Text(row, 15);
  s.expiry_notified_at = res.Text(row, 16);
  YG_ASSIGN_OR_RETURN(g.masks, ReadMasks(res.View(row, 17)));
  return s;
}

Result<std::vector<StoredGrant>> ReadGrantRows(const PgResult& res) {
  std::vector<StoredGrant> out;
  out.reserve(res.rows());
  for (int i = 0; i < res.rows(); ++i) {
    YG_ASSIGN_OR_RETURN(StoredGrant g, ReadGrantRow(res, i));
    out.push_back(std::move(g));
  }
  return out;
}

Result<StoredGrant> LoadGrant(PgConnection& conn, int64_t id) {
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(std::string("SELECT ") + kGrantColumns + " FROM grants WHERE id = $1",
                                              Params().Int(id)));
  if (res.rows() == 0) return NotFound("workflow.grant_not_found", "no grant " + std::to_string(id));
  return ReadGrantRow(res, 0);
}

}  // namespace workflow

namespace {

// Grants received by $1 or made by $2 ('' and '': all), of dataset $3 ('': any).
const char* const kGrantFilter =
    " WHERE (($1::text = '' AND $2::text = '') OR grantee_id = $1::text OR provider_department = $2::text)"
    " AND ($3::text = '' OR dataset_id = $3::text)";

Params GrantFilterParams(const GrantQuery& q) {
  Params p;
  p.Text(q.grantee_id).Text(q.provider_department).Text(q.dataset_id);
  return p;
}

}  // namespace

Result<StoredGrant> PgGrantStore::GetGrant(int64_t id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return LoadGrant(*conn, id);
}

Result<GrantPage> PgGrantStore::ListGrants(const GrantQuery& q) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GrantPage page;
  YG_ASSIGN_OR_RETURN(PgResult count,
                      conn->Exec(std::string("SELECT count(*) FROM grants") + kGrantFilter, GrantFilterParams(q)));
  page.total = count.rows() ? count.Int(0, 0) : 0;
  Params params = GrantFilterParams(q);
  workflow::AddPaging(params, q.limit, q.offset);
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kGrantColumns + " FROM grants" + kGrantFilter +
                                                   " ORDER BY id DESC LIMIT $4 OFFSET $5",
                                               params));
  YG_ASSIGN_OR_RETURN(page.grants, ReadGrantRows(res));
  return page;
}

Result<std::vector<model::Grant>> PgGrantStore::UnrevokedGrantsOf(std::string_view user_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kGrantColumns +
                                                   " FROM grants WHERE grantee_id = $1 AND revoked_at = '' ORDER BY id",
                                               Params().Text(user_id)));
  YG_ASSIGN_OR_RETURN(auto stored, ReadGrantRows(res));
  std::vector<model::Grant> out;
  out.reserve(stored.size());
  for (auto& s : stored) out.push_back(std::move(s.grant));
  return out;
}

Result<StoredGrant> PgGrantStore::RevokeGrant(int64_t id, std::string_view at, std::string_view by,
                                              std::string_view reason, std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec(std::string("UPDATE grants SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 "
                                             "WHERE id = $1 AND revoked_at = '' RETURNING ") +
                                     kGrantColumns,
                                 Params().Int(id).Text(at).Text(by).Text(reason)));
  if (res.rows() == 0) {
    YG_RETURN_IF_ERROR(LoadGrant(*conn, id).status());
    return Conflict("workflow.already_revoked", "grant " + std::to_string(id) + " is already revoked");
  }
  YG_ASSIGN_OR_RETURN(StoredGrant stored, workflow::ReadGrantRow(res, 0));
  for (auto& n : notices) {
    n.grant_id = id;
    n.application_id = stored.grant.application_id;
  }
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<std::vector<StoredGrant>> PgGrantStore::ExpiringUnnotified(std::string_view from, std::string_view until) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kGrantColumns +
                                                   " FROM grants WHERE expires_at >= $1 AND expires_at < $2 "
                                                   "AND revoked_at = '' AND expiry_notified_at = '' ORDER BY id",
                                               Params().Text(from).Text(until)));
  return ReadGrantRows(res);
}

Result<bool> PgGrantStore::MarkExpiryNotified(int64_t grant_id, std::string_view at,
                                              std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("UPDATE grants SET expiry_notified_at = $2 "
                                 "WHERE id = $1 AND expiry_notified_at = '' AND revoked_at = ''",
                                 Params().Int(grant_id).Text(at)));
  if (res.Affected() == 0) return false;  // sent already (or revoked); rolled back
  for (auto& n : notices) n.grant_id = grant_id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return true;
}

Result<int64_t> PgGrantStore::RowsUsed(int64_t grant_id, std::string_view day) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec("SELECT rows FROM grant_usage WHERE grant_id = $1 AND day = $2",
                                               Params().Int(grant_id).Text(day)));
  return res.rows() ? res.Int(0, 0) : int64_t{0};
}

Result<int64_t> PgGrantStore::AddRowsUsed(int64_t grant_id, std::string_view day, int64_t rows) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // One statement: the upsert adds to the row as it is when locked, so
  // concurrent callers (of any process) never lose an addition.
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("INSERT INTO grant_usage(grant_id, day, rows) VALUES($1, $2, $3) "
                                 "ON CONFLICT (grant_id, day) DO UPDATE SET rows = grant_usage.rows + excluded.rows "
                                 "RETURNING rows",
                                 Params().Int(grant_id).Text(day).Int(rows)));
  if (res.rows() == 0) return Internal("storage.no_usage", "the usage row was not written");
  return res.Int(0, 0);
}

}  // namespace yungu::storage::pg
