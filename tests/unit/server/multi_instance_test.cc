// Several `yungu serve` processes on one PostgreSQL database answer alike:
// sessions, tokens, data and the audit log are shared, and the log stays one
// gapless, verifiable sequence while both instances append to it at once.
// On the embedded store a data directory has one writer: a second server on
// it is refused.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "unit/server/test_server.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

json Body(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body.substr(0, 300);
  return j;
}

// The second instance: its own data directory (as on another machine) with
// the first one's keys, on the same database.
TestServer::Options SecondInstance(const TestServer& first, const fs::path& dir) {
  fs::create_directories(dir);
  fs::copy(first.data_dir() / "keys", dir / "keys", fs::copy_options::recursive);
  TestServer::Options o;
  o.data_dir = dir;
  o.extra_args = {"--store", PgUrlFor(first.data_dir())};
  return o;
}

std::string FirstDatasetId(const TestServer& s) {
  json page = Body(s.Get("/api/v1/datasets?limit=50&sort=name"));
  for (const auto& d : page["datasets"]) {
    if (d.value("current_version", 0) > 0) return d["id"].get<std::string>();
  }
  ADD_FAILURE() << "no dataset with data";
  return {};
}

TEST(MultiInstanceTest, SecondServerOnOneDataDirectoryIsRefusedOnTheEmbeddedStore) {
  if (OnPostgres()) {
    GTEST_SKIP() << "several servers per database is the PostgreSQL case (TwoServersShareOneDatabase)";
  }
  TestServer first;
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Body(first.Get("/api/v1/health"))["store"], "sqlite");
  ProcessResult second = RunYungu({"serve", "--data", first.data_dir().string(), "--listen", "127.0.0.1:0",
                                   "--web", "none"});
  EXPECT_NE(second.exit_code, 0);
  EXPECT_NE(second.err.find("audit.locked"), std::string::npos) << second.err;
}

TEST(MultiInstanceTest, TwoServersShareOneDatabase) {
  if (!OnPostgres()) {
    GTEST_SKIP() << "the embedded store has one server per data directory (see the test above)";
  }
  TestServer a(TestServer::Options::Demo());
  ASSERT_TRUE(a.ok());
  TempDir other("yungu_second");
  TestServer b(SecondInstance(a, other.path() / "data"));
  ASSERT_TRUE(b.ok()) << b.Log();
  const std::string admin = a.admin_token();
  EXPECT_EQ(Body(b.GetAs(admin, "/api/v1/health"))["store"], "postgresql");

  // A token made on one instance works on the other; revoked there, it is
  // refused here at once.
  HttpResponse made = a.PostJson("/api/v1/tokens", R"({"name": "shared", "scope": "read"})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string token = Body(made)["token"];
  std::string token_id = Body(made)["id"];
  EXPECT_EQ(b.GetAs(token, "/api/v1/auth/me").status, 200);

  // A user made on B logs in on A; the session works on B.
  HttpResponse user = b.SendAs(admin, {"POST", "/api/v1/users", {{"Content-Type", "application/json"}},
                                       R"({"username": "wang.wu", "roles": ["public_user"]})", true, false});
  ASSERT_EQ(user.status, 201) << user.body;
  std::string password = Body(user)["password"];
  HttpResponse login = a.SendAs("", {"POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                                     json{{"username", "wang.wu"}, {"password", password}}.dump(), true, false});
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie = login.Header("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  HttpRequest me{"GET", "/api/v1/auth/me", {{"Cookie", cookie}}, "", true, false};
  me.anonymous = true;
  json who = Body(b.Send(me));
  EXPECT_EQ(who["username"], "wang.wu") << who.dump();

  // Both instances read concurrently and give the same answers; every read
  // lands in the one audit log.
  std::string dataset = FirstDatasetId(a);
  std::string target = "/api/v1/datasets/" + dataset + "/query?limit=5&total=true";
  json expected = Body(a.Get(target));
  ASSERT_TRUE(expected.contains("records")) << expected.dump();
  constexpr int kReadsPerThread = 40;
  std::atomic<int> mismatches{0}, failures{0};
  auto reader = [&](const TestServer& s) {
    for (int i = 0; i < kReadsPerThread; ++i) {
      HttpResponse r = s.GetAs(admin, target);
      if (r.status != 200) {
        ++failures;
        continue;
      }
      if (Body(r)["records"] != expected["records"]) ++mismatches;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back(reader, std::cref(t % 2 ? b : a));
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);

  HttpResponse revoked = b.SendAs(admin, {"DELETE", "/api/v1/tokens/" + token_id, {}, "", true, false});
  EXPECT_TRUE(revoked.status == 200 || revoked.status == 204) << revoked.body;
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  do {
    status = a.GetAs(token, "/api/v1/auth/me").status;
    if (status == 401) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(status, 401) << "a token revoked on one instance must stop working on the other";

  // Both stop (each signs a final tree head); the log verifies as one
  // sequence holding every read of both.
  a.Stop();
  b.Stop();
  ProcessResult verify = RunYungu({"audit", "verify", "--data", a.data_dir().string(), "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  json report = json::parse(verify.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << verify.out;
  EXPECT_TRUE(report.value("ok", false)) << verify.out;
  ProcessResult reads = RunYungu({"audit", "export", "--data", a.data_dir().string(), "--format", "ndjson",
                                  "--action", "dataset.query"});
  ASSERT_EQ(reads.exit_code, 0) << reads.err;
  int lines = 0;
  for (char c : reads.out) lines += c == '\n';
  EXPECT_GE(lines, 4 * kReadsPerThread + 1);
}

}  // namespace
}  // namespace yungu::testing
