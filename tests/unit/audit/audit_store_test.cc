// The AuditStore contract, on the embedded store and, when
// YUNGU_TEST_STORE=postgres, on PostgreSQL (a new database per test): entries
// and their search, node hashes, tree heads, alerts, snapshots, the
// append-only guard, reopening, and (PostgreSQL) the sequence check that
// lets several processes append to one log.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "unit/audit/audit_test_util.h"
#include "unit/pg_test_db.h"
#include "yungu/storage/audit_store.h"
#include "yungu/storage/postgres_store.h"

namespace yungu::storage {
namespace {

using audit::testing::ExecSql;
using audit::testing::ScratchDir;
using yungu::testing::OnPostgres;

// ISO 8601 UTC time `seconds` after 2024-05-01T00:00:00 (within that day).
std::string TimeAt(int64_t seconds) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "2024-05-01T%02d:%02d:%02d.000000Z", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return buf;
}

// Entry `index`, with bytes that exercise every byte value (NUL, quotes,
// backslashes, high bytes). Pairs of entries share a time; times never go
// back along the log.
AuditEntryRecord MakeEntry(int64_t index, const std::string& tag = "") {
  AuditEntryRecord e;
  e.index = index;
  e.bytes = "entry " + std::to_string(index) + " " + tag + "|";
  for (int b = 0; b < 256; ++b) e.bytes += static_cast<char>((b + index) & 0xff);
  e.bytes += "\\x00\"{},'";
  e.leaf_hash = std::string(32, '\0');
  for (size_t i = 0; i < e.leaf_hash.size(); ++i) e.leaf_hash[i] = static_cast<char>((index * 31 + i * 7) & 0xff);
  e.time = TimeAt(index / 2);
  e.user_id = index % 10 == 9 ? "" : "u" + std::to_string(index % 3);
  e.department = index % 2 ? "HBJ" : "GAJ";
  e.dataset_id = index % 5 == 4 ? "" : "ds" + std::to_string(index % 4);
  e.action = index % 5 == 0 ? "dataset.export" : "dataset.query";
  e.category = index % 6 == 0 ? "write" : "read";
  e.outcome = index % 7 == 0 ? "denied" : "ok";
  // Even entries name pm25 twice, as a query selecting and filtering it may.
  e.fields = {"pm25", index % 2 ? "station_code" : "pm25"};
  return e;
}

std::vector<AuditEntryRecord> MakeEntries(int64_t first, int64_t count, const std::string& tag = "") {
  std::vector<AuditEntryRecord> out;
  for (int64_t i = first; i < first + count; ++i) out.push_back(MakeEntry(i, tag));
  return out;
}

AuditNodeRecord MakeNode(int level, int64_t index) {
  return {level, index, std::string(32, static_cast<char>((level * 64 + index) & 0xff))};
}

AuditAlertRecord MakeAlert(const std::string& user, const std::string& day, int64_t entry_index) {
  AuditAlertRecord a;
  a.kind = "distinct_subjects";
  a.user_id = user;
  a.username = "name-of-" + user;
  a.department = "HBJ";
  a.day = day;
  a.count = 501;
  a.threshold = 500;
  a.time = TimeAt(entry_index);
  a.entry_index = entry_index;
  a.trigger_index = entry_index - 1;
  return a;
}

TreeHeadRecord MakeHead(int64_t size) {
  TreeHeadRecord h;
  h.size = size;
  h.timestamp_us = 1714521600000000 + size;
  h.root = std::string(32, static_cast<char>(size & 0xff));
  h.signature = std::string(64, '\0');
  h.signature[0] = static_cast<char>(0xff);
  h.signature[63] = '\\';
  return h;
}

std::vector<int64_t> Indexes(const std::vector<AuditEntryRecord>& rows) {
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.index);
  return out;
}

