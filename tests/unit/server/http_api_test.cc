// End-to-end API tests that are easier in C++ than in the case files:
// the OpenAPI document against the live routes, cursor paging to the end,
// size limits, a 10 MB field, and the process lifecycle.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "server/api.h"
#include "unit/server/test_server.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

json Body(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body.substr(0, 500);
  return j;
}

std::string Show(const HttpResponse& r) {
  return std::to_string(r.status) + (r.error.empty() ? "" : " [" + r.error + "]") + " " + r.body.substr(0, 1500);
}

// A department and a dataset with a declared schema, for the tests that ingest.
void CreateSample(const TestServer& server, const std::string& id = "sample") {
  HttpResponse dept = server.PostJson("/api/v1/departments", R"({"code": "TEST", "name": "测试局"})");
  ASSERT_TRUE(dept.status == 201 || dept.status == 409) << Show(dept);
  HttpResponse ds = server.PostJson("/api/v1/datasets", R"({
      "id": ")" + id + R"(", "name": "样例数据", "department": "TEST",
      "sharing_type": "unconditional", "opening_type": "unconditional",
      "fields": [{"name": "code", "title": "编码", "type": "text", "primary_key": true},
                 {"name": "amount", "title": "数量", "type": "integer"},
                 {"name": "note", "title": "备注", "type": "text"}]})");
  ASSERT_EQ(ds.status, 201) << Show(ds);
}

// ---------------------------------------------------------------------------
// The OpenAPI document and the router

// In-process: the routes the server registers are exactly the documented
// operations, with the same summaries.
// Every route the server registers, in process (handlers are never called).
size_t RegisterEveryRoute(server::Router& router) {
  static server::ApiContext ctx;
  server::RegisterSystemRoutes(router, ctx);
  server::RegisterCatalogRoutes(router, ctx);
  server::RegisterIngestRoutes(router, ctx);
  server::RegisterQueryRoutes(router, ctx);
  server::RegisterAuthRoutes(router, ctx);
  server::RegisterWorkflowRoutes(router, ctx);
  server::RegisterAuditRoutes(router, ctx);
  server::RegisterGovernanceRoutes(router, ctx);
  server::RegisterSourceRoutes(router, ctx);
  server::RegisterCkanRoutes(router, ctx);
  server::RegisterDcatRoutes(router, ctx);
  return router.routes().size();
}

TEST(OpenApi, DocumentMatchesTheRegisteredRoutes) {
  server::Router router;
  RegisterEveryRoute(router);
  json doc = server::OpenApiDocument();
  std::set<std::string> documented, registered;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      documented.insert(Lower(method) + " " + path);
    }
  }
  for (const auto& r : router.routes()) {
    std::string key = Lower(r.method) + " " + r.pattern;
    EXPECT_TRUE(registered.insert(key).second) << "registered twice: " << key;
    ASSERT_TRUE(doc["paths"].contains(r.pattern)) << "undocumented path " << r.pattern;
    ASSERT_TRUE(doc["paths"][r.pattern].contains(Lower(r.method))) << "undocumented operation " << key;
    EXPECT_EQ(doc["paths"][r.pattern][Lower(r.method)]["summary"], r.summary) << key;
  }
  EXPECT_EQ(documented, registered);
}

// Fills {placeholders}; `real` picks ids that exist in the demo data.
std::string FillPath(const std::string& pattern, bool real) {
  std::string out = pattern;
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t at = out.find(from); at != std::string::npos; at = out.find(from)) out.replace(at, from.size(), to);
  };
  replace("{id}", real ? "enterprise-registry" : "no-such-dataset");
  replace("{code}", real ? "SCJG" : "NOSUCH");
  replace("{version}", "1");
  replace("{name}", "status_show");  // a CKAN action
  return out;
}

