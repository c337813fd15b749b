// The application → approval → grant life cycle with a hand-moved clock.
#include <chrono>
#include <limits>
#include <thread>

#include "unit/access/workflow_fixture.h"

namespace yungu::access {
namespace {

using testing::WorkflowFixture;

class WorkflowLifecycle : public WorkflowFixture {
 protected:
  int64_t CountKind(const Principal& who, const std::string& kind) {
    auto inbox = service_->Inbox(who, false, 100, 0);
    EXPECT_TRUE(inbox.ok()) << inbox.status().ToString();
    if (!inbox.ok()) return -1;
    int64_t n = 0;
    for (const auto& m : inbox->notifications) n += m.kind == kind ? 1 : 0;
    return n;
  }
};

TEST_F(WorkflowLifecycle, ApplyApproveUseRevoke) {
  // Friday 26 September 2025, 10:00 in Beijing.
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->status, "pending");
  EXPECT_EQ(applied->kind, "sharing");
  EXPECT_EQ(applied->provider_department, "SCJG");
  EXPECT_EQ(applied->applicant_department, "GAJ");
  EXPECT_EQ(applied->due_date, "2025-10-16");  // 10 working days across the National Day holiday
  EXPECT_FALSE(service_->IsOverdue(*applied));

  // The provider's approvers see it in their inbox; nobody else does.
  auto inbox = service_->Inbox(officer_, true, 20, 0);
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->notifications.size(), 1u);
  EXPECT_EQ(inbox->unread, 1);
  EXPECT_EQ(inbox->notifications[0].kind, "application.submitted");
  EXPECT_EQ(inbox->notifications[0].application_id, applied->id);
  EXPECT_NE(inbox->notifications[0].title.find("enterprises"), std::string::npos);
  EXPECT_EQ(CountKind(dept_admin_, "application.submitted"), 1);
  EXPECT_EQ(CountKind(other_officer_, "application.submitted"), 0);
  EXPECT_EQ(CountKind(clerk_, "application.submitted"), 0);
  EXPECT_EQ(CountKind(alice_, "application.submitted"), 0);

