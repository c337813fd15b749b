// WorkflowService: applications for conditional datasets (有条件共享 /
// 有条件开放), their approval into grants, revocation, reply deadlines on the
// working-day calendar, and the in-app inbox.
//
//   applicant                 kind      may apply when the dataset is
//   government user of        sharing   有条件共享 (another department's)
//     another department
//   public user (no           opening   有条件开放; a 不予开放 dataset does
//     department)                       not exist for them (404)
//
// Approvers are the data officers and department admins of the dataset's
// department, and platform admins; nobody decides their own application.
// Thread-safe. The grants of each user are cached in memory for the access
// checks on the query path; every change made through this object updates
// the cache at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/access/principal.h"
#include "yungu/access/working_calendar.h"
#include "yungu/model/grant.h"
#include "yungu/storage/grant_store.h"
#include "yungu/storage/store.h"

namespace yungu::access {

struct WorkflowOptions {
  // Working days an approver has to answer (the national rule is 10).
  int reply_working_days = 10;
  // A grant's holder is told this many days before it expires; 0: never.
  int expiry_notice_days = 3;
  // The current time as ISO 8601 UTC; the system clock when empty.
  std::function<std::string()> now;
  // How often the background sweep flags overdue applications; zero or
  // negative: no background thread (call Sweep yourself).
  std::chrono::milliseconds sweep_interval{std::chrono::minutes(1)};
};

struct ApplicationInput {
  std::string kind;  // optional: "sharing" | "opening"; must match the applicant
  std::string purpose;
  std::string legal_basis;          // required for sharing
  std::vector<std::string> fields;  // at least one
  nlohmann::json row_filter;        // null: all rows; else a query filter object
  int64_t duration_days = 0;        // 1..1095
};

// What the approver grants; anything left empty keeps what was requested.
struct ApprovalInput {
  std::optional<std::vector<std::string>> fields;  // a non-empty subset of the requested
  nlohmann::json row_filter;                       // null: the requested filter; else replaces it
  std::optional<int64_t> duration_days;            // at most the requested
  int64_t daily_row_quota = 0;                     // rows per day (China time); 0: unlimited
  // Masks per granted field (JSON: {"field": MASK}); fields without one get
  // the grantee audience's mask declared on the field.
  nlohmann::json masks;
  std::string note;
};

struct ApplicationFilter {
  // "applicant": mine; "approver": waiting on my department (all for a
  // platform admin); empty: everything the caller may see.
  std::string role;
  std::string status;  // pending | approved | rejected | withdrawn; empty: any
  std::string dataset_id;
  bool overdue_only = false;
  int64_t limit = 20;
  int64_t offset = 0;
};

struct GrantFilter {
  std::string role;  // "grantee" | "provider" | empty (as for applications)
  std::string dataset_id;
  int64_t limit = 20;
  int64_t offset = 0;
};

class WorkflowService {
 public:
  WorkflowService(storage::Store& store, WorkingCalendar calendar, WorkflowOptions options = {});
  ~WorkflowService();  // stops the background sweep
  WorkflowService(const WorkflowService&) = delete;
  WorkflowService& operator=(const WorkflowService&) = delete;

  // --- applications ---
  Result<storage::Application> Apply(const Principal& who, std::string_view dataset_id,
                                     const ApplicationInput& input);
  Result<storage::Application> GetApplication(const Principal& who, int64_t id);
  Result<storage::ApplicationPage> ListApplications(const Principal& who, const ApplicationFilter& filter);
  Result<model::Grant> Approve(const Principal& who, int64_t application_id, const ApprovalInput& input);
  Result<storage::Application> Reject(const Principal& who, int64_t application_id, std::string_view reason);
  Result<storage::Application> Withdraw(const Principal& who, int64_t application_id);
  // Pending and past its due date (China time) at the current time.
  bool IsOverdue(const storage::Application& application) const;

  // --- grants ---
  Result<storage::StoredGrant> GetGrant(const Principal& who, int64_t grant_id);
  Result<storage::GrantPage> ListGrants(const Principal& who, const GrantFilter& filter);
  Result<model::Grant> RevokeGrant(const Principal& who, int64_t grant_id, std::string_view reason);
  // "active" | "expired" | "revoked" at the current time.
  std::string GrantState(const model::Grant& grant) const;

  // --- for access control on the query path (served from memory) ---
  Result<std::vector<model::Grant>> ActiveGrants(std::string_view user_id, std::string_view dataset_id);
  Result<std::vector<std::string>> DatasetsWithActiveGrants(std::string_view user_id);  // dataset ids
  Result<int64_t> RowsLeftToday(const model::Grant& grant);  // INT64_MAX when there is no quota
  Status RecordUse(const model::Grant& grant, int64_t rows);  // adds to today's usage (China time)

  // --- deadlines ---
  // Flags every pending application past its due date at `now` (once each),
  // notifying the provider's approvers and the platform admins. Returns how
  // many were flagged by this call.
  Result<int64_t> FlagOverdue(const std::string& now);
  // FlagOverdue plus the "expires soon" notices; what the background thread runs.
  Status Sweep(const std::string& now);
  // The due date of an application submitted at `submitted_at` (ISO UTC).
  Result<std::string> DueDate(const std::string& submitted_at) const;

  // --- inbox ---
  Result<storage::InboxPage> Inbox(const Principal& who, bool unread_only, int64_t limit, int64_t offset);
  Status MarkRead(const Principal& who, int64_t notification_id);
  Result<int64_t> MarkAllRead(const Principal& who);

  const WorkingCalendar& calendar() const { return calendar_; }
  std::string Now() const { return options_.now(); }

 private:
  struct UserGrants {
    std::vector<model::Grant> grants;  // unrevoked, expired included
  };
  Result<std::shared_ptr<const UserGrants>> GrantsOf(std::string_view user_id);
  void ForgetGrantsOf(const std::string& user_id);
  Status CheckOwnerSide(const Principal& who, const model::DatasetMeta& meta);
  void SweepLoop();

  storage::Store& store_;
  WorkingCalendar calendar_;
  WorkflowOptions options_;

  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, std::shared_ptr<const UserGrants>> grants_by_user_;
  uint64_t cache_generation_ = 0;  // bumped by every change, so a slow load cannot store stale grants

  std::mutex usage_mu_;
  std::map<int64_t, std::pair<std::string, int64_t>> usage_;  // grant id -> (day, rows used that day)

  std::mutex sweep_mu_;
  std::condition_variable sweep_cv_;
  bool stopping_ = false;
  std::thread sweeper_;
};

// May `who` decide applications and revoke grants for `department`?
bool ApprovesFor(const Principal& who, std::string_view department);

}  // namespace yungu::access
