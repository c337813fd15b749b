// `yungu audit verify | export | head`, run as the real binary on logs that
// were tampered with behind the hub's back (through SQLite, or on the
// PostgreSQL pass through libpq with the tables' guards switched off): an
// untouched log passes with exit 0;
// an edited, deleted, reordered or inserted entry is named with its index,
// and a changed tree head is listed, with exit 3.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "unit/audit/audit_test_util.h"
#include "unit/server/test_server.h"
#include "yungu/audit/audit_trail.h"
#include "yungu/audit/entry_codec.h"
#include "yungu/audit/open_audit_log.h"

namespace yungu::testing {
namespace {

using nlohmann::json;
using audit::testing::ExecSql;
using audit::testing::kDropGuards;

constexpr int kEntries = 120;

// A closed log of 120 entries with signed heads at 40, 80 and 120.
class AuditVerifyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    audit::AuditOptions options;
    if (OnPostgres()) options.store_url = PgUrlFor(dir_.path());
    auto log = audit::OpenAuditLog(dir_.path(), options);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    for (int i = 0; i < kEntries; ++i) {
      audit::AuditEvent e = audit::testing::ReadEvent("user" + std::to_string(i % 5), "entry-" + std::to_string(i));
      if (i % 10 == 0) {
        e.category = "admin";
        e.action = "grant.approve";
      }
      ASSERT_TRUE((*log)->Append(e).ok());
      if (i == 39 || i == 79) {
        ASSERT_TRUE((*log)->Flush().ok());
        ASSERT_TRUE((*log)->SignTreeHead().ok());
      }
    }
    ASSERT_TRUE((*log)->Close().ok());
  }

  // The same change in each backend's SQL.
  void Tamper(const std::string& sqlite_sql, const std::string& postgres_sql) {
    if (!OnPostgres()) {
      ASSERT_EQ(ExecSql(audit::AuditDbPath(dir_.path()), std::string(kDropGuards) + sqlite_sql), "") << sqlite_sql;
      return;
    }
    PGconn* conn = PQconnectdb(PgUrlFor(dir_.path()).c_str());
    // A replica's session role skips triggers: the append-only guards.
    PGresult* res = PQexec(conn, ("SET session_replication_role = replica; " + postgres_sql).c_str());
    EXPECT_EQ(PQresultStatus(res), PGRES_COMMAND_OK) << postgres_sql << ": " << PQerrorMessage(conn);
    PQclear(res);
    PQfinish(conn);
  }

  // Runs `yungu audit verify --json`; returns the report, checks the exit code.
  json Verify(int expected_exit) {
    ProcessResult r = RunYungu({"audit", "verify", "--data", dir_.path().string(), "--json"});
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    json report = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << r.out << r.err;
    return report;
  }

  static bool HasHead(const json& report, int64_t id, const std::string& problem) {
    for (const auto& h : report["bad_tree_heads"]) {
      if (h["id"] == id && h["problem"] == problem) return true;
    }
    return false;
  }

  TempDir dir_{"yungu_audit_cli"};
};

TEST_F(AuditVerifyCli, AnUntouchedLogVerifies) {
  json report = Verify(0);
  EXPECT_EQ(report["ok"], true);
  EXPECT_EQ(report["entries"], kEntries);
  EXPECT_EQ(report["tree_heads"], 3);
  EXPECT_EQ(report["signed_size"], kEntries);
  EXPECT_TRUE(report["first_bad_entry"].is_null());
  ProcessResult text = RunYungu({"audit", "verify", "--data", dir_.path().string()});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("120 entries, 3 signed tree heads"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("OK "), std::string::npos) << text.out;
}

TEST_F(AuditVerifyCli, AnEditedEntryIsNamed) {
  Tamper("UPDATE entries SET entry = CAST(replace(CAST(entry AS TEXT), 'user2', 'user3') AS BLOB) WHERE idx = 57;",
         "UPDATE audit_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'user2', 'user3'), 'UTF8') "
         "WHERE idx = 57;");
  json report = Verify(3);
  EXPECT_EQ(report["first_bad_entry"]["index"], 57);
  EXPECT_EQ(report["first_bad_entry"]["kind"], "modified");
  EXPECT_TRUE(HasHead(report, 2, "root_mismatch"));
  EXPECT_TRUE(HasHead(report, 3, "root_mismatch"));
  EXPECT_FALSE(HasHead(report, 1, "root_mismatch"));
  ProcessResult text = RunYungu({"audit", "verify", "--data", dir_.path().string()});
  EXPECT_EQ(text.exit_code, 3);
  EXPECT_NE(text.out.find("first bad entry: 57 (modified)"), std::string::npos) << text.out;
}