  // Listed for the approver and for the applicant.
  auto pending = service_->ListApplications(officer_, testing::Applications("approver", "pending"));
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->total, 1);
  auto mine = service_->ListApplications(alice_, testing::Applications("applicant"));
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->total, 1);

  // Approved on Monday 29 September, narrowed.
  SetNow("2025-09-29T01:00:00Z");
  ApprovalInput approval;
  approval.fields = std::vector<std::string>{"uscc", "name"};
  approval.row_filter = {{"district", "襄城区"}};
  approval.duration_days = 30;
  approval.daily_row_quota = 100;
  approval.note = "仅限襄城区";
  auto grant = service_->Approve(officer_, applied->id, approval);
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_EQ(grant->fields, (std::vector<std::string>{"uscc", "name"}));
  EXPECT_EQ(grant->row_filter, (nlohmann::json{{"district", "襄城区"}}));
  EXPECT_EQ(grant->daily_row_quota, 100);
  EXPECT_EQ(grant->granted_by, "u-officer");
  EXPECT_EQ(grant->grantee_user_id, "u-alice");
  EXPECT_EQ(grant->grantee_department, "GAJ");
  EXPECT_EQ(grant->granted_at, "2025-09-29T01:00:00Z");
  EXPECT_EQ(grant->expires_at, "2025-10-29T01:00:00Z");
  EXPECT_EQ(service_->GrantState(*grant), "active");

  auto decided = service_->GetApplication(alice_, applied->id);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->status, "approved");
  EXPECT_EQ(decided->grant_id, grant->id);
  EXPECT_EQ(decided->decision_reason, "仅限襄城区");
  EXPECT_EQ(CountKind(alice_, "application.approved"), 1);

  // The access checks see exactly this grant.
  auto active = service_->ActiveGrants("u-alice", "enterprises");
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].id, grant->id);
  EXPECT_EQ((*active)[0].fields, (std::vector<std::string>{"uscc", "name"}));
  auto none = service_->ActiveGrants("u-alice", "weather");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto others = service_->ActiveGrants("u-wjw", "enterprises");
  ASSERT_TRUE(others.ok());
  EXPECT_TRUE(others->empty());
  auto datasets = service_->DatasetsWithActiveGrants("u-alice");
  ASSERT_TRUE(datasets.ok());
  EXPECT_EQ(*datasets, (std::vector<std::string>{"enterprises"}));

  // The daily quota, counted per day in China time.
  auto left = service_->RowsLeftToday(*grant);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 100);
  ASSERT_TRUE(service_->RecordUse(*grant, 60).ok());
  left = service_->RowsLeftToday(*grant);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 40);
  ASSERT_TRUE(service_->RecordUse(*grant, 70).ok());
  left = service_->RowsLeftToday(*grant);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 0);
  SetNow("2025-09-29T15:59:59Z");  // 23:59:59 in Beijing: still the same day
  left = service_->RowsLeftToday(*grant);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 0);
  SetNow("2025-09-29T16:00:00Z");  // midnight in Beijing: a new day
  left = service_->RowsLeftToday(*grant);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 100);
  // Usage is stored, not only cached: a new service reads it back.
  SetNow("2025-09-29T15:00:00Z");
  StartService();
  left = service_->RowsLeftToday(*grant);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 0);

  // Revoked by the provider: no longer active, still listed with its state.
  SetNow("2025-10-09T02:00:00Z");
  auto revoked = service_->RevokeGrant(dept_admin_, grant->id, "案件已结");
  ASSERT_TRUE(revoked.ok()) << revoked.status().ToString();
  EXPECT_EQ(revoked->revoked_by, "u-deptadmin");
  EXPECT_EQ(service_->GrantState(*revoked), "revoked");
  active = service_->ActiveGrants("u-alice", "enterprises");
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->empty());
  datasets = service_->DatasetsWithActiveGrants("u-alice");
  ASSERT_TRUE(datasets.ok());
  EXPECT_TRUE(datasets->empty());
  EXPECT_EQ(CountKind(alice_, "grant.revoked"), 1);
  auto listed = service_->ListGrants(alice_, testing::Grants("grantee"));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->total, 1);
  EXPECT_EQ(service_->GrantState(listed->grants[0].grant), "revoked");
  auto again = service_->RevokeGrant(dept_admin_, grant->id, "again");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().error_code(), "workflow.already_revoked");
}

TEST_F(WorkflowLifecycle, GrantsExpire) {
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok());
  ApprovalInput approval;
  approval.duration_days = 1;
  auto grant = service_->Approve(officer_, applied->id, approval);
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  // Nothing narrowed: the request's fields and no quota.
  EXPECT_EQ(grant->fields, (std::vector<std::string>{"uscc", "name", "district", "capital"}));
  EXPECT_TRUE(grant->row_filter.is_null());
  auto left = service_->RowsLeftToday(*grant);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, std::numeric_limits<int64_t>::max());
  auto active = service_->ActiveGrants("u-alice", "enterprises");
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->size(), 1u);
  SetNow("2025-09-27T02:00:00Z");  // exactly one day later
  active = service_->ActiveGrants("u-alice", "enterprises");
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->empty());
  EXPECT_EQ(service_->GrantState(*grant), "expired");
  auto listed = service_->ListGrants(officer_, testing::Grants("provider"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 1);
}

