// The in-app inbox: notifications addressed to a user or to an audience, and
// who has read them.
#include "storage/postgres/pg_grant_store.h"
#include "storage/postgres/pg_workflow_rows.h"

namespace yungu::storage::pg {
namespace {

// Notifications the reader ($1 user id, $2 department, $3 role bits)
// receives: their own, or an audience's whose roles share a bit with the
// reader's, in the reader's department or in any.
const std::string kAddressedTo =
    "(n.user_id = $1::text OR (n.user_id = '' AND (n.audience_roles & $3::bigint) <> 0 "
    "AND (n.audience_department = '' OR n.audience_department = $2::text)))";

// The reader's read marks, joined to each notification.
const std::string kWithReads =
    " FROM notifications n LEFT JOIN notification_reads r ON r.user_id = $1::text AND r.notification_id = n.id"
    " WHERE ";

Params ReaderParams(const InboxQuery& r) {
  Params p;
  p.Text(r.user_id).Text(r.department).Int(r.roles);
  return p;
}

Notification ReadNotificationRow(const PgResult& res, int row) {
  Notification n;
  n.id = res.Int(row, 0);
  n.created_at = res.Text(row, 1);
  n.user_id = res.Text(row, 2);
  n.audience_department = res.Text(row, 3);
  n.audience_roles = static_cast<uint32_t>(res.Int(row, 4));
  n.kind = res.Text(row, 5);
  n.application_id = res.Int(row, 6);
  n.grant_id = res.Int(row, 7);
  n.dataset_id = res.Text(row, 8);
  n.title = res.Text(row, 9);
  n.body = res.Text(row, 10);
  n.read_at = res.Text(row, 11);
  return n;
}

}  // namespace

Result<InboxPage> PgGrantStore::Inbox(const InboxQuery& r) {
  InboxPage page;
  if (r.user_id.empty()) return page;  // only accounts have an inbox
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(PgResult count,
                      conn->Exec("SELECT count(*), count(*) FILTER (WHERE r.read_at IS NULL)" + kWithReads +
                                     kAddressedTo,
                                 ReaderParams(r)));
  if (count.rows()) {
    page.unread = count.Int(0, 1);
    page.total = r.unread_only ? page.unread : count.Int(0, 0);
  }
  Params params = ReaderParams(r);
  params.Bool(r.unread_only);
  workflow::AddPaging(params, r.limit, r.offset);
  YG_ASSIGN_OR_RETURN(
      PgResult res,
      conn->Exec("SELECT n.id, n.created_at, n.user_id, n.audience_department, n.audience_roles, n.kind, "
                 "n.application_id, n.grant_id, n.dataset_id, n.title, n.body, coalesce(r.read_at, '')" +
                     kWithReads + kAddressedTo +
                     " AND (NOT $4::boolean OR r.read_at IS NULL) ORDER BY n.id DESC LIMIT $5 OFFSET $6",
                 params));
  page.notifications.reserve(res.rows());
  for (int i = 0; i < res.rows(); ++i) page.notifications.push_back(ReadNotificationRow(res, i));
  return page;
}

Status PgGrantStore::MarkRead(const InboxQuery& r, int64_t notification_id, std::string_view at) {
  auto not_found = [&] {
    return NotFound("workflow.notification_not_found", "no notification " + std::to_string(notification_id));
  };
  if (r.user_id.empty()) return not_found();
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // One statement: the visibility check and the mark. A mark already there
  // (this reader marked it before, maybe at the same moment) is kept.
  Params params = ReaderParams(r);
  params.Int(notification_id).Text(at);
  YG_ASSIGN_OR_RETURN(
      PgResult res,
      conn->Exec("WITH visible AS (SELECT n.id FROM notifications n WHERE n.id = $4::bigint AND " + kAddressedTo +
                     "), marked AS (INSERT INTO notification_reads(user_id, notification_id, read_at) "
                     "SELECT $1::text, id, $5::text FROM visible ON CONFLICT DO NOTHING) "
                     "SELECT count(*) FROM visible",
                 params));
  if (res.rows() == 0 || res.Int(0, 0) == 0) return not_found();
  return Status::Ok();
}

Result<int64_t> PgGrantStore::MarkAllRead(const InboxQuery& r, std::string_view at) {
  if (r.user_id.empty()) return int64_t{0};
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  Params params = ReaderParams(r);
  params.Text(at);
  YG_ASSIGN_OR_RETURN(PgResult res,
                      conn->Exec("INSERT INTO notification_reads(user_id, notification_id, read_at) "
                                 "SELECT $1::text, n.id, $4::text FROM notifications n WHERE " +
                                     kAddressedTo + " ON CONFLICT DO NOTHING",
                                 params));
  return res.Affected();
}

}  // namespace yungu::storage::pg