// What FindEntries should return: matching entries newest first.
std::vector<int64_t> Expected(const std::vector<AuditEntryRecord>& all,
                              const std::function<bool(const AuditEntryRecord&)>& match, int64_t limit = 100,
                              int64_t before = -1) {
  std::vector<int64_t> out;
  for (auto it = all.rbegin(); it != all.rend() && static_cast<int64_t>(out.size()) < limit; ++it) {
    if ((before < 0 || it->index < before) && match(*it)) out.push_back(it->index);
  }
  return out;
}

bool HasField(const AuditEntryRecord& e, const std::string& field) {
  return std::find(e.fields.begin(), e.fields.end(), field) != e.fields.end();
}

// Runs `sql` on a PostgreSQL database with a connection of its own; returns
// the error text, empty on success.
std::string PgExec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* res = PQexec(conn, sql.c_str());
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) error = PQresultErrorMessage(res);
    PQclear(res);
  }
  PQfinish(conn);
  return error;
}

class AuditStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (OnPostgres()) url_ = yungu::testing::NewPgDatabase();
    store_ = Open();
    ASSERT_TRUE(store_);
  }

  Result<std::unique_ptr<AuditStore>> TryOpen(const AuditStoreOptions& options = {}) {
    if (OnPostgres()) return OpenPostgresAuditStore(url_, options);
    return OpenSqliteAuditStore(db_path(), options);
  }

  std::unique_ptr<AuditStore> Open(const AuditStoreOptions& options = {}) {
    auto store = TryOpen(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::filesystem::path db_path() const { return dir_.path() / db_name_; }

  // Appends the next `count` entries in batches, each with the nodes
  // `nodes_for` gives its entries, and records them in all_.
  void AppendEntries(int64_t count, int64_t batch = 500,
                     const std::function<std::vector<AuditNodeRecord>(int64_t)>& nodes_for = {}) {
    for (int64_t done = 0; done < count; done += batch) {
      auto entries = MakeEntries(static_cast<int64_t>(all_.size()), std::min(batch, count - done));
      std::vector<AuditNodeRecord> nodes;
      if (nodes_for) {
        for (const auto& e : entries) {
          auto more = nodes_for(e.index);
          nodes.insert(nodes.end(), more.begin(), more.end());
        }
      }
      Status st = store_->Append(entries, nodes, {});
      ASSERT_TRUE(st.ok()) << st.ToString();
      all_.insert(all_.end(), entries.begin(), entries.end());
    }
  }

  std::vector<int64_t> Find(const AuditEntryFilter& filter) {
    auto rows = store_->FindEntries(filter);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? Indexes(*rows) : std::vector<int64_t>{};
  }

  // Changes stored rows behind the store's back, as someone tampering with
  // the database would; `table` is the embedded store's name (entries,
  // nodes, tree_heads). Returns the error text, empty on success.
  std::string Tamper(const std::string& sql_template, const std::string& table) {
    std::string name = OnPostgres() ? "audit_" + table : table;
    std::string sql = sql_template;
    sql.replace(sql.find("{}"), 2, name);
    return OnPostgres() ? PgExec(url_, sql) : ExecSql(db_path(), sql);
  }

  ScratchDir dir_;
  std::string db_name_ = "audit.db";
  std::string url_;
  std::unique_ptr<AuditStore> store_;
  std::vector<AuditEntryRecord> all_;  // what was appended, in order
};

void ExpectSameEntry(const AuditEntryRecord& got, const AuditEntryRecord& want) {
  EXPECT_EQ(got.index, want.index);
  EXPECT_EQ(got.bytes, want.bytes);
  EXPECT_EQ(got.leaf_hash, want.leaf_hash);
  EXPECT_EQ(got.time, want.time);
  EXPECT_EQ(got.user_id, want.user_id);
  EXPECT_EQ(got.department, want.department);
  EXPECT_EQ(got.dataset_id, want.dataset_id);
  EXPECT_EQ(got.action, want.action);
  EXPECT_EQ(got.category, want.category);
  EXPECT_EQ(got.outcome, want.outcome);
}

TEST_F(AuditStoreTest, AppendsAndReadsEntriesBackByteForByte) {
  EXPECT_EQ(store_->node_stride(), 4);
  auto size = store_->Size();
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(*size, 0);
  auto missing = store_->GetEntry(0);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_EQ(missing.status().error_code(), "audit.no_entry");

  auto entries = MakeEntries(0, 3);
  entries[2].bytes = "";  // empty bytes survive too
  ASSERT_TRUE(store_->Append(entries, {MakeNode(4, 0)}, {}).ok());
  ASSERT_TRUE(store_->Append(MakeEntries(3, 2), {}, {}).ok());
  EXPECT_EQ(*store_->Size(), 5);
  for (int64_t i = 0; i < 5; ++i) {
    auto got = store_->GetEntry(i);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameEntry(*got, i < 3 ? entries[static_cast<size_t>(i)] : MakeEntry(i));
  }
  for (int64_t bad : {int64_t{5}, int64_t{-1}}) {
    auto got = store_->GetEntry(bad);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().error_code(), "audit.no_entry");
  }
}

