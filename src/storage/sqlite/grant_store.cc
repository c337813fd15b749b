// Applications: submitting, listing, deciding and flagging them overdue.
// Grants and usage are in workflow_grants.cc, notifications in
// workflow_notifications.cc.
#include "storage/sqlite/grant_store.h"

#include <sqlite3.h>

#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {

const char* const kApplicationColumns =
    "id, dataset_id, provider_department, applicant_id, applicant_name, applicant_department, kind, purpose, "
    "legal_basis, fields, row_filter, duration_days, status, submitted_at, due_date, decided_at, decided_by, "
    "decision_reason, grant_id, overdue_flagged_at";

namespace {

Result<nlohmann::json> ParseJsonColumn(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return Corruption("storage.bad_json", "a stored workflow record is not valid JSON");
  return j;
}

std::string FieldsJson(const std::vector<std::string>& fields) { return nlohmann::json(fields).dump(); }

Status NotPendingOrMissing(Connection& conn, int64_t id) {
  YG_ASSIGN_OR_RETURN(Application app, LoadApplication(conn, id));
  return Conflict("workflow.not_pending", "application " + std::to_string(id) + " is already " + app.status);
}

}  // namespace

Result<std::vector<std::string>> ReadFieldList(const std::string& text) {
  YG_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonColumn(text));
  std::vector<std::string> out;
  if (!j.is_array()) return Corruption("storage.bad_json", "a stored field list is not an array");
  for (const auto& f : j) {
    if (!f.is_string()) return Corruption("storage.bad_json", "a stored field name is not text");
    out.push_back(f.get<std::string>());
  }
  return out;
}

Result<Application> ReadApplicationRow(Statement& stmt) {
  Application a;
  a.id = stmt.ColumnInt(0);
  a.dataset_id = stmt.ColumnText(1);
  a.provider_department = stmt.ColumnText(2);
  a.applicant_id = stmt.ColumnText(3);
  a.applicant_name = stmt.ColumnText(4);
  a.applicant_department = stmt.ColumnText(5);
  a.kind = stmt.ColumnText(6);
  a.purpose = stmt.ColumnText(7);
  a.legal_basis = stmt.ColumnText(8);
  YG_ASSIGN_OR_RETURN(a.fields, ReadFieldList(stmt.ColumnText(9)));
  YG_ASSIGN_OR_RETURN(a.row_filter, ParseJsonColumn(stmt.ColumnText(10)));
  a.duration_days = stmt.ColumnInt(11);
  a.status = stmt.ColumnText(12);
  a.submitted_at = stmt.ColumnText(13);
  a.due_date = stmt.ColumnText(14);
  a.decided_at = stmt.ColumnText(15);
  a.decided_by = stmt.ColumnText(16);
  a.decision_reason = stmt.ColumnText(17);
  a.grant_id = stmt.ColumnInt(18);
  a.overdue_flagged_at = stmt.ColumnText(19);
  return a;
}

Result<Application> LoadApplication(Connection& conn, int64_t id) {
  YG_ASSIGN_OR_RETURN(Statement stmt, conn.PrepareCached(std::string("SELECT ") + kApplicationColumns +
                                                         " FROM applications WHERE id = ?1"));
  stmt.BindInt(1, id);
  YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("workflow.application_not_found", "no application " + std::to_string(id));
  return ReadApplicationRow(stmt);
}

