// Who may apply, decide, revoke and see; and what an application must say.
#include <functional>

#include "unit/access/workflow_fixture.h"

namespace yungu::access {
namespace {

using testing::User;
using testing::WorkflowFixture;

class WorkflowAuthorization : public WorkflowFixture {
 protected:
  int64_t Pending() {
    auto applied = service_->Apply(alice_, "enterprises", Request());
    EXPECT_TRUE(applied.ok()) << applied.status().ToString();
    return applied.ok() ? applied->id : 0;
  }
};

TEST_F(WorkflowAuthorization, ApproversOfTheProviderOnly) {
  int64_t id = Pending();
  auto by_other = service_->Approve(other_officer_, id, {});
  ASSERT_FALSE(by_other.ok());
  EXPECT_EQ(by_other.status().error_code(), "workflow.forbidden");
  auto by_clerk = service_->Approve(clerk_, id, {});
  ASSERT_FALSE(by_clerk.ok());
  EXPECT_EQ(by_clerk.status().error_code(), "workflow.forbidden");
  auto by_self = service_->Approve(alice_, id, {});
  ASSERT_FALSE(by_self.ok());
  EXPECT_EQ(by_self.status().error_code(), "workflow.forbidden");
  auto reject_other = service_->Reject(other_officer_, id, "no");
  ASSERT_FALSE(reject_other.ok());
  EXPECT_EQ(reject_other.status().error_code(), "workflow.forbidden");
  // Still pending after all that.
  auto got = service_->GetApplication(alice_, id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, "pending");
  // A platform admin may decide it.
  EXPECT_TRUE(service_->Approve(admin_, id, {}).ok());
}

// An approver who applies elsewhere still cannot decide their own application.
TEST_F(WorkflowAuthorization, NobodyApprovesTheirOwn) {
  Principal officer_applying = User("u-gaj-officer", "GAJ", {Role::kDataOfficer, Role::kGovernmentUser});
  auto applied = service_->Apply(officer_applying, "enterprises", Request());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  Principal same_user_as_admin = officer_applying;
  same_user_as_admin.roles |= static_cast<uint32_t>(Role::kPlatformAdmin);
  auto self = service_->Approve(same_user_as_admin, applied->id, {});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.status().error_code(), "workflow.forbidden");
}

TEST_F(WorkflowAuthorization, PublicUsersCannotApplyForSharing) {
  ApplicationInput in = Request();
  in.kind = "sharing";
  auto r = service_->Apply(public_, "enterprises", in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error_code(), "workflow.forbidden");
  // A dataset not opened at all does not exist for the public, even when it
  // is conditionally shared between departments.
  for (const char* id : {"shared-only", "closed", "no-such-dataset"}) {
    auto hidden = service_->Apply(public_, id, Request());
    ASSERT_FALSE(hidden.ok()) << id;
    EXPECT_EQ(hidden.status().error_code(), "catalog.dataset_not_found") << id;
    EXPECT_EQ(hidden.status().code(), Code::kNotFound) << id;
  }
  auto bad_kind = service_->Apply(alice_, "enterprises", [&] {
    ApplicationInput x = Request();
    x.kind = "borrowing";
    return x;
  }());
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_EQ(bad_kind.status().error_code(), "workflow.bad_kind");
}

TEST_F(WorkflowAuthorization, OnlyConditionalDatasetsTakeApplications) {
  // Unconditional and 不予共享 datasets, and the applicant's own department.
  for (const char* id : {"weather", "closed"}) {
    auto r = service_->Apply(alice_, id, Request());
    ASSERT_FALSE(r.ok()) << id;
    EXPECT_EQ(r.status().error_code(), "workflow.not_applicable") << id;
    EXPECT_EQ(r.status().code(), Code::kConflict);
  }
  auto own = service_->Apply(clerk_, "enterprises", Request());
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.status().error_code(), "workflow.not_applicable");
  // A parent department reads its units' data directly too.
  auto parent = service_->Apply(clerk_, "district-firms", Request());
  ASSERT_FALSE(parent.ok());
  EXPECT_EQ(parent.status().error_code(), "workflow.not_applicable");
  auto opened = service_->Apply(public_, "weather", Request());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().error_code(), "workflow.not_applicable");
  auto admin = service_->Apply(admin_, "enterprises", Request());
  ASSERT_FALSE(admin.ok());
  EXPECT_EQ(admin.status().error_code(), "workflow.not_applicable");
}

