// Login: lockout after five failures with a doubling back-off, unknown
// usernames indistinguishable from wrong passwords, per-address throttling.
#include <gtest/gtest.h>

#include "unit/access/identity_test_fixture.h"

namespace yungu::access::testing {
namespace {

using namespace std::chrono_literals;

class LoginTest : public IdentityFixture {
 protected:
  LoginResult Try(const std::string& username, const std::string& password, const std::string& address = "10.0.0.1") {
    return identity().Login(username, password, address);
  }
};

TEST_F(LoginTest, RightPasswordOpensASession) {
  auto u = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  auto r = Try("Alice", "correct horse battery");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.user.id, u.id);
  EXPECT_EQ(r.session.user_id, u.id);
  EXPECT_GE(r.session_secret.size(), 43u);  // 32 random bytes, base64url
  EXPECT_EQ(r.session.csrf_token.size(), 43u);
  EXPECT_NE(r.session.secret_hash, r.session_secret);
  EXPECT_EQ(r.session.expires_at, "2024-05-01T20:00:00Z");
}

TEST_F(LoginTest, WrongUserAndWrongPasswordLookTheSame) {
  MakeUser("alice", Role::kPublicUser);
  auto wrong_password = Try("alice", "not the password");
  auto wrong_user = Try("nobody", "not the password");
  EXPECT_EQ(wrong_password.status.code(), Code::kUnauthenticated);
  EXPECT_EQ(wrong_password.status.error_code(), "auth.invalid_credentials");
  EXPECT_EQ(wrong_user.status.error_code(), wrong_password.status.error_code());
  EXPECT_EQ(wrong_user.status.message(), wrong_password.status.message());
}

TEST_F(LoginTest, FiveFailuresLockTheAccountWithDoublingBackOff) {
  MakeUser("alice", Role::kPublicUser);
  for (int i = 1; i <= 4; ++i) {
    auto r = Try("alice", "wrong password " + std::to_string(i));
    EXPECT_EQ(r.status.error_code(), "auth.invalid_credentials");
    EXPECT_FALSE(r.lockout_started);
  }
  auto fifth = Try("alice", "wrong password 5");
  EXPECT_EQ(fifth.status.error_code(), "auth.invalid_credentials");
  EXPECT_TRUE(fifth.lockout_started);

  // Locked for one minute: even the right password is refused, with Retry-After.
  auto locked = Try("alice", "correct horse battery");
  EXPECT_EQ(locked.status.code(), Code::kResourceExhausted);
  EXPECT_EQ(locked.status.error_code(), "auth.locked");
  EXPECT_EQ(locked.retry_after_seconds, 60);
  Advance(45s);
  EXPECT_EQ(Try("alice", "correct horse battery").retry_after_seconds, 15);

  // Each further failure doubles the lock: 2, 4, 8 ... minutes.
  int64_t expected = 120;
  for (int i = 0; i < 4; ++i) {
    Advance(std::chrono::seconds(expected / 2 + 1));  // past the previous lock
    auto r = Try("alice", "still wrong");
    EXPECT_EQ(r.status.error_code(), "auth.invalid_credentials") << i;
    EXPECT_EQ(Try("alice", "correct horse battery").retry_after_seconds, expected) << i;
    expected *= 2;
  }
}

TEST_F(LoginTest, BackOffIsCappedAtOneHour) {
  MakeUser("alice", Role::kPublicUser);
  for (int i = 0; i < 20; ++i) {
    Advance(3601s);
    (void)Try("alice", "wrong", "10.0.0." + std::to_string(i));
  }
  EXPECT_EQ(Try("alice", "correct horse battery").retry_after_seconds, 3600);
}

TEST_F(LoginTest, SuccessResetsTheFailureCount) {
  auto u = MakeUser("alice", Role::kPublicUser);
  for (int i = 0; i < 4; ++i) (void)Try("alice", "wrong");
  ASSERT_TRUE(Try("alice", "correct horse battery").status.ok());
  EXPECT_EQ(store().identity().GetUser(u.id)->failed_logins, 0);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Try("alice", "wrong").lockout_started);
  EXPECT_TRUE(Try("alice", "correct horse battery").status.ok());
}

TEST_F(LoginTest, LockoutSurvivesARestart) {
  MakeUser("alice", Role::kPublicUser);
  for (int i = 0; i < 5; ++i) (void)Try("alice", "wrong");
  Reopen();
  EXPECT_EQ(Try("alice", "correct horse battery").status.error_code(), "auth.locked");
}

TEST_F(LoginTest, UnknownUsernamesLockToo) {
  for (int i = 0; i < 5; ++i) (void)Try("ghost", "wrong");
  auto r = Try("ghost", "wrong");
  EXPECT_EQ(r.status.error_code(), "auth.locked");
  EXPECT_EQ(r.retry_after_seconds, 60);
}

TEST_F(LoginTest, DisabledUsersCannotSignIn) {
  auto u = MakeUser("alice", Role::kPublicUser);
  ASSERT_TRUE(identity().UpdateUser(u.id, UserChange{.disabled = true}).ok());
  EXPECT_EQ(Try("alice", "correct horse battery").status.error_code(), "auth.invalid_credentials");
}

TEST_F(LoginTest, FailuresFromOneAddressAreThrottled) {
  Reopen([](IdentityOptions& o) { o.address_failures = RateLimit{1.0 / 60.0, 3}; });
  MakeUser("alice", Role::kPublicUser);
  for (int i = 0; i < 3; ++i) (void)Try("user" + std::to_string(i), "wrong", "192.0.2.1");
  auto r = Try("alice", "correct horse battery", "192.0.2.1");
  EXPECT_EQ(r.status.error_code(), "auth.throttled");
  EXPECT_EQ(r.retry_after_seconds, 60);
  // Another address is not affected; the throttled one recovers with time.
  EXPECT_TRUE(Try("alice", "correct horse battery", "192.0.2.2").status.ok());
  Advance(60s);
  auto later = Try("alice", "correct horse battery", "192.0.2.1");
  EXPECT_TRUE(later.status.ok()) << later.status.ToString();
}

}  // namespace
}  // namespace yungu::access::testing