Status InsertNotifications(Connection& conn, const std::vector<Notification>& notices) {
  if (notices.empty()) return Status::Ok();
  YG_ASSIGN_OR_RETURN(
      Statement stmt,
      conn.PrepareCached("INSERT INTO notifications(created_at, user_id, audience_department, audience_roles, kind, "
                         "application_id, grant_id, dataset_id, title, body) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  for (const auto& n : notices) {
    stmt.Reset();
    stmt.BindText(1, n.created_at);
    stmt.BindText(2, n.user_id);
    stmt.BindText(3, n.audience_department);
    stmt.BindInt(4, n.audience_roles);
    stmt.BindText(5, n.kind);
    stmt.BindInt(6, n.application_id);
    stmt.BindInt(7, n.grant_id);
    stmt.BindText(8, n.dataset_id);
    stmt.BindText(9, n.title);
    stmt.BindText(10, n.body);
    YG_RETURN_IF_ERROR(stmt.Run());
  }
  return Status::Ok();
}

Result<Application> SqliteGrantStore::CreateApplication(Application a, std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(
      Statement stmt,
      conn->PrepareCached("INSERT INTO applications(dataset_id, provider_department, applicant_id, applicant_name, "
                          "applicant_department, kind, purpose, legal_basis, fields, row_filter, duration_days, "
                          "status, submitted_at, due_date) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', ?12, ?13)"));
  stmt.BindText(1, a.dataset_id);
  stmt.BindText(2, a.provider_department);
  stmt.BindText(3, a.applicant_id);
  stmt.BindText(4, a.applicant_name);
  stmt.BindText(5, a.applicant_department);
  stmt.BindText(6, a.kind);
  stmt.BindText(7, a.purpose);
  stmt.BindText(8, a.legal_basis);
  stmt.BindText(9, FieldsJson(a.fields));
  stmt.BindText(10, a.row_filter.dump());
  stmt.BindInt(11, a.duration_days);
  stmt.BindText(12, a.submitted_at);
  stmt.BindText(13, a.due_date);
  YG_RETURN_IF_ERROR(stmt.Run());
  int64_t id = sqlite3_last_insert_rowid(conn->raw());
  for (auto& n : notices) n.application_id = id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_ASSIGN_OR_RETURN(Application stored, LoadApplication(*conn, id));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<Application> SqliteGrantStore::GetApplication(int64_t id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return LoadApplication(*conn, id);
}

Result<ApplicationPage> SqliteGrantStore::ListApplications(const ApplicationQuery& q) {
  static const std::string kWhere =
      " WHERE ((?1 = '' AND ?2 = '') OR applicant_id = ?1 OR provider_department = ?2)"
      " AND (?3 = '' OR dataset_id = ?3) AND (?4 = '' OR status = ?4)"
      " AND (?5 = '' OR (status = 'pending' AND due_date < ?5))";
  auto bind = [&](Statement& stmt) {
    stmt.BindText(1, q.applicant_id);
    stmt.BindText(2, q.provider_department);
    stmt.BindText(3, q.dataset_id);
    stmt.BindText(4, q.status);
    stmt.BindText(5, q.overdue_on);
  };
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  ApplicationPage page;
  {
    YG_ASSIGN_OR_RETURN(Statement count, conn->PrepareCached("SELECT count(*) FROM applications" + kWhere));
    bind(count);
    YG_ASSIGN_OR_RETURN(bool row, count.Step());
    page.total = row ? count.ColumnInt(0) : 0;
  }
  YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached(std::string("SELECT ") + kApplicationColumns +
                                                          " FROM applications" + kWhere +
                                                          " ORDER BY id DESC LIMIT ?6 OFFSET ?7"));
  bind(stmt);
  stmt.BindInt(6, q.limit);
  stmt.BindInt(7, q.offset);
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    YG_ASSIGN_OR_RETURN(Application a, ReadApplicationRow(stmt));
    page.applications.push_back(std::move(a));
  }
  return page;
}

