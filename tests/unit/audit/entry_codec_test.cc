// The canonical entry bytes: fixed key order, no whitespace, index and time
// inside, a faithful round trip, and the fast index reader.
#include <gtest/gtest.h>

#include "unit/audit/audit_test_util.h"
#include "yungu/audit/entry_codec.h"

namespace yungu::audit {
namespace {

TEST(EntryCodec, KeysComeInTheDocumentedOrderWithoutWhitespace) {
  AuditEvent e;
  e.category = "admin";
  e.action = "user.roles";
  e.user_id = "u_1";
  e.roles = {"platform_admin"};
  e.filter = {{"b", 1}, {"a", "x y"}};
  e.detail = {{"new", {"auditor"}}};
  e.subjects = {7, 8};
  std::string bytes = EncodeEntry(12, "2026-01-02T03:04:05.000006Z", EncodeEntryBody(e));
  EXPECT_EQ(bytes,
            R"({"v":1,"index":12,"time":"2026-01-02T03:04:05.000006Z","category":"admin","action":"user.roles",)"
            R"("outcome":"ok","error_code":"","user_id":"u_1","username":"","department":"",)"
            R"("roles":["platform_admin"],"via":"","credential_id":"","client_address":"","dataset_id":"",)"
            R"("version":0,"fields":[],"filter":{"a":"x y","b":1},"rows":-1,"grant_id":0,"purpose":"",)"
            R"("target":"","detail":{"new":["auditor"]}})");
  // The same event always gives the same bytes.
  EXPECT_EQ(EncodeEntryBody(e), EncodeEntryBody(e));
}

TEST(EntryCodec, RoundTripsEveryField) {
  AuditEvent e = testing::ReadEvent("u_42", "marker \"quoted\"\n");
  e.error_code = "policy.denied";
  e.outcome = "denied";
  e.grant_id = 9;
  e.detail = {{"k", {1, 2.5, nullptr, true}}};
  auto decoded = DecodeEntry(EncodeEntry(7, "2026-01-01T00:00:00.000000Z", EncodeEntryBody(e)));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->index, 7);
  const AuditEvent& d = decoded->event;
  EXPECT_EQ(d.time, "2026-01-01T00:00:00.000000Z");
  EXPECT_EQ(d.category, e.category);
  EXPECT_EQ(d.action, e.action);
  EXPECT_EQ(d.outcome, "denied");
  EXPECT_EQ(d.error_code, "policy.denied");
  EXPECT_EQ(d.user_id, e.user_id);
  EXPECT_EQ(d.username, e.username);
  EXPECT_EQ(d.department, e.department);
  EXPECT_EQ(d.roles, e.roles);
  EXPECT_EQ(d.via, e.via);
  EXPECT_EQ(d.credential_id, e.credential_id);
  EXPECT_EQ(d.client_address, e.client_address);
  EXPECT_EQ(d.dataset_id, e.dataset_id);
  EXPECT_EQ(d.version, e.version);
  EXPECT_EQ(d.fields, e.fields);
  EXPECT_EQ(d.filter, e.filter);
  EXPECT_EQ(d.rows, e.rows);
  EXPECT_EQ(d.grant_id, 9);
  EXPECT_EQ(d.purpose, e.purpose);
  EXPECT_EQ(d.target, e.target);
  EXPECT_EQ(d.detail, e.detail);
}

TEST(EntryCodec, InvalidUtf8BecomesReplacementCharacters) {
  AuditEvent e;
  e.purpose = std::string("bad \xff\xfe bytes");
  std::string bytes = EncodeEntry(0, "2026-01-01T00:00:00.000000Z", EncodeEntryBody(e));
  auto decoded = DecodeEntry(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_NE(decoded->event.purpose.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(EntryCodec, EmbeddedIndexReadsOnlyCanonicalPrefixes) {
  EXPECT_EQ(EmbeddedIndex(EncodeEntry(0, "t", "}")), 0);
  EXPECT_EQ(EmbeddedIndex(EncodeEntry(1234567890123, "t", "}")), 1234567890123);
  EXPECT_EQ(EmbeddedIndex(R"({"v":1,"index":007,"time":"t"})"), std::nullopt);
  EXPECT_EQ(EmbeddedIndex(R"({"index":7,"v":1})"), std::nullopt);
  EXPECT_EQ(EmbeddedIndex(R"({"v":1,"index":7)"), std::nullopt);
  EXPECT_EQ(EmbeddedIndex(""), std::nullopt);
}

TEST(EntryCodec, MalformedEntriesAreCorruption) {
  EXPECT_EQ(DecodeEntry("not json").status().code(), Code::kCorruption);
  EXPECT_EQ(DecodeEntry(R"({"v":2,"index":1})").status().error_code(), "audit.bad_entry");
  EXPECT_EQ(DecodeEntry(R"({"v":1,"index":1,"time":5})").status().error_code(), "audit.bad_entry");
}

}  // namespace
}  // namespace yungu::audit
