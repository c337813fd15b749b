// VerifyAuditLog against a log tampered with through SQLite directly: each
// kind of change is named, at the right entry, and bad tree heads are listed.
#include <gtest/gtest.h>

#include "unit/audit/audit_test_util.h"
#include "yungu/audit/audit_trail.h"
#include "yungu/audit/entry_codec.h"
#include "yungu/audit/open_audit_log.h"
#include "yungu/audit/verifier.h"

namespace yungu::audit {
namespace {

using testing::ExecSql;
using testing::kDropGuards;
using testing::ReadEvent;
using testing::ScratchDir;

constexpr int kEntries = 100;

// A closed log of 100 entries with signed heads at sizes 30, 60 and 100.
class TamperedLog : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = OpenAuditLog(dir_.path());
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    for (int i = 0; i < kEntries; ++i) {
      AuditEvent e = ReadEvent("user" + std::to_string(i % 4), "entry-" + std::to_string(i));
      if (i % 2) e.fields = {"name", "citizen_id"};
      ASSERT_TRUE((*log)->Append(e).ok());
      if (i == 29 || i == 59) {
        ASSERT_TRUE((*log)->Flush().ok());
        ASSERT_TRUE((*log)->SignTreeHead().ok());
      }
    }
    ASSERT_TRUE((*log)->Close().ok());  // signs the head at 100
  }

  void Tamper(const std::string& sql) {
    ASSERT_EQ(ExecSql(AuditDbPath(dir_.path()), std::string(kDropGuards) + sql), "") << sql;
  }

  VerifyReport Verify() {
    auto report = VerifyAuditLog(dir_.path());
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }

  static std::string Hex(std::string_view bytes) { return "X'" + ToHex(bytes) + "'"; }

  ScratchDir dir_;
};

bool HeadHas(const VerifyReport& r, int64_t id, const std::string& problem) {
  for (const auto& h : r.bad_tree_heads) {
    if (h.id == id && h.problem == problem) return true;
  }
  return false;
}

TEST_F(TamperedLog, AnUntouchedLogVerifies) {
  VerifyReport r = Verify();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.entries, kEntries);
  EXPECT_EQ(r.tree_heads, 3);
  EXPECT_EQ(r.signed_size, kEntries);
  EXPECT_EQ(r.nodes_checked, 6) << "level-4 nodes 0..5 (16 leaves each) of a 100-entry log";
}

TEST_F(TamperedLog, AModifiedEntryIsNamed) {
  Tamper("UPDATE entries SET entry = CAST(replace(CAST(entry AS TEXT), '\"rows\":100', '\"rows\":1') AS BLOB) "
         "WHERE idx = 42;");
  VerifyReport r = Verify();
  ASSERT_TRUE(r.first_bad_entry.has_value());
  EXPECT_EQ(r.first_bad_entry->index, 42);
  EXPECT_EQ(r.first_bad_entry->kind, "modified");
  EXPECT_TRUE(HeadHas(r, 2, "root_mismatch"));
  EXPECT_TRUE(HeadHas(r, 3, "root_mismatch"));
  EXPECT_FALSE(HeadHas(r, 1, "root_mismatch")) << "the head at 30 does not cover entry 42";
  EXPECT_EQ(r.signed_size, 30);
}

TEST_F(TamperedLog, ADeletedEntryIsNamed) {
  Tamper("DELETE FROM entries WHERE idx = 57;");
  VerifyReport r = Verify();
  ASSERT_TRUE(r.first_bad_entry.has_value());
  EXPECT_EQ(r.first_bad_entry->index, 57);
  EXPECT_EQ(r.first_bad_entry->kind, "deleted");
  EXPECT_FALSE(r.ok());
}

TEST_F(TamperedLog, ADeletionHiddenByRenumberingIsNamed) {
  Tamper("DELETE FROM entries WHERE idx = 57;"
         "UPDATE entries SET idx = -idx WHERE idx > 57;"
         "UPDATE entries SET idx = -idx - 1 WHERE idx < 0;");
  VerifyReport r = Verify();
  ASSERT_TRUE(r.first_bad_entry.has_value());
  EXPECT_EQ(r.first_bad_entry->index, 57);
  EXPECT_EQ(r.first_bad_entry->kind, "deleted");
  EXPECT_TRUE(HeadHas(r, 3, "beyond_log")) << "the head at 100 covers more than the 99 left";
}

TEST_F(TamperedLog, TruncatingTheEndIsCaughtByTheLastHead) {
  Tamper("DELETE FROM entries WHERE idx >= 95;");
  VerifyReport r = Verify();
  ASSERT_TRUE(r.first_bad_entry.has_value());
  EXPECT_EQ(r.first_bad_entry->index, 95);
  EXPECT_EQ(r.first_bad_entry->kind, "deleted");
  EXPECT_TRUE(HeadHas(r, 3, "beyond_log"));
}

TEST_F(TamperedLog, SwappedEntriesAreNamedAsReordered) {
  Tamper("UPDATE entries SET idx = -1 WHERE idx = 20;"
         "UPDATE entries SET idx = 20 WHERE idx = 70;"
         "UPDATE entries SET idx = 70 WHERE idx = -1;");
  VerifyReport r = Verify();
  ASSERT_TRUE(r.first_bad_entry.has_value());
  EXPECT_EQ(r.first_bad_entry->index, 20);
  EXPECT_EQ(r.first_bad_entry->kind, "reordered");
  EXPECT_TRUE(HeadHas(r, 1, "root_mismatch"));
}