Result<Application> SqliteGrantStore::CloseApplication(int64_t id, const Decision& d,
                                                       std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("UPDATE applications SET status = ?2, decided_at = ?3, decided_by = ?4, "
                                          "decision_reason = ?5 WHERE id = ?1 AND status = 'pending'"));
  stmt.BindInt(1, id);
  stmt.BindText(2, d.status);
  stmt.BindText(3, d.decided_at);
  stmt.BindText(4, d.decided_by);
  stmt.BindText(5, d.reason);
  YG_RETURN_IF_ERROR(stmt.Run());
  if (conn->Changes() == 0) return NotPendingOrMissing(*conn, id);
  for (auto& n : notices) n.application_id = id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_ASSIGN_OR_RETURN(Application stored, LoadApplication(*conn, id));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<StoredGrant> SqliteGrantStore::ApproveApplication(int64_t id, const Decision& d, StoredGrant g,
                                                         std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  {
    YG_ASSIGN_OR_RETURN(Statement stmt,
                        conn->PrepareCached("UPDATE applications SET status = 'approved', decided_at = ?2, "
                                            "decided_by = ?3, decision_reason = ?4 "
                                            "WHERE id = ?1 AND status = 'pending'"));
    stmt.BindInt(1, id);
    stmt.BindText(2, d.decided_at);
    stmt.BindText(3, d.decided_by);
    stmt.BindText(4, d.reason);
    YG_RETURN_IF_ERROR(stmt.Run());
    if (conn->Changes() == 0) return NotPendingOrMissing(*conn, id);
  }
  const model::Grant& m = g.grant;
  {
    YG_ASSIGN_OR_RETURN(
        Statement stmt,
        conn->PrepareCached("INSERT INTO grants(application_id, dataset_id, provider_department, grantee_id, "
                            "grantee_department, fields, row_filter, daily_row_quota, purpose, granted_by, "
                            "granted_at, expires_at, masks) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
    stmt.BindInt(1, id);
    stmt.BindText(2, m.dataset_id);
    stmt.BindText(3, g.provider_department);
    stmt.BindText(4, m.grantee_user_id);
    stmt.BindText(5, m.grantee_department);
    stmt.BindText(6, FieldsJson(m.fields));
    stmt.BindText(7, m.row_filter.dump());
    stmt.BindInt(8, m.daily_row_quota);
    stmt.BindText(9, m.purpose);
    stmt.BindText(10, m.granted_by);
    stmt.BindText(11, m.granted_at);
    stmt.BindText(12, m.expires_at);
    stmt.BindText(13, MasksJson(m.masks));
    YG_RETURN_IF_ERROR(stmt.Run());
  }
  int64_t grant_id = sqlite3_last_insert_rowid(conn->raw());
  {
    YG_ASSIGN_OR_RETURN(Statement stmt, conn->PrepareCached("UPDATE applications SET grant_id = ?2 WHERE id = ?1"));
    stmt.BindInt(1, id);
    stmt.BindInt(2, grant_id);
    YG_RETURN_IF_ERROR(stmt.Run());
  }
  for (auto& n : notices) {
    n.application_id = id;
    n.grant_id = grant_id;
  }
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_ASSIGN_OR_RETURN(StoredGrant stored, LoadGrant(*conn, grant_id));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<std::vector<Application>> SqliteGrantStore::UnflaggedOverdue(std::string_view day) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached(std::string("SELECT ") + kApplicationColumns +
                                          " FROM applications WHERE status = 'pending' AND due_date < ?1 "
                                          "AND overdue_flagged_at = '' ORDER BY id"));
  stmt.BindText(1, day);
  std::vector<Application> out;
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    YG_ASSIGN_OR_RETURN(Application a, ReadApplicationRow(stmt));
    out.push_back(std::move(a));
  }
  return out;
}

Result<bool> SqliteGrantStore::FlagOverdue(int64_t id, std::string_view at, std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("UPDATE applications SET overdue_flagged_at = ?2 "
                                          "WHERE id = ?1 AND status = 'pending' AND overdue_flagged_at = ''"));
  stmt.BindInt(1, id);
  stmt.BindText(2, at);
  YG_RETURN_IF_ERROR(stmt.Run());
  if (conn->Changes() == 0) return false;
  for (auto& n : notices) n.application_id = id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return true;
}

}  // namespace yungu::storage::sqlite
