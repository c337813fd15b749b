// API tokens and app keys: create, use, expire, revoke; only hashes stored;
// last use kept in memory and flushed; scopes; app-key rate limits.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "unit/access/identity_test_fixture.h"

namespace yungu::access::testing {
namespace {

using namespace std::chrono_literals;

std::string FileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class TokenTest : public IdentityFixture {
 protected:
  void SetUp() override {
    IdentityFixture::SetUp();
    user_ = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  }
  IssuedToken Issue(Scope scope = Scope::kRead, int days = 0) {
    auto t = identity().CreateToken(user_.id, "ci", scope, days);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : IssuedToken{};
  }
  Result<Principal> Use(const std::string& token) { return identity().AuthenticateToken(token, "10.0.0.7"); }

  // Every text value of every row of `table`, joined.
  std::string TableText(const std::string& table) {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2((dir_ / "yungu.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return out;
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, ("SELECT * FROM " + table).c_str(), -1, &stmt, nullptr);
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (const unsigned char* text = sqlite3_column_text(stmt, i)) out += reinterpret_cast<const char*>(text) + std::string("|");
      }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  storage::UserRecord user_;
};

TEST_F(TokenTest, LifecycleCreateUseExpire) {
  IssuedToken t = Issue(Scope::kWrite);
  ASSERT_EQ(t.token.rfind("yg_" + t.record.id + "_", 0), 0u) << t.token;
  EXPECT_EQ(t.record.id.size(), 16u);
  EXPECT_GE(t.token.size() - (3 + 16 + 1), 43u);  // >= 32 random bytes
  EXPECT_EQ(t.record.expires_at, "2024-07-30T08:00:00Z");  // 90 days by default

  auto p = Use(t.token);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->via, Principal::Via::kToken);
  EXPECT_EQ(p->user_id, user_.id);
  EXPECT_EQ(p->username, "alice");
  EXPECT_EQ(p->department, "SCJG");
  EXPECT_EQ(p->scope, Scope::kWrite);
  EXPECT_EQ(p->credential_id, t.record.id);
  EXPECT_EQ(p->client_address, "10.0.0.7");

  Advance(24h * 90 - 1s);
  EXPECT_TRUE(Use(t.token).ok());
  Advance(1s);
  EXPECT_EQ(Use(t.token).status().error_code(), "auth.invalid_token");
}

TEST_F(TokenTest, ExpiryIsCheckedEvenOnACachedToken) {
  Reopen([](IdentityOptions& o) { o.credential_cache_ttl = std::chrono::hours(24 * 400); });
  IssuedToken t = Issue(Scope::kRead, 1);
  ASSERT_TRUE(Use(t.token).ok());
  Advance(24h);
  EXPECT_EQ(Use(t.token).status().error_code(), "auth.invalid_token");
}

TEST_F(TokenTest, RevokedTokensFailAtOnce) {
  IssuedToken t = Issue();
  ASSERT_TRUE(Use(t.token).ok());  // now cached
  ASSERT_TRUE(identity().RevokeToken(t.record.id).ok());
  auto r = Use(t.token);
  EXPECT_EQ(r.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(r.status().error_code(), "auth.invalid_token");
  EXPECT_FALSE(identity().GetToken(t.record.id)->revoked_at.empty());
  EXPECT_EQ(identity().RevokeToken("0000000000000000").error_code(), "auth.token_not_found");
}

TEST_F(TokenTest, OnlyAHashOfTheSecretIsStored) {
  IssuedToken t = Issue();
  ASSERT_TRUE(Use(t.token).ok());
  ASSERT_TRUE(identity().FlushUsage().ok());
  std::string secret = t.token.substr(3 + 16 + 1);
  std::string rows = TableText("api_tokens");
  ASSERT_NE(rows.find(t.record.id), std::string::npos);  // the row is there
  EXPECT_EQ(rows.find(secret), std::string::npos);
  // Nor anywhere in the database files.
  for (const char* file : {"yungu.db", "yungu.db-wal"}) {
    EXPECT_EQ(FileBytes(dir_ / file).find(secret), std::string::npos) << file;
  }
}

TEST_F(TokenTest, WrongSecretsAndMalformedTokensAreRefused) {
  IssuedToken t = Issue();
  std::string forged = t.token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(Use(forged).status().error_code(), "auth.invalid_token");
  ASSERT_TRUE(Use(t.token).ok());
  EXPECT_EQ(Use(forged).status().error_code(), "auth.invalid_token");  // cached path too
  for (const std::string& bad : std::vector<std::string>{"", "yg_", "yg_xyz_abc", "Bearer x", "yg_0123456789abcdef",
                                                         "ygk_" + t.token.substr(3)}) {
    EXPECT_EQ(Use(bad).status().error_code(), "auth.invalid_token") << bad;
  }
}

TEST_F(TokenTest, ExpiryIsBounded) {
  EXPECT_EQ(identity().CreateToken(user_.id, "x", Scope::kRead, 366).status().error_code(), "auth.bad_expiry");
  auto year = identity().CreateToken(user_.id, "x", Scope::kRead, 365);
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->record.expires_at, "2025-05-01T08:00:00Z");
  EXPECT_EQ(identity().CreateToken("u_nobody", "x", Scope::kRead, 1).status().code(), Code::kNotFound);
}

TEST_F(TokenTest, LastUseIsKeptInMemoryAndFlushed) {
  IssuedToken t = Issue();
  Advance(10min);
  ASSERT_TRUE(Use(t.token).ok());
  // Listed at once, though not yet written.
  auto listed = identity().ListTokens(user_.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].last_used_at, "2024-05-01T08:10:00Z");
  EXPECT_EQ(store().identity().GetToken(t.record.id)->last_used_at, "");
  ASSERT_TRUE(identity().FlushUsage().ok());
  EXPECT_EQ(store().identity().GetToken(t.record.id)->last_used_at, "2024-05-01T08:10:00Z");
}

TEST_F(TokenTest, LastUseIsWrittenAtShutdown) {
  IssuedToken t = Issue();
  ASSERT_TRUE(Use(t.token).ok());
  identity_.reset();
  EXPECT_EQ(store().identity().GetToken(t.record.id)->last_used_at, "2024-05-01T08:00:00Z");
}

TEST_F(TokenTest, AccountChangesApplyToCachedTokensAtOnce) {
  IssuedToken t = Issue();
  ASSERT_TRUE(Use(t.token).ok());
  ASSERT_TRUE(identity().UpdateUser(user_.id, UserChange{.roles = static_cast<uint32_t>(Role::kDataOfficer)}).ok());
  auto p = Use(t.token);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->Has(Role::kDataOfficer));
  EXPECT_FALSE(p->Has(Role::kGovernmentUser));
  ASSERT_TRUE(identity().UpdateUser(user_.id, UserChange{.disabled = true}).ok());
  EXPECT_EQ(Use(t.token).status().error_code(), "auth.invalid_token");
}

