// The workflow's records in SQLite: applications, grants, usage and the inbox.
#include "yungu/storage/grant_store.h"

#include <atomic>
#include <thread>

#include "unit/storage/storage_test_util.h"

namespace yungu::storage {
namespace {

using testing::StoreFixture;

constexpr uint32_t kPlatformAdminBit = 1u << 0;
constexpr uint32_t kDepartmentAdminBit = 1u << 1;
constexpr uint32_t kDataOfficerBit = 1u << 2;
constexpr uint32_t kGovernmentUserBit = 1u << 3;

class GrantStoreTest : public StoreFixture {
 protected:
  GrantStore& grants() { return store().grants(); }

  static Application Sample(const std::string& applicant = "u-alice", const std::string& provider = "SCJG") {
    Application a;
    a.dataset_id = "enterprises";
    a.provider_department = provider;
    a.applicant_id = applicant;
    a.applicant_name = "alice";
    a.applicant_department = "GAJ";
    a.kind = "sharing";
    a.purpose = "核查企业登记信息";
    a.legal_basis = "《优化营商环境条例》";
    a.fields = {"uscc", "name", "district"};
    a.row_filter = {{"district", "襄城区"}};
    a.duration_days = 90;
    a.submitted_at = "2025-09-26T02:00:00Z";
    a.due_date = "2025-10-16";
    return a;
  }

  static Notification ToAudience(const std::string& department, uint32_t roles, const std::string& title) {
    Notification n;
    n.created_at = "2025-09-26T02:00:00Z";
    n.audience_department = department;
    n.audience_roles = roles;
    n.kind = "application.submitted";
    n.title = title;
    return n;
  }

  static Notification ToUser(const std::string& user, const std::string& title) {
    Notification n;
    n.created_at = "2025-09-26T03:00:00Z";
    n.user_id = user;
    n.kind = "application.approved";
    n.title = title;
    return n;
  }

  static StoredGrant GrantFor(const Application& a) {
    StoredGrant g;
    g.provider_department = a.provider_department;
    g.grant.dataset_id = a.dataset_id;
    g.grant.grantee_user_id = a.applicant_id;
    g.grant.grantee_department = a.applicant_department;
    g.grant.fields = {"uscc", "name"};
    g.grant.row_filter = a.row_filter;
    g.grant.daily_row_quota = 500;
    g.grant.purpose = a.purpose;
    g.grant.granted_by = "u-officer";
    g.grant.granted_at = "2025-09-29T01:00:00Z";
    g.grant.expires_at = "2025-11-28T01:00:00Z";
    return g;
  }

  static Decision Decided(const std::string& status, const std::string& reason = "") {
    return Decision{status, "2025-09-29T01:00:00Z", "u-officer", reason};
  }
};

TEST_F(GrantStoreTest, ApplicationRoundTrips) {
  auto created = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->status, "pending");
  auto got = grants().GetApplication(created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->purpose, "核查企业登记信息");
  EXPECT_EQ(got->legal_basis, "《优化营商环境条例》");
  EXPECT_EQ(got->fields, (std::vector<std::string>{"uscc", "name", "district"}));
  EXPECT_EQ(got->row_filter, (nlohmann::json{{"district", "襄城区"}}));
  EXPECT_EQ(got->duration_days, 90);
  EXPECT_EQ(got->due_date, "2025-10-16");
  EXPECT_EQ(got->provider_department, "SCJG");
  EXPECT_EQ(got->applicant_department, "GAJ");
  EXPECT_EQ(got->grant_id, 0);

  auto missing = grants().GetApplication(999);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().error_code(), "workflow.application_not_found");
}

TEST_F(GrantStoreTest, NullRowFilterStaysNull) {
  Application a = Sample();
  a.row_filter = nullptr;
  auto created = grants().CreateApplication(a, {});
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(created->row_filter.is_null());
}

