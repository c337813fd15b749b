// Grants and the rows read under them per day.
#include "storage/sqlite/grant_store.h"

#include "storage/sqlite/sqlite_store.h"
#include "yungu/model/catalog_json.h"

namespace yungu::storage::sqlite {

const char* const kGrantColumns =
    "id, application_id, dataset_id, provider_department, grantee_id, grantee_department, fields, row_filter, "
    "daily_row_quota, purpose, granted_by, granted_at, expires_at, revoked_at, revoked_by, revoke_reason, "
    "expiry_notified_at, masks";

std::string MasksJson(const std::map<std::string, model::MaskSpec>& masks) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [field, mask] : masks) j[field] = model::ToJson(mask);
  return j.dump();
}

Result<std::map<std::string, model::MaskSpec>> ReadMasks(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Corruption("storage.bad_json", "stored grant masks are not a JSON object");
  std::map<std::string, model::MaskSpec> masks;
  for (const auto& [field, spec] : j.items()) {
    auto mask = model::MaskSpecFromJson(spec);
    if (!mask.ok()) return Corruption("storage.bad_json", "a stored grant mask is invalid: " + mask.status().message());
    masks.emplace(field, std::move(mask).value());
  }
  return masks;
}

Result<StoredGrant> ReadGrantRow(Statement& stmt) {
  StoredGrant s;
  model::Grant& g = s.grant;
  g.id = stmt.ColumnInt(0);
  g.application_id = stmt.ColumnInt(1);
  g.dataset_id = stmt.ColumnText(2);
  s.provider_department = stmt.ColumnText(3);
  g.grantee_user_id = stmt.ColumnText(4);
  g.grantee_department = stmt.ColumnText(5);
  YG_ASSIGN_OR_RETURN(g.fields, ReadFieldList(stmt.ColumnText(6)));
  g.row_filter = nlohmann::json::parse(stmt.ColumnText(7), nullptr, false);
  if (g.row_filter.is_discarded()) return Corruption("storage.bad_json", "a stored row filter is not valid JSON");
  g.daily_row_quota = stmt.ColumnInt(8);
  g.purpose = stmt.ColumnText(9);
  g.granted_by = stmt.ColumnText(10);
  g.granted_at = stmt.ColumnText(11);
  g.expires_at = stmt.ColumnText(12);
  g.revoked_at = stmt.ColumnText(13);
  g.revoked_by = stmt.ColumnText(14);
  g.revoke_reason = stmt.ColumnText(15);
  s.expiry_notified_at = stmt.ColumnText(16);
  YG_ASSIGN_OR_RETURN(g.masks, ReadMasks(stmt.ColumnText(17)));
  return s;
}

Result<StoredGrant> LoadGrant(Connection& conn, int64_t id) {
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn.PrepareCached(std::string("SELECT ") + kGrantColumns + " FROM grants WHERE id = ?1"));
  stmt.BindInt(1, id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("workflow.grant_not_found", "no grant " + std::to_string(id));
  return ReadGrantRow(stmt);
}

namespace {

Result<std::vector<StoredGrant>> ReadGrants(Statement& stmt) {
  std::vector<StoredGrant> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    YG_ASSIGN_OR_RETURN(StoredGrant g, ReadGrantRow(stmt));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

Result<StoredGrant> SqliteGrantStore::GetGrant(int64_t id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return LoadGrant(*conn, id);
}

Result<GrantPage> SqliteGrantStore::ListGrants(const GrantQuery& q) {
  static const std::string kWhere =
      " WHERE ((?1 = '' AND ?2 = '') OR grantee_id = ?1 OR provider_department = ?2)"
      " AND (?3 = '' OR dataset_id = ?3)";
  auto bind = [&](Statement& stmt) {
    stmt.BindText(1, q.grantee_id);
    stmt.BindText(2, q.provider_department);
    stmt.BindText(3, q.dataset_id);
  };
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GrantPage page;
  {
    YG_ASSIGN_OR_RETURN(Statement count, conn->PrepareCached("SELECT count(*) FROM grants" + kWhere));
    bind(count);
    YG_ASSIGN_OR_RETURN(bool row, count.Step());
    page.total = row ? count.ColumnInt(0) : 0;
  }
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kGrantColumns + " FROM grants" +
                                                          kWhere + " ORDER BY id DESC LIMIT ?4 OFFSET ?5"));
  bind(stmt);
  stmt.BindInt(4, q.limit);
  stmt.BindInt(5, q.offset);
  YG_ASSIGN_OR_RETURN(page.grants, ReadGrants(stmt));
  return page;
}