TEST(OpenApi, EveryDocumentedRouteIsServed) {
  TestServer server(TestServer::Options::Demo());
  ASSERT_TRUE(server.ok());
  HttpResponse r = server.Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << Show(r);
  json doc = Body(r);
  ASSERT_EQ(doc["openapi"], "3.0.3");
  size_t operations = 0;
  for (const auto& [pattern, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      ++operations;
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (m == "GET") {
        HttpResponse got = server.Get(FillPath(pattern, true));
        // Objects the demo data has none of (applications, grants, users,
        // trace entries, proofs that need parameters) answer with their own
        // errors; every other documented GET works on the demo data.
        bool no_demo_object = pattern.find("/applications/") != std::string::npos ||
                              pattern.find("/grants/") != std::string::npos ||
                              pattern.find("/users/") != std::string::npos ||
                              pattern.find("/audit/entries/") != std::string::npos ||
                              pattern.find("/audit/proofs/") != std::string::npos ||
                              pattern.find("/elements/") != std::string::npos;
        if (no_demo_object) {
          EXPECT_TRUE(got.status == 400 || got.status == 404) << "GET " << pattern << ": " << Show(got);
          EXPECT_EQ(Body(got)["error"]["code"].get<std::string>().rfind("http.", 0), std::string::npos)
              << "GET " << pattern << ": " << Show(got);
        } else {
          EXPECT_EQ(got.status, 200) << "GET " << pattern << ": " << Show(got);
        }
        continue;
      }
      // Other methods go to ids that do not exist (nothing is changed), with
      // an empty JSON object: any answer but "no such endpoint" or 405.
      HttpRequest req{m, FillPath(pattern, false), {{"Content-Type", "application/json"}}, "{}", true, false};
      HttpResponse got = server.Send(req);
      EXPECT_NE(got.status, 0) << m << " " << pattern << ": " << got.error;
      EXPECT_NE(got.status, 405) << m << " " << pattern << ": " << Show(got);
      if (got.status == 404) {
        EXPECT_NE(Body(got)["error"]["code"], "http.not_found") << m << " " << pattern;
      }
    }
  }
  server::Router router;
  EXPECT_EQ(operations, RegisterEveryRoute(router)) << "every registered route was probed";
  // The demo data was not changed by the probes.
  HttpResponse page = server.Get("/api/v1/datasets?limit=100");
  EXPECT_EQ(Body(page)["total"], 12);
}

// ---------------------------------------------------------------------------
// Cursor paging

// Follows next_cursor until it runs out and compares with one big page.
void PageThrough(const TestServer& server, const std::string& dataset, const std::string& params, int page_size) {
  SCOPED_TRACE(dataset + "?" + params);
  HttpResponse all = server.Get("/api/v1/datasets/" + dataset + "/query?limit=10000&total=true" + params);
  ASSERT_EQ(all.status, 200) << Show(all);
  json whole = Body(all);
  int64_t total = whole["total"].get<int64_t>();
  ASSERT_GT(total, page_size * 2) << "too few rows to page";
  ASSERT_EQ(whole["records"].size(), static_cast<size_t>(total));

  json collected = json::array();
  std::string cursor;
  int pages = 0;
  for (;;) {
    std::string target = "/api/v1/datasets/" + dataset + "/query?limit=" + std::to_string(page_size) + params;
    if (!cursor.empty()) target += "&cursor=" + cursor;
    HttpResponse r = server.Get(target);
    ASSERT_EQ(r.status, 200) << Show(r);
    json page = Body(r);
    for (const auto& rec : page["records"]) collected.push_back(rec);
    ++pages;
    ASSERT_LE(pages, total / page_size + 2) << "the cursor does not advance";
    if (!page.contains("next_cursor")) {
      EXPECT_LT(page["count"].get<int>(), page_size + 1);
      break;
    }
    EXPECT_EQ(page["count"], page_size);
    cursor = page["next_cursor"].get<std::string>();
    ASSERT_FALSE(cursor.empty());
  }
  EXPECT_EQ(collected.size(), static_cast<size_t>(total));
  EXPECT_EQ(collected, whole["records"]) << "paging by cursor gives other rows than one big page";
}

TEST(CursorPaging, FollowsNextCursorToTheEnd) {
  TestServer server(TestServer::Options::Demo());
  ASSERT_TRUE(server.ok());
  PageThrough(server, "enterprise-registry", "", 7);
  // A sort key with many equal values: ties are broken by row order.
  PageThrough(server, "enterprise-registry", "&sort=-district", 9);
  PageThrough(server, "enterprise-registry", "&sort=district,-registered_capital", 11);
  PageThrough(server, "enterprise-registry", "&filters=" + PercentEncode(R"({"district": "樊城区"})") +
                                                 "&sort=registered_capital",
              5);
}