TEST_F(WorkflowLifecycle, RejectWithReason) {
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok());
  auto no_reason = service_->Reject(officer_, applied->id, "  ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.status().error_code(), "workflow.reason_required");
  auto rejected = service_->Reject(officer_, applied->id, "用途与申请字段不符");
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->status, "rejected");
  EXPECT_EQ(rejected->decision_reason, "用途与申请字段不符");
  EXPECT_EQ(rejected->decided_by, "u-officer");
  EXPECT_EQ(CountKind(alice_, "application.rejected"), 1);
  auto inbox = service_->Inbox(alice_, false, 10, 0);
  ASSERT_TRUE(inbox.ok());
  EXPECT_NE(inbox->notifications[0].body.find("用途与申请字段不符"), std::string::npos);
  // Decided once.
  auto approve = service_->Approve(officer_, applied->id, {});
  ASSERT_FALSE(approve.ok());
  EXPECT_EQ(approve.status().error_code(), "workflow.not_pending");
  auto active = service_->ActiveGrants("u-alice", "enterprises");
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->empty());
  // A new application may follow a decided one.
  EXPECT_TRUE(service_->Apply(alice_, "enterprises", Request()).ok());
}

TEST_F(WorkflowLifecycle, WithdrawWhilePending) {
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok());
  // One pending application per dataset and applicant.
  auto twice = service_->Apply(alice_, "enterprises", Request());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().error_code(), "workflow.already_pending");

  auto by_officer = service_->Withdraw(officer_, applied->id);
  ASSERT_FALSE(by_officer.ok());
  EXPECT_EQ(by_officer.status().error_code(), "workflow.forbidden");
  auto withdrawn = service_->Withdraw(alice_, applied->id);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  EXPECT_EQ(withdrawn->status, "withdrawn");
  EXPECT_EQ(CountKind(officer_, "application.withdrawn"), 1);
  auto again = service_->Withdraw(alice_, applied->id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().error_code(), "workflow.not_pending");
  auto approve = service_->Approve(officer_, applied->id, {});
  ASSERT_FALSE(approve.ok());
  EXPECT_EQ(approve.status().error_code(), "workflow.not_pending");
  auto listed = service_->ListApplications(alice_, testing::Applications("applicant", "withdrawn"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total, 1);
}

// 10 working days after Friday 26 September 2025 is Thursday 16 October;
// the application is overdue from midnight (Beijing) on the 17th, and is
// flagged exactly once, to the provider's approvers and the platform admins.
TEST_F(WorkflowLifecycle, OverdueFlaggedOnce) {
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok());
  auto answered = service_->Apply(alice_, "shared-only", Request());
  ASSERT_TRUE(answered.ok());
  ASSERT_TRUE(service_->Reject(officer_, answered->id, "不符合条件").ok());

  SetNow("2025-10-16T15:59:59Z");  // 23:59:59 on the due date in Beijing
  auto flagged = service_->FlagOverdue(service_->Now());
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(*flagged, 0);
  auto got = service_->GetApplication(alice_, applied->id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(service_->IsOverdue(*got));

  SetNow("2025-10-16T16:00:00Z");  // 17 October in Beijing
  flagged = service_->FlagOverdue(service_->Now());
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(*flagged, 1);
  flagged = service_->FlagOverdue(service_->Now());
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(*flagged, 0);
  SetNow("2025-10-20T02:00:00Z");
  flagged = service_->FlagOverdue(service_->Now());
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(*flagged, 0);

  EXPECT_EQ(CountKind(officer_, "application.overdue"), 1);
  EXPECT_EQ(CountKind(dept_admin_, "application.overdue"), 1);
  EXPECT_EQ(CountKind(admin_, "application.overdue"), 1);
  EXPECT_EQ(CountKind(other_officer_, "application.overdue"), 0);
  EXPECT_EQ(CountKind(alice_, "application.overdue"), 0);

  got = service_->GetApplication(officer_, applied->id);
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(service_->IsOverdue(*got));
  EXPECT_FALSE(got->overdue_flagged_at.empty());
  ApplicationFilter overdue;
  overdue.role = "approver";
  overdue.overdue_only = true;
  auto page = service_->ListApplications(officer_, overdue);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->applications[0].id, applied->id);

  // Answering late clears the overdue state.
  ASSERT_TRUE(service_->Approve(officer_, applied->id, {}).ok());
  got = service_->GetApplication(officer_, applied->id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(service_->IsOverdue(*got));
}

