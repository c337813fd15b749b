// GrantStore: the records of the application → approval → grant workflow —
// applications (数据共享/开放申请), the grants made by approving them, the
// rows read under each grant per day, and the in-app notifications.
//
// Only records: who may do what is decided by access::WorkflowService.
// State changes that must happen together (deciding an application and
// making its grant, flagging an overdue application and notifying) are one
// transaction each, so concurrent callers cannot decide or flag twice.
// Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/result.h"
#include "yungu/model/grant.h"

namespace yungu::storage {

struct Application {
  int64_t id = 0;
  std::string dataset_id;
  std::string provider_department;  // the dataset's department when applied for
  std::string applicant_id;         // user id
  std::string applicant_name;       // username, for the approvers' lists
  std::string applicant_department;  // empty for public users
  std::string kind;                  // "sharing" | "opening"
  std::string purpose;
  std::string legal_basis;
  std::vector<std::string> fields;  // requested fields
  nlohmann::json row_filter;        // requested rows (query filter syntax); null: all
  int64_t duration_days = 0;        // requested
  std::string status;               // pending | approved | rejected | withdrawn
  std::string submitted_at;         // ISO 8601 UTC
  std::string due_date;             // YYYY-MM-DD, China time: reply due by the end of it
  std::string decided_at;
  std::string decided_by;           // user id
  std::string decision_reason;      // rejection reason or approval note
  int64_t grant_id = 0;             // set when approved
  std::string overdue_flagged_at;   // set once when found overdue
};

// Who to list: applications made by `applicant_id` OR waiting on
// `provider_department`; both empty lists everything.
struct ApplicationQuery {
  std::string applicant_id;
  std::string provider_department;
  std::string dataset_id;  // empty: any
  std::string status;      // empty: any
  // "YYYY-MM-DD": only pending applications due before this day (overdue).
  std::string overdue_on;
  int64_t limit = 20;
  int64_t offset = 0;
};

struct ApplicationPage {
  int64_t total = 0;
  std::vector<Application> applications;  // newest first
};

// The outcome of deciding an application.
struct Decision {
  std::string status;  // approved | rejected | withdrawn
  std::string decided_at;
  std::string decided_by;
  std::string reason;
};

struct StoredGrant {
  model::Grant grant;
  std::string provider_department;  // the dataset's department when granted
  std::string expiry_notified_at;   // set once the "expires soon" notice went out
};

// Grants received by `grantee_id` OR made by `provider_department`; both
// empty lists everything.
struct GrantQuery {
  std::string grantee_id;
  std::string provider_department;
  std::string dataset_id;  // empty: any
  int64_t limit = 20;
  int64_t offset = 0;
};

struct GrantPage {
  int64_t total = 0;
  std::vector<StoredGrant> grants;  // newest first
};

// An in-app message. It is addressed to one user (user_id), or to an
// audience: every holder of one of `audience_roles` (a bit set of the
// access roles) in `audience_department` (empty: in any department).
struct Notification {
  int64_t id = 0;
  std::string created_at;
  std::string user_id;
  std::string audience_department;
  uint32_t audience_roles = 0;
  // application.submitted | application.approved | application.rejected |
  // application.withdrawn | application.overdue | grant.revoked | grant.expiring
  std::string kind;
  int64_t application_id = 0;
  int64_t grant_id = 0;
  std::string dataset_id;
  std::string title;
  std::string body;
  std::string read_at;  // per reader; empty while unread
};

// The reader of an inbox.
struct InboxQuery {
  std::string user_id;
  std::string department;
  uint32_t roles = 0;
  bool unread_only = false;
  int64_t limit = 20;
  int64_t offset = 0;
};

struct InboxPage {
  int64_t total = 0;  // matching the query (unread_only applied)
  int64_t unread = 0;
  std::vector<Notification> notifications;  // newest first
};

class GrantStore {
 public:
  virtual ~GrantStore() = default;

  // --- applications ---
  // Inserts the application (its id is assigned) and the notifications about
  // it (their application_id is set to the new id).
  virtual Result<Application> CreateApplication(Application application,
                                                std::vector<Notification> notices) = 0;
  virtual Result<Application> GetApplication(int64_t id) = 0;
  virtual Result<ApplicationPage> ListApplications(const ApplicationQuery& query) = 0;
  // Rejects or withdraws a pending application; Conflict
  // "workflow.not_pending" when it is no longer pending.
  virtual Result<Application> CloseApplication(int64_t id, const Decision& decision,
                                               std::vector<Notification> notices) = 0;
  // Approves a pending application and records `grant` (its id and
  // application_id are assigned). Conflict "workflow.not_pending" otherwise.
  virtual Result<StoredGrant> ApproveApplication(int64_t id, const Decision& decision, StoredGrant grant,
                                                 std::vector<Notification> notices) = 0;
  // Pending applications due before `day` (YYYY-MM-DD) not flagged yet.
  virtual Result<std::vector<Application>> UnflaggedOverdue(std::string_view day) = 0;
  // Marks one application overdue and stores `notices`, once: false when it
  // was already flagged or is no longer pending (nothing is stored then).
  virtual Result<bool> FlagOverdue(int64_t id, std::string_view at, std::vector<Notification> notices) = 0;

  // --- grants ---
  virtual Result<StoredGrant> GetGrant(int64_t id) = 0;
  virtual Result<GrantPage> ListGrants(const GrantQuery& query) = 0;
  // The user's grants that are not revoked (expired ones included).
  virtual Result<std::vector<model::Grant>> UnrevokedGrantsOf(std::string_view user_id) = 0;
  // Conflict "workflow.already_revoked" for a revoked grant.
  virtual Result<StoredGrant> RevokeGrant(int64_t id, std::string_view at, std::string_view by,
                                          std::string_view reason, std::vector<Notification> notices) = 0;
  // Unrevoked grants expiring in [from, until) whose holder was not told yet.
  virtual Result<std::vector<StoredGrant>> ExpiringUnnotified(std::string_view from, std::string_view until) = 0;
  // Records the "expires soon" notice once: false if it was already sent.
  virtual Result<bool> MarkExpiryNotified(int64_t grant_id, std::string_view at, std::vector<Notification> notices) = 0;

  // --- usage: rows read under a grant per day (YYYY-MM-DD, China time) ---
  virtual Result<int64_t> RowsUsed(int64_t grant_id, std::string_view day) = 0;
  // Adds `rows` and returns the day's new total.
  virtual Result<int64_t> AddRowsUsed(int64_t grant_id, std::string_view day, int64_t rows) = 0;

  // --- notifications ---
  virtual Result<InboxPage> Inbox(const InboxQuery& reader) = 0;
  // NotFound "workflow.notification_not_found" unless addressed to the reader.
  virtual Status MarkRead(const InboxQuery& reader, int64_t notification_id, std::string_view at) = 0;
  // Returns how many were newly marked.
  virtual Result<int64_t> MarkAllRead(const InboxQuery& reader, std::string_view at) = 0;
};

}  // namespace yungu::storage