TEST(CursorPaging, CursorOfAnotherSortIsRejected) {
  TestServer server(TestServer::Options::Demo());
  ASSERT_TRUE(server.ok());
  HttpResponse first = server.Get("/api/v1/datasets/enterprise-registry/query?limit=3&sort=district");
  ASSERT_EQ(first.status, 200) << Show(first);
  std::string cursor = Body(first)["next_cursor"];
  HttpResponse other = server.Get("/api/v1/datasets/enterprise-registry/query?limit=3&sort=-district&cursor=" + cursor);
  EXPECT_EQ(other.status, 400) << Show(other);
  EXPECT_EQ(Body(other)["error"]["code"], "query.bad_cursor");
  // Same sort, POST body: continues.
  HttpResponse next = server.PostJson("/api/v1/datasets/enterprise-registry/query",
                                      json{{"limit", 3}, {"sort", "district"}, {"cursor", cursor}}.dump());
  EXPECT_EQ(next.status, 200) << Show(next);
}

// ---------------------------------------------------------------------------
// Size limits

TEST(Limits, OversizedUploadIs413) {
  TestServer server(TestServer::Options::Args({"--max-upload-mb", "1"}));
  ASSERT_TRUE(server.ok());
  CreateSample(server);
  std::string csv = "code,amount,note\n";
  for (int i = 0; csv.size() < (2u << 20); ++i) csv += "C" + std::to_string(i) + "," + std::to_string(i) + ",填充文本填充文本\n";
  HttpResponse r = server.Post("/api/v1/datasets/sample/ingest", csv, "text/csv");
  EXPECT_EQ(r.status, 413) << Show(r);
  if (r.status == 413) {
    EXPECT_EQ(Body(r)["error"]["code"], "http.upload_too_large");
  }
  // Chunked (no Content-Length): the limit applies while reading.
  HttpRequest chunked{"POST", "/api/v1/datasets/sample/ingest", {{"Content-Type", "text/csv"}}, csv, true, true};
  HttpResponse rc = server.Send(chunked);
  EXPECT_EQ(rc.status, 413) << Show(rc);
  if (rc.status == 413) {
    EXPECT_EQ(Body(rc)["error"]["code"], "http.upload_too_large");
  }
  // The server keeps serving, nothing was imported, and a small upload fits.
  EXPECT_EQ(server.Get("/api/v1/health").status, 200);
  EXPECT_EQ(Body(server.Get("/api/v1/datasets/sample"))["current_version"], 0);
  HttpResponse small = server.Post("/api/v1/datasets/sample/ingest", csv.substr(0, csv.find('\n', 1000) + 1), "text/csv");
  EXPECT_EQ(small.status, 201) << Show(small);
}

TEST(Limits, OversizedJsonBodyIs413) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  CreateSample(server);
  std::string big = R"({"summary": ")" + std::string((1u << 20) + 100, 'x') + R"("})";
  HttpResponse r = server.PostJson("/api/v1/datasets/sample", big, "PATCH");
  EXPECT_EQ(r.status, 413) << Show(r);
  if (r.status == 413) {
    EXPECT_EQ(Body(r)["error"]["code"], "http.body_too_large");
  }
  HttpRequest chunked{"PATCH", "/api/v1/datasets/sample", {{"Content-Type", "application/json"}}, big, true, true};
  HttpResponse rc = server.Send(chunked);
  EXPECT_EQ(rc.status, 413) << Show(rc);
  // Unchanged, and the server answers.
  HttpResponse meta = server.Get("/api/v1/datasets/sample");
  ASSERT_EQ(meta.status, 200) << Show(meta);
  EXPECT_EQ(Body(meta)["summary"], "");
  EXPECT_EQ(Body(meta)["metadata_revision"], 1);
  // Under the transport limit, a long summary reaches the catalog's own
  // check (at most 8192 bytes).
  std::string under = R"({"summary": ")" + std::string(100000, 'y') + R"("})";
  HttpResponse u = server.PostJson("/api/v1/datasets/sample", under, "PATCH");
  EXPECT_EQ(u.status, 400) << Show(u);
  EXPECT_EQ(Body(u)["error"]["code"], "catalog.invalid_field");
}

