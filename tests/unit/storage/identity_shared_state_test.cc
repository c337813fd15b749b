// Identity state that several hub processes share through one database:
// atomic login-failure counts, user edits that never overwrite each other
// or remove the last admin, token buckets and change notices. On
// PostgreSQL the callers use two stores (connection pools) on one
// database, as two `yungu serve` processes would; on SQLite the threads of
// one process share one store.
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "unit/storage/storage_test_util.h"
#include "yungu/storage/identity_store.h"

namespace yungu::storage::testing {
namespace {

using namespace std::chrono_literals;

constexpr uint32_t kAdmin = 1;
constexpr uint32_t kAuditor = 32;

// Runs `fn(i)` on `n` threads released at the same moment.
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

// User ids a change handler has been given, in order.
class Heard {
 public:
  IdentityChangeHandler Handler() {
    return [this](const std::string& user_id) {
      std::lock_guard lock(mu_);
      ids_.push_back(user_id);
      cv_.notify_all();
    };
  }
  // Waits up to `limit` for `user_id` to be heard; true if it was.
  bool WaitFor(const std::string& user_id, std::chrono::milliseconds limit = 2000ms) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return std::find(ids_.begin(), ids_.end(), user_id) != ids_.end(); });
  }
  std::vector<std::string> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(ids_, {});
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> ids_;
};

class IdentitySharedStateTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    if (yungu::testing::OnPostgres()) {
      PostgresOptions options;
      options.now = clock_.Fn();
      auto second = OpenPostgresStore(pg_url_, options);
      ASSERT_TRUE(second.ok()) << second.status().ToString();
      second_ = std::move(second).value();
    }
  }

  // The store of caller `i`: on PostgreSQL odd callers use the second store.
  IdentityStore& ids(int i = 0) { return (second_ && i % 2 == 1) ? second_->identity() : store().identity(); }

  static UserRecord User(const std::string& id, const std::string& username, uint32_t roles) {
    UserRecord u;
    u.id = id;
    u.username = username;
    u.display_name = username;
    u.roles = roles;
    u.password_hash = "$argon2id$placeholder";
    u.created_at = u.updated_at = "2024-05-01T08:00:00Z";
    return u;
  }

  // Removes the admin role unless that leaves no enabled admin: the rule
  // IdentityService applies.
  static UserEdit Demote() {
    return [](UserRecord& u, const UserEditContext& context) -> Status {
      if (context.others_with_roles == 0) return FailedPrecondition("auth.last_admin", "last admin");
      u.roles = kAuditor;
      return Status::Ok();
    };
  }

  std::unique_ptr<Store> second_;
};

TEST_F(IdentitySharedStateTest, ConcurrentLoginFailuresAllCount) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 8)).ok());
  constexpr int kThreads = 8, kEach = 10;
  std::atomic<int> errors{0};
  std::mutex seen_mu;
  std::set<int64_t> seen;
  RunTogether(kThreads, [&](int i) {
    for (int n = 0; n < kEach; ++n) {
      auto user = ids(i).RecordLoginFailure("u_1", [](int64_t failures) {
        return failures >= 5 ? "2024-05-01T08:01:00Z" : std::string();
      });
      if (!user.ok()) {
        ++errors;
        continue;
      }
      std::lock_guard lock(seen_mu);
      seen.insert(user->failed_logins);
    }
  });
  EXPECT_EQ(errors.load(), 0);
  auto user = ids().GetUser("u_1");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->failed_logins, kThreads * kEach);
  EXPECT_EQ(user->locked_until, "2024-05-01T08:01:00Z");
  // Every caller saw its own count: 1..80, each once.
  EXPECT_EQ(seen.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(ids().RecordLoginFailure("u_missing", [](int64_t) { return std::string(); }).status().error_code(),
            "auth.user_not_found");
}

