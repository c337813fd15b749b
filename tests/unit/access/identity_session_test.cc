// Browser sessions: idle timeout, absolute lifetime, logout, the cookie.
#include <gtest/gtest.h>

#include "unit/access/identity_test_fixture.h"

namespace yungu::access::testing {
namespace {

using namespace std::chrono_literals;

class SessionTest : public IdentityFixture {
 protected:
  void SetUp() override {
    IdentityFixture::SetUp();
    user_ = MakeUser("alice", Role::kDataOfficer, "SCJG");
  }
  LoginResult SignIn() {
    auto r = identity().Login("alice", "correct horse battery", "10.0.0.1");
    EXPECT_TRUE(r.status.ok()) << r.status.ToString();
    return r;
  }
  Result<SessionAuth> Use(const std::string& secret) { return identity().AuthenticateSession(secret, "10.0.0.9"); }

  storage::UserRecord user_;
};

TEST_F(SessionTest, TheCookieSecretAuthenticatesAsTheUser) {
  auto login = SignIn();
  auto auth = Use(login.session_secret);
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->principal.via, Principal::Via::kSession);
  EXPECT_EQ(auth->principal.user_id, user_.id);
  EXPECT_EQ(auth->principal.department, "SCJG");
  EXPECT_TRUE(auth->principal.Has(Role::kDataOfficer));
  EXPECT_EQ(auth->principal.scope, Scope::kAdmin);
  EXPECT_EQ(auth->principal.credential_id, login.session.id);
  EXPECT_EQ(auth->principal.client_address, "10.0.0.9");
  EXPECT_EQ(auth->csrf_token, login.session.csrf_token);

  EXPECT_EQ(Use("not-a-session").status().error_code(), "auth.session_expired");
  EXPECT_EQ(Use("").status().error_code(), "auth.session_expired");
  EXPECT_EQ(Use("bad;chars=").status().error_code(), "auth.session_expired");
}

TEST_F(SessionTest, EndsAfterThirtyIdleMinutes) {
  auto login = SignIn();
  Advance(29min);
  ASSERT_TRUE(Use(login.session_secret).ok());
  Advance(29min);  // 58 minutes in, but active 29 minutes ago
  ASSERT_TRUE(Use(login.session_secret).ok());
  Advance(31min);
  auto r = Use(login.session_secret);
  EXPECT_EQ(r.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(r.status().error_code(), "auth.session_expired");
  // Gone for good, not just idle.
  EXPECT_EQ(store().identity().FindSession(login.session.secret_hash).status().code(), Code::kNotFound);
}

TEST_F(SessionTest, EndsAfterTwelveHoursHoweverActive) {
  auto login = SignIn();
  for (int i = 0; i < 35; ++i) {  // 35 x 20 min = 11 h 40 min
    Advance(20min);
    ASSERT_TRUE(Use(login.session_secret).ok()) << i;
  }
  Advance(20min);
  EXPECT_EQ(Use(login.session_secret).status().error_code(), "auth.session_expired");
}

TEST_F(SessionTest, ActivitySurvivesARestartOnceFlushed) {
  auto login = SignIn();
  Advance(25min);
  ASSERT_TRUE(Use(login.session_secret).ok());
  ASSERT_TRUE(identity().FlushUsage().ok());
  Reopen();
  Advance(25min);  // 50 minutes after login, 25 after the last use
  EXPECT_TRUE(Use(login.session_secret).ok());
}

TEST_F(SessionTest, TimeoutsAreConfigurable) {
  Reopen([](IdentityOptions& o) {
    o.session_idle = 5min;
    o.session_lifetime = 1h;
  });
  auto login = SignIn();
  EXPECT_EQ(login.session.expires_at, "2024-05-01T09:00:00Z");
  Advance(6min);
  EXPECT_FALSE(Use(login.session_secret).ok());
}

TEST_F(SessionTest, LogoutEndsTheSessionAtOnce) {
  auto login = SignIn();
  ASSERT_TRUE(Use(login.session_secret).ok());  // cached now
  ASSERT_TRUE(identity().Logout(login.session.id).ok());
  EXPECT_EQ(Use(login.session_secret).status().error_code(), "auth.session_expired");
  EXPECT_TRUE(identity().Logout(login.session.id).ok());  // twice is fine
}

TEST_F(SessionTest, PasswordResetAndDisablingEndSessions) {
  auto first = SignIn();
  ASSERT_TRUE(Use(first.session_secret).ok());
  ASSERT_TRUE(identity().SetPassword(user_.id, "a brand new secret").ok());
  EXPECT_FALSE(Use(first.session_secret).ok());

  auto second = identity().Login("alice", "a brand new secret", "10.0.0.1");
  ASSERT_TRUE(second.status.ok());
  ASSERT_TRUE(Use(second.session_secret).ok());
  ASSERT_TRUE(identity().UpdateUser(user_.id, UserChange{.disabled = true}).ok());
  EXPECT_FALSE(Use(second.session_secret).ok());
}

TEST_F(SessionTest, OwnPasswordChangeKeepsOnlyTheCurrentSession) {
  auto here = SignIn();
  auto elsewhere = SignIn();
  ASSERT_TRUE(identity().ChangePassword(user_.id, "correct horse battery", "a brand new secret", here.session.id).ok());
  EXPECT_TRUE(Use(here.session_secret).ok());
  EXPECT_FALSE(Use(elsewhere.session_secret).ok());
}

TEST_F(SessionTest, RoleChangesApplyToLiveSessionsAtOnce) {
  auto login = SignIn();
  ASSERT_TRUE(Use(login.session_secret).ok());
  ASSERT_TRUE(identity()
                  .UpdateUser(user_.id, UserChange{.roles = static_cast<uint32_t>(Role::kGovernmentUser)})
                  .ok());
  auto after = Use(login.session_secret);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->principal.Has(Role::kDataOfficer));
  EXPECT_TRUE(after->principal.Has(Role::kGovernmentUser));
}

TEST_F(SessionTest, CookieAttributes) {
  std::string cookie = identity().SessionCookie("abc");
  EXPECT_EQ(cookie.rfind("yungu_session=abc;", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(identity().ClearedSessionCookie().find("Max-Age=0"), std::string::npos);

  Reopen([](IdentityOptions& o) { o.secure_cookies = true; });
  EXPECT_NE(identity().SessionCookie("abc").find("; Secure"), std::string::npos);
}

TEST(Csrf, StateChangingRequestsMustEchoTheSessionsToken) {
  EXPECT_TRUE(CheckCsrf("GET", "token", "").ok());
  EXPECT_TRUE(CheckCsrf("HEAD", "token", "").ok());
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    Status missing = CheckCsrf(method, "token", "");
    EXPECT_EQ(missing.code(), Code::kPermissionDenied) << method;
    EXPECT_EQ(missing.error_code(), "auth.csrf_failed") << method;
    EXPECT_FALSE(CheckCsrf(method, "token", "token2").ok()) << method;
    EXPECT_FALSE(CheckCsrf(method, "token", "toke").ok()) << method;
    EXPECT_TRUE(CheckCsrf(method, "token", "token").ok()) << method;
  }
  EXPECT_FALSE(CheckCsrf("POST", "", "").ok());  // no token, no pass
}

}  // namespace
}  // namespace yungu::access::testing
