// The test suites run once per backend. Under CTest's PostgreSQL pass,
// YUNGU_TEST_STORE=postgres and YUNGU_TEST_PG_DIR names the throwaway
// cluster that scripts/pg-test-cluster.sh started (its admin URL is in
// DIR/url); every store a test opens gets a new empty database there.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace yungu::testing {

inline bool OnPostgres() {
  const char* s = std::getenv("YUNGU_TEST_STORE");
  return s && std::string(s) == "postgres";
}

// The cluster's admin URL; throws when the PostgreSQL pass has no cluster
// (a missing cluster is a failure, never a skip).
inline std::string PgAdminUrl() {
  if (const char* url = std::getenv("YUNGU_TEST_PG_URL"); url && *url) return url;
  const char* dir = std::getenv("YUNGU_TEST_PG_DIR");
  if (!dir) throw std::runtime_error("YUNGU_TEST_STORE=postgres needs YUNGU_TEST_PG_DIR or YUNGU_TEST_PG_URL");
  std::ifstream in(std::string(dir) + "/url");
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(std::string("no test cluster: ") + dir + "/url is missing");
  return url;
}

// Creates an empty database (or a copy of `template_url`'s, which nothing
// may be connected to) and returns its URL.
inline std::string NewPgDatabase(const std::string& template_url = "") {
  static std::atomic<int> counter{0};
  std::string admin = PgAdminUrl();
  std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                     std::to_string(std::random_device{}() % 1000000);
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test cluster: " + message);
  }
  std::string from = template_url.empty() ? "template0" : template_url.substr(template_url.rfind('/') + 1);
  bool ok = false;
  std::string message;
  // A template is briefly busy while another process copies it: retry.
  for (int attempt = 0; attempt < 100 && !ok; ++attempt) {
    if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    PGresult* res = PQexec(conn, ("CREATE DATABASE " + name + " TEMPLATE " + from).c_str());
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    message = PQerrorMessage(conn);
    PQclear(res);
    if (!ok && message.find("being accessed by other users") == std::string::npos) break;
  }
  PQfinish(conn);
  if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + message);
  size_t slash = admin.rfind('/');
  return admin.substr(0, slash + 1) + name;
}

// Drops a database NewPgDatabase made (connections to it are ended first),
// so a long test run does not fill the disk.
inline void DropPgDatabase(const std::string& url) {
  if (url.empty()) return;
  std::string name = url.substr(url.rfind('/') + 1);
  PGconn* conn = PQconnectdb(PgAdminUrl().c_str());
  if (PQstatus(conn) == CONNECTION_OK) {
    PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").c_str()));
  }
  PQfinish(conn);
}

}  // namespace yungu::testing
