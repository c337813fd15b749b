// Every read leaves a trace entry an auditor can find (who, dataset,
// version, fields, filter, rows, outcome), refusals included; reading
// sensitive fields of more persons a day than configured raises an alert.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "unit/server/test_server.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

json Body(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body.substr(0, 500);
  return j;
}

// Appends are committed in groups: poll the search until `want` entries match.
json WaitForEntries(const TestServer& server, const std::string& token, const std::string& query, size_t want) {
  json entries;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    HttpResponse r = server.GetAs(token, "/api/v1/audit/entries?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    entries = Body(r)["entries"];
    if (entries.size() >= want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return entries;
}

class ReadTraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFileBytes(config_dir_.path() / "yungu.toml", "[audit]\nalert_distinct_subjects_per_day = 3\n");
    server_ = std::make_unique<TestServer>(
        TestServer::Options::Args({"--config", (config_dir_.path() / "yungu.toml").string()}));
    ASSERT_TRUE(server_->ok());
    auto& s = *server_;
    for (const char* dept : {R"({"code": "A", "name": "甲局"})", R"({"code": "B", "name": "乙局"})"}) {
      ASSERT_EQ(s.PostJson("/api/v1/departments", dept).status, 201);
    }
    ASSERT_EQ(s.PostJson("/api/v1/datasets", R"({"id": "residents", "name": "居民", "department": "A",
        "sharing_type": "none", "opening_type": "none",
        "fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "text"},
                   {"name": "phone", "type": "text", "sensitivity": 3}]})")
                  .status,
              201);
    HttpResponse ingest = s.Post("/api/v1/datasets/residents/ingest",
                                 "id,name,phone\n1,甲,13800000001\n2,乙,13800000002\n3,丙,13800000003\n"
                                 "4,丁,13800000004\n5,戊,13800000005\n",
                                 "text/csv");
    ASSERT_EQ(ingest.status, 201) << ingest.body;
    gov_a_ = s.CreateUser("gov_a", "government_user", "A", "read");
    gov_b_ = s.CreateUser("gov_b", "government_user", "B", "read");
    auditor_ = s.CreateUser("auditor", "auditor", "", "read");
  }

  TempDir config_dir_{"yungu_trace_cfg"};
  std::unique_ptr<TestServer> server_;
  std::string gov_a_, gov_b_, auditor_;
};

TEST_F(ReadTraceTest, ReadsAndRefusalsAreTracedWithWhatTheyRevealed) {
  auto& s = *server_;
  HttpResponse read = s.GetAs(gov_a_, "/api/v1/datasets/residents/query?filters={\"id\":{\"lte\":2}}&fields=id,phone"
                                      "&purpose=核查");
  ASSERT_EQ(read.status, 200) << read.body;
  HttpResponse refused = s.GetAs(gov_b_, "/api/v1/datasets/residents/query");
  ASSERT_EQ(refused.status, 403) << refused.body;
  HttpResponse exported = s.GetAs(gov_a_, "/api/v1/datasets/residents/export?format=csv&fields=id,name");
  ASSERT_EQ(exported.status, 200);

  json entries = WaitForEntries(s, auditor_, "dataset=residents&category=read", 3);
  ASSERT_EQ(entries.size(), 3u) << entries.dump(1);
  // Newest first: the export, the refusal, the query.
  json exp = entries[0]["entry"], ref = entries[1]["entry"], q = entries[2]["entry"];
  EXPECT_EQ(q["action"], "dataset.query");
  EXPECT_EQ(q["username"], "gov_a");
  EXPECT_EQ(q["department"], "A");
  EXPECT_EQ(q["outcome"], "ok");
  EXPECT_EQ(q["version"], 1);
  EXPECT_EQ(q["rows"], 2);
  EXPECT_EQ(q["fields"], json({"id", "phone"}));
  EXPECT_EQ(q["purpose"], "核查");
  EXPECT_EQ(q["filter"]["filters"], "{\"id\":{\"lte\":2}}");
  EXPECT_EQ(q["client_address"], "127.0.0.1");
  EXPECT_EQ(ref["username"], "gov_b");
  EXPECT_EQ(ref["outcome"], "denied");
  EXPECT_EQ(ref["error_code"], "access.not_shared");
  EXPECT_EQ(ref["rows"], -1);
  EXPECT_EQ(exp["action"], "dataset.export");
  EXPECT_EQ(exp["rows"], 5);
  EXPECT_EQ(exp["fields"], json({"id", "name"}));

  // Searchable by field, and each entry is in the signed tree.
  json by_field = WaitForEntries(s, auditor_, "field=phone", 1);
  ASSERT_EQ(by_field.size(), 1u);
  int64_t index = by_field[0]["index"];
  HttpResponse proof = s.GetAs(auditor_, "/api/v1/audit/proofs/inclusion?index=" + std::to_string(index));
  EXPECT_EQ(proof.status, 200) << proof.body;

  // Data readers cannot read the trace.
  EXPECT_EQ(s.GetAs(gov_a_, "/api/v1/audit/entries").status, 403);
  EXPECT_EQ(s.GetAs("", "/api/v1/audit/entries").status, 401);
}

TEST_F(ReadTraceTest, ReadingSensitiveFieldsOfManyPersonsRaisesOneAlert) {
  auto& s = *server_;
  // Names only: not sensitive, no alert however many rows.
  ASSERT_EQ(s.GetAs(gov_a_, "/api/v1/datasets/residents/query?fields=id,name").status, 200);
  // Two persons' phone numbers, then the same two again: 2 distinct, under 3.
  ASSERT_EQ(s.GetAs(gov_a_, "/api/v1/datasets/residents/query?fields=id,phone&limit=2").status, 200);
  ASSERT_EQ(s.GetAs(gov_a_, "/api/v1/datasets/residents/query?fields=id,phone&limit=2").status, 200);
  WaitForEntries(s, auditor_, "dataset=residents&category=read", 3);
  EXPECT_EQ(Body(s.GetAs(auditor_, "/api/v1/audit/alerts"))["alerts"].size(), 0u);
  // All five: over the threshold, one alert; reading more adds none.
  ASSERT_EQ(s.GetAs(gov_a_, "/api/v1/datasets/residents/query?fields=id,phone").status, 200);
  ASSERT_EQ(s.GetAs(gov_a_, "/api/v1/datasets/residents/export?format=csv").status, 200);
  json alerts;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    alerts = Body(s.GetAs(auditor_, "/api/v1/audit/alerts"))["alerts"];
    if (!alerts.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(alerts.size(), 1u) << alerts.dump(1);
  EXPECT_EQ(alerts[0]["username"], "gov_a");
  EXPECT_GE(alerts[0]["distinct_subjects"].get<int64_t>(), 4);
  EXPECT_EQ(alerts[0]["threshold"], 3);
}

}  // namespace
}  // namespace yungu::testing
