// The workflow's "only once" changes under concurrent callers: deciding an
// application, flagging it overdue, the expiry notice, read marks, and the
// per-day usage counter. On PostgreSQL the callers use two stores on one
// database, as two `yungu serve` processes would.
#include <algorithm>
#include <atomic>
#include <functional>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "unit/storage/storage_test_util.h"
#include "yungu/storage/grant_store.h"

namespace yungu::storage {
namespace {

using testing::StoreFixture;

constexpr uint32_t kDataOfficerBit = 1u << 2;

class GrantStoreConcurrencyTest : public StoreFixture {
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

  // The store of caller `i`: on PostgreSQL even and odd callers use
  // different stores (connection pools); the embedded store is shared by
  // the threads of one process.
  GrantStore& grants(int i = 0) { return (second_ && i % 2 == 1) ? second_->grants() : store().grants(); }

  static Application Sample() {
    Application a;
    a.dataset_id = "enterprises";
    a.provider_department = "SCJG";
    a.applicant_id = "u-alice";
    a.applicant_name = "alice";
    a.applicant_department = "GAJ";
    a.kind = "sharing";
    a.purpose = "核查企业登记信息";
    a.fields = {"uscc", "name"};
    a.duration_days = 90;
    a.submitted_at = "2025-09-26T02:00:00Z";
    a.due_date = "2025-10-16";
    return a;
  }

  static StoredGrant GrantFor(const Application& a) {
    StoredGrant g;
    g.provider_department = a.provider_department;
    g.grant.dataset_id = a.dataset_id;
    g.grant.grantee_user_id = a.applicant_id;
    g.grant.grantee_department = a.applicant_department;
    g.grant.fields = a.fields;
    g.grant.purpose = a.purpose;
    g.grant.granted_by = "u-officer";
    g.grant.granted_at = "2025-09-29T01:00:00Z";
    g.grant.expires_at = "2025-11-28T01:00:00Z";
    return g;
  }

  static Decision Decided(const std::string& status) {
    return Decision{status, "2025-09-29T01:00:00Z", "u-officer", status == "approved" ? "ok" : "no"};
  }

  static Notification ToOfficers(const std::string& title) {
    Notification n;
    n.created_at = "2025-10-17T01:00:00Z";
    n.audience_department = "SCJG";
    n.audience_roles = kDataOfficerBit;
    n.kind = "application.overdue";
    n.title = title;
    return n;
  }

  Result<StoredGrant> ApprovedGrant() {
    YG_ASSIGN_OR_RETURN(Application app, grants().CreateApplication(Sample(), {}));
    return grants().ApproveApplication(app.id, Decided("approved"), GrantFor(app), {});
  }