TEST_F(GrantStoreTest, ListingsFilterByApplicantOrProviderAndPage) {
  ASSERT_TRUE(grants().CreateApplication(Sample("u-alice", "SCJG"), {}).ok());
  ASSERT_TRUE(grants().CreateApplication(Sample("u-bob", "SCJG"), {}).ok());
  ASSERT_TRUE(grants().CreateApplication(Sample("u-alice", "WJW"), {}).ok());
  ASSERT_TRUE(grants().CreateApplication(Sample("u-carol", "WJW"), {}).ok());

  ApplicationQuery mine;
  mine.applicant_id = "u-alice";
  auto page = grants().ListApplications(mine);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->applications.size(), 2u);
  EXPECT_GT(page->applications[0].id, page->applications[1].id);  // newest first

  ApplicationQuery provider;
  provider.provider_department = "WJW";
  page = grants().ListApplications(provider);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);

  ApplicationQuery either;
  either.applicant_id = "u-bob";
  either.provider_department = "WJW";
  page = grants().ListApplications(either);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);

  ApplicationQuery all;
  all.limit = 3;
  all.offset = 3;
  page = grants().ListApplications(all);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 4);
  ASSERT_EQ(page->applications.size(), 1u);
  EXPECT_EQ(page->applications[0].applicant_id, "u-alice");
  EXPECT_EQ(page->applications[0].provider_department, "SCJG");
}

TEST_F(GrantStoreTest, ApprovalMakesTheGrantOnce) {
  auto app = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(app.ok());
  auto grant = grants().ApproveApplication(app->id, Decided("approved", "ok"), GrantFor(*app),
                                           {ToUser("u-alice", "approved")});
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_GT(grant->grant.id, 0);
  EXPECT_EQ(grant->grant.application_id, app->id);
  EXPECT_EQ(grant->grant.fields, (std::vector<std::string>{"uscc", "name"}));
  EXPECT_EQ(grant->grant.daily_row_quota, 500);
  EXPECT_EQ(grant->provider_department, "SCJG");

  auto decided = grants().GetApplication(app->id);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->status, "approved");
  EXPECT_EQ(decided->grant_id, grant->grant.id);
  EXPECT_EQ(decided->decided_by, "u-officer");
  EXPECT_EQ(decided->decision_reason, "ok");

  auto again = grants().ApproveApplication(app->id, Decided("approved"), GrantFor(*app), {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().error_code(), "workflow.not_pending");
  auto reject = grants().CloseApplication(app->id, Decided("rejected", "no"), {});
  ASSERT_FALSE(reject.ok());
  EXPECT_EQ(reject.status().error_code(), "workflow.not_pending");
  auto missing = grants().CloseApplication(12345, Decided("rejected", "no"), {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().error_code(), "workflow.application_not_found");

  GrantQuery q;
  auto page = grants().ListGrants(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
  // The approval's notice reached the applicant with the new ids filled in.
  auto inbox = grants().Inbox(InboxQuery{"u-alice", "GAJ", kGovernmentUserBit});
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->notifications.size(), 1u);
  EXPECT_EQ(inbox->notifications[0].application_id, app->id);
  EXPECT_EQ(inbox->notifications[0].grant_id, grant->grant.id);
}

// Two approvers deciding at the same moment: exactly one wins.
TEST_F(GrantStoreTest, ConcurrentDecisionsHaveOneWinner) {
  auto app = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(app.ok());
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      Status st = i % 2 == 0 ? grants().ApproveApplication(app->id, Decided("approved"), GrantFor(*app), {}).status()
                             : grants().CloseApplication(app->id, Decided("rejected", "no"), {}).status();
      if (st.ok()) {
        ++wins;
      } else if (st.error_code() == "workflow.not_pending") {
        ++conflicts;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), 3);
  auto page = grants().ListGrants(GrantQuery{});
  ASSERT_TRUE(page.ok());
  EXPECT_LE(page->total, 1);
}

TEST_F(GrantStoreTest, RevocationIsRecordedOnce) {
  auto app = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(app.ok());
  auto grant = grants().ApproveApplication(app->id, Decided("approved"), GrantFor(*app), {});
  ASSERT_TRUE(grant.ok());
  auto active = grants().UnrevokedGrantsOf("u-alice");
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);

  auto revoked = grants().RevokeGrant(grant->grant.id, "2025-10-20T00:00:00Z", "u-officer", "purpose ended",
                                      {ToUser("u-alice", "revoked")});
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->grant.revoked_at, "2025-10-20T00:00:00Z");
  EXPECT_EQ(revoked->grant.revoke_reason, "purpose ended");
  EXPECT_FALSE(revoked->grant.ActiveAt("2025-10-21T00:00:00Z"));
  active = grants().UnrevokedGrantsOf("u-alice");
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->empty());

  auto twice = grants().RevokeGrant(grant->grant.id, "2025-10-21T00:00:00Z", "u-officer", "again", {});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().error_code(), "workflow.already_revoked");
  auto missing = grants().RevokeGrant(777, "2025-10-21T00:00:00Z", "u-officer", "x", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().error_code(), "workflow.grant_not_found");
  // Still listed, with its state.
  auto listed = grants().GetGrant(grant->grant.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->grant.revoked_by, "u-officer");
}

