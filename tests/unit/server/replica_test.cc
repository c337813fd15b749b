// Data queries go to a streaming replica while it keeps up: a primary and a
// replica on loopback, reads shown served by the replica (the server's
// counters and the replica's own statistics), the lag reported, and reads
// back on the primary when the replica goes away.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "unit/server/test_server.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

const std::string kClusterScript = std::string(YUNGU_TEST_DATA_DIR) + "/../../scripts/pg-test-cluster.sh";

json Body(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body.substr(0, 300);
  return j;
}

std::string Sh(const std::string& command) {
  auto started = std::chrono::steady_clock::now();
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  EXPECT_EQ(rc, 0) << command << "\n" << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  std::cerr << command << ": " << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
            << " s\n";
  return out;
}

// The first value of `sql` on `url`, or "" on error.
std::string PgValue(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string out;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* res = PQexec(conn, sql.c_str());
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
      out = PQgetvalue(res, 0, 0);
    }
    PQclear(res);
  }
  PQfinish(conn);
  return out;
}

// A primary cluster with a database "hub" and its streaming replica, both
// removed at the end.
class Clusters {
 public:
  Clusters() : dir_("yungu_replica") {
    // The clusters may belong to another user (PostgreSQL refuses root).
    fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
    primary_admin_ = Sh(kClusterScript + " start " + (dir_.path() / "primary").string());
    PgValue(primary_admin_, "CREATE DATABASE hub");
    replica_admin_ = Sh(kClusterScript + " replica " + (dir_.path() / "replica").string() + " " +
                        (dir_.path() / "primary").string());
  }
  ~Clusters() {
    StopReplica();
    Sh(kClusterScript + " stop " + (dir_.path() / "primary").string());
  }
  void StopReplica() {
    if (replica_admin_.empty()) return;
    Sh(kClusterScript + " stop " + (dir_.path() / "replica").string());
    replica_admin_.clear();
  }
  static std::string Hub(const std::string& admin) { return admin.substr(0, admin.rfind('/') + 1) + "hub"; }
  std::string primary() const { return Hub(primary_admin_); }
  std::string replica() const { return Hub(replica_admin_); }
  const fs::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::string primary_admin_, replica_admin_;
};

TEST(ReplicaTest, ReplicaNeedsAPostgresPrimary) {
  ProcessResult r = RunYungu({"catalog", "list", "--data", "/nonexistent/yungu", "--store-replica",
                              "postgresql://127.0.0.1:1/x"});
  if (OnPostgres()) {
    // The harness gave --store: then the replica (unreachable here) is only
    // not used; the command still works against the primary.
    EXPECT_EQ(r.exit_code, 0) << r.err;
  } else {
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("cli.replica_without_store"), std::string::npos) << r.err;
  }
}

TEST(ReplicaTest, ReadsGoToTheReplicaWhileItKeepsUp) {
  if (!OnPostgres()) GTEST_SKIP() << "replicas are a PostgreSQL feature; the embedded store has none";
  Clusters clusters;
  TempDir data("yungu_replica_data");
  ProcessResult admin = RunYungu({"admin", "create", "--data", data.path().string(), "--store", clusters.primary(),
                                  "--username", "root", "--role", "platform_admin", "--token-scope", "admin",
                                  "--password-hash", "fast"});
  ASSERT_EQ(admin.exit_code, 0) << admin.err;
  std::string token = admin.out.substr(admin.out.find("token: ") + 7);
  token = token.substr(0, token.find('\n'));

  TestServer::Options options;
  options.data_dir = data.path();
  options.extra_args = {"--store", clusters.primary(), "--store-replica", clusters.replica(), "--replica-max-lag-ms",
                        "10000"};
  TestServer s(options);
  ASSERT_TRUE(s.ok()) << s.Log();
  auto post = [&](const std::string& target, const std::string& body, const std::string& type) {
    return s.SendAs(token, {"POST", target, {{"Content-Type", type}}, body, true, false});
  };
  ASSERT_EQ(post("/api/v1/departments", R"({"code": "JTJ", "name": "市交通局"})", "application/json").status, 201);
  ASSERT_EQ(post("/api/v1/datasets",
                 R"({"id": "stops", "name": "公交站点", "department": "JTJ", "sharing_type": "unconditional",
                     "opening_type": "unconditional",
                     "fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "text"}]})",
                 "application/json")
                .status,
            201);
  std::string csv = "id,name\n";
  for (int i = 1; i <= 500; ++i) csv += std::to_string(i) + ",站" + std::to_string(i) + "\n";
  HttpResponse ingest = post("/api/v1/datasets/stops/ingest", csv, "text/csv");
  ASSERT_EQ(ingest.status, 201) << ingest.body;

  // The replica catches up and is used; the lag is reported.
  json health;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  do {
    health = Body(s.GetAs(token, "/api/v1/health"));
    if (health["replica"].value("in_use", false)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(health["replica"].value("in_use", false)) << health.dump();
  EXPECT_GE(health["replica"]["lag_ms"].get<int64_t>(), 0);
  EXPECT_LE(health["replica"]["lag_ms"].get<int64_t>(), 10000);

  // The new version's table reaches the replica within the lag: until then
  // its reads fall back to the primary. Wait until the replica answers one.
  auto served = [&] { return Body(s.GetAs(token, "/api/v1/health"))["replica"]["reads_served"].get<int64_t>(); };
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (served() == 0 && std::chrono::steady_clock::now() < deadline) {
    ASSERT_EQ(s.GetAs(token, "/api/v1/datasets/stops/query?limit=1").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  int64_t served_before = served();
  ASSERT_GT(served_before, 0) << s.Log();

  std::string scans_sql = "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables "
                          "WHERE relname LIKE 'd%\\_v%'";
  int64_t scans_before = std::stoll("0" + PgValue(clusters.replica(), scans_sql));
  for (int i = 0; i < 10; ++i) {
    HttpResponse r = s.GetAs(token, "/api/v1/datasets/stops/query?limit=3&offset=" + std::to_string(i) +
                                        "&filters=%7B%22id%22%3A%7B%22gte%22%3A400%7D%7D");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Body(r)["records"].size(), 3u);
  }
  json after = Body(s.GetAs(token, "/api/v1/health"))["replica"];
  EXPECT_GE(after["reads_served"].get<int64_t>(), served_before + 10) << after.dump() << s.Log() << s.Output();
  // The replica's own statistics saw the scans (they are published within
  // about a second).
  int64_t scans_after = scans_before;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    scans_after = std::stoll("0" + PgValue(clusters.replica(), scans_sql));
    if (scans_after >= scans_before + 10) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GE(scans_after, scans_before + 10);
  EXPECT_NE(s.GetAs(token, "/metrics").body.find("yungu_replica_lag_seconds"), std::string::npos);

  // Without the replica, reads go on at the primary.
  clusters.StopReplica();
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    health = Body(s.GetAs(token, "/api/v1/health"));
    if (!health["replica"].value("in_use", true)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_FALSE(health["replica"].value("in_use", true)) << health.dump();
  EXPECT_FALSE(health["replica"].value("reachable", true)) << health.dump();
  HttpResponse r = s.GetAs(token, "/api/v1/datasets/stops/query?limit=2");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["records"].size(), 2u);
}

}  // namespace
}  // namespace yungu::testing