TEST_F(IdentitySharedStateTest, ConcurrentEditsApplyOneAfterTheOther) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 8)).ok());
  // Each edit changes a different column from what it read; none is lost.
  RunTogether(2, [&](int i) {
    for (int n = 0; n < 10; ++n) {
      auto edited = ids(i).EditUser("u_1", 0, [&](UserRecord& u, const UserEditContext&) {
        if (i == 0) u.display_name += "x";
        if (i == 1) u.password_hash += "y";
        return Status::Ok();
      });
      EXPECT_TRUE(edited.ok()) << edited.status().ToString();
    }
  });
  auto user = ids().GetUser("u_1");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->display_name, "alice" + std::string(10, 'x'));
  EXPECT_EQ(user->password_hash, "$argon2id$placeholder" + std::string(10, 'y'));
}

TEST_F(IdentitySharedStateTest, AFailedEditChangesNothingAndKeysStay) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 8)).ok());
  auto refused = ids().EditUser("u_1", 0, [](UserRecord& u, const UserEditContext&) {
    u.display_name = "changed";
    return InvalidArgument("test.refused", "no");
  });
  EXPECT_EQ(refused.status().error_code(), "test.refused");
  EXPECT_EQ(ids().GetUser("u_1")->display_name, "alice");

  auto edited = ids().EditUser("u_1", 0, [](UserRecord& u, const UserEditContext&) {
    u.username = "mallory";  // not the edit's to change
    u.disabled = true;
    return Status::Ok();
  });
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->username, "alice");
  EXPECT_TRUE(edited->disabled);
  EXPECT_EQ(ids().GetUser("u_1")->username, "alice");
  EXPECT_EQ(ids().EditUser("u_missing", kAdmin, Demote()).status().error_code(), "auth.user_not_found");
}

// Two callers each demote one of the last two admins at once, in many
// rounds: one wins, the other is refused, and one admin is always left.
TEST_F(IdentitySharedStateTest, ConcurrentDemotionsLeaveOneAdmin) {
  ASSERT_TRUE(ids().CreateUser(User("u_1", "root1", kAdmin)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_2", "root2", kAdmin)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_3", "someone", 8)).ok());
  const std::string admins[] = {"u_1", "u_2"};
  for (int round = 0; round < 10; ++round) {
    Status results[2];
    RunTogether(2, [&](int i) { results[i] = ids(i).EditUser(admins[i], kAdmin, Demote()).status(); });
    int won = results[0].ok() + results[1].ok();
    EXPECT_EQ(won, 1) << "round " << round << ": " << results[0].ToString() << " / " << results[1].ToString();
    for (const auto& st : results) {
      if (!st.ok()) {
        EXPECT_EQ(st.error_code(), "auth.last_admin") << st.ToString();
      }
    }
    EXPECT_EQ(*ids().CountActiveUsersWithRole(kAdmin), 1) << "round " << round;
    // Make both admins again for the next round.
    for (const auto& id : admins) {
      ASSERT_TRUE(ids().EditUser(id, 0, [](UserRecord& u, const UserEditContext&) {
                         u.roles = kAdmin;
                         return Status::Ok();
                       })
                      .ok());
    }
  }
  // The context counts enabled holders other than the edited user.
  auto counted = ids().EditUser("u_3", kAdmin, [](UserRecord&, const UserEditContext& context) {
    return context.others_with_roles == 2 ? Status::Ok() : Internal("test", std::to_string(context.others_with_roles));
  });
  EXPECT_TRUE(counted.ok()) << counted.status().ToString();
}