TEST_F(GrantStoreTest, OverdueIsFlaggedOnce) {
  auto due_soon = grants().CreateApplication(Sample(), {});
  Application later = Sample();
  later.due_date = "2025-10-30";
  auto due_later = grants().CreateApplication(later, {});
  ASSERT_TRUE(due_soon.ok() && due_later.ok());

  auto overdue = grants().UnflaggedOverdue("2025-10-17");
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].id, due_soon->id);
  // On the due date itself it is not overdue yet.
  auto on_due = grants().UnflaggedOverdue("2025-10-16");
  ASSERT_TRUE(on_due.ok());
  EXPECT_TRUE(on_due->empty());

  auto flagged = grants().FlagOverdue(due_soon->id, "2025-10-17T01:00:00Z",
                                      {ToAudience("SCJG", kDataOfficerBit, "overdue")});
  ASSERT_TRUE(flagged.ok());
  EXPECT_TRUE(*flagged);
  auto again = grants().FlagOverdue(due_soon->id, "2025-10-17T01:01:00Z",
                                    {ToAudience("SCJG", kDataOfficerBit, "overdue again")});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  overdue = grants().UnflaggedOverdue("2025-10-17");
  ASSERT_TRUE(overdue.ok());
  EXPECT_TRUE(overdue->empty());
  auto inbox = grants().Inbox(InboxQuery{"u-officer", "SCJG", kDataOfficerBit});
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->total, 1);
  EXPECT_EQ(inbox->notifications[0].title, "overdue");

  ApplicationQuery overdue_list;
  overdue_list.overdue_on = "2025-10-17";
  auto page = grants().ListApplications(overdue_list);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
}

TEST_F(GrantStoreTest, UsageAddsUpPerDay) {
  auto app = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(app.ok());
  auto grant = grants().ApproveApplication(app->id, Decided("approved"), GrantFor(*app), {});
  ASSERT_TRUE(grant.ok());
  int64_t id = grant->grant.id;
  auto none = grants().RowsUsed(id, "2025-10-09");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  auto first = grants().AddRowsUsed(id, "2025-10-09", 120);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, 120);
  auto second = grants().AddRowsUsed(id, "2025-10-09", 80);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 200);
  auto next_day = grants().AddRowsUsed(id, "2025-10-10", 5);
  ASSERT_TRUE(next_day.ok());
  EXPECT_EQ(*next_day, 5);
  auto used = grants().RowsUsed(id, "2025-10-09");
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, 200);
}

TEST_F(GrantStoreTest, InboxReachesUsersAndAudiences) {
  ASSERT_TRUE(grants()
                  .CreateApplication(Sample(), {ToAudience("SCJG", kDataOfficerBit | kDepartmentAdminBit, "new"),
                                                ToAudience("", kPlatformAdminBit, "for admins")})
                  .ok());
  auto app = grants().CreateApplication(Sample(), {ToUser("u-alice", "to alice")});
  ASSERT_TRUE(app.ok());

  auto officer = grants().Inbox(InboxQuery{"u-officer", "SCJG", kDataOfficerBit});
  ASSERT_TRUE(officer.ok());
  ASSERT_EQ(officer->total, 1);
  EXPECT_EQ(officer->notifications[0].title, "new");
  EXPECT_EQ(officer->unread, 1);
  // A data officer of another department, a plain government user of the
  // provider, and a public user see none of it.
  for (const InboxQuery& q : {InboxQuery{"u-other", "WJW", kDataOfficerBit},
                              InboxQuery{"u-clerk", "SCJG", kGovernmentUserBit}, InboxQuery{"u-pub", "", 1u << 4}}) {
    auto none = grants().Inbox(q);
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->total, 0) << q.user_id;
  }
  auto admin = grants().Inbox(InboxQuery{"u-admin", "", kPlatformAdminBit});
  ASSERT_TRUE(admin.ok());
  ASSERT_EQ(admin->total, 1);
  EXPECT_EQ(admin->notifications[0].title, "for admins");
  auto alice = grants().Inbox(InboxQuery{"u-alice", "GAJ", kGovernmentUserBit});
  ASSERT_TRUE(alice.ok());
  ASSERT_EQ(alice->total, 1);
  EXPECT_EQ(alice->notifications[0].title, "to alice");
  EXPECT_EQ(alice->notifications[0].application_id, app->id);
  // No inbox without an account.
  auto anonymous = grants().Inbox(InboxQuery{"", "", kPlatformAdminBit});
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ(anonymous->total, 0);
}

