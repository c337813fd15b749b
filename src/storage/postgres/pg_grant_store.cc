// Applications: submitting, listing, deciding and flagging them overdue.
// Grants and usage are in pg_workflow_grants.cc, the inbox in
// pg_workflow_notifications.cc.
//
// Several processes may share the database, so every "only once" change is
// a conditional UPDATE (WHERE status = 'pending', ... = ''): under READ
// COMMITTED a concurrent writer of the same row waits for the first one and
// then re-checks the condition, so exactly one of them changes the row.
#include "storage/postgres/pg_grant_store.h"

#include "storage/postgres/pg_workflow_rows.h"

namespace yungu::storage::pg {

using workflow::FieldsJson;
using workflow::InsertNotifications;
using workflow::kApplicationColumns;
using workflow::LoadApplication;
using workflow::ReadApplicationRow;

namespace workflow {

const char* const kApplicationColumns =
    "id, dataset_id, provider_department, applicant_id, applicant_name, applicant_department, kind, purpose, "
    "legal_basis, fields, row_filter, duration_days, status, submitted_at, due_date, decided_at, decided_by, "
    "decision_reason, grant_id, overdue_flagged_at";

std::string FieldsJson(const std::vector<std::string>& fields) { return nlohmann::json(fields).dump(); }

Result<nlohmann::json> ReadJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return Corruption("storage.bad_json", "a stored workflow record is not valid JSON");
  return j;
}

Result<std::vector<std::string>> ReadFieldList(std::string_view text) {
  YG_ASSIGN_OR_RETURN(nlohmann::json j, ReadJson(text));
  if (!j.is_array()) return Corruption("storage.bad_json", "a stored field list is not an array");
  std::vector<std::string> out;
  for (const auto& f : j) {
    if (!f.is_string()) return Corruption("storage.bad_json", "a stored field name is not text");
    out.push_back(f.get<std::string>());
  }
  return out;
}

Result<Application> ReadApplicationRow(const PgResult& res, int row) {
  Application a;
  a.id = res.Int(row, 0);
  a.dataset_id = res.Text(row, 1);
  a.provider_department = res.Text(row, 2);
  a.applicant_id = res.Text(row, 3);
  a.applicant_name = res.Text(row, 4);
  a.applicant_department = res.Text(row, 5);
  a.kind = res.Text(row, 6);
  a.purpose = res.Text(row, 7);
  a.legal_basis = res.Text(row, 8);
  YG_ASSIGN_OR_RETURN(a.fields, ReadFieldList(res.View(row, 9)));
  YG_ASSIGN_OR_RETURN(a.row_filter, ReadJson(res.View(row, 10)));
  a.duration_days = res.Int(row, 11);
  a.status = res.Text(row, 12);
  a.submitted_at = res.Text(row, 13);
  a.due_date = res.Text(row, 14);
  a.decided_at = res.Text(row, 15);
  a.decided_by = res.Text(row, 16);
  a.decision_reason = res.Text(row, 17);
  a.grant_id = res.Int(row, 18);
  a.overdue_flagged_at = res.Text(row, 19);
  return a;
}

Result<Application> LoadApplication(PgConnection& conn, int64_t id) {
  YG_ASSIGN_OR_RETURN(PgResult res, conn.Exec(std::string("SELECT ") + kApplicationColumns +
                                                  " FROM applications WHERE id = $1",
                                              Params().Int(id)));
  if (res.rows() == 0) return NotFound("workflow.application_not_found", "no application " + std::to_string(id));
  return ReadApplicationRow(res, 0);
}

Status InsertNotifications(PgConnection& conn, const std::vector<Notification>& notices) {
  if (notices.empty()) return Status::Ok();
  std::string sql =
      "INSERT INTO notifications(created_at, user_id, audience_department, audience_roles, kind, "
      "application_id, grant_id, dataset_id, title, body) VALUES ";
  Params params;
  for (size_t i = 0; i < notices.size(); ++i) {
    const Notification& n = notices[i];
    sql += i ? ", (" : "(";
    params.Text(n.created_at);
    sql += params.Last() + ", ";
    params.Text(n.user_id);
    sql += params.Last() + ", ";
    params.Text(n.audience_department);
    sql += params.Last() + ", ";
    params.Int(n.audience_roles);
    sql += params.Last() + ", ";
    params.Text(n.kind);
    sql += params.Last() + ", ";
    params.Int(n.application_id);
    sql += params.Last() + ", ";
    params.Int(n.grant_id);
    sql += params.Last() + ", ";
    params.Text(n.dataset_id);
    sql += params.Last() + ", ";
    params.Text(n.title);
    sql += params.Last() + ", ";
    params.Text(n.body);
    sql += params.Last() + ")";
  }
  return conn.Exec(sql, params).status();
}

void AddPaging(Params& params, int64_t limit, int64_t offset) {
  if (limit < 0) {
    params.Null();  // LIMIT NULL: no limit
  } else {
    params.Int(limit);
  }
  params.Int(offset < 0 ? 0 : offset);
}

}  // namespace workflow