TEST_F(AuditStoreTest, FindsEntriesByEachConditionNewestFirst) {
  AppendEntries(90, 40);
  using E = AuditEntryRecord;
  AuditEntryFilter f;
  EXPECT_EQ(Find(f), Expected(all_, [](const E&) { return true; }));
  f.user_id = "u1";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.user_id == "u1"; }));
  f = {};
  f.department = "HBJ";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.department == "HBJ"; }));
  f = {};
  f.dataset_id = "ds2";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.dataset_id == "ds2"; }));
  f = {};
  f.field = "station_code";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return HasField(e, "station_code"); }));
  f.field = "pm25";  // named twice by even entries, returned once
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return HasField(e, "pm25"); }));
  f = {};
  f.action = "dataset.export";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.action == "dataset.export"; }));
  f = {};
  f.category = "write";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.category == "write"; }));
  f = {};
  f.outcome = "denied";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.outcome == "denied"; }));
  f.outcome = "ok";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.outcome == "ok"; }));
  f = {};
  f.user_id = "nobody";
  EXPECT_TRUE(Find(f).empty());

  // Several conditions at once, with and without a field.
  f = {};
  f.user_id = "u2";
  f.department = "GAJ";
  f.action = "dataset.query";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) {
              return e.user_id == "u2" && e.department == "GAJ" && e.action == "dataset.query";
            }));
  f.field = "station_code";
  f.department = "HBJ";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) {
              return e.user_id == "u2" && e.department == "HBJ" && e.action == "dataset.query" &&
                     HasField(e, "station_code");
            }));
}

TEST_F(AuditStoreTest, FindsTimeRangesAndPagesWithBeforeAndLimit) {
  AppendEntries(90, 40);
  using E = AuditEntryRecord;
  AuditEntryFilter f;
  f.since = TimeAt(10);  // entries 20 and 21 carry this time
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.index >= 20; }));
  f.since = "2024-05-01T00:00:10.5";  // between two times
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.index >= 22; }));
  f = {};
  f.until = TimeAt(10);
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.index < 20; }));
  f.since = TimeAt(5);
  f.user_id = "u0";
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.index >= 10 && e.index < 20 && e.user_id == "u0"; }));
  f = {};
  f.since = "2030";  // after everything
  EXPECT_TRUE(Find(f).empty());
  f = {};
  f.until = "2000";  // before everything
  EXPECT_TRUE(Find(f).empty());
  f.until = "2030";
  f.field = "station_code";
  f.before = 31;
  EXPECT_EQ(Find(f), Expected(all_, [](const E& e) { return e.index < 31 && HasField(e, "station_code"); }));

  // Pages of 7 through one user's entries, each starting before the last.
  for (const std::string& field : {std::string(), std::string("pm25")}) {
    f = {};
    f.user_id = "u1";
    f.field = field;
    f.limit = 7;
    std::vector<int64_t> pages;
    for (;;) {
      auto page = Find(f);
      ASSERT_LE(page.size(), 7u);
      pages.insert(pages.end(), page.begin(), page.end());
      if (page.size() < 7) break;
      f.before = page.back();
    }
    EXPECT_EQ(pages, Expected(all_, [](const E& e) { return e.user_id == "u1"; }, 1000)) << "field: " << field;
  }
  f = {};
  f.limit = 0;
  EXPECT_TRUE(Find(f).empty());
  f.limit = -5;
  EXPECT_TRUE(Find(f).empty());
  f.limit = 3;
  f.before = 50;
  EXPECT_EQ(Find(f), (std::vector<int64_t>{49, 48, 47}));
}