TEST_F(GrantStoreTest, ReadStateIsPerReader) {
  std::vector<Notification> notices;
  for (int i = 0; i < 5; ++i) notices.push_back(ToAudience("SCJG", kDataOfficerBit, "n" + std::to_string(i)));
  ASSERT_TRUE(grants().CreateApplication(Sample(), notices).ok());
  InboxQuery one{"u-one", "SCJG", kDataOfficerBit};
  InboxQuery two{"u-two", "SCJG", kDataOfficerBit};

  auto page = grants().Inbox(one);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->notifications.size(), 5u);
  EXPECT_EQ(page->notifications[0].title, "n4");  // newest first
  int64_t first_id = page->notifications[4].id;
  ASSERT_TRUE(grants().MarkRead(one, first_id, "2025-09-27T00:00:00Z").ok());
  ASSERT_TRUE(grants().MarkRead(one, first_id, "2025-09-27T00:00:01Z").ok());  // idempotent

  page = grants().Inbox(one);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->unread, 4);
  EXPECT_EQ(page->notifications[4].read_at, "2025-09-27T00:00:00Z");
  auto other = grants().Inbox(two);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->unread, 5);

  InboxQuery unread = one;
  unread.unread_only = true;
  unread.limit = 2;
  page = grants().Inbox(unread);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 4);
  EXPECT_EQ(page->notifications.size(), 2u);

  auto marked = grants().MarkAllRead(one, "2025-09-28T00:00:00Z");
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 4);
  page = grants().Inbox(one);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->unread, 0);
  EXPECT_EQ(page->total, 5);

  // Someone the notification is not addressed to cannot mark it.
  Status st = grants().MarkRead(InboxQuery{"u-x", "WJW", kDataOfficerBit}, first_id, "2025-09-28T00:00:00Z");
  EXPECT_EQ(st.error_code(), "workflow.notification_not_found");
  st = grants().MarkRead(one, 99999, "2025-09-28T00:00:00Z");
  EXPECT_EQ(st.error_code(), "workflow.notification_not_found");
}

TEST_F(GrantStoreTest, ExpiryNoticeOnce) {
  auto app = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(app.ok());
  auto grant = grants().ApproveApplication(app->id, Decided("approved"), GrantFor(*app), {});
  ASSERT_TRUE(grant.ok());
  auto none = grants().ExpiringUnnotified("2025-10-01T00:00:00Z", "2025-10-04T00:00:00Z");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto soon = grants().ExpiringUnnotified("2025-11-26T00:00:00Z", "2025-11-29T00:00:00Z");
  ASSERT_TRUE(soon.ok());
  ASSERT_EQ(soon->size(), 1u);
  auto marked = grants().MarkExpiryNotified(grant->grant.id, "2025-11-26T00:00:00Z", {ToUser("u-alice", "soon")});
  ASSERT_TRUE(marked.ok());
  EXPECT_TRUE(*marked);
  marked = grants().MarkExpiryNotified(grant->grant.id, "2025-11-26T00:01:00Z", {ToUser("u-alice", "soon")});
  ASSERT_TRUE(marked.ok());
  EXPECT_FALSE(*marked);
  soon = grants().ExpiringUnnotified("2025-11-26T00:00:00Z", "2025-11-29T00:00:00Z");
  ASSERT_TRUE(soon.ok());
  EXPECT_TRUE(soon->empty());
}

// The tables survive reopening the data directory.
TEST_F(GrantStoreTest, RecordsPersist) {
  auto app = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(app.ok());
  Open();
  auto got = grants().GetApplication(app->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->purpose, "核查企业登记信息");
}

}  // namespace
}  // namespace yungu::storage