TEST_F(AuditVerifyCli, ADeletedRowIsNamed) {
  Tamper("DELETE FROM entries WHERE idx = 23;", "DELETE FROM audit_entries WHERE idx = 23;");
  json report = Verify(3);
  EXPECT_EQ(report["first_bad_entry"]["index"], 23);
  EXPECT_EQ(report["first_bad_entry"]["kind"], "deleted");
  EXPECT_TRUE(HasHead(report, 1, "root_mismatch"));
}

TEST_F(AuditVerifyCli, SwappedRowsAreNamedAsReordered) {
  Tamper("UPDATE entries SET idx = -1 WHERE idx = 64;"
         "UPDATE entries SET idx = 64 WHERE idx = 65;"
         "UPDATE entries SET idx = 65 WHERE idx = -1;",
         "UPDATE audit_entries SET idx = -1 WHERE idx = 64;"
         "UPDATE audit_entries SET idx = 64 WHERE idx = 65;"
         "UPDATE audit_entries SET idx = 65 WHERE idx = -1;");
  json report = Verify(3);
  EXPECT_EQ(report["first_bad_entry"]["index"], 64);
  EXPECT_EQ(report["first_bad_entry"]["kind"], "reordered");
  EXPECT_FALSE(HasHead(report, 1, "root_mismatch"));
  EXPECT_TRUE(HasHead(report, 2, "root_mismatch"));
}

TEST_F(AuditVerifyCli, SwappedContentsKeepingTheRowNumbersAreNamedAsReordered) {
  // Only the contents move: every column but idx is exchanged.
  Tamper("CREATE TEMP TABLE a AS SELECT * FROM entries WHERE idx = 90;"
         "CREATE TEMP TABLE b AS SELECT * FROM entries WHERE idx = 100;"
         "UPDATE entries SET entry = (SELECT entry FROM b), leaf_hash = (SELECT leaf_hash FROM b) WHERE idx = 90;"
         "UPDATE entries SET entry = (SELECT entry FROM a), leaf_hash = (SELECT leaf_hash FROM a) WHERE idx = 100;",
         "CREATE TEMP TABLE a AS SELECT * FROM audit_entries WHERE idx = 90;"
         "CREATE TEMP TABLE b AS SELECT * FROM audit_entries WHERE idx = 100;"
         "UPDATE audit_entries SET entry = (SELECT entry FROM b), leaf_hash = (SELECT leaf_hash FROM b) WHERE idx = 90;"
         "UPDATE audit_entries SET entry = (SELECT entry FROM a), leaf_hash = (SELECT leaf_hash FROM a) "
         "WHERE idx = 100;");
  json report = Verify(3);
  EXPECT_EQ(report["first_bad_entry"]["index"], 90);
  EXPECT_EQ(report["first_bad_entry"]["kind"], "reordered");
}

TEST_F(AuditVerifyCli, AForgedRowIsNamedAsInserted) {
  std::string forged;
  std::string time;
  {
    auto trail = audit::OpenAuditTrail(dir_.path(), OnPostgres() ? PgUrlFor(dir_.path()) : "");
    ASSERT_TRUE(trail.ok());
    time = (*trail)->Entry(12)->event.time;
    forged = audit::EncodeEntry(12, time, audit::EncodeEntryBody(audit::testing::ReadEvent("framed", "forged")));
  }
  std::string hex = audit::ToHex(forged), leaf = audit::ToHex(audit::HashBytes(audit::LeafHash(forged)));
  Tamper("UPDATE entries SET idx = -idx WHERE idx >= 12;"
         "UPDATE entries SET idx = -idx + 1 WHERE idx < 0;"
         "INSERT INTO entries (idx, entry, leaf_hash, time, user_id, department, dataset_id, action, category, "
         "outcome) VALUES (12, X'" + hex + "', X'" + leaf + "', '" + time +
         "', 'framed', 'HBJ', 'air-quality-hourly', 'dataset.query', 'read', 'ok');",
         "UPDATE audit_entries SET idx = -idx WHERE idx >= 12;"
         "UPDATE audit_entries SET idx = -idx + 1 WHERE idx < 0;"
         "INSERT INTO audit_entries (idx, entry, leaf_hash, time, user_id, department, dataset_id, action, category, "
         "outcome) VALUES (12, decode('" + hex + "', 'hex'), decode('" + leaf + "', 'hex'), '" + time +
         "', 'framed', 'HBJ', 'air-quality-hourly', 'dataset.query', 'read', 'ok');");
  json report = Verify(3);
  EXPECT_EQ(report["first_bad_entry"]["index"], 12);
  EXPECT_EQ(report["first_bad_entry"]["kind"], "inserted");
  EXPECT_TRUE(HasHead(report, 3, "root_mismatch"));
}

