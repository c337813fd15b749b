// The audit API on a real `yungu serve`: auditors read entries and proofs,
// and each proof verifies against a tree head whose signature verifies with
// the hub's public key; others are refused (and the refusal is traced).
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "unit/server/test_server.h"
#include "yungu/audit/merkle.h"
#include "yungu/audit/tree_head.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

json Body(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.status << " " << r.body.substr(0, 500);
  return j;
}

std::string ErrorCode(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? "" : j["error"]["code"].get<std::string>();
}

audit::Hash HashB64(const json& text) {
  auto bytes = audit::FromBase64(text.get<std::string>());
  EXPECT_TRUE(bytes && bytes->size() == 32) << text;
  return bytes ? audit::HashFromBytes(*bytes).value_or(audit::Hash{}) : audit::Hash{};
}

std::vector<audit::Hash> Hashes(const json& list) {
  std::vector<audit::Hash> out;
  for (const auto& h : list) out.push_back(HashB64(h));
  return out;
}

// A signed head from the API, checked with the public key it came with.
audit::SignedTreeHead CheckedHead(const json& head, const json& public_key) {
  audit::SignedTreeHead h;
  h.id = head["id"];
  h.size = head["tree_size"];
  h.timestamp_us = head["timestamp_us"];
  h.root = HashB64(head["root_hash"]);
  auto signature = audit::FromBase64(head["signature"].get<std::string>());
  EXPECT_TRUE(signature && signature->size() == 64);
  if (signature && signature->size() == 64) std::memcpy(h.signature.data(), signature->data(), 64);
  auto key = audit::ParsePublicKey(public_key.get<std::string>());
  EXPECT_TRUE(key.ok());
  if (key.ok()) {
    EXPECT_TRUE(audit::VerifyTreeHead(h, *key)) << "tree head " << h.id << " does not verify";
  }
  return h;
}

class AuditApi : public ::testing::Test {
 protected:
  void SetUp() override {
    // Tree heads every second, so the test sees several.
    config_ = scratch_.path() / "yungu.toml";
    WriteFileBytes(config_, "[audit]\nsign_interval_seconds = 1\nalert_distinct_subjects_per_day = 50\n");
    server_ = std::make_unique<TestServer>(TestServer::Options::Args({"--config", config_.string()}));
    ASSERT_TRUE(server_->ok());
    auditor_ = server_->CreateUser("auditor_one", "auditor", "", "read");
    outsider_ = server_->CreateUser("curious_one", "public_user", "", "read");
    ASSERT_FALSE(auditor_.empty());
    ASSERT_FALSE(outsider_.empty());
  }

  HttpResponse AsAuditor(const std::string& target) { return server_->GetAs(auditor_, target); }

  // Polls the latest head until it covers at least `size` entries (each
  // poll is itself traced, so the log keeps growing).
  json HeadCovering(int64_t size) {
    json head;
    bool reached = Eventually([&] {
      HttpResponse r = AsAuditor("/api/v1/audit/tree-head");
      if (r.status != 200) return false;
      head = Body(r);
      return head["tree_size"].get<int64_t>() >= size;
    });
    EXPECT_TRUE(reached) << "no tree head covering " << size << " entries";
    return head;
  }

  static bool Eventually(const std::function<bool()>& condition) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
  }

  TempDir scratch_{"yungu_audit_api"};
  fs::path config_;
  std::unique_ptr<TestServer> server_;
  std::string auditor_, outsider_;
};