TEST_F(WorkflowAuthorization, CredentialsMatter) {
  Principal anonymous = Principal::Anonymous("127.0.0.1");
  auto r = service_->Apply(anonymous, "enterprises", Request());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error_code(), "auth.required");
  EXPECT_EQ(r.status().code(), Code::kUnauthenticated);
  auto inbox = service_->Inbox(anonymous, false, 10, 0);
  ASSERT_FALSE(inbox.ok());
  EXPECT_EQ(inbox.status().error_code(), "auth.required");

  Principal read_only = alice_;
  read_only.scope = Scope::kRead;
  auto scoped = service_->Apply(read_only, "enterprises", Request());
  ASSERT_FALSE(scoped.ok());
  EXPECT_EQ(scoped.status().error_code(), "auth.scope");
  // Reading is fine with a read token.
  EXPECT_TRUE(service_->Inbox(read_only, false, 10, 0).ok());

  auto auditor = service_->Apply(auditor_, "enterprises", Request());
  ASSERT_FALSE(auditor.ok());
  EXPECT_EQ(auditor.status().error_code(), "workflow.forbidden");
}

TEST_F(WorkflowAuthorization, WhoSeesAnApplication) {
  int64_t id = Pending();
  for (const Principal* p : {&alice_, &officer_, &dept_admin_, &admin_, &auditor_}) {
    EXPECT_TRUE(service_->GetApplication(*p, id).ok()) << p->user_id;
  }
  for (const Principal* p : {&clerk_, &other_officer_, &public_}) {
    auto r = service_->GetApplication(*p, id);
    ASSERT_FALSE(r.ok()) << p->user_id;
    EXPECT_EQ(r.status().error_code(), "workflow.forbidden") << p->user_id;
  }
  auto missing = service_->GetApplication(admin_, 4242);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().error_code(), "workflow.application_not_found");

  // Listings: the other department's officer sees nothing; "approver" needs
  // the role.
  auto other = service_->ListApplications(other_officer_, {});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->total, 0);
  auto not_approver = service_->ListApplications(alice_, testing::Applications("approver"));
  ASSERT_FALSE(not_approver.ok());
  EXPECT_EQ(not_approver.status().error_code(), "workflow.forbidden");
  auto auditor = service_->ListApplications(auditor_, {});
  ASSERT_TRUE(auditor.ok());
  EXPECT_EQ(auditor->total, 1);
  auto bad_status = service_->ListApplications(admin_, testing::Applications("", "maybe"));
  ASSERT_FALSE(bad_status.ok());
  EXPECT_EQ(bad_status.status().error_code(), "workflow.bad_status");
}

TEST_F(WorkflowAuthorization, WhoSeesAndRevokesAGrant) {
  int64_t id = Pending();
  auto grant = service_->Approve(officer_, id, {});
  ASSERT_TRUE(grant.ok());
  for (const Principal* p : {&alice_, &officer_, &admin_, &auditor_}) {
    EXPECT_TRUE(service_->GetGrant(*p, grant->id).ok()) << p->user_id;
  }
  for (const Principal* p : {&clerk_, &other_officer_, &public_}) {
    auto r = service_->GetGrant(*p, grant->id);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().error_code(), "workflow.forbidden") << p->user_id;
  }
  for (const Principal* p : {&alice_, &other_officer_, &clerk_, &auditor_}) {
    auto r = service_->RevokeGrant(*p, grant->id, "no longer needed");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().error_code(), "workflow.forbidden") << p->user_id;
  }
  auto no_reason = service_->RevokeGrant(officer_, grant->id, "");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.status().error_code(), "workflow.reason_required");
  auto missing = service_->RevokeGrant(admin_, 999, "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().error_code(), "workflow.grant_not_found");
  EXPECT_TRUE(service_->RevokeGrant(admin_, grant->id, "平台清理").ok());

  auto provider_list = service_->ListGrants(other_officer_, testing::Grants("provider"));
  ASSERT_TRUE(provider_list.ok());
  EXPECT_EQ(provider_list->total, 0);
  auto not_provider = service_->ListGrants(alice_, testing::Grants("provider"));
  ASSERT_FALSE(not_provider.ok());
  EXPECT_EQ(not_provider.status().error_code(), "workflow.forbidden");
}

