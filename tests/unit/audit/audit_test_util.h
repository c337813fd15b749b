// Helpers of the audit tests: scratch directories, events, and direct SQL
// on DATA/audit.db (the way someone tampering with the file would).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "yungu/audit/audit_event.h"

namespace yungu::audit::testing {

namespace fs = std::filesystem;

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::path(::testing::TempDir()) / "yungu_audit_XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A read of a dataset by a user, with a marker in `target`.
inline AuditEvent ReadEvent(const std::string& user, const std::string& marker) {
  AuditEvent e;
  e.category = "read";
  e.action = "dataset.query";
  e.user_id = user;
  e.username = "name-of-" + user;
  e.department = "HBJ";
  e.roles = {"government_user"};
  e.via = "token";
  e.credential_id = "tok-1";
  e.client_address = "10.0.0.7";
  e.dataset_id = "air-quality-hourly";
  e.version = 3;
  e.fields = {"station_code", "pm25"};
  e.filter = {{"station_code", "XYAQ01"}};
  e.rows = 100;
  e.purpose = "环境监测";
  e.target = marker;
  return e;
}

// Runs SQL on the audit database with its own connection; returns the error
// text, empty on success.
inline std::string ExecSql(const fs::path& db, const std::string& sql) {
  sqlite3* conn = nullptr;
  std::string error;
  if (sqlite3_open(db.c_str(), &conn) != SQLITE_OK) {
    error = sqlite3_errmsg(conn);
  } else {
    sqlite3_busy_timeout(conn, 10000);
    char* message = nullptr;
    if (sqlite3_exec(conn, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      error = message ? message : "failed";
    }
    sqlite3_free(message);
  }
  sqlite3_close(conn);
  return error;
}

// The append-only triggers are the first thing a tamperer drops.
inline const char* kDropGuards =
    "DROP TRIGGER IF EXISTS entries_no_update; DROP TRIGGER IF EXISTS entries_no_delete;"
    "DROP TRIGGER IF EXISTS nodes_no_update; DROP TRIGGER IF EXISTS nodes_no_delete;"
    "DROP TRIGGER IF EXISTS heads_no_update; DROP TRIGGER IF EXISTS heads_no_delete;";

// Polls `condition` until it holds or `timeout` passes.
inline bool Eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace yungu::audit::testing