TEST_F(IdentitySharedStateTest, SharedBucketAdmitsExactlyBurstAcrossStores) {
  if (!ids().shares_state()) {
    EXPECT_EQ(ids().TakeRateToken("k", 1, 1, true).status().code(), Code::kUnsupported);
    GTEST_SKIP() << "SQLite serves one process: its rate limits stay in access::RateLimiter (rate_limiter_test)";
  }
  // Refills one token per 1000 s: none during the test.
  constexpr double kRate = 0.001, kBurst = 25;
  std::atomic<int> allowed{0}, refused{0}, errors{0};
  RunTogether(8, [&](int i) {
    for (int n = 0; n < 10; ++n) {
      auto d = ids(i).TakeRateToken("a:10.0.0.1", kRate, kBurst, true);
      if (!d.ok()) {
        ++errors;
      } else if (d->allowed) {
        ++allowed;
      } else {
        ++refused;
        EXPECT_LT(d->tokens, 1.0);
      }
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(allowed.load(), 25);
  EXPECT_EQ(refused.load(), 55);
  // Looking does not take; another key has its own bucket.
  auto look = ids(1).TakeRateToken("a:10.0.0.1", kRate, kBurst, false);
  ASSERT_TRUE(look.ok());
  EXPECT_FALSE(look->allowed);
  auto other = ids(1).TakeRateToken("a:10.0.0.2", kRate, kBurst, false);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->allowed);
  EXPECT_DOUBLE_EQ(other->tokens, kBurst);
}

TEST_F(IdentitySharedStateTest, SharedBucketRefillsByTheDatabaseClock) {
  if (!ids().shares_state()) GTEST_SKIP() << "SQLite keeps rate limits in process memory (rate_limiter_test)";
  // 4 tokens a second, one at most: a token is back 250 ms after it went.
  ASSERT_TRUE(ids(0).TakeRateToken("u:x", 4, 1, true)->allowed);
  auto refused = ids(1).TakeRateToken("u:x", 4, 1, true);
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->allowed);
  EXPECT_LT(refused->tokens, 1.0);
  std::this_thread::sleep_for(400ms);
  EXPECT_TRUE(ids(1).TakeRateToken("u:x", 4, 1, true)->allowed);
  // The test clock of the stores (options.now) plays no part.
  clock_.Set("2030-01-01T00:00:00Z");
  EXPECT_FALSE(ids(0).TakeRateToken("u:x", 4, 1, true)->allowed);
}

TEST_F(IdentitySharedStateTest, FullBucketsAreDeleted) {
  if (!ids().shares_state()) GTEST_SKIP() << "SQLite keeps rate limits in process memory (rate_limiter_test)";
  ASSERT_TRUE(ids().TakeRateToken("fast", 1000, 2, true)->allowed);   // full again after 1 ms
  ASSERT_TRUE(ids().TakeRateToken("slow", 0.001, 2, true)->allowed);  // after 1000 s
  std::this_thread::sleep_for(20ms);
  auto dropped = ids(1).DeleteFullRateBuckets();
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  EXPECT_EQ(*dropped, 1);
  EXPECT_EQ(RawColumn(db_path(), "SELECT key FROM rate_buckets ORDER BY key"), std::vector<std::string>{"slow"});
  // The kept bucket still remembers its taken token.
  EXPECT_DOUBLE_EQ(std::floor(ids().TakeRateToken("slow", 0.001, 2, false)->tokens), 1);
}

TEST_F(IdentitySharedStateTest, ChangesAreHeardByEveryStore) {
  Heard heard;
  auto watch = ids(1).WatchChanges(heard.Handler());
  if (!ids().shares_state()) {
    EXPECT_EQ(watch, nullptr);
    GTEST_SKIP() << "SQLite serves one process: there is no other process to tell";
  }
  ASSERT_NE(watch, nullptr);
  ASSERT_TRUE(watch->status().ok()) << watch->status().ToString();
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 8)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_2", "bob", 8)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_3", "carol", 8)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_4", "dave", 8)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_5", "erin", 8)).ok());
  ASSERT_TRUE(ids().CreateUser(User("u_6", "frank", 8)).ok());

  TokenRecord t{"0123456789abcdef", "u_1", "ci", "read", "h", "2024-05-01T08:00:00Z", "2024-07-30T08:00:00Z", "", ""};
  ASSERT_TRUE(ids().CreateToken(t).ok());
  ASSERT_TRUE(ids().RevokeToken(t.id, "2024-05-02T00:00:00Z").ok());
  EXPECT_TRUE(heard.WaitFor("u_1")) << "token revocation";

  SessionRecord s{"s1", "hash1", "u_2", "csrf", "127.0.0.1", "2024-05-01T08:00:00Z", "2024-05-01T08:00:00Z",
                  "2024-05-01T20:00:00Z"};
  ASSERT_TRUE(ids().CreateSession(s).ok());
  ASSERT_TRUE(ids().DeleteSession("s1").ok());
  EXPECT_TRUE(heard.WaitFor("u_2")) << "logout";

  ASSERT_TRUE(ids().EditUser("u_3", kAdmin, [](UserRecord& u, const UserEditContext&) {
                     u.disabled = true;
                     return Status::Ok();
                   })
                  .ok());
  EXPECT_TRUE(heard.WaitFor("u_3")) << "edit";

  AppKeyRecord k;
  k.id = "00000000000000aa";
  k.owner_id = "u_4";
  k.name = "app";
  k.secret_hash = "h";
  k.rate_per_second = 50;
  k.burst = 200;
  k.created_at = "2024-05-01T08:00:00Z";
  ASSERT_TRUE(ids().CreateAppKey(k).ok());
  ASSERT_TRUE(ids().SetAppKeyRate(k.id, 1, 2).ok());
  EXPECT_TRUE(heard.WaitFor("u_4")) << "app key rate";

  ASSERT_TRUE(ids().DeleteUserSessions("u_5", "").ok());
  EXPECT_TRUE(heard.WaitFor("u_5")) << "ending a user's sessions";

  UserRecord u6 = *ids().GetUser("u_6");
  u6.roles = kAuditor;
  ASSERT_TRUE(ids().UpdateUser(u6).ok());
  EXPECT_TRUE(heard.WaitFor("u_6")) << "full update";

  // Changes that fail or roll back say nothing; login failures touch no
  // cached credential.
  heard.Take();
  EXPECT_FALSE(ids().EditUser("u_1", 0, [](UserRecord&, const UserEditContext&) {
                      return InvalidArgument("test.refused", "no");
                    })
                   .ok());
  ASSERT_TRUE(ids().RecordLoginFailure("u_1", [](int64_t) { return std::string(); }).ok());
  EXPECT_EQ(ids().RevokeToken("ffffffffffffffff", "x").error_code(), "auth.token_not_found");
  ASSERT_TRUE(ids().RevokeAppKey(k.id, "2024-05-02T00:00:00Z").ok());  // a marker: the last notice sent
  EXPECT_TRUE(heard.WaitFor("u_4"));
  EXPECT_EQ(heard.Take(), std::vector<std::string>{"u_4"});

  // A handler is not called once its watch is gone.
  watch.reset();
  ASSERT_TRUE(ids().DeleteUserSessions("u_5", "").ok());
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(heard.Take().empty());
}

TEST_F(IdentitySharedStateTest, ALostListenerReconnectsAndSaysAnythingMayHaveChanged) {
  Heard heard;
  auto watch = ids(1).WatchChanges(heard.Handler());
  if (!watch) GTEST_SKIP() << "SQLite serves one process: there is no other process to tell";
  ASSERT_TRUE(watch->status().ok()) << watch->status().ToString();
  RawExec(db_path(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE application_name = 'yungu-identity-watch' AND datname = current_database()");
  EXPECT_TRUE(heard.WaitFor("", 5000ms)) << "the loss (and the reconnection) is passed on as \"\"";
  // Listening again: later changes are heard.
  ASSERT_TRUE(ids().CreateUser(User("u_1", "alice", 8)).ok());
  auto deadline = std::chrono::steady_clock::now() + 10s;
  bool heard_change = false;
  while (!heard_change && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(ids().DeleteUserSessions("u_1", "").ok());
    heard_change = heard.WaitFor("u_1", 200ms);
  }
  EXPECT_TRUE(heard_change);
  EXPECT_TRUE(watch->status().ok()) << watch->status().ToString();
}

}  // namespace
}  // namespace yungu::storage::testing
