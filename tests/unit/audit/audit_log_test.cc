// The audit log end to end in one process: group commit from many threads,
// durability, restart, signed tree heads, proofs from stored nodes, search,
// abuse alerts, and failing closed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <set>
#include <thread>

#include "unit/audit/audit_test_util.h"
#include "yungu/audit/audit_time.h"
#include "yungu/audit/audit_trail.h"
#include "yungu/audit/entry_codec.h"
#include "yungu/audit/open_audit_log.h"

namespace yungu::audit {
namespace {

using testing::ExecSql;
using testing::ReadEvent;
using testing::ScratchDir;

std::unique_ptr<AuditLog> Open(const std::filesystem::path& dir, AuditOptions options = {}) {
  auto log = OpenAuditLog(dir, std::move(options));
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? std::move(*log) : nullptr;
}

// Leaf hashes recomputed from every entry's canonical bytes.
std::vector<Hash> AllLeaves(AuditTrail& trail) {
  std::vector<Hash> leaves;
  int64_t size = *trail.Size();
  for (int64_t i = 0; i < size; ++i) {
    auto e = trail.Entry(i);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    if (!e.ok()) break;
    leaves.push_back(LeafHash(e->canonical));
  }
  return leaves;
}

TEST(AuditLog, ConcurrentAppendersGetEveryEntryOnceWithContiguousIndexes) {
  ScratchDir dir;
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  constexpr int kThreads = 8, kPerThread = 1500;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string marker = std::to_string(t) + "/" + std::to_string(i);
        // Every tenth waits for durability, the rest only queue.
        Status st = i % 10 == 0 ? log->AppendDurable(ReadEvent("u" + std::to_string(t), marker))
                                : log->Append(ReadEvent("u" + std::to_string(t), marker));
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_TRUE(log->Flush().ok());
  AuditTrail* trail = log->trail();
  ASSERT_NE(trail, nullptr);
  ASSERT_EQ(*trail->Size(), kThreads * kPerThread);

  std::set<std::string> seen;
  std::vector<int> next_per_thread(kThreads, 0);
  std::string last_time;
  for (int64_t i = 0; i < kThreads * kPerThread; ++i) {
    auto e = trail->Entry(i);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ASSERT_EQ(e->index, i);
    ASSERT_EQ(EmbeddedIndex(e->canonical), i);
    ASSERT_EQ(e->leaf_hash, LeafHash(e->canonical));
    ASSERT_TRUE(seen.insert(e->event.target).second) << "twice: " << e->event.target;
    // One thread's entries keep their order, and times never go back.
    int t = std::stoi(e->event.target.substr(0, e->event.target.find('/')));
    int n = std::stoi(e->event.target.substr(e->event.target.find('/') + 1));
    ASSERT_EQ(n, next_per_thread[static_cast<size_t>(t)]++);
    ASSERT_GE(e->event.time, last_time);
    last_time = e->event.time;
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST(AuditLog, AppendDurableIsCommittedWhenItReturns) {
  ScratchDir dir;
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(log->AppendDurable(ReadEvent("u1", "d" + std::to_string(i))).ok());
    // A separate reader of the file sees it at once.
    auto reader = OpenAuditTrail(dir.path());
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ(*(*reader)->Size(), i + 1);
  }
}

TEST(AuditLog, TinyQueueMakesAppendersWaitButDropsNothing) {
  ScratchDir dir;
  AuditOptions options;
  options.queue_capacity = 2;
  auto log = Open(dir.path(), options);
  ASSERT_TRUE(log);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) EXPECT_TRUE(log->Append(ReadEvent("u", std::to_string(t * 1000 + i))).ok());
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(log->Flush().ok());
  EXPECT_EQ(*log->trail()->Size(), 6 * 300);
}

TEST(AuditLog, ReopeningKeepsTheSequenceAndTheRoot) {
  ScratchDir dir;
  Hash root_before;
  {
    auto log = Open(dir.path());
    ASSERT_TRUE(log);
    for (int i = 0; i < 77; ++i) ASSERT_TRUE(log->Append(ReadEvent("u", "first-" + std::to_string(i))).ok());
    ASSERT_TRUE(log->Close().ok());
    root_before = *log->trail()->RootAt(77);
  }
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  EXPECT_EQ(*log->trail()->RootAt(77), root_before);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(log->Append(ReadEvent("u", "second-" + std::to_string(i))).ok());
  ASSERT_TRUE(log->Flush().ok());
  AuditTrail& trail = *log->trail();
  ASSERT_EQ(*trail.Size(), 127);
  EXPECT_EQ(trail.Entry(77)->event.target, "second-0");
  EXPECT_EQ(trail.Entry(76)->event.target, "first-76");
  auto leaves = AllLeaves(trail);
  EXPECT_EQ(*trail.RootAt(127), RootOfLeaves(leaves));
  EXPECT_EQ(*trail.RootAt(77), RootOfLeaves(std::span<const Hash>(leaves).subspan(0, 77)));
  // The frontier the writer recovered continues the same tree: a head now
  // covers the old and new entries with the recomputed root.
  ASSERT_TRUE(log->SignTreeHead().ok());
  EXPECT_EQ((*trail.LatestTreeHead())->root, RootOfLeaves(leaves));
}

TEST(AuditLog, TreeHeadsAreSignedWithTheHubsKey) {
  ScratchDir dir;
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  AuditTrail& trail = *log->trail();
  EXPECT_FALSE(trail.LatestTreeHead()->has_value());
  ASSERT_TRUE(log->SignTreeHead().ok());
  auto empty = *trail.LatestTreeHead();
  ASSERT_TRUE(empty.has_value()) << "asked for, a head is signed even for the empty log";
  EXPECT_EQ(empty->size, 0);
  EXPECT_EQ(empty->root, EmptyRoot());

  for (int i = 0; i < 10; ++i) ASSERT_TRUE(log->Append(ReadEvent("u", std::to_string(i))).ok());
  ASSERT_TRUE(log->SignTreeHead().ok());
  auto head = *trail.LatestTreeHead();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->size, 10);
  EXPECT_EQ(head->root, *trail.RootAt(10));
  EXPECT_TRUE(VerifyTreeHead(*head, trail.public_key()));
  // The exported public key file holds the same key.
  auto file_key = LoadPublicKey(AuditKeysDir(dir.path()));
  ASSERT_TRUE(file_key.ok());
  EXPECT_EQ(*file_key, trail.public_key());
  // Any change to what was signed breaks the signature.
  auto changed = *head;
  changed.size = 11;
  EXPECT_FALSE(VerifyTreeHead(changed, trail.public_key()));
  changed = *head;
  changed.root[0] ^= 1;
  EXPECT_FALSE(VerifyTreeHead(changed, trail.public_key()));
  changed = *head;
  changed.timestamp_us += 1;
  EXPECT_FALSE(VerifyTreeHead(changed, trail.public_key()));
  // Nothing new: no new head.
  ASSERT_TRUE(log->SignTreeHead().ok());
  EXPECT_EQ(trail.TreeHeads(100, -1)->size(), 2u);
  // The secret key is readable by its owner only.
  struct stat st{};
  ASSERT_EQ(stat(SecretKeyPath(AuditKeysDir(dir.path())).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AuditLog, TheSameKeyIsUsedAfterARestart) {
  ScratchDir dir;
  PublicKey first;
  {
    auto log = Open(dir.path());
    ASSERT_TRUE(log);
    first = log->trail()->public_key();
  }
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  EXPECT_EQ(log->trail()->public_key(), first);
}

TEST(AuditLog, HeadsAreSignedOnTheIntervalAndOnClose) {
  ScratchDir dir;
  AuditOptions options;
  options.sign_interval = std::chrono::milliseconds(20);
  auto log = Open(dir.path(), options);
  ASSERT_TRUE(log);
  AuditTrail& trail = *log->trail();
  ASSERT_TRUE(log->AppendDurable(ReadEvent("u", "a")).ok());
  ASSERT_TRUE(testing::Eventually([&] {
    auto h = trail.LatestTreeHead();
    return h.ok() && h->has_value() && (*h)->size == 1;
  }));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(log->Append(ReadEvent("u", "b")).ok());
  ASSERT_TRUE(log->Close().ok());
  auto last = *trail.LatestTreeHead();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->size, 6) << "the final head covers everything";
  EXPECT_TRUE(VerifyTreeHead(*last, trail.public_key()));
  // Heads only when the log grew.
  auto heads = *trail.TreeHeads(1000, -1);
  for (size_t i = 1; i < heads.size(); ++i) EXPECT_GT(heads[i - 1].size, heads[i].size);
}

TEST(AuditLog, AppendsAfterCloseFail) {
  ScratchDir dir;
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->Close().ok());
  EXPECT_EQ(log->Append(ReadEvent("u", "late")).error_code(), "audit.closed");
  EXPECT_EQ(log->AppendDurable(ReadEvent("u", "late")).error_code(), "audit.closed");
  EXPECT_TRUE(log->Close().ok()) << "idempotent";
}

TEST(AuditLog, OnlyOneWriterPerDataDirectory) {
  ScratchDir dir;
  auto first = Open(dir.path());
  ASSERT_TRUE(first);
  auto second = OpenAuditLog(dir.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().error_code(), "audit.locked");
  ASSERT_TRUE(first->Close().ok());
  EXPECT_TRUE(OpenAuditLog(dir.path()).ok()) << "closing releases the lock";
}

class StoredProofs : public ::testing::TestWithParam<int> {};

TEST_P(StoredProofs, ProofsFromStoredNodesVerifyAgainstRecomputedRoots) {
  ScratchDir dir;
  AuditOptions options;
  options.node_stride = GetParam();
  auto log = Open(dir.path(), options);
  ASSERT_TRUE(log);
  // Several commits of uneven sizes, so subtrees complete across batches.
  int total = 0;
  for (int batch : {1, 2, 5, 16, 33, 64, 7, 100, 3}) {
    for (int i = 0; i < batch; ++i) ASSERT_TRUE(log->Append(ReadEvent("u", std::to_string(total++))).ok());
    ASSERT_TRUE(log->Flush().ok());
  }
  AuditTrail& trail = *log->trail();
  auto leaves = AllLeaves(trail);
  ASSERT_EQ(leaves.size(), static_cast<size_t>(total));
  std::vector<Hash> roots;
  for (int n = 0; n <= total; ++n) {
    roots.push_back(RootOfLeaves(std::span<const Hash>(leaves).subspan(0, static_cast<size_t>(n))));
    ASSERT_EQ(*trail.RootAt(n), roots.back()) << n;
  }
  for (int n : {1, 2, 3, 8, 16, 17, 64, 100, 128, 129, 200, total}) {
    for (int m = 0; m < n; m += (n > 40 ? 7 : 1)) {
      auto proof = trail.InclusionProof(m, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      ASSERT_TRUE(VerifyInclusion(m, n, leaves[static_cast<size_t>(m)], *proof, roots[static_cast<size_t>(n)]))
          << m << "/" << n;
    }
    for (int m = 0; m <= n; m += (n > 40 ? 5 : 1)) {
      auto proof = trail.ConsistencyProof(m, n);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      ASSERT_TRUE(VerifyConsistency(m, n, roots[static_cast<size_t>(m)], roots[static_cast<size_t>(n)], *proof))
          << m << "/" << n;
    }
  }
  EXPECT_EQ(trail.InclusionProof(0, total + 1).status().error_code(), "audit.bad_proof_range");
  EXPECT_EQ(trail.ConsistencyProof(1, total + 1).status().error_code(), "audit.bad_proof_range");
}

INSTANTIATE_TEST_SUITE_P(Strides, StoredProofs, ::testing::Values(1, 3, 4));

// A clock the test moves by hand.
struct FakeClock {
  std::atomic<int64_t> now{*ParseTimeBound("2026-03-02T09:00:00+08:00")};
  std::function<int64_t()> Fn() {
    return [this] { return now.load(); };
  }
};

TEST(AuditLog, SearchFiltersAndPagesNewestFirst) {
  ScratchDir dir;
  FakeClock clock;
  AuditOptions options;
  options.now_us = clock.Fn();
  auto log = Open(dir.path(), options);
  ASSERT_TRUE(log);
  for (int i = 0; i < 60; ++i) {
    AuditEvent e = ReadEvent(i % 3 == 0 ? "alice" : "bob", std::to_string(i));
    if (i % 4 == 0) e.department = "CZJ";
    if (i % 5 == 0) e.dataset_id = "people";
    if (i % 6 == 0) e.fields = {"citizen_id", "name"};
    if (i % 7 == 0) {
      e.category = "admin";
      e.action = "grant.approve";
    }
    if (i == 13) e.outcome = "denied";
    clock.now += 60'000'000;  // a minute apart (the log stamps an entry when it commits it)
    ASSERT_TRUE(log->AppendDurable(e).ok());
  }
  AuditTrail& trail = *log->trail();

  auto indexes = [&](AuditQuery q) {
    std::vector<int64_t> out;
    for (;;) {
      auto page = trail.Search(q);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      for (const auto& e : page->entries) out.push_back(e.index);
      if (page->next_before < 0) break;
      q.before = page->next_before;
    }
    return out;
  };
  auto expected = [](auto keep) {
    std::vector<int64_t> out;
    for (int i = 59; i >= 0; --i) {
      if (keep(i)) out.push_back(i);
    }
    return out;
  };
  AuditQuery q;
  q.limit = 7;  // several pages
  EXPECT_EQ(indexes(q), expected([](int) { return true; }));
  q.user_id = "alice";
  EXPECT_EQ(indexes(q), expected([](int i) { return i % 3 == 0; }));
  q = AuditQuery{};
  q.department = "CZJ";
  EXPECT_EQ(indexes(q), expected([](int i) { return i % 4 == 0; }));
  q = AuditQuery{};
  q.dataset_id = "people";
  q.user_id = "bob";
  EXPECT_EQ(indexes(q), expected([](int i) { return i % 5 == 0 && i % 3 != 0; }));
  q = AuditQuery{};
  q.field = "citizen_id";
  q.limit = 4;
  EXPECT_EQ(indexes(q), expected([](int i) { return i % 6 == 0; }));
  q = AuditQuery{};
  q.category = "admin";
  EXPECT_EQ(indexes(q), expected([](int i) { return i % 7 == 0; }));
  q = AuditQuery{};
  q.action = "grant.approve";
  q.field = "name";
  EXPECT_EQ(indexes(q), expected([](int i) { return i % 42 == 0; }));
  q = AuditQuery{};
  q.outcome = "denied";
  EXPECT_EQ(indexes(q), std::vector<int64_t>{13});
  // Entry i was written at 09:00 + (i + 1) minutes, China time.
  q = AuditQuery{};
  q.since_us = *ParseTimeBound("2026-03-02T09:11:00+08:00");
  q.until_us = *ParseTimeBound("2026-03-02 09:21");
  EXPECT_EQ(indexes(q), expected([](int i) { return i >= 10 && i < 20; }));
  // From URL parameters, the same way.
  auto parsed = AuditQueryFromParams({{"user", "alice"}, {"since", "2026-03-02T01:11:00Z"}, {"limit", "1000"}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(indexes(*parsed), expected([](int i) { return i >= 10 && i % 3 == 0; }));
  EXPECT_EQ(AuditQueryFromParams({{"limit", "0"}}).status().error_code(), "audit.bad_parameter");
  EXPECT_EQ(AuditQueryFromParams({{"since", "yesterday"}}).status().error_code(), "audit.bad_time");
  EXPECT_EQ(AuditQueryFromParams({{"select", "*"}}).status().error_code(), "audit.unknown_parameter");
}

TEST(AuditLog, EntriesDecodeBackToTheirEvents) {
  ScratchDir dir;
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  AuditEvent e = ReadEvent("u7", "decode");
  e.detail = {{"old", {{"roles", {"auditor"}}}}, {"new", nullptr}};
  e.grant_id = 42;
  e.subjects = {1, 2, 3};
  ASSERT_TRUE(log->AppendDurable(e).ok());
  auto entry = log->trail()->Entry(0);
  ASSERT_TRUE(entry.ok());
  const AuditEvent& back = entry->event;
  EXPECT_EQ(back.user_id, "u7");
  EXPECT_EQ(back.purpose, "环境监测");
  EXPECT_EQ(back.fields, e.fields);
  EXPECT_EQ(back.filter, e.filter);
  EXPECT_EQ(back.detail, e.detail);
  EXPECT_EQ(back.grant_id, 42);
  EXPECT_TRUE(back.subjects.empty()) << "subjects are counted, not stored";
  EXPECT_EQ(entry->canonical.find("subjects"), std::string::npos);
  EXPECT_TRUE(ParseTimeMicros(back.time).ok()) << back.time;
}

TEST(AuditLog, ReadingTooManyDistinctPersonsRaisesOneAlertPerUserAndDay) {
  ScratchDir dir;
  FakeClock clock;
  AuditOptions options;
  options.now_us = clock.Fn();
  options.alert_distinct_subjects_per_day = 10;
  {
    auto log = Open(dir.path(), options);
    ASSERT_TRUE(log);
    auto read = [&](const std::string& user, std::vector<uint64_t> subjects) {
      AuditEvent e = ReadEvent(user, "r");
      e.subjects = std::move(subjects);
      ASSERT_TRUE(log->Append(e).ok());
    };
    read("carol", {1, 2, 3, 4, 5});
    read("carol", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});  // 10 distinct: at the limit, not past it
    read("dave", {1, 2, 3, 4, 5, 6, 7, 8, 9});
    ASSERT_TRUE(log->Flush().ok());
    EXPECT_TRUE(log->trail()->Alerts(10, -1)->empty());
    read("carol", {11});  // the 11th person
    read("carol", {12, 13, 14});
    ASSERT_TRUE(log->Flush().ok());
    auto alerts = *log->trail()->Alerts(10, -1);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].user_id, "carol");
    EXPECT_EQ(alerts[0].day, "2026-03-02");
    EXPECT_EQ(alerts[0].count, 11);
    EXPECT_EQ(alerts[0].threshold, 10);
    EXPECT_EQ(alerts[0].trigger_index, 3);
    // The alert is itself in the trace, right after the read that caused it.
    auto entry = log->trail()->Entry(alerts[0].entry_index);
    ASSERT_TRUE(entry.ok());
    EXPECT_EQ(alerts[0].entry_index, 4);
    EXPECT_EQ(entry->event.category, "alert");
    EXPECT_EQ(entry->event.user_id, "carol");
    EXPECT_EQ(entry->event.detail["distinct_subjects"], 11);
    // Same day again after a restart: no second alert.
    ASSERT_TRUE(log->Close().ok());
  }
  {
    auto log = Open(dir.path(), options);
    ASSERT_TRUE(log);
    AuditEvent e = ReadEvent("carol", "again");
    for (uint64_t s = 100; s < 120; ++s) e.subjects.push_back(s);
    ASSERT_TRUE(log->Append(e).ok());
    ASSERT_TRUE(log->Flush().ok());
    EXPECT_EQ(log->trail()->Alerts(10, -1)->size(), 1u);
    // The next China-time day counts afresh.
    clock.now += int64_t{24} * 3600 * 1000000;
    ASSERT_TRUE(log->Append(e).ok());
    ASSERT_TRUE(log->Flush().ok());
    auto alerts = *log->trail()->Alerts(10, -1);
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[0].day, "2026-03-03");
    AuditQuery q;
    q.category = "alert";
    EXPECT_EQ(log->trail()->Search(q)->entries.size(), 2u);
  }
}