namespace {

// The outcome when a conditional update of a pending application changed
// nothing: NotFound if there is no such application, else Conflict.
Status NotPendingOrMissing(PgConnection& conn, int64_t id) {
  YG_ASSIGN_OR_RETURN(Application app, LoadApplication(conn, id));
  return Conflict("workflow.not_pending", "application " + std::to_string(id) + " is already " + app.status);
}

// Who and what ListApplications lists: $1 applicant, $2 provider, $3
// dataset, $4 status, $5 overdue-on day (each '' for any).
const char* const kApplicationFilter =
    " WHERE (($1::text = '' AND $2::text = '') OR applicant_id = $1::text OR provider_department = $2::text)"
    " AND ($3::text = '' OR dataset_id = $3::text) AND ($4::text = '' OR status = $4::text)"
    " AND ($5::text = '' OR (status = 'pending' AND due_date < $5::text))";

Params ApplicationFilterParams(const ApplicationQuery& q) {
  Params p;
  p.Text(q.applicant_id).Text(q.provider_department).Text(q.dataset_id).Text(q.status).Text(q.overdue_on);
  return p;
}

Result<std::vector<Application>> ReadApplications(const PgResult& res) {
  std::vector<Application> out;
  out.reserve(res.rows());
  for (int i = 0; i < res.rows(); ++i) {
    YG_ASSIGN_OR_RETURN(Application a, ReadApplicationRow(res, i));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<Application> PgGrantStore::CreateApplication(Application a, std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  Params params;
  params.Text(a.dataset_id)
      .Text(a.provider_department)
      .Text(a.applicant_id)
      .Text(a.applicant_name)
      .Text(a.applicant_department)
      .Text(a.kind)
      .Text(a.purpose)
      .Text(a.legal_basis)
      .Text(FieldsJson(a.fields))
      .Text(a.row_filter.dump())
      .Int(a.duration_days)
      .Text(a.submitted_at)
      .Text(a.due_date);
  YG_ASSIGN_OR_RETURN(
      PgResult res,
      conn->Exec(std::string("INSERT INTO applications(dataset_id, provider_department, applicant_id, "
                             "applicant_name, applicant_department, kind, purpose, legal_basis, fields, row_filter, "
                             "duration_days, status, submitted_at, due_date) "
                             "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13) RETURNING ") +
                     kApplicationColumns,
                 params));
  YG_ASSIGN_OR_RETURN(Application stored, ReadApplicationRow(res, 0));
  for (auto& n : notices) n.application_id = stored.id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<Application> PgGrantStore::GetApplication(int64_t id) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  return LoadApplication(*conn, id);
}

Result<ApplicationPage> PgGrantStore::ListApplications(const ApplicationQuery& q) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  ApplicationPage page;
  YG_ASSIGN_OR_RETURN(PgResult count, conn->Exec(std::string("SELECT count(*) FROM applications") +
                                                     kApplicationFilter,
                                                 ApplicationFilterParams(q)));
  page.total = count.rows() ? count.Int(0, 0) : 0;
  Params params = ApplicationFilterParams(q);
  workflow::AddPaging(params, q.limit, q.offset);
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kApplicationColumns + " FROM applications" +
                                                   kApplicationFilter + " ORDER BY id DESC LIMIT $6 OFFSET $7",
                                               params));
  YG_ASSIGN_OR_RETURN(page.applications, ReadApplications(res));
  return page;
}

