// The in-app inbox: notifications addressed to a user or to an audience, and
// who has read them.
#include "storage/sqlite/grant_store.h"

#include "storage/sqlite/sqlite_store.h"

namespace yungu::storage::sqlite {
namespace {

// Notifications the reader (?1 user id, ?2 department, ?3 role bits) receives.
const std::string kAddressedTo =
    "(n.user_id = ?1 OR (n.user_id = '' AND (n.audience_roles & ?3) != 0 "
    "AND (n.audience_department = '' OR n.audience_department = ?2)))";

void BindReader(Statement& stmt, const InboxQuery& r) {
  stmt.BindText(1, r.user_id);
  stmt.BindText(2, r.department);
  stmt.BindInt(3, r.roles);
}

}  // namespace

Result<InboxPage> SqliteGrantStore::Inbox(const InboxQuery& r) {
  InboxPage page;
  if (r.user_id.empty()) return page;  // only accounts have an inbox
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  {
    YG_ASSIGN_OR_RETURN(Statement count,
                        conn->PrepareCached("SELECT count(*), coalesce(sum(r.read_at IS NULL), 0) "
                                            "FROM notifications n LEFT JOIN notification_reads r "
                                            "ON r.user_id = ?1 AND r.notification_id = n.id WHERE " +
                                            kAddressedTo));
    BindReader(count, r);
    YG_ASSIGN_OR_RETURN(bool row, count.Step());
    if (row) {
      page.unread = count.ColumnInt(1);
      page.total = r.unread_only ? page.unread : count.ColumnInt(0);
    }
  }
  YG_ASSIGN_OR_RETURN(
      Statement stmt,
      conn->PrepareCached("SELECT n.id, n.created_at, n.user_id, n.audience_department, n.audience_roles, n.kind, "
                          "n.application_id, n.grant_id, n.dataset_id, n.title, n.body, coalesce(r.read_at, '') "
                          "FROM notifications n LEFT JOIN notification_reads r "
                          "ON r.user_id = ?1 AND r.notification_id = n.id WHERE " +
                          kAddressedTo +
                          " AND (?4 = 0 OR r.read_at IS NULL) ORDER BY n.id DESC LIMIT ?5 OFFSET ?6"));
  BindReader(stmt, r);
  stmt.BindInt(4, r.unread_only ? 1 : 0);
  stmt.BindInt(5, r.limit);
  stmt.BindInt(6, r.offset);
  for (;;) {
    YG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Notification n;
    n.id = stmt.ColumnInt(0);
    n.created_at = stmt.ColumnText(1);
    n.user_id = stmt.ColumnText(2);
    n.audience_department = stmt.ColumnText(3);
    n.audience_roles = static_cast<uint32_t>(stmt.ColumnInt(4));
    n.kind = stmt.ColumnText(5);
    n.application_id = stmt.ColumnInt(6);
    n.grant_id = stmt.ColumnInt(7);
    n.dataset_id = stmt.ColumnText(8);
    n.title = stmt.ColumnText(9);
    n.body = stmt.ColumnText(10);
    n.read_at = stmt.ColumnText(11);
    page.notifications.push_back(std::move(n));
  }
  return page;
}

Status SqliteGrantStore::MarkRead(const InboxQuery& r, int64_t notification_id, std::string_view at) {
  auto not_found = [&] {
    return NotFound("workflow.notification_not_found", "no notification " + std::to_string(notification_id));
  };
  if (r.user_id.empty()) return not_found();
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  {
    YG_ASSIGN_OR_RETURN(Statement visible,
                        conn->PrepareCached("SELECT 1 FROM notifications n WHERE n.id = ?4 AND " + kAddressedTo));
    BindReader(visible, r);
    visible.BindInt(4, notification_id);
    YG_ASSIGN_OR_RETURN(bool row, visible.Step());
    if (!row) return not_found();
  }
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("INSERT OR IGNORE INTO notification_reads(user_id, notification_id, read_at) "
                                          "VALUES(?1, ?2, ?3)"));
  stmt.BindText(1, r.user_id);
  stmt.BindInt(2, notification_id);
  stmt.BindText(3, at);
  YG_RETURN_IF_ERROR(stmt.Run());
  return tx.Commit();
}

Result<int64_t> SqliteGrantStore::MarkAllRead(const InboxQuery& r, std::string_view at) {
  if (r.user_id.empty()) return int64_t{0};
  YG_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  YG_ASSIGN_OR_RETURN(auto tx, WriteTransaction::Begin(*conn));
  YG_ASSIGN_OR_RETURN(Statement stmt,
                      conn->PrepareCached("INSERT OR IGNORE INTO notification_reads(user_id, notification_id, read_at) "
                                          "SELECT ?1, n.id, ?4 FROM notifications n WHERE " +
                                          kAddressedTo));
  BindReader(stmt, r);
  stmt.BindText(4, at);
  YG_RETURN_IF_ERROR(stmt.Run());
  int64_t marked = conn->Changes();
  YG_RETURN_IF_ERROR(tx.Commit());
  return marked;
}

}  // namespace yungu::storage::sqlite