TEST_F(TokenTest, ReadScopeAllowsOnlyReading) {
  auto read = Use(Issue(Scope::kRead).token);
  auto write = Use(Issue(Scope::kWrite).token);
  ASSERT_TRUE(read.ok() && write.ok());
  EXPECT_TRUE(CheckMethodScope(*read, "GET").ok());
  EXPECT_TRUE(CheckMethodScope(*read, "HEAD").ok());
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    Status st = CheckMethodScope(*read, method);
    EXPECT_EQ(st.code(), Code::kPermissionDenied) << method;
    EXPECT_EQ(st.error_code(), "auth.scope") << method;
    EXPECT_TRUE(CheckMethodScope(*write, method).ok()) << method;
  }
  EXPECT_FALSE(read->Allows(Scope::kWrite));
  EXPECT_TRUE(write->Allows(Scope::kWrite));
  EXPECT_FALSE(write->Allows(Scope::kAdmin));
  EXPECT_TRUE(CheckMethodScope(Principal::Anonymous("1.2.3.4"), "POST").ok());
}

class AppKeyTest : public TokenTest {};

TEST_F(AppKeyTest, ActsAsTheOwnerInThePublicTier) {
  auto key = identity().CreateAppKey(user_.id, "my app");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  ASSERT_EQ(key->key.rfind("ygk_" + key->record.id + "_", 0), 0u);
  EXPECT_DOUBLE_EQ(key->record.rate_per_second, 50);
  EXPECT_DOUBLE_EQ(key->record.burst, 200);
  auto p = identity().AuthenticateAppKey(key->key, "203.0.113.5");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->via, Principal::Via::kAppKey);
  EXPECT_EQ(p->user_id, user_.id);
  EXPECT_EQ(p->roles, static_cast<uint32_t>(Role::kPublicUser));
  EXPECT_EQ(p->department, "");
  EXPECT_EQ(p->scope, Scope::kRead);
  EXPECT_EQ(TableText("app_keys").find(key->key.substr(4 + 16 + 1)), std::string::npos);

  ASSERT_TRUE(identity().RevokeAppKey(key->record.id).ok());
  EXPECT_EQ(identity().AuthenticateAppKey(key->key, "203.0.113.5").status().error_code(), "auth.invalid_app_key");
}

TEST_F(AppKeyTest, EachKeyHasItsOwnRateLimit) {
  auto slow = identity().CreateAppKey(user_.id, "slow");
  auto other = identity().CreateAppKey(user_.id, "other");
  ASSERT_TRUE(slow.ok() && other.ok());
  ASSERT_TRUE(identity().SetAppKeyRate(slow->record.id, 1, 2).ok());
  EXPECT_EQ(identity().SetAppKeyRate(slow->record.id, 0, 2).error_code(), "auth.bad_rate");
  EXPECT_EQ(identity().SetAppKeyRate("0000000000000000", 1, 2).error_code(), "auth.app_key_not_found");
  auto p = identity().AuthenticateAppKey(slow->key, "203.0.113.5");
  auto q = identity().AuthenticateAppKey(other->key, "203.0.113.5");
  ASSERT_TRUE(p.ok() && q.ok());
  EXPECT_TRUE(identity().Admit(*p).allowed);
  EXPECT_TRUE(identity().Admit(*p).allowed);
  auto refused = identity().Admit(*p);
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retry_after_seconds, 1);
  EXPECT_TRUE(identity().Admit(*q).allowed);
}

TEST_F(AppKeyTest, AnonymousCallersShareAPerAddressLimitAndUsersAreUnlimited) {
  Reopen([](IdentityOptions& o) { o.anonymous = RateLimit{1, 3}; });
  auto anon = Principal::Anonymous("198.51.100.1");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(identity().Admit(anon).allowed) << i;
  EXPECT_FALSE(identity().Admit(anon).allowed);
  EXPECT_TRUE(identity().Admit(Principal::Anonymous("198.51.100.2")).allowed);
  auto user = Use(Issue().token);
  ASSERT_TRUE(user.ok());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(identity().Admit(*user).allowed);
}

}  // namespace
}  // namespace yungu::access::testing