Result<std::vector<model::Grant>> SqliteGrantStore::UnrevokedGrantsOf(std::string_view user_id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kGrantColumns +
                                                          " FROM grants WHERE grantee_id = ?1 AND revoked_at = '' "
                                                          "ORDER BY id"));
  stmt.BindText(1, user_id);
  YG_ASSIGN_OR_RETURN(auto stored, ReadGrants(stmt));
  std::vector<model::Grant> out;
  out.reserve(stored.size());
  for (auto& s : stored) out.push_back(std::move(s.grant));
  return out;
}

Result<StoredGrant> SqliteGrantStore::RevokeGrant(int64_t id, std::string_view at, std::string_view by,
                                                  std::string_view reason, std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("UPDATE grants SET revoked_at = ?2, revoked_by = ?3, revoke_reason = ?4 "
                                          "WHERE id = ?1 AND revoked_at = ''"));
  stmt.BindInt(1, id);
  stmt.BindText(2, at);
  stmt.BindText(3, by);
  stmt.BindText(4, reason);
  YG_RETURN_IF_ERROR(stmt.Run());
  if (conn->Changes() == 0) {
    YG_RETURN_IF_ERROR(LoadGrant(*conn, id).status());
    return Conflict("workflow.already_revoked", "grant " + std::to_string(id) + " is already revoked");
  }
  YG_ASSIGN_OR_RETURN(StoredGrant stored, LoadGrant(*conn, id));
  for (auto& n : notices) {
    n.grant_id = id;
    n.application_id = stored.grant.application_id;
  }
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<std::vector<StoredGrant>> SqliteGrantStore::ExpiringUnnotified(std::string_view from, std::string_view until) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached(std::string("SELECT ") + kGrantColumns +
                                          " FROM grants WHERE expires_at >= ?1 AND expires_at < ?2 "
                                          "AND revoked_at = '' AND expiry_notified_at = '' ORDER BY id"));
  stmt.BindText(1, from);
  stmt.BindText(2, until);
  return ReadGrants(stmt);
}

Result<bool> SqliteGrantStore::MarkExpiryNotified(int64_t grant_id, std::string_view at,
                                                  std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("UPDATE grants SET expiry_notified_at = ?2 "
                                          "WHERE id = ?1 AND expiry_notified_at = '' AND revoked_at = ''"));
  stmt.BindInt(1, grant_id);
  stmt.BindText(2, at);
  YG_RETURN_IF_ERROR(stmt.Run());
  if (conn->Changes() == 0) return false;
  for (auto& n : notices) n.grant_id = grant_id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return true;
}

Result<int64_t> SqliteGrantStore::RowsUsed(int64_t grant_id, std::string_view day) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("SELECT rows FROM grant_usage WHERE grant_id = ?1 AND day = ?2"));
  stmt.BindInt(1, grant_id);
  stmt.BindText(2, day);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : int64_t{0};
}

Result<int64_t> SqliteGrantStore::AddRowsUsed(int64_t grant_id, std::string_view day, int64_t rows) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("INSERT INTO grant_usage(grant_id, day, rows) VALUES(?1, ?2, ?3) "
                                          "ON CONFLICT(grant_id, day) DO UPDATE SET rows = rows + excluded.rows "
                                          "RETURNING rows"));
  stmt.BindInt(1, grant_id);
  stmt.BindText(2, day);
  stmt.BindInt(3, rows);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("storage.no_usage", "the usage row was not written");
  int64_t total = stmt.ColumnInt(0);
  stmt = Statement();  // finish the statement before committing
  YG_RETURN_IF_ERROR(tx.Commit());
  return total;
}

}  // namespace yungu::storage::sqlite
