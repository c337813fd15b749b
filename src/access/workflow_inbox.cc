// The in-app inbox of the signed-in user.
#include "access/workflow_rules.h"
#include "yungu/access/workflow_service.h"

namespace yungu::access {

using namespace workflow;

namespace {

storage::InboxQuery Reader(const Principal& who) {
  storage::InboxQuery q;
  q.user_id = who.user_id;
  q.department = who.department;
  q.roles = who.roles;
  return q;
}

}  // namespace

Result<storage::InboxPage> WorkflowService::Inbox(const Principal& who, bool unread_only, int64_t limit,
                                                  int64_t offset) {
  YG_RETURN_IF_ERROR(RequireAccount(who));
  storage::InboxQuery q = Reader(who);
  q.unread_only = unread_only;
  q.limit = limit;
  q.offset = offset;
  return store_.grants().Inbox(q);
}

Status WorkflowService::MarkRead(const Principal& who, int64_t notification_id) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  return store_.grants().MarkRead(Reader(who), notification_id, options_.now());
}

Result<int64_t> WorkflowService::MarkAllRead(const Principal& who) {
  YG_RETURN_IF_ERROR(RequireWrite(who));
  return store_.grants().MarkAllRead(Reader(who), options_.now());
}

}  // namespace yungu::access