TEST_F(TamperedLog, AForgedEntryPushedIntoTheMiddleIsNamedAsInserted) {
  // The forger gives the row a proper index, time and leaf hash.
  auto trail = OpenAuditTrail(dir_.path());
  ASSERT_TRUE(trail.ok());
  auto original = (*trail)->Entry(33);
  ASSERT_TRUE(original.ok());
  AuditEvent forged = ReadEvent("someone-innocent", "forged");
  std::string bytes = EncodeEntry(33, original->event.time, EncodeEntryBody(forged));
  trail->reset();
  Tamper("UPDATE entries SET idx = -idx WHERE idx >= 33;"
         "UPDATE entries SET idx = -idx + 1 WHERE idx < 0;"
         "INSERT INTO entries (idx, entry, leaf_hash, time, user_id, department, dataset_id, action, category, "
         "outcome) VALUES (33, " + Hex(bytes) + ", " + Hex(HashBytes(LeafHash(bytes))) + ", '" +
         original->event.time + "', 'someone-innocent', 'HBJ', 'air-quality-hourly', 'dataset.query', 'read', "
         "'ok');");
  VerifyReport r = Verify();
  ASSERT_TRUE(r.first_bad_entry.has_value());
  EXPECT_EQ(r.first_bad_entry->index, 33);
  EXPECT_EQ(r.first_bad_entry->kind, "inserted");
}

TEST_F(TamperedLog, AReplayedEntryIsNamedAsInserted) {
  Tamper("INSERT INTO entries SELECT 100, entry, leaf_hash, time, user_id, department, dataset_id, action, category, "
         "outcome FROM entries WHERE idx = 10;");
  VerifyReport r = Verify();
  ASSERT_TRUE(r.first_bad_entry.has_value());
  EXPECT_EQ(r.first_bad_entry->index, 100);
  EXPECT_EQ(r.first_bad_entry->kind, "inserted");
}

TEST_F(TamperedLog, AlteredTreeHeadsAreListed) {
  Tamper("UPDATE tree_heads SET root = zeroblob(32) WHERE id = 2;"
         "UPDATE tree_heads SET signature = CAST(randomblob(64) AS BLOB) WHERE id = 1;");
  VerifyReport r = Verify();
  EXPECT_FALSE(r.first_bad_entry.has_value()) << "the entries themselves are intact";
  EXPECT_TRUE(HeadHas(r, 1, "bad_signature"));
  EXPECT_FALSE(HeadHas(r, 1, "root_mismatch"));
  EXPECT_TRUE(HeadHas(r, 2, "bad_signature"));
  EXPECT_TRUE(HeadHas(r, 2, "root_mismatch"));
  EXPECT_FALSE(HeadHas(r, 3, "bad_signature"));
  EXPECT_FALSE(r.ok());
}

TEST_F(TamperedLog, ARemovedTreeHeadIsMissed) {
  Tamper("DELETE FROM tree_heads WHERE id = 2;");
  VerifyReport r = Verify();
  EXPECT_TRUE(HeadHas(r, 2, "missing"));
}

TEST_F(TamperedLog, RewritingAnEntryWithItsHashesIsBoundedByNodesAndHeads) {
  auto trail = OpenAuditTrail(dir_.path());
  ASSERT_TRUE(trail.ok());
  auto original = (*trail)->Entry(42);
  ASSERT_TRUE(original.ok());
  trail->reset();
  std::string bytes = original->canonical;
  bytes.replace(bytes.find("\"rows\":100"), 10, "\"rows\":999");
  Tamper("UPDATE entries SET entry = " + Hex(bytes) + ", leaf_hash = " + Hex(HashBytes(LeafHash(bytes))) +
         " WHERE idx = 42;");
  VerifyReport r = Verify();
  EXPECT_FALSE(r.first_bad_entry.has_value()) << "no single row stands out";
  ASSERT_TRUE(r.first_bad_node.has_value());
  EXPECT_EQ(r.first_bad_node->level, 4);
  EXPECT_EQ(r.first_bad_node->index, 2);
  ASSERT_TRUE(r.altered_range.has_value());
  EXPECT_EQ(r.altered_range->first, 32);
  EXPECT_EQ(r.altered_range->second, 48);
  EXPECT_TRUE(HeadHas(r, 2, "root_mismatch"));
  EXPECT_FALSE(r.ok());
}

TEST_F(TamperedLog, ResigningWithAnotherKeyIsCaughtWithThePinnedKey) {
  auto trail = OpenAuditTrail(dir_.path());
  ASSERT_TRUE(trail.ok());
  PublicKey real = (*trail)->public_key();
  trail->reset();
  // Someone replaces the key pair (and could re-sign everything with it).
  std::filesystem::remove(SecretKeyPath(AuditKeysDir(dir_.path())));
  std::filesystem::remove(PublicKeyPath(AuditKeysDir(dir_.path())));
  ASSERT_TRUE(SigningKey::LoadOrCreate(AuditKeysDir(dir_.path())).ok());
  VerifyOptions pinned;
  pinned.public_key = real;
  auto with_pinned = VerifyAuditLog(dir_.path(), pinned);
  ASSERT_TRUE(with_pinned.ok());
  EXPECT_TRUE(with_pinned->ok()) << "the heads were signed with the pinned key";
  auto with_new = VerifyAuditLog(dir_.path());
  ASSERT_TRUE(with_new.ok());
  EXPECT_EQ(with_new->bad_tree_heads.size(), 3u);
}

TEST(Verifier, NoLogIsNotFound) {
  ScratchDir dir;
  auto r = VerifyAuditLog(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error_code(), "audit.no_log");
  EXPECT_FALSE(std::filesystem::exists(AuditDbPath(dir.path()))) << "verifying creates nothing";
}

}  // namespace
}  // namespace yungu::audit