TEST(Limits, TenMegabyteFieldIsOneValue) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  CreateSample(server);
  std::string big(10u << 20, 'z');
  std::string csv = "code,amount,note\nA1,1,short\nA2,2," + big + "\nA3,3,\"quoted, " + std::string(1000, 'q') + "\"\n";
  HttpResponse r = server.Post("/api/v1/datasets/sample/ingest?filename=big.csv", csv, "text/csv");
  ASSERT_EQ(r.status, 201) << Show(r);
  json report = Body(r);
  EXPECT_EQ(report["rows_written"], 3);
  EXPECT_EQ(report["rows_rejected"], 0);
  HttpResponse q = server.Get("/api/v1/datasets/sample/query?fields=code,note&filters=" +
                              PercentEncode(R"({"code": "A2"})"));
  ASSERT_EQ(q.status, 200) << Show(q);
  json rows = Body(q)["records"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["note"].get<std::string>().size(), big.size());
  EXPECT_EQ(rows[0]["note"], big);
}

TEST(Limits, FieldOverTheReaderLimitIsABadRow) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  CreateSample(server);
  HttpResponse ok = server.Post("/api/v1/datasets/sample/ingest", "code,amount,note\nK1,1,keep\n", "text/csv");
  ASSERT_EQ(ok.status, 201) << Show(ok);
  // 17 MB in one field: over the 16 MiB per-field limit.
  std::string csv = "code,amount,note\nA1,1," + std::string(17u << 20, 'z') + "\nA2,2,fine\n";
  HttpResponse r = server.Post("/api/v1/datasets/sample/ingest", csv, "text/csv");
  EXPECT_EQ(r.status, 400) << Show(r);
  json err = Body(r)["error"];
  EXPECT_EQ(err["code"], "ingest.rejected");
  ASSERT_EQ(err["ingest"]["bad_rows"].size(), 1u) << err.dump();
  EXPECT_EQ(err["ingest"]["bad_rows"][0]["line"], 2);
  EXPECT_EQ(err["ingest"]["bad_rows"][0]["code"], "ingest.field_too_large");
  json meta = Body(server.Get("/api/v1/datasets/sample"));
  EXPECT_EQ(meta["current_version"], 1);
  EXPECT_EQ(meta["row_count"], 1);
}

// ---------------------------------------------------------------------------
// Process lifecycle and connections

TEST(Lifecycle, StopsCleanlyOnSigterm) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  EXPECT_NE(server.url().find("http://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(server.Get("/api/v1/health").status, 200);
  server.Stop();
  EXPECT_TRUE(WIFEXITED(server.exit_status()) && WEXITSTATUS(server.exit_status()) == 0)
      << "wait status " << server.exit_status();
}

TEST(Lifecycle, KeepAliveConnectionServesPipelinedRequests) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  // Two requests written back to back on one connection: the first keeps it
  // open, the second closes it. The bytes after the first header (sent as
  // its "body" without a Content-Length) are simply the next request.
  HttpRequest req{"GET", "/api/v1/health", {{"Connection", "keep-alive"}},
                  "GET /api/v1/themes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false, false};
  HttpResponse r = server.Send(req);
  ASSERT_EQ(r.status, 200) << Show(r);
  EXPECT_EQ(Body(r)["status"], "ok");
  size_t responses = 0;
  for (size_t at = r.raw.find("HTTP/1.1 200"); at != std::string::npos; at = r.raw.find("HTTP/1.1 200", at + 1)) {
    ++responses;
  }
  EXPECT_EQ(responses, 2u) << r.raw.substr(0, 2000);
  EXPECT_NE(r.raw.find("\"themes\""), std::string::npos);
}

TEST(Lifecycle, ConcurrentClients) {
  TestServer server(TestServer::Options::Demo());
  ASSERT_TRUE(server.ok());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        HttpResponse r = server.Get("/api/v1/datasets/enterprise-registry/query?limit=5&offset=" +
                                    std::to_string(t * 5 + i));
        if (r.status == 200) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 40);
}

TEST(BadRequests, MalformedHttpGetsNoCrash) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  // Garbage instead of a request line, then a huge header.
  HttpRequest garbage{"NOT A REQUEST", "\x01\x02", {}, "", false, false};
  HttpResponse g = server.Send(garbage, 5000);
  EXPECT_TRUE(g.status == 0 || g.status == 400) << Show(g);
  HttpRequest huge{"GET", "/api/v1/health", {{"X-Big", std::string(100000, 'h')}}, "", true, false};
  HttpResponse h = server.Send(huge, 5000);
  EXPECT_EQ(h.status, 431) << Show(h);  // answered, not dropped
  EXPECT_NE(h.body.find("http.header_too_large"), std::string::npos) << Show(h);
  EXPECT_EQ(server.Get("/api/v1/health").status, 200);
  EXPECT_TRUE(server.running());
}

}  // namespace
}  // namespace yungu::testing
