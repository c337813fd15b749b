// Two hub processes on one database: with YUNGU_TEST_STORE=postgres (and
// YUNGU_TEST_PG_DIR, see unit/pg_test_db.h) two IdentityService instances
// run on two stores of one PostgreSQL database, as two `yungu serve`
// processes behind a load balancer. Rate limits, revocations, account
// changes and login failures made through one must hold on the other.
//
// Without the variables the same tests run on SQLite with one process's
// semantics: SQLite serves one process, so "both" services are one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <latch>
#include <random>
#include <thread>

#include "unit/pg_test_db.h"
#include "yungu/access/identity_service.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/sqlite_store.h"

namespace yungu::access::testing {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

void RunTogether(int n, const std::function<void(int)>& fn) {
  std::latch start(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      fn(i);
    });
  }
  for (auto& t : threads) t.join();
}

// Polls `done` for up to 2 s: a change made on one process reaches the
// other by a notice, not by the cache's 30 s expiry.
bool Within2s(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

class IdentitySharedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (yungu::testing::OnPostgres()) {
      std::string url = yungu::testing::NewPgDatabase();
      for (auto* store : {&store_a_, &store_b_}) {
        auto opened = storage::OpenPostgresStore(url);
        ASSERT_TRUE(opened.ok()) << opened.status().ToString();
        *store = std::move(opened).value();
      }
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             ("yungu_identity_shared_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}()));
      auto opened = storage::OpenSqliteStore(dir_);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      store_a_ = std::move(opened).value();
    }
    ASSERT_TRUE(store_a_->PutDepartment({"SCJG", "市场监管局", "", "", ""}).ok());
    Start();
  }

  void TearDown() override {
    a_.reset();
    b_.reset();
    store_a_.reset();
    store_b_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  // (Re)creates the services with `adjust` applied to the test options.
  void Start(const std::function<void(IdentityOptions&)>& adjust = {}) {
    a_.reset();
    b_.reset();
    IdentityOptions o;
    o.password_cost = PasswordCost::kFast;
    o.background_flush = false;
    auto now = now_;
    o.clock = [now] { return TimePoint(std::chrono::seconds(now->load())); };
    if (adjust) adjust(o);
    a_ = std::make_unique<IdentityService>(*store_a_, o);
    if (store_b_) b_ = std::make_unique<IdentityService>(*store_b_, o);
  }

  IdentityService& a() { return *a_; }
  IdentityService& b() { return b_ ? *b_ : *a_; }  // SQLite: one process
  IdentityService& side(int i) { return i % 2 ? b() : a(); }

  storage::UserRecord MakeUser(const std::string& username, Role role, const std::string& department = "") {
    NewUser u;
    u.username = username;
    u.roles = static_cast<uint32_t>(role);
    u.department = department;
    u.password = "correct horse battery";
    auto created = a().CreateUser(u);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : storage::UserRecord{};
  }

  static uint32_t Bits(Role r) { return static_cast<uint32_t>(r); }

  std::filesystem::path dir_;
  std::shared_ptr<std::atomic<int64_t>> now_ = std::make_shared<std::atomic<int64_t>>(1714550400);
  std::unique_ptr<storage::Store> store_a_, store_b_;
  std::unique_ptr<IdentityService> a_, b_;
};

TEST_F(IdentitySharedTest, OneBucketAdmitsExactlyBurstAcrossProcesses) {
  Start([](IdentityOptions& o) { o.anonymous = RateLimit{0.001, 12}; });  // no refill during the test
  Principal anonymous;
  anonymous.client_address = "10.0.0.9";
  std::atomic<int> allowed{0};
  std::atomic<int64_t> max_retry{0};
  RunTogether(6, [&](int i) {
    for (int n = 0; n < 6; ++n) {
      auto d = side(i).Admit(anonymous);
      if (d.allowed) {
        ++allowed;
      } else {
        EXPECT_GE(d.retry_after_seconds, 1);
        max_retry = std::max<int64_t>(max_retry, d.retry_after_seconds);
      }
    }
  });
  EXPECT_EQ(allowed.load(), 12);
  EXPECT_LE(max_retry.load(), 1000);  // one token per 1000 s
}

TEST_F(IdentitySharedTest, FailedLoginsFromOneAddressAreThrottledAcrossProcesses) {
  Start([](IdentityOptions& o) {
    o.address_failures = RateLimit{0.001, 4};
    o.max_failures = 100;  // no lockout of the accounts
  });
  MakeUser("alice", Role::kGovernmentUser, "SCJG");
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(side(i).Login("alice", "wrong password!", "10.0.0.7").status.error_code(), "auth.invalid_credentials");
  }
  LoginResult throttled = b().Login("alice", "correct horse battery", "10.0.0.7");
  EXPECT_EQ(throttled.status.error_code(), "auth.throttled");
  EXPECT_GE(throttled.retry_after_seconds, 1);
  EXPECT_EQ(a().Login("alice", "correct horse battery", "10.0.0.7").status.error_code(), "auth.throttled");
  EXPECT_TRUE(a().Login("alice", "correct horse battery", "10.0.0.8").status.ok());
}

