// The SQLite identity records: users, sessions, tokens and app keys.
#include <gtest/gtest.h>

#include "unit/storage/storage_test_util.h"
#include "yungu/storage/identity_store.h"

namespace yungu::storage::testing {
namespace {

class IdentityStoreTest : public StoreFixture {
 protected:
  IdentityStore& ids() { return store().identity(); }

  static UserRecord User(const std::string& id, const std::string& username, uint32_t roles,
                         const std::string& department = "") {
    UserRecord u;
    u.id = id;
    u.username = username;
    u.display_name = username;
    u.department = department;
    u.roles = roles;
    u.password_hash = "$argon2id$placeholder";
    u.created_at = u.updated_at = "2024-05-01T08:00:00Z";
    return u;
  }
};

TEST_F(IdentityStoreTest, UsersRoundTripAndUsernamesAreUniqueIgnoringCase) {
  AddDepartment("SCJG", "市场监管局");
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 4, "SCJG")).ok());
  auto got = ids().GetUser("u_1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->username, "alice");
  EXPECT_EQ(got->department, "SCJG");
  EXPECT_EQ(got->roles, 4u);
  EXPECT_FALSE(got->disabled);

  Status dup = ids().CreateUser(User("u_2", "ALICE", 4, "SCJG"));
  EXPECT_EQ(dup.code(), Code::kAlreadyExists);
  EXPECT_EQ(dup.error_code(), "auth.username_taken");

  auto by_name = ids().FindUserByName("Alice");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->id, "u_1");
  EXPECT_EQ(ids().GetUser("u_missing").status().error_code(), "auth.user_not_found");
}

TEST_F(IdentityStoreTest, ListFiltersByDepartmentAndRole) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "a1", 1)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_2", "b2", 4, "SCJG")).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_3", "c3", 8, "STHJ")).ok());
  auto all = ids().ListUsers({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  auto dept = ids().ListUsers({{"SCJG", "STHJ"}, 0});
  ASSERT_TRUE(dept.ok());
  EXPECT_EQ(dept->size(), 2u);
  auto role = ids().ListUsers({{}, 8});
  ASSERT_TRUE(role.ok());
  ASSERT_EQ(role->size(), 1u);
  EXPECT_EQ((*role)[0].id, "u_3");
}

TEST_F(IdentityStoreTest, ActiveAdminCountIgnoresDisabledUsers) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "root1", 1)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_2", "root2", 1 | 32)).ok());
  EXPECT_EQ(*ids().CountActiveUsersWithRole(1), 2);
  UserRecord u = *ids().GetUser("u_2");
  u.disabled = true;
  ASSERT_TRUE(ids().UpdateUser(u).ok());
  EXPECT_EQ(*ids().CountActiveUsersWithRole(1), 1);
  ASSERT_TRUE(ids().SetLoginFailures("u_1", 5, "2024-05-01T08:01:00Z").ok());
  auto again = ids().GetUser("u_1");
  EXPECT_EQ(again->failed_logins, 5);
  EXPECT_EQ(again->locked_until, "2024-05-01T08:01:00Z");
}

TEST_F(IdentityStoreTest, SessionsAreFoundByHashAndSwept) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 8, "SCJG")).ok());
  SessionRecord s{"s1", "hash1", "u_1", "csrf", "127.0.0.1", "2024-05-01T08:00:00Z", "2024-05-01T08:00:00Z",
                  "2024-05-01T20:00:00Z"};
  ASSERT_TRUE(ids().CreateSession(s).ok());
  SessionRecord old{"s2", "hash2", "u_1", "csrf", "127.0.0.1", "2024-05-01T07:00:00Z", "2024-05-01T07:00:00Z",
                    "2024-05-01T19:00:00Z"};
  ASSERT_TRUE(ids().CreateSession(old).ok());
  auto found = ids().FindSession("hash1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, "s1");
  EXPECT_EQ(found->csrf_token, "csrf");

  ASSERT_TRUE(ids().TouchSessions({{"s1", "2024-05-01T08:20:00Z"}}).ok());
  // Idle cutoff 07:50: s2 (last seen 07:00) goes, s1 (08:20) stays.
  auto swept = ids().DeleteExpiredSessions("2024-05-01T08:20:00Z", "2024-05-01T07:50:00Z");
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1);
  EXPECT_TRUE(ids().FindSession("hash1").ok());
  EXPECT_EQ(ids().FindSession("hash2").status().code(), Code::kNotFound);

  ASSERT_TRUE(ids().DeleteUserSessions("u_1", "").ok());
  EXPECT_EQ(ids().FindSession("hash1").status().code(), Code::kNotFound);
}

TEST_F(IdentityStoreTest, TokensRevokeOnceAndKeepTheLatestUse) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 8, "SCJG")).ok());
  TokenRecord t{"0123456789abcdef", "u_1", "ci", "read", "h", "2024-05-01T08:00:00Z", "2024-07-30T08:00:00Z", "", ""};
  ASSERT_TRUE(ids().CreateToken(t).ok());
  ASSERT_TRUE(ids().TouchTokens({{t.id, "2024-05-01T09:00:00Z"}}).ok());
  ASSERT_TRUE(ids().TouchTokens({{t.id, "2024-05-01T08:30:00Z"}}).ok());  // older: ignored
  EXPECT_EQ(ids().GetToken(t.id)->last_used_at, "2024-05-01T09:00:00Z");
  ASSERT_TRUE(ids().RevokeToken(t.id, "2024-05-02T00:00:00Z").ok());
  ASSERT_TRUE(ids().RevokeToken(t.id, "2024-05-03T00:00:00Z").ok());
  EXPECT_EQ(ids().GetToken(t.id)->revoked_at, "2024-05-02T00:00:00Z");
  EXPECT_EQ(ids().RevokeToken("ffffffffffffffff", "x").error_code(), "auth.token_not_found");
  EXPECT_EQ(ids().ListTokens("u_1")->size(), 1u);
  EXPECT_EQ(ids().ListTokens("u_other")->size(), 0u);
  EXPECT_EQ(ids().ListTokens("")->size(), 1u);
}

TEST_F(IdentityStoreTest, AppKeysKeepTheirRate) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "dev", 16)).ok());
  AppKeyRecord k;
  k.id = "00000000000000aa";
  k.owner_id = "u_1";
  k.name = "app";
  k.secret_hash = "h";
  k.rate_per_second = 50;
  k.burst = 200;
  k.created_at = "2024-05-01T08:00:00Z";
  ASSERT_TRUE(ids().CreateAppKey(k).ok());
  ASSERT_TRUE(ids().SetAppKeyRate(k.id, 2.5, 7).ok());
  auto got = ids().GetAppKey(k.id);
  ASSERT_TRUE(got.ok());
  EXPECT_DOUBLE_EQ(got->rate_per_second, 2.5);
  EXPECT_DOUBLE_EQ(got->burst, 7);
  ASSERT_TRUE(ids().RevokeAppKey(k.id, "2024-05-02T00:00:00Z").ok());
  EXPECT_EQ(ids().ListAppKeys("u_1")->at(0).revoked_at, "2024-05-02T00:00:00Z");
}

TEST_F(IdentityStoreTest, RecordsSurviveReopening) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 1)).ok());
  Open();
  EXPECT_TRUE(ids().FindUserByName("alice").ok());
}

}  // namespace
}  // namespace yungu::storage::testing