// Listing flags overdue applications first, without waiting for the sweep.
TEST_F(WorkflowLifecycle, ListingFlagsOverdue) {
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok());
  SetNow("2025-11-01T00:00:00Z");
  auto page = service_->ListApplications(admin_, {});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_FALSE(page->applications[0].overdue_flagged_at.empty());
  EXPECT_EQ(CountKind(admin_, "application.overdue"), 1);
}

// The background sweep flags without anyone asking, and stops with the service.
TEST_F(WorkflowLifecycle, BackgroundSweepFlagsOverdue) {
  WorkflowOptions options;
  options.sweep_interval = std::chrono::milliseconds(5);
  StartService(options);
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok());
  SetNow("2025-10-20T02:00:00Z");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int64_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto app = store_->grants().GetApplication(applied->id);
    ASSERT_TRUE(app.ok());
    if (!app->overdue_flagged_at.empty()) {
      seen = 1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(seen, 1);
  service_.reset();  // joins the sweeper
  StartService();
  EXPECT_EQ(CountKind(officer_, "application.overdue"), 1);
}

TEST_F(WorkflowLifecycle, ExpiringGrantNoticeOnce) {
  auto applied = service_->Apply(alice_, "enterprises", Request());
  ASSERT_TRUE(applied.ok());
  ApprovalInput approval;
  approval.duration_days = 10;
  auto grant = service_->Approve(officer_, applied->id, approval);
  ASSERT_TRUE(grant.ok());
  ASSERT_TRUE(service_->Sweep("2025-09-30T02:00:00Z").ok());
  EXPECT_EQ(CountKind(alice_, "grant.expiring"), 0);
  ASSERT_TRUE(service_->Sweep("2025-10-04T02:00:00Z").ok());  // two days before it expires
  ASSERT_TRUE(service_->Sweep("2025-10-05T02:00:00Z").ok());
  EXPECT_EQ(CountKind(alice_, "grant.expiring"), 1);
}

TEST_F(WorkflowLifecycle, PublicUserAppliesForOpening) {
  ApplicationInput in = Request();
  in.legal_basis.clear();  // not needed for opening
  auto applied = service_->Apply(public_, "enterprises", in);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->kind, "opening");
  EXPECT_EQ(applied->applicant_department, "");
  auto grant = service_->Approve(admin_, applied->id, {});
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_EQ(grant->grantee_department, "");
  auto active = service_->ActiveGrants("u-pub", "enterprises");
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->size(), 1u);
}

TEST_F(WorkflowLifecycle, InboxPagingAndReadState) {
  for (const char* ds : {"enterprises", "shared-only", "district-firms"}) {
    ASSERT_TRUE(service_->Apply(alice_, ds, Request()).ok()) << ds;
  }
  // district-firms belongs to SCJG-XC: SCJG's officer does not approve it.
  auto page = service_->Inbox(officer_, false, 1, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(page->unread, 2);
  ASSERT_EQ(page->notifications.size(), 1u);
  int64_t newest = page->notifications[0].id;
  ASSERT_TRUE(service_->MarkRead(officer_, newest).ok());
  page = service_->Inbox(officer_, true, 10, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->unread, 1);
  // Another approver of the same department still has both unread.
  page = service_->Inbox(dept_admin_, true, 10, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->unread, 2);
  auto all = service_->MarkAllRead(officer_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, 1);
  page = service_->Inbox(officer_, false, 10, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->unread, 0);
  EXPECT_EQ(page->total, 2);
  // Someone else's notification cannot be marked.
  Status st = service_->MarkRead(alice_, newest);
  EXPECT_EQ(st.error_code(), "workflow.notification_not_found");
}

}  // namespace
}  // namespace yungu::access