TEST_F(AuditStoreTest, ReturnsStoredNodeHashesAndReportsMissingOnes) {
  AppendEntries(8, 8, [](int64_t i) {
    std::vector<AuditNodeRecord> nodes;
    if (i % 4 == 3) nodes.push_back(MakeNode(2, i / 4));
    return nodes;
  });
  auto leaves = store_->NodeHashes(0, 2, 3);
  ASSERT_TRUE(leaves.ok()) << leaves.status().ToString();
  EXPECT_EQ(*leaves, (std::vector<std::string>{all_[2].leaf_hash, all_[3].leaf_hash, all_[4].leaf_hash}));
  auto nodes = store_->NodeHashes(2, 0, 2);
  ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
  EXPECT_EQ(*nodes, (std::vector<std::string>{MakeNode(2, 0).hash, MakeNode(2, 1).hash}));
  auto none = store_->NodeHashes(2, 1, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  for (auto [level, first, count] : {std::tuple{2, 1, 2}, std::tuple{0, 6, 5}, std::tuple{3, 0, 1}}) {
    auto missing = store_->NodeHashes(level, first, count);
    ASSERT_FALSE(missing.ok()) << level << "/" << first;
    EXPECT_EQ(missing.status().code(), Code::kCorruption);
    EXPECT_EQ(missing.status().error_code(), "audit.missing_node");
  }
}

TEST_F(AuditStoreTest, NumbersTreeHeadsAndListsThemNewestFirst) {
  auto latest = store_->LatestTreeHead();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_FALSE(latest->has_value());
  for (int64_t size = 1; size <= 5; ++size) {
    TreeHeadRecord head = MakeHead(size * 10);
    ASSERT_TRUE(store_->AddTreeHead(head).ok());
    EXPECT_EQ(head.id, size);
  }
  latest = store_->LatestTreeHead();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  const TreeHeadRecord& h = **latest;
  TreeHeadRecord want = MakeHead(50);
  EXPECT_EQ(h.id, 5);
  EXPECT_EQ(h.size, 50);
  EXPECT_EQ(h.timestamp_us, want.timestamp_us);
  EXPECT_EQ(h.root, want.root);
  EXPECT_EQ(h.signature, want.signature);

  auto ids = [&](int64_t limit, int64_t before) {
    auto heads = store_->ListTreeHeads(limit, before);
    EXPECT_TRUE(heads.ok()) << heads.status().ToString();
    std::vector<int64_t> out;
    if (heads.ok()) {
      for (const auto& head : *heads) out.push_back(head.id);
    }
    return out;
  };
  EXPECT_EQ(ids(2, -1), (std::vector<int64_t>{5, 4}));
  EXPECT_EQ(ids(2, 4), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(ids(10, 2), (std::vector<int64_t>{1}));
  EXPECT_TRUE(ids(10, 1).empty());
  EXPECT_EQ(ids(-1, -1), (std::vector<int64_t>{5, 4, 3, 2, 1}));
}

TEST_F(AuditStoreTest, KeepsAlertsWithTheirEntriesInOneTransaction) {
  ASSERT_TRUE(store_->Append(MakeEntries(0, 2), {}, {MakeAlert("u1", "2024-05-01", 1)}).ok());
  ASSERT_TRUE(store_->Append(MakeEntries(2, 2), {}, {MakeAlert("u2", "2024-05-01", 3)}).ok());
  ASSERT_TRUE(store_->Append(MakeEntries(4, 1), {}, {MakeAlert("u1", "2024-05-02", 4)}).ok());
  EXPECT_TRUE(*store_->HasAlert("distinct_subjects", "u1", "2024-05-01"));
  EXPECT_TRUE(*store_->HasAlert("distinct_subjects", "u1", "2024-05-02"));
  EXPECT_FALSE(*store_->HasAlert("distinct_subjects", "u1", "2024-05-03"));
  EXPECT_FALSE(*store_->HasAlert("other_kind", "u1", "2024-05-01"));
  EXPECT_FALSE(*store_->HasAlert("distinct_subjects", "u3", "2024-05-01"));

  auto alerts = store_->ListAlerts(10, -1);
  ASSERT_TRUE(alerts.ok()) << alerts.status().ToString();
  ASSERT_EQ(alerts->size(), 3u);
  const AuditAlertRecord& a = (*alerts)[0];
  AuditAlertRecord want = MakeAlert("u1", "2024-05-02", 4);
  EXPECT_EQ(a.kind, want.kind);
  EXPECT_EQ(a.user_id, "u1");
  EXPECT_EQ(a.username, want.username);
  EXPECT_EQ(a.department, want.department);
  EXPECT_EQ(a.day, "2024-05-02");
  EXPECT_EQ(a.count, 501);
  EXPECT_EQ(a.threshold, 500);
  EXPECT_EQ(a.time, want.time);
  EXPECT_EQ(a.entry_index, 4);
  EXPECT_EQ(a.trigger_index, 3);
  EXPECT_GT((*alerts)[0].id, (*alerts)[1].id);
  EXPECT_GT((*alerts)[1].id, (*alerts)[2].id);
  auto page = store_->ListAlerts(1, (*alerts)[0].id);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, (*alerts)[1].id);
  auto all = store_->ListAlerts(-1, -1);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);

  // A second alert for the same user, kind and day fails the whole append.
  Status st = store_->Append(MakeEntries(5, 1), {MakeNode(4, 0)}, {MakeAlert("u2", "2024-05-01", 5)});
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(*store_->Size(), 5);
  EXPECT_EQ(store_->ListAlerts(10, -1)->size(), 3u);
  EXPECT_FALSE(store_->NodeHashes(4, 0, 1).ok());
}