TEST_F(WorkflowAuthorization, ApplicationsAreValidated) {
  struct Case {
    const char* name;
    std::function<void(ApplicationInput&)> change;
    const char* code;
  };
  std::vector<Case> cases = {
      {"no purpose", [](ApplicationInput& in) { in.purpose = "   "; }, "workflow.purpose_required"},
      {"long purpose", [](ApplicationInput& in) { in.purpose.clear(); for (int i = 0; i < 2001; ++i) in.purpose += "用"; },
       "workflow.text_too_long"},
      {"no legal basis", [](ApplicationInput& in) { in.legal_basis.clear(); }, "workflow.legal_basis_required"},
      {"no fields", [](ApplicationInput& in) { in.fields.clear(); }, "workflow.fields_required"},
      {"unknown field", [](ApplicationInput& in) { in.fields.push_back("password"); }, "workflow.unknown_field"},
      {"twice", [](ApplicationInput& in) { in.fields.push_back("uscc"); }, "workflow.duplicate_field"},
      {"filter not object", [](ApplicationInput& in) { in.row_filter = nlohmann::json::array({1}); },
       "workflow.bad_row_filter"},
      {"filter unknown key", [](ApplicationInput& in) { in.row_filter = {{"city", "襄阳"}}; },
       "workflow.bad_row_filter"},
      {"zero days", [](ApplicationInput& in) { in.duration_days = 0; }, "workflow.bad_duration"},
      {"too many days", [](ApplicationInput& in) { in.duration_days = 1096; }, "workflow.bad_duration"},
  };
  for (const auto& c : cases) {
    ApplicationInput in = Request();
    c.change(in);
    auto r = service_->Apply(alice_, "enterprises", in);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().error_code(), c.code) << c.name;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << c.name;
  }
  ApplicationInput longest = Request();
  longest.purpose.clear();
  for (int i = 0; i < 2000; ++i) longest.purpose += "用";
  longest.duration_days = 1095;
  longest.row_filter = {{"district", {"襄城区", "樊城区"}}};
  EXPECT_TRUE(service_->Apply(alice_, "enterprises", longest).ok());
}

TEST_F(WorkflowAuthorization, ApprovalsCanOnlyNarrow) {
  int64_t id = Pending();  // uscc, name, district, capital for 90 days
  struct Case {
    const char* name;
    std::function<void(ApprovalInput&)> change;
    const char* code;
  };
  std::vector<Case> cases = {
      {"field not requested", [](ApprovalInput& a) { a.fields = std::vector<std::string>{"uscc", "legal_person"}; },
       "workflow.field_not_requested"},
      {"no fields", [](ApprovalInput& a) { a.fields = std::vector<std::string>{}; }, "workflow.fields_required"},
      {"longer", [](ApprovalInput& a) { a.duration_days = 91; }, "workflow.bad_duration"},
      {"zero days", [](ApprovalInput& a) { a.duration_days = 0; }, "workflow.bad_duration"},
      {"negative quota", [](ApprovalInput& a) { a.daily_row_quota = -1; }, "workflow.bad_quota"},
      {"bad filter", [](ApprovalInput& a) { a.row_filter = "district = 1"; }, "workflow.bad_row_filter"},
      {"unknown filter field", [](ApprovalInput& a) { a.row_filter = {{"nope", 1}}; }, "workflow.bad_row_filter"},
  };
  for (const auto& c : cases) {
    ApprovalInput a;
    c.change(a);
    auto r = service_->Approve(officer_, id, a);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().error_code(), c.code) << c.name;
  }
  auto got = service_->GetApplication(officer_, id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, "pending");
}

}  // namespace
}  // namespace yungu::access