TEST_F(AuditVerifyCli, AlteredTreeHeadsAreNamed) {
  Tamper("UPDATE tree_heads SET root = zeroblob(32) WHERE id = 2;",
         "UPDATE audit_tree_heads SET root = decode(repeat('00', 32), 'hex') WHERE id = 2;");
  json report = Verify(3);
  EXPECT_TRUE(report["first_bad_entry"].is_null());
  EXPECT_TRUE(HasHead(report, 2, "bad_signature"));
  EXPECT_TRUE(HasHead(report, 2, "root_mismatch"));
  EXPECT_EQ(report["bad_tree_heads"].size(), 2u) << report.dump();

  Tamper("UPDATE tree_heads SET root = (SELECT root FROM tree_heads WHERE id = 1) WHERE id = 2;"
         "UPDATE tree_heads SET signature = zeroblob(64) WHERE id = 3;",
         "UPDATE audit_tree_heads SET root = (SELECT root FROM audit_tree_heads WHERE id = 1) WHERE id = 2;"
         "UPDATE audit_tree_heads SET signature = decode(repeat('00', 64), 'hex') WHERE id = 3;");
  report = Verify(3);
  EXPECT_TRUE(HasHead(report, 3, "bad_signature"));
  EXPECT_FALSE(HasHead(report, 3, "root_mismatch"));
  ProcessResult text = RunYungu({"audit", "verify", "--data", dir_.path().string()});
  EXPECT_NE(text.out.find("FAIL tree head 3 (size 120): bad_signature"), std::string::npos) << text.out;
}

TEST_F(AuditVerifyCli, APinnedPublicKeyIsUsed) {
  std::string real = ReadFileBytes(dir_.path() / "keys" / "audit_ed25519.pub");
  ASSERT_FALSE(real.empty());
  // Another key pair's public key rejects every head.
  TempDir other("yungu_audit_other");
  ASSERT_TRUE(audit::SigningKey::LoadOrCreate(other.path()).ok());
  std::string wrong = ReadFileBytes(other.path() / "audit_ed25519.pub");
  ProcessResult bad = RunYungu({"audit", "verify", "--data", dir_.path().string(), "--json", "--public-key",
                                wrong.substr(0, wrong.size() - 1)});
  EXPECT_EQ(bad.exit_code, 3) << bad.out << bad.err;
  ProcessResult good = RunYungu({"audit", "verify", "--data", dir_.path().string(), "--public-key",
                                 (dir_.path() / "keys" / "audit_ed25519.pub").string()});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  ProcessResult junk = RunYungu({"audit", "verify", "--data", dir_.path().string(), "--public-key", "not-a-key"});
  EXPECT_EQ(junk.exit_code, 3) << junk.err;
  EXPECT_NE(junk.err.find("audit.bad_public_key"), std::string::npos) << junk.err;
}

TEST_F(AuditVerifyCli, ExportAndHeadReadTheLog) {
  ProcessResult ndjson = RunYungu({"audit", "export", "--data", dir_.path().string(), "--category", "admin"});
  ASSERT_EQ(ndjson.exit_code, 0) << ndjson.err;
  std::istringstream lines(ndjson.out);
  std::string line;
  std::vector<int64_t> indexes;
  while (std::getline(lines, line)) indexes.push_back(*audit::EmbeddedIndex(line));
  EXPECT_EQ(indexes, (std::vector<int64_t>{110, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0}));

  ProcessResult csv = RunYungu({"audit", "export", "--data", dir_.path().string(), "--format", "csv", "--user",
                                "user1", "--limit", "3"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("index,time,category,", 0), 0u);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 4) << csv.out;
  EXPECT_NE(csv.out.find("\r\n116,"), std::string::npos) << csv.out;

  ProcessResult bad = RunYungu({"audit", "export", "--data", dir_.path().string(), "--since", "last week"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_NE(bad.err.find("audit.bad_time"), std::string::npos) << bad.err;

  ProcessResult head = RunYungu({"audit", "head", "--data", dir_.path().string(), "--json"});
  ASSERT_EQ(head.exit_code, 0) << head.err;
  json h = json::parse(head.out);
  EXPECT_EQ(h["tree_size"], kEntries);
  EXPECT_EQ(h["signature_valid"], true);
}

TEST(AuditCli, ADataDirectoryWithoutALogIsNotFound) {
  TempDir empty("yungu_audit_none");
  ProcessResult r = RunYungu({"audit", "verify", "--data", empty.path().string()});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("audit.no_log"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(empty.path() / "audit.db"));
}

}  // namespace
}  // namespace yungu::testing