Result<Application> PgGrantStore::CloseApplication(int64_t id, const Decision& d, std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(
      PgResult res,
      conn->Exec(std::string("UPDATE applications SET status = $2, decided_at = $3, decided_by = $4, "
                             "decision_reason = $5 WHERE id = $1 AND status = 'pending' RETURNING ") +
                     kApplicationColumns,
                 Params().Int(id).Text(d.status).Text(d.decided_at).Text(d.decided_by).Text(d.reason)));
  if (res.rows() == 0) return NotPendingOrMissing(*conn, id);
  YG_ASSIGN_OR_RETURN(Application stored, ReadApplicationRow(res, 0));
  for (auto& n : notices) n.application_id = id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<StoredGrant> PgGrantStore::ApproveApplication(int64_t id, const Decision& d, StoredGrant g,
                                                     std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  {
    // Holds the application's row lock until the grant is committed.
    YG_ASSIGN_OR_RETURN(PgResult res,
                        conn->Exec("UPDATE applications SET status = 'approved', decided_at = $2, decided_by = $3, "
                                   "decision_reason = $4 WHERE id = $1 AND status = 'pending' RETURNING id",
                                   Params().Int(id).Text(d.decided_at).Text(d.decided_by).Text(d.reason)));
    if (res.rows() == 0) return NotPendingOrMissing(*conn, id);
  }
  const model::Grant& m = g.grant;
  Params params;
  params.Int(id)
      .Text(m.dataset_id)
      .Text(g.provider_department)
      .Text(m.grantee_user_id)
      .Text(m.grantee_department)
      .Text(FieldsJson(m.fields))
      .Text(m.row_filter.dump())
      .Int(m.daily_row_quota)
      .Text(m.purpose)
      .Text(m.granted_by)
      .Text(m.granted_at)
      .Text(m.expires_at)
      .Text(workflow::MasksJson(m.masks));
  YG_ASSIGN_OR_RETURN(
      PgResult inserted,
      conn->Exec(std::string("INSERT INTO grants(application_id, dataset_id, provider_department, grantee_id, "
                             "grantee_department, fields, row_filter, daily_row_quota, purpose, granted_by, "
                             "granted_at, expires_at, masks) "
                             "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ") +
                     workflow::kGrantColumns,
                 params));
  YG_ASSIGN_OR_RETURN(StoredGrant stored, workflow::ReadGrantRow(inserted, 0));
  int64_t grant_id = stored.grant.id;
  YG_RETURN_IF_ERROR(
      conn->Exec("UPDATE applications SET grant_id = $2 WHERE id = $1", Params().Int(id).Int(grant_id)).status());
  for (auto& n : notices) {
    n.application_id = id;
    n.grant_id = grant_id;
  }
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<std::vector<Application>> PgGrantStore::UnflaggedOverdue(std::string_view day) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult res, conn->Exec(std::string("SELECT ") + kApplicationColumns +
                                                   " FROM applications WHERE status = 'pending' AND due_date < $1 "
                                                   "AND overdue_flagged_at = '' ORDER BY id",
                                               Params().Text(day)));
  return ReadApplications(res);
}

Result<bool> PgGrantStore::FlagOverdue(int64_t id, std::string_view at, std::vector<Notification> notices) {
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, PgTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("UPDATE applications SET overdue_flagged_at = $2 "
                                 "WHERE id = $1 AND status = 'pending' AND overdue_flagged_at = ''",
                                 Params().Int(id).Text(at)));
  if (res.Affected() == 0) return false;  // flagged or decided already; rolled back
  for (auto& n : notices) n.application_id = id;
  YG_RETURN_IF_ERROR(InsertNotifications(*conn, notices));
  YG_RETURN_IF_ERROR(tx.Commit());
  return true;
}

}  // namespace yungu::storage::pg
