// Accounts: usernames, roles against departments, the last platform admin,
// who may manage whom, the bootstrap and the demo accounts.
#include <gtest/gtest.h>

#include "unit/access/identity_test_fixture.h"

namespace yungu::access::testing {
namespace {

constexpr uint32_t Bits(Role r) { return static_cast<uint32_t>(r); }

class UsersTest : public IdentityFixture {
 protected:
  Status Create(const std::string& username, uint32_t roles, const std::string& department = "") {
    return identity().CreateUser({username, "", department, roles, "correct horse battery"}).status();
  }
  static Principal Actor(const storage::UserRecord& u) {
    Principal p;
    p.via = Principal::Via::kSession;
    p.user_id = u.id;
    p.username = u.username;
    p.department = u.department;
    p.roles = u.roles;
    p.scope = Scope::kAdmin;
    return p;
  }
};

TEST_F(UsersTest, UsernamesAreLowerCaseAsciiAndUnique) {
  auto u = MakeUser("Alice.W-1", Role::kPublicUser);
  EXPECT_EQ(u.username, "alice.w-1");
  EXPECT_EQ(u.display_name, "alice.w-1");
  EXPECT_EQ(u.id.rfind("u_", 0), 0u);
  EXPECT_EQ(u.id.size(), 18u);
  EXPECT_EQ(Create("ALICE.w-1", Bits(Role::kPublicUser)).error_code(), "auth.username_taken");
  for (const char* bad : {"ab", "has space", "张三", "semi;colon", ""}) {
    EXPECT_EQ(Create(bad, Bits(Role::kPublicUser)).error_code(), "auth.bad_username") << bad;
  }
  EXPECT_EQ(Create(std::string(65, 'a'), Bits(Role::kPublicUser)).error_code(), "auth.bad_username");
  EXPECT_TRUE(identity().FindUser("ALICE.W-1").ok());
}

TEST_F(UsersTest, RolesMustFitTheDepartment) {
  EXPECT_EQ(Create("officer1", Bits(Role::kDataOfficer)).error_code(), "auth.department_required");
  EXPECT_EQ(Create("gov1", Bits(Role::kGovernmentUser)).error_code(), "auth.department_required");
  EXPECT_EQ(Create("dadmin1", Bits(Role::kDepartmentAdmin)).error_code(), "auth.department_required");
  EXPECT_EQ(Create("public1", Bits(Role::kPublicUser), "SCJG").error_code(), "auth.public_user_department");
  EXPECT_EQ(Create("gov2", Bits(Role::kGovernmentUser), "NOPE").error_code(), "auth.unknown_department");
  EXPECT_EQ(Create("none1", 0).error_code(), "auth.no_roles");
  EXPECT_EQ(Create("weird1", 1u << 20).error_code(), "auth.bad_role");
  EXPECT_TRUE(Create("gov3", Bits(Role::kGovernmentUser) | Bits(Role::kDataOfficer), "SCJG").ok());
  EXPECT_TRUE(Create("root1", Bits(Role::kPlatformAdmin)).ok());
  EXPECT_TRUE(Create("audit1", Bits(Role::kAuditor)).ok());

  auto gov = identity().FindUser("gov3");
  ASSERT_TRUE(gov.ok());
  EXPECT_EQ(identity().UpdateUser(gov->id, UserChange{.department = ""}).status().error_code(),
            "auth.department_required");
  auto moved = identity().UpdateUser(gov->id, UserChange{.display_name = "王五", .department = "STHJ"});
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->department, "STHJ");
  EXPECT_EQ(moved->display_name, "王五");
}

TEST_F(UsersTest, ListFiltersByDepartmentAndRole) {
  MakeUser("gov1", Role::kGovernmentUser, "SCJG");
  MakeUser("gov2", Role::kGovernmentUser, "STHJ");
  MakeUser("off1", Role::kDataOfficer, "SCJG");
  auto scjg = identity().ListUsers({{"SCJG"}, 0});
  ASSERT_TRUE(scjg.ok());
  EXPECT_EQ(scjg->size(), 2u);
  auto officers = identity().ListUsers({{}, Bits(Role::kDataOfficer)});
  ASSERT_TRUE(officers.ok());
  ASSERT_EQ(officers->size(), 1u);
  EXPECT_EQ((*officers)[0].username, "off1");
}

TEST_F(UsersTest, TheLastPlatformAdminStays) {
  auto root = MakeUser("root", Role::kPlatformAdmin);
  EXPECT_EQ(identity().UpdateUser(root.id, UserChange{.disabled = true}).status().error_code(), "auth.last_admin");
  EXPECT_EQ(identity().UpdateUser(root.id, UserChange{.roles = Bits(Role::kAuditor)}).status().error_code(),
            "auth.last_admin");
  auto second = MakeUser("root2", Role::kPlatformAdmin);
  ASSERT_TRUE(identity().UpdateUser(root.id, UserChange{.roles = Bits(Role::kAuditor)}).ok());
  EXPECT_EQ(identity().UpdateUser(second.id, UserChange{.disabled = true}).status().error_code(), "auth.last_admin");
}

TEST_F(UsersTest, DepartmentSubtreeFollowsParentCodes) {
  auto subtree = identity().DepartmentSubtree("SCJG");
  ASSERT_TRUE(subtree.ok());
  EXPECT_EQ(*subtree, (std::vector<std::string>{"SCJG", "SCJG-XC"}));
  auto city = identity().DepartmentSubtree("CITY");
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->size(), 3u);
}