TEST(AuditLog, FailsClosedWhenTheLogCannotBeWritten) {
  ScratchDir dir;
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->AppendDurable(ReadEvent("u", "before")).ok());
  // The disk "refuses" every further entry.
  ASSERT_EQ(ExecSql(AuditDbPath(dir.path()),
                    "CREATE TRIGGER broken BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'disk says no'); END;"),
            "");
  Status st = log->AppendDurable(ReadEvent("u", "refused"));
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.error_code(), "audit.unavailable");
  // From then on every append fails at once, even after the cause is gone.
  ASSERT_EQ(ExecSql(AuditDbPath(dir.path()), "DROP TRIGGER broken;"), "");
  EXPECT_EQ(log->Append(ReadEvent("u", "after")).error_code(), "audit.unavailable");
  EXPECT_EQ(log->AppendDurable(ReadEvent("u", "after")).error_code(), "audit.unavailable");
  EXPECT_EQ(*log->trail()->Size(), 1);
}

TEST(AuditLog, TheSchemaRefusesEditsAndDeletes) {
  ScratchDir dir;
  auto log = Open(dir.path());
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->AppendDurable(ReadEvent("u", "x")).ok());
  ASSERT_TRUE(log->SignTreeHead().ok());
  auto db = AuditDbPath(dir.path());
  EXPECT_NE(ExecSql(db, "UPDATE entries SET user_id = 'someone-else'"), "");
  EXPECT_NE(ExecSql(db, "DELETE FROM entries"), "");
  EXPECT_NE(ExecSql(db, "DELETE FROM tree_heads"), "");
  EXPECT_EQ(log->trail()->Entry(0)->event.user_id, "u");
}

}  // namespace
}  // namespace yungu::audit