TEST_F(AuditStoreTest, SnapshotStreamsTheLogAsItWasWhenOpened) {
  // More entries and level-1 nodes than one PostgreSQL fetch (2000 rows).
  constexpr int64_t kEntries = 4500;
  auto nodes_for = [](int64_t i) {
    std::vector<AuditNodeRecord> nodes;
    if (i % 2 == 1) nodes.push_back(MakeNode(1, i / 2));
    if (i % 16 == 15) nodes.push_back(MakeNode(4, i / 16));
    return nodes;
  };
  AppendEntries(kEntries, 500, nodes_for);
  TreeHeadRecord head = MakeHead(kEntries);
  ASSERT_TRUE(store_->AddTreeHead(head).ok());

  auto snapshot = store_->OpenSnapshot();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  // The log goes on after the snapshot was taken.
  AppendEntries(100, 100, nodes_for);
  TreeHeadRecord later = MakeHead(kEntries + 100);
  ASSERT_TRUE(store_->AddTreeHead(later).ok());
  EXPECT_EQ(*store_->Size(), kEntries + 100);

  auto levels = (*snapshot)->StoredNodeLevels();
  ASSERT_TRUE(levels.ok()) << levels.status().ToString();
  EXPECT_EQ(*levels, (std::vector<int>{1, 4}));
  auto heads = (*snapshot)->AllTreeHeads();
  ASSERT_TRUE(heads.ok()) << heads.status().ToString();
  ASSERT_EQ(heads->size(), 1u);
  EXPECT_EQ((*heads)[0].size, kEntries);
  EXPECT_EQ((*heads)[0].root, head.root);
  {
    // Node and entry scans open at once and read in turns, as the verifier
    // does.
    auto level1 = (*snapshot)->ScanNodes(1);
    auto level4 = (*snapshot)->ScanNodes(4);
    auto entries = (*snapshot)->ScanEntries();
    ASSERT_TRUE(level1.ok() && level4.ok() && entries.ok());
    AuditEntryRecord row;
    AuditNodeRecord node;
    int64_t count = 0, level1_count = 0, level4_count = 0;
    for (;;) {
      auto more = (*entries)->Next(row);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      ASSERT_EQ(row.index, count);
      if (count % 997 == 0) {
        EXPECT_EQ(row.bytes, all_[static_cast<size_t>(count)].bytes);
        EXPECT_EQ(row.leaf_hash, all_[static_cast<size_t>(count)].leaf_hash);
      }
      ++count;
      if (count % 2 == 0) {
        ASSERT_TRUE(*(*level1)->Next(node));
        EXPECT_EQ(node.level, 1);
        EXPECT_EQ(node.index, level1_count++);
        EXPECT_EQ(node.hash, MakeNode(1, node.index).hash);
      }
      if (count % 16 == 0) {
        ASSERT_TRUE(*(*level4)->Next(node));
        EXPECT_EQ(node.index, level4_count++);
      }
    }
    EXPECT_EQ(count, kEntries);
    EXPECT_EQ(level1_count, kEntries / 2);
    EXPECT_FALSE(*(*level1)->Next(node));
    EXPECT_FALSE(*(*level4)->Next(node));
    EXPECT_EQ(level4_count, kEntries / 16);
  }
  // A second pass over the same snapshot sees the same log.
  auto again = (*snapshot)->ScanEntries();
  ASSERT_TRUE(again.ok());
  AuditEntryRecord row;
  int64_t count = 0;
  while (*(*again)->Next(row)) ++count;
  EXPECT_EQ(count, kEntries);
  again->reset();
  snapshot->reset();

  // A new snapshot sees everything.
  auto fresh = store_->OpenSnapshot();
  ASSERT_TRUE(fresh.ok());
  auto all = (*fresh)->ScanEntries();
  ASSERT_TRUE(all.ok());
  count = 0;
  while (*(*all)->Next(row)) ++count;
  EXPECT_EQ(count, kEntries + 100);
  EXPECT_EQ((*fresh)->AllTreeHeads()->size(), 2u);
}