TEST_F(IdentitySharedTest, ARevokedTokenIsRefusedByTheOtherAtOnce) {
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  auto token = a().CreateToken(user.id, "ci", Scope::kRead, 0);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  ASSERT_TRUE(b().AuthenticateToken(token->token, "10.0.0.7").ok());  // cached there now
  ASSERT_TRUE(a().RevokeToken(token->record.id).ok());
  EXPECT_TRUE(Within2s([&] {
    return b().AuthenticateToken(token->token, "10.0.0.7").status().error_code() == "auth.invalid_token";
  }));
}

TEST_F(IdentitySharedTest, RoleChangesReachCachedTokensOfTheOther) {
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  auto token = a().CreateToken(user.id, "ci", Scope::kRead, 0);
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(b().AuthenticateToken(token->token, "")->Has(Role::kGovernmentUser));
  ASSERT_TRUE(a().UpdateUser(user.id, UserChange{.roles = Bits(Role::kDataOfficer)}).ok());
  EXPECT_TRUE(Within2s([&] {
    auto p = b().AuthenticateToken(token->token, "");
    return p.ok() && p->Has(Role::kDataOfficer) && !p->Has(Role::kGovernmentUser);
  }));
}

TEST_F(IdentitySharedTest, ADisabledUsersSessionEndsOnTheOtherAtOnce) {
  MakeUser("root", Role::kPlatformAdmin);
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  LoginResult login = a().Login("alice", "correct horse battery", "10.0.0.7");
  ASSERT_TRUE(login.status.ok()) << login.status.ToString();
  ASSERT_TRUE(b().AuthenticateSession(login.session_secret, "10.0.0.7").ok());
  ASSERT_TRUE(a().UpdateUser(user.id, UserChange{.disabled = true}).ok());
  EXPECT_TRUE(Within2s([&] {
    return b().AuthenticateSession(login.session_secret, "10.0.0.7").status().error_code() == "auth.session_expired";
  }));
}

TEST_F(IdentitySharedTest, ALogoutAndAPasswordResetEndSessionsOnTheOther) {
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  LoginResult first = a().Login("alice", "correct horse battery", "10.0.0.7");
  LoginResult second = a().Login("alice", "correct horse battery", "10.0.0.7");
  ASSERT_TRUE(first.status.ok() && second.status.ok());
  ASSERT_TRUE(b().AuthenticateSession(first.session_secret, "").ok());
  ASSERT_TRUE(b().AuthenticateSession(second.session_secret, "").ok());

  ASSERT_TRUE(a().Logout(first.session.id).ok());
  EXPECT_TRUE(Within2s([&] { return !b().AuthenticateSession(first.session_secret, "").ok(); }));
  EXPECT_TRUE(b().AuthenticateSession(second.session_secret, "").ok());

  ASSERT_TRUE(a().SetPassword(user.id, "another good password").ok());
  EXPECT_TRUE(Within2s([&] { return !b().AuthenticateSession(second.session_secret, "").ok(); }));
}