TEST_F(UsersTest, DepartmentAdminsManageTheirSubtreeWithDepartmentRoles) {
  auto dadmin = MakeUser("dadmin", Role::kDepartmentAdmin, "SCJG");
  auto local = MakeUser("local", Role::kGovernmentUser, "SCJG-XC");
  auto foreign = MakeUser("foreign", Role::kGovernmentUser, "STHJ");
  auto auditor = MakeUser("auditor", Role::kAuditor);
  Principal actor = Actor(dadmin);

  EXPECT_TRUE(identity().CheckManage(actor, local).ok());
  EXPECT_EQ(identity().CheckManage(actor, foreign).error_code(), "auth.forbidden");
  EXPECT_EQ(identity().CheckManage(actor, auditor).error_code(), "auth.forbidden");

  EXPECT_TRUE(identity().CheckAssign(actor, "SCJG-XC", Bits(Role::kDataOfficer) | Bits(Role::kDepartmentAdmin)).ok());
  EXPECT_EQ(identity().CheckAssign(actor, "STHJ", Bits(Role::kDataOfficer)).error_code(), "auth.forbidden");
  EXPECT_EQ(identity().CheckAssign(actor, "SCJG", Bits(Role::kPlatformAdmin)).error_code(), "auth.forbidden");
  EXPECT_EQ(identity().CheckAssign(actor, "", Bits(Role::kPublicUser)).error_code(), "auth.forbidden");

  Principal root = Actor(MakeUser("root", Role::kPlatformAdmin));
  EXPECT_TRUE(identity().CheckManage(root, foreign).ok());
  EXPECT_TRUE(identity().CheckAssign(root, "", Bits(Role::kAuditor)).ok());

  Principal officer = Actor(MakeUser("officer", Role::kDataOfficer, "SCJG"));
  EXPECT_EQ(identity().CheckManage(officer, local).error_code(), "auth.forbidden");
  EXPECT_EQ(identity().CheckManage(Principal::Anonymous("1.2.3.4"), local).code(), Code::kUnauthenticated);
}

TEST_F(UsersTest, BootstrapCreatesTheFirstAdminOnce) {
  EXPECT_TRUE(identity().NeedsBootstrap());
  std::string secret = identity().PrepareBootstrap();
  EXPECT_GE(secret.size(), 32u);
  EXPECT_EQ(identity().PrepareBootstrap(), secret);  // stable within the process

  NewUser admin{"root", "管理员", "", 0, "correct horse battery"};
  auto wrong = identity().Bootstrap("not-the-secret", admin, "127.0.0.1");
  EXPECT_EQ(wrong.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(wrong.status().error_code(), "auth.bad_bootstrap_secret");

  auto made = identity().Bootstrap(secret, admin, "127.0.0.1");
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_TRUE(made->roles & Bits(Role::kPlatformAdmin));
  EXPECT_FALSE(identity().NeedsBootstrap());
  EXPECT_EQ(identity().PrepareBootstrap(), "");

  admin.username = "root2";
  auto again = identity().Bootstrap(secret, admin, "127.0.0.1");
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(again.status().error_code(), "auth.already_bootstrapped");
}

TEST_F(UsersTest, BootstrapWithoutAPreparedSecretIsRefused) {
  NewUser admin{"root", "", "", 0, "correct horse battery"};
  EXPECT_EQ(identity().Bootstrap("", admin, "127.0.0.1").status().error_code(), "auth.bad_bootstrap_secret");
}

TEST_F(UsersTest, DemoAccountsOnePerRoleWithWorkingPasswords) {
  auto accounts = CreateDemoAccounts(identity(), "SCJG", "STHJ");
  ASSERT_TRUE(accounts.ok()) << accounts.status().ToString();
  ASSERT_EQ(accounts->size(), 7u);
  uint32_t roles = 0;
  for (const auto& a : *accounts) {
    auto login = identity().Login(a.username, a.password, "127.0.0.1");
    EXPECT_TRUE(login.status.ok()) << a.username << ": " << login.status.ToString();
    roles |= login.user.roles;
  }
  for (Role r : AllRoles()) EXPECT_TRUE(roles & Bits(r)) << RoleName(r);
  EXPECT_EQ(identity().FindUser("gov_user2")->department, "STHJ");
  auto again = CreateDemoAccounts(identity(), "SCJG", "STHJ");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

}  // namespace
}  // namespace yungu::access::testing