TEST_F(AuditStoreTest, RefusesToChangeOrRemoveStoredRows) {
  AppendEntries(4, 4, [](int64_t i) {
    return i == 3 ? std::vector<AuditNodeRecord>{MakeNode(2, 0)} : std::vector<AuditNodeRecord>{};
  });
  TreeHeadRecord head = MakeHead(4);
  ASSERT_TRUE(store_->AddTreeHead(head).ok());
  struct Case {
    const char* sql;
    const char* table;
  };
  std::vector<Case> cases = {
      {"UPDATE {} SET time = 'x' WHERE idx = 1", "entries"},
      {"DELETE FROM {} WHERE idx = 3", "entries"},
      {"UPDATE {} SET idx = 7 WHERE idx = 0", "nodes"},
      {"DELETE FROM {}", "nodes"},
      {"UPDATE {} SET size = 3", "tree_heads"},
      {"DELETE FROM {} WHERE id = 1", "tree_heads"},
  };
  if (OnPostgres()) {
    for (const char* table : {"entries", "nodes", "tree_heads"}) cases.push_back({"TRUNCATE {}", table});
  }
  for (const auto& c : cases) {
    std::string error = Tamper(c.sql, c.table);
    EXPECT_NE(error.find("append-only"), std::string::npos) << c.sql << " on " << c.table << ": " << error;
  }
  EXPECT_EQ(*store_->Size(), 4);
  auto entry = store_->GetEntry(1);
  ASSERT_TRUE(entry.ok());
  ExpectSameEntry(*entry, all_[1]);
  EXPECT_TRUE(store_->NodeHashes(2, 0, 1).ok());
  auto latest = store_->LatestTreeHead();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->size, 4);
  // Inserting is what the log is for.
  EXPECT_EQ(Tamper("INSERT INTO {} (field, idx) VALUES ('extra', 0)", "entry_fields"), "");
}