TEST_F(AuditApi, OnlyAuditorsAndPlatformAdminsReadTheTrace) {
  const char* routes[] = {"/api/v1/audit/entries", "/api/v1/audit/entries/0", "/api/v1/audit/tree-head",
                          "/api/v1/audit/tree-heads", "/api/v1/audit/proofs/inclusion?index=0",
                          "/api/v1/audit/proofs/consistency?first=0", "/api/v1/audit/alerts"};
  for (const char* route : routes) {
    HttpResponse anonymous = server_->GetAs("", route);
    EXPECT_EQ(anonymous.status, 401) << route << " " << anonymous.body;
    EXPECT_EQ(ErrorCode(anonymous), "auth.required") << route;
    HttpResponse outsider = server_->GetAs(outsider_, route);
    EXPECT_EQ(outsider.status, 403) << route << " " << outsider.body;
    EXPECT_EQ(ErrorCode(outsider), "audit.forbidden") << route;
  }
  HttpResponse admin = server_->Get("/api/v1/audit/entries");  // the harness's platform admin
  EXPECT_EQ(admin.status, 200) << admin.body;
  // The refused attempts are in the trace, with who made them.
  HttpResponse denied = AsAuditor("/api/v1/audit/entries?outcome=denied&action=audit.search&limit=1000");
  ASSERT_EQ(denied.status, 200) << denied.body;
  int by_outsider = 0;
  json found = Body(denied);
  for (const auto& e : found["entries"]) {
    if (e["entry"]["username"] == "curious_one") {
      ++by_outsider;
      EXPECT_EQ(e["entry"]["error_code"], "audit.forbidden");
    }
  }
  EXPECT_EQ(by_outsider, 7);
}

TEST_F(AuditApi, ProofsFromTheApiVerifyAgainstTheSignedHead) {
  // Entries to prove: every reading of the trace is itself traced.
  for (int i = 0; i < 6; ++i) ASSERT_EQ(AsAuditor("/api/v1/audit/alerts").status, 200);
  json first_head = HeadCovering(3);
  audit::SignedTreeHead older = CheckedHead(first_head, first_head["public_key"]);
  json latest = HeadCovering(older.size + 5);
  audit::SignedTreeHead head = CheckedHead(latest, latest["public_key"]);
  ASSERT_GT(head.size, older.size);

  for (int64_t i = 0; i < head.size; ++i) {
    HttpResponse e = AsAuditor("/api/v1/audit/entries/" + std::to_string(i));
    ASSERT_EQ(e.status, 200) << e.body;
    json entry = Body(e);
    EXPECT_EQ(entry["index"], i);
    EXPECT_EQ(entry["entry"]["index"], i);
    audit::Hash leaf = audit::LeafHash(entry["canonical"].get<std::string>());
    EXPECT_EQ(leaf, HashB64(entry["leaf_hash"])) << "the leaf hash covers the canonical bytes";
    HttpResponse p = AsAuditor("/api/v1/audit/proofs/inclusion?index=" + std::to_string(i) +
                               "&size=" + std::to_string(head.size));
    ASSERT_EQ(p.status, 200) << p.body;
    json proof = Body(p);
    EXPECT_TRUE(audit::VerifyInclusion(i, head.size, leaf, Hashes(proof["audit_path"]), head.root))
        << "entry " << i << " in the signed tree of " << head.size;
    EXPECT_FALSE(audit::VerifyInclusion(i, head.size, audit::LeafHash("forged"), Hashes(proof["audit_path"]),
                                        head.root));
  }
  // Without a size, the proof is for the latest signed head.
  HttpResponse latest_proof = AsAuditor("/api/v1/audit/proofs/inclusion?index=0");
  ASSERT_EQ(latest_proof.status, 200) << latest_proof.body;
  EXPECT_GE(Body(latest_proof)["tree_size"].get<int64_t>(), head.size);

  HttpResponse c = AsAuditor("/api/v1/audit/proofs/consistency?first=" + std::to_string(older.size) +
                             "&second=" + std::to_string(head.size));
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_TRUE(audit::VerifyConsistency(older.size, head.size, older.root, head.root,
                                       Hashes(Body(c)["consistency_path"])))
      << "the older signed tree is a prefix of the newer one";

  // Every stored head is listed and verifies.
  HttpResponse list = AsAuditor("/api/v1/audit/tree-heads?limit=1000");
  ASSERT_EQ(list.status, 200) << list.body;
  json heads = Body(list);
  ASSERT_GE(heads["tree_heads"].size(), 2u);
  for (const auto& h : heads["tree_heads"]) CheckedHead(h, heads["public_key"]);
}