  // Runs `fn(i)` on `n` threads released at the same moment.
  static void RunTogether(int n, const std::function<void(int)>& fn) {
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

  std::unique_ptr<Store> second_;
};

// Two approvers act on the same application at once, in many rounds: one
// of them decides it, the other is told it is no longer pending, and an
// approval that lost made no grant.
TEST_F(GrantStoreConcurrencyTest, DecidingTheSameApplicationHasOneWinner) {
  constexpr int kRounds = 12;
  int approvals_won = 0;
  for (int round = 0; round < kRounds; ++round) {
    auto app = grants().CreateApplication(Sample(), {});
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    // Even rounds: two approvals; odd rounds: an approval against a rejection.
    bool both_approve = round % 2 == 0;
    Status results[2];
    RunTogether(2, [&](int i) {
      if (i == 0 || both_approve) {
        results[i] = grants(i).ApproveApplication(app->id, Decided("approved"), GrantFor(*app), {}).status();
      } else {
        results[i] = grants(i).CloseApplication(app->id, Decided("rejected"), {}).status();
      }
    });
    int wins = 0, not_pending = 0, winner = -1;
    for (int i = 0; i < 2; ++i) {
      if (results[i].ok()) {
        ++wins;
        winner = i;
      } else {
        EXPECT_EQ(results[i].error_code(), "workflow.not_pending") << results[i].ToString();
        if (results[i].error_code() == "workflow.not_pending") ++not_pending;
      }
    }
    ASSERT_EQ(wins, 1) << "round " << round;
    ASSERT_EQ(not_pending, 1) << "round " << round;
    bool approved = both_approve || winner == 0;
    if (approved) ++approvals_won;

    auto decided = grants().GetApplication(app->id);
    ASSERT_TRUE(decided.ok());
    EXPECT_EQ(decided->status, approved ? "approved" : "rejected");
    EXPECT_EQ(decided->grant_id != 0, approved);
  }
  auto page = grants().ListGrants(GrantQuery{});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, approvals_won);
}

// Usage added by many callers at once sums exactly, and every caller sees
// a different running total.
TEST_F(GrantStoreConcurrencyTest, ConcurrentUsageSumsExactly) {
  auto grant = ApprovedGrant();
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  const int64_t id = grant->grant.id;
  constexpr int kThreads = 4;
  constexpr int kCalls = 25;
  std::mutex mu;
  std::vector<int64_t> totals;
  std::atomic<int> failures{0};
  RunTogether(kThreads, [&](int i) {
    for (int c = 0; c < kCalls; ++c) {
      auto total = grants(i).AddRowsUsed(id, "2025-10-09", i + 1);
      if (!total.ok()) {
        ++failures;
        continue;
      }
      std::lock_guard lock(mu);
      totals.push_back(*total);
    }
  });
  ASSERT_EQ(failures.load(), 0);
  const int64_t expected = kCalls * (1 + 2 + 3 + 4);
  auto used = grants().RowsUsed(id, "2025-10-09");
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, expected);
  ASSERT_EQ(totals.size(), static_cast<size_t>(kThreads * kCalls));
  EXPECT_EQ(std::set<int64_t>(totals.begin(), totals.end()).size(), totals.size());
  EXPECT_EQ(*std::max_element(totals.begin(), totals.end()), expected);
  auto other_day = grants().RowsUsed(id, "2025-10-10");
  ASSERT_TRUE(other_day.ok());
  EXPECT_EQ(*other_day, 0);
}

// Flagging an application overdue and the expiry notice happen once
// however many sweeps run at the same time, with one set of notices.
TEST_F(GrantStoreConcurrencyTest, OverdueFlagAndExpiryNoticeHappenOnce) {
  auto app = grants().CreateApplication(Sample(), {});
  ASSERT_TRUE(app.ok());
  std::atomic<int> flagged{0}, errors{0};
  RunTogether(4, [&](int i) {
    auto r = grants(i).FlagOverdue(app->id, "2025-10-17T01:00:00Z", {ToOfficers("overdue " + std::to_string(i))});
    if (!r.ok()) {
      ++errors;
    } else if (*r) {
      ++flagged;
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(flagged.load(), 1);
  auto inbox = grants().Inbox(InboxQuery{"u-officer", "SCJG", kDataOfficerBit});
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(inbox->total, 1);

  auto grant = ApprovedGrant();
  ASSERT_TRUE(grant.ok());
  std::atomic<int> notified{0};
  RunTogether(4, [&](int i) {
    Notification n;
    n.created_at = "2025-11-26T00:00:00Z";
    n.user_id = "u-alice";
    n.kind = "grant.expiring";
    n.title = "soon";
    auto r = grants(i).MarkExpiryNotified(grant->grant.id, "2025-11-26T00:00:00Z", {n});
    if (!r.ok()) {
      ++errors;
    } else if (*r) {
      ++notified;
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(notified.load(), 1);
  auto alice = grants().Inbox(InboxQuery{"u-alice", "GAJ", 0});
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice->total, 1);
}

// A reader marking the same notices read from several places at once:
// every call succeeds and each notice is marked once.
TEST_F(GrantStoreConcurrencyTest, ConcurrentReadMarksAreIdempotent) {
  std::vector<Notification> notices;
  for (int i = 0; i < 3; ++i) notices.push_back(ToOfficers("n" + std::to_string(i)));
  ASSERT_TRUE(grants().CreateApplication(Sample(), notices).ok());
  InboxQuery reader{"u-officer", "SCJG", kDataOfficerBit};
  auto page = grants().Inbox(reader);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->notifications.size(), 3u);
  const int64_t first = page->notifications.back().id;

  std::atomic<int> errors{0};
  std::atomic<int64_t> marked_all{0};
  RunTogether(4, [&](int i) {
    if (!grants(i).MarkRead(reader, first, "2025-10-18T00:00:00Z").ok()) ++errors;
  });
  RunTogether(4, [&](int i) {
    auto all = grants(i).MarkAllRead(reader, "2025-10-18T00:00:01Z");
    if (all.ok()) {
      marked_all += *all;
    } else {
      ++errors;
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(marked_all.load(), 2);  // the two notices MarkRead did not cover
  page = grants().Inbox(reader);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->unread, 0);
  EXPECT_EQ(page->notifications.back().read_at, "2025-10-18T00:00:00Z");
}

}  // namespace
}  // namespace yungu::storage