TEST_F(AuditStoreTest, ReopensAnExistingLogWithItsStride) {
  store_.reset();
  // A location with no log yet.
  if (OnPostgres()) url_ = yungu::testing::NewPgDatabase();
  db_name_ = "other.db";
  AuditStoreOptions no_create;
  no_create.create = false;
  auto absent = TryOpen(no_create);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().code(), Code::kNotFound);
  EXPECT_EQ(absent.status().error_code(), "audit.no_log");

  AuditStoreOptions bad;
  bad.node_stride = 9;
  auto refused = TryOpen(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().error_code(), "audit.bad_node_stride");

  AuditStoreOptions three;
  three.node_stride = 3;
  store_ = Open(three);
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->node_stride(), 3);
  AppendEntries(10, 4);
  TreeHeadRecord head = MakeHead(10);
  ASSERT_TRUE(store_->AddTreeHead(head).ok());
  ASSERT_TRUE(store_->Append(MakeEntries(10, 1), {}, {MakeAlert("u1", "2024-05-01", 10)}).ok());
  store_.reset();

  store_ = Open(no_create);  // the stride asked for does not matter any more
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->node_stride(), 3);
  EXPECT_EQ(*store_->Size(), 11);
  auto latest = store_->LatestTreeHead();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->id, 1);
  EXPECT_TRUE(*store_->HasAlert("distinct_subjects", "u1", "2024-05-01"));
  ExpectSameEntry(*store_->GetEntry(7), all_[7]);
  // And it goes on where it stopped.
  ASSERT_TRUE(store_->Append(MakeEntries(11, 1), {}, {}).ok());
  head = MakeHead(12);
  ASSERT_TRUE(store_->AddTreeHead(head).ok());
  EXPECT_EQ(head.id, 2);
}

TEST_F(AuditStoreTest, RefusesAppendsThatDoNotContinueTheLog) {
  if (!OnPostgres()) GTEST_SKIP() << "the sequence check guards the shared PostgreSQL log";
  AppendEntries(5, 5);
  auto refused = [&](std::vector<AuditEntryRecord> entries, const std::string& why) {
    Status st = store_->Append(entries, {MakeNode(4, 0)}, {MakeAlert("u9", "2024-05-09", entries[0].index)});
    EXPECT_EQ(st.code(), Code::kConflict) << why << ": " << st.ToString();
    EXPECT_EQ(st.error_code(), "audit.sequence") << why;
  };
  refused(MakeEntries(3, 2), "overlapping");
  refused(MakeEntries(6, 2), "leaving a gap");
  refused({MakeEntry(5), MakeEntry(7)}, "a gap inside the batch");
  refused({MakeEntry(5), MakeEntry(5)}, "a repeat inside the batch");
  // Nothing of a refused append was written.
  EXPECT_EQ(*store_->Size(), 5);
  EXPECT_FALSE(*store_->HasAlert("distinct_subjects", "u9", "2024-05-09"));
  EXPECT_FALSE(store_->NodeHashes(4, 0, 1).ok());
  ASSERT_TRUE(store_->Append(MakeEntries(5, 2), {}, {}).ok());
  EXPECT_EQ(*store_->Size(), 7);
}