TEST_F(AuditApi, SearchPagesExportsAndRefusesBadParameters) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(AsAuditor("/api/v1/audit/alerts").status, 200);
  HttpResponse page = AsAuditor("/api/v1/audit/entries?limit=2&action=audit.search");
  ASSERT_EQ(page.status, 200) << page.body;
  json p1 = Body(page);
  ASSERT_EQ(p1["entries"].size(), 2u);
  int64_t newest = p1["entries"][0]["index"];
  EXPECT_GT(newest, p1["entries"][1]["index"].get<int64_t>()) << "newest first";
  EXPECT_EQ(p1["entries"][0]["entry"]["target"], "/api/v1/audit/entries") << "the search traced itself";
  ASSERT_TRUE(p1["next_before"].is_number());
  HttpResponse next = AsAuditor("/api/v1/audit/entries?limit=2&before=" + std::to_string(p1["next_before"].get<int64_t>()));
  ASSERT_EQ(next.status, 200);
  EXPECT_LT(Body(next)["entries"][0]["index"].get<int64_t>(), p1["next_before"].get<int64_t>());

  HttpResponse ndjson = AsAuditor("/api/v1/audit/entries?format=ndjson&category=admin");
  ASSERT_EQ(ndjson.status, 200) << ndjson.body;
  EXPECT_EQ(ndjson.Header("content-type"), "application/x-ndjson");
  std::istringstream lines(ndjson.body);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    json entry = json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << line;
    EXPECT_EQ(entry["category"], "admin");
    ++count;
  }
  EXPECT_GE(count, 7);
  HttpResponse csv = AsAuditor("/api/v1/audit/entries?format=csv&limit=3");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.rfind("index,time,category,", 0), 0u);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 4);

  struct Bad {
    const char* target;
    int status;
    const char* code;
  } bad[] = {
      {"/api/v1/audit/entries?limit=0", 400, "audit.bad_parameter"},
      {"/api/v1/audit/entries?since=tuesday", 400, "audit.bad_time"},
      {"/api/v1/audit/entries?select=all", 400, "audit.unknown_parameter"},
      {"/api/v1/audit/entries?format=xml", 400, "audit.bad_format"},
      {"/api/v1/audit/entries/abc", 400, "audit.bad_parameter"},
      {"/api/v1/audit/entries/99999999", 404, "audit.no_entry"},
      {"/api/v1/audit/proofs/inclusion", 400, "audit.bad_parameter"},
      {"/api/v1/audit/proofs/inclusion?index=5&size=3", 400, "audit.bad_proof_range"},
      {"/api/v1/audit/proofs/inclusion?index=0&size=99999999", 400, "audit.bad_proof_range"},
      {"/api/v1/audit/proofs/consistency?first=9&second=3", 400, "audit.bad_proof_range"},
      {"/api/v1/audit/tree-heads?limit=-4", 400, "http.bad_parameter"},
  };
  for (const auto& b : bad) {
    HttpResponse r = AsAuditor(b.target);
    EXPECT_EQ(r.status, b.status) << b.target << " " << r.body;
    EXPECT_EQ(ErrorCode(r), b.code) << b.target;
  }
  HttpResponse alerts = AsAuditor("/api/v1/audit/alerts");
  ASSERT_EQ(alerts.status, 200);
  EXPECT_TRUE(Body(alerts)["alerts"].is_array());
}

TEST_F(AuditApi, AStoppedServerLeavesALogThatVerifiesUpToItsLastEntry) {
  for (int i = 0; i < 4; ++i) ASSERT_EQ(AsAuditor("/api/v1/audit/entries?limit=1").status, 200);
  server_->Stop();
  ProcessResult verify = RunYungu({"audit", "verify", "--data", server_->data_dir().string(), "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  json report = json::parse(verify.out);
  EXPECT_GE(report["entries"].get<int64_t>(), 4);
  EXPECT_EQ(report["signed_size"], report["entries"]) << "the final head, signed on shutdown, covers everything";
}

}  // namespace
}  // namespace yungu::testing