TEST_F(IdentitySharedTest, ConcurrentFailedLoginsOnBothCountEveryFailure) {
  Start([](IdentityOptions& o) {
    o.max_failures = 1000;                     // count without locking
    o.address_failures = RateLimit{1000, 1000};  // nor throttling
  });
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  constexpr int kThreads = 4, kEach = 6;
  RunTogether(kThreads, [&](int i) {
    for (int n = 0; n < kEach; ++n) {
      EXPECT_EQ(side(i).Login("alice", "not the password", "10.0.0." + std::to_string(i)).status.error_code(),
                "auth.invalid_credentials");
    }
  });
  EXPECT_EQ(a().GetUser(user.id)->failed_logins, kThreads * kEach);
}

TEST_F(IdentitySharedTest, ConcurrentFailuresLockTheAccountOnBoth) {
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");  // locks after 5 failures
  RunTogether(5, [&](int i) { (void)side(i).Login("alice", "not the password", "10.0.1." + std::to_string(i)); });
  EXPECT_EQ(a().GetUser(user.id)->failed_logins, 5);
  EXPECT_EQ(a().Login("alice", "correct horse battery", "10.0.2.1").status.error_code(), "auth.locked");
  EXPECT_EQ(b().Login("alice", "correct horse battery", "10.0.2.2").status.error_code(), "auth.locked");
}

TEST_F(IdentitySharedTest, ConcurrentDemotionsOfTheLastTwoAdminsLeaveOne) {
  auto root1 = MakeUser("root1", Role::kPlatformAdmin);
  auto root2 = MakeUser("root2", Role::kPlatformAdmin);
  const std::string ids[] = {root1.id, root2.id};
  for (int round = 0; round < 6; ++round) {
    // Even rounds take the role away; odd rounds disable.
    UserChange change = round % 2 ? UserChange{.disabled = true} : UserChange{.roles = Bits(Role::kAuditor)};
    Status results[2];
    RunTogether(2, [&](int i) { results[i] = side(i).UpdateUser(ids[i], change).status(); });
    EXPECT_EQ(results[0].ok() + results[1].ok(), 1) << results[0].ToString() << " / " << results[1].ToString();
    for (const auto& st : results) {
      if (!st.ok()) {
        EXPECT_EQ(st.error_code(), "auth.last_admin");
      }
    }
    EXPECT_FALSE(a().NeedsBootstrap());
    auto admins = a().ListUsers({{}, Bits(Role::kPlatformAdmin)});
    ASSERT_TRUE(admins.ok());
    int active = 0;
    for (const auto& u : *admins) active += !u.disabled;
    EXPECT_EQ(active, 1) << "round " << round;
    for (const auto& id : ids) {
      ASSERT_TRUE(a().UpdateUser(id, UserChange{.roles = Bits(Role::kPlatformAdmin), .disabled = false}).ok());
    }
  }
}

TEST_F(IdentitySharedTest, APasswordChangeAndARoleEditAtOnceBothStay) {
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  for (int round = 0; round < 4; ++round) {
    std::string password = "new password " + std::to_string(round);
    Role role = round % 2 ? Role::kGovernmentUser : Role::kDataOfficer;
    Status results[2];
    RunTogether(2, [&](int i) {
      results[i] = i == 0 ? a().SetPassword(user.id, password)
                          : b().UpdateUser(user.id, UserChange{.display_name = "爱丽丝 " + std::to_string(round),
                                                               .roles = Bits(role)})
                                .status();
    });
    ASSERT_TRUE(results[0].ok()) << results[0].ToString();
    ASSERT_TRUE(results[1].ok()) << results[1].ToString();
    auto stored = a().GetUser(user.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->roles, Bits(role)) << "round " << round;
    EXPECT_EQ(stored->display_name, "爱丽丝 " + std::to_string(round));
    EXPECT_TRUE(a().Login("alice", password, "10.0.3." + std::to_string(round)).status.ok()) << "round " << round;
  }
}

TEST_F(IdentitySharedTest, AChangedPasswordRefusesAChangeBasedOnTheOldOne) {
  auto user = MakeUser("alice", Role::kGovernmentUser, "SCJG");
  ASSERT_TRUE(a().ChangePassword(user.id, "correct horse battery", "second good password", "").ok());
  EXPECT_EQ(b().ChangePassword(user.id, "correct horse battery", "third good password", "").error_code(),
            "auth.wrong_password");
  EXPECT_TRUE(b().Login("alice", "second good password", "10.0.4.1").status.ok());
}

}  // namespace
}  // namespace yungu::access::testing