TEST_F(AuditStoreTest, WritersOfSeveralProcessesShareOneLog) {
  if (!OnPostgres()) GTEST_SKIP() << "several writers share a log only on PostgreSQL";
  // Two stores on one database stand for two `yungu serve` processes.
  auto other = Open();
  ASSERT_TRUE(other);
  constexpr int kWriters = 4, kBatches = 15, kBatch = 3;
  std::atomic<int> conflicts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    AuditStore* store = w % 2 ? other.get() : store_.get();
    threads.emplace_back([&, store, w] {
      for (int b = 0; b < kBatches; ++b) {
        for (;;) {
          // A writer renumbers its batch after losing a race.
          auto size = store->Size();
          if (!size.ok()) {
            ++failures;
            return;
          }
          Status st = store->Append(MakeEntries(*size, kBatch, "w" + std::to_string(w)), {}, {});
          if (st.ok()) break;
          if (st.error_code() != "audit.sequence") {
            ++failures;
            return;
          }
          ++conflicts;
        }
        TreeHeadRecord head = MakeHead(b);
        if (!store->AddTreeHead(head).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  constexpr int64_t kTotal = int64_t{kWriters} * kBatches * kBatch;
  EXPECT_EQ(*store_->Size(), kTotal);
  // Every batch landed whole and once.
  std::map<std::string, int> batches_of;
  for (int64_t i = 0; i < kTotal; i += kBatch) {
    std::set<std::string> tags;
    for (int64_t j = i; j < i + kBatch; ++j) {
      auto e = store_->GetEntry(j);
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      std::string prefix = e->bytes.substr(0, e->bytes.find('|'));  // "entry <index> <tag>"
      tags.insert(prefix.substr(prefix.rfind(' ') + 1));
    }
    ASSERT_EQ(tags.size(), 1u) << "batch at " << i << " mixes writers";
    ++batches_of[*tags.begin()];
  }
  for (int w = 0; w < kWriters; ++w) EXPECT_EQ(batches_of["w" + std::to_string(w)], kBatches);
  // Tree heads are numbered without gaps, whoever added them.
  auto heads = store_->ListTreeHeads(-1, -1);
  ASSERT_TRUE(heads.ok());
  ASSERT_EQ(heads->size(), static_cast<size_t>(kWriters * kBatches));
  for (size_t i = 0; i < heads->size(); ++i) EXPECT_EQ((*heads)[i].id, static_cast<int64_t>(heads->size() - i));
}

TEST_F(AuditStoreTest, ReadsByteaInEitherOutputFormat) {
  if (!OnPostgres()) GTEST_SKIP() << "bytea output formats are PostgreSQL's";
  AppendEntries(3, 3, [](int64_t i) { return std::vector<AuditNodeRecord>{MakeNode(1, i)}; });
  TreeHeadRecord head = MakeHead(3);
  ASSERT_TRUE(store_->AddTreeHead(head).ok());
  std::string db = url_.substr(url_.rfind('/') + 1);
  ASSERT_EQ(PgExec(url_, "ALTER DATABASE " + db + " SET bytea_output = 'escape'"), "");
  store_.reset();
  store_ = Open();  // new connections take the setting
  ASSERT_TRUE(store_);
  for (int64_t i = 0; i < 3; ++i) ExpectSameEntry(*store_->GetEntry(i), all_[static_cast<size_t>(i)]);
  auto nodes = store_->NodeHashes(1, 0, 3);
  ASSERT_TRUE(nodes.ok()) << nodes.status().ToString();
  EXPECT_EQ((*nodes)[2], MakeNode(1, 2).hash);
  auto latest = store_->LatestTreeHead();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->signature, head.signature);
  auto snapshot = store_->OpenSnapshot();
  ASSERT_TRUE(snapshot.ok());
  auto scan = (*snapshot)->ScanEntries();
  ASSERT_TRUE(scan.ok());
  AuditEntryRecord row;
  ASSERT_TRUE(*(*scan)->Next(row));
  EXPECT_EQ(row.bytes, all_[0].bytes);
}

}  // namespace
}  // namespace yungu::storage
