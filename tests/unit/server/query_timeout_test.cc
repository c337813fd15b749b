// The time limit of data queries, set with --query-timeout-ms or
// [limits] query_timeout_ms: a query running longer answers 503
// query.timeout, a bad limit stops the server from starting.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unit/server/test_server.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

// A dataset whose grouped count by a unique name sorts 200,000 groups.
void CreateWide(const TestServer& server) {
  ASSERT_EQ(server.PostJson("/api/v1/departments", R"({"code": "TEST", "name": "测试局"})").status, 201);
  HttpResponse ds = server.PostJson("/api/v1/datasets", R"({
      "id": "wide", "name": "宽表", "department": "TEST",
      "sharing_type": "unconditional", "opening_type": "unconditional",
      "fields": [{"name": "id", "type": "integer", "primary_key": true}, {"name": "name", "type": "text"}]})");
  ASSERT_EQ(ds.status, 201) << ds.body;
  std::string csv = "id,name\n";
  for (int i = 1; i <= 200000; ++i) csv += std::to_string(i) + ",名" + std::to_string(i * 7919 % 200003) + "\n";
  HttpResponse ingest = server.Post("/api/v1/datasets/wide/ingest", csv, "text/csv");
  ASSERT_EQ(ingest.status, 201) << ingest.body;
}

constexpr const char* kGrouped = "/api/v1/datasets/wide/query?group_by=name&sort=-count&limit=5";

TEST(QueryTimeoutHttp, AQueryPastTheConfiguredLimitAnswers503) {
  TempDir config("yungu_query_timeout");
  WriteFileBytes(config.path() / "yungu.toml", "[limits]\nquery_timeout_ms = 1\n");
  TestServer limited(TestServer::Options::Args({"--config", (config.path() / "yungu.toml").string()}));
  ASSERT_TRUE(limited.ok()) << limited.Output();
  CreateWide(limited);
  HttpResponse r = limited.Get(kGrouped);
  EXPECT_EQ(r.status, 503) << r.body;
  if (r.status == 503) {
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "query.timeout");
  }
  // A small query still fits, and the server goes on serving.
  EXPECT_EQ(limited.Get("/api/v1/health").status, 200);

  // The same query under the default limit (10 s) is answered.
  TestServer open;
  ASSERT_TRUE(open.ok());
  CreateWide(open);
  HttpResponse ok = open.Get(kGrouped);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["records"].size(), 5u);
}

TEST(QueryTimeoutHttp, ALimitOutOfRangeStopsTheServer) {
  TempDir dir("yungu_query_timeout_bad");
  std::string data = (dir.path() / "data").string();
  ProcessResult flag = RunYungu({"serve", "--data", data, "--listen", "127.0.0.1:0", "--query-timeout-ms", "0"});
  EXPECT_NE(flag.exit_code, 0);
  EXPECT_NE(flag.err.find("--query-timeout-ms"), std::string::npos) << flag.err;
  WriteFileBytes(dir.path() / "yungu.toml", "[limits]\nquery_timeout_ms = 7200000\n");
  ProcessResult file = RunYungu({"serve", "--data", data, "--listen", "127.0.0.1:0", "--config",
                                 (dir.path() / "yungu.toml").string()});
  EXPECT_NE(file.exit_code, 0);
  EXPECT_NE(file.err.find("[limits] query_timeout_ms is 1-3600000"), std::string::npos) << file.err;
}

}  // namespace
}  // namespace yungu::testing
