// Helpers for the storage tests: a scratch data directory, a store with an
// injected clock, dataset/version builders, and a raw look at the database.
#pragma once

#include <gtest/gtest.h>

#include "unit/value_repr.h"
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "yungu/model/catalog.h"
#include "unit/pg_test_db.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/sqlite_store.h"
#include "yungu/storage/store.h"

namespace yungu::storage::testing {

// A unique directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("yungu_storage_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A clock the test sets by hand; it never moves by itself.
struct TestClock {
  std::shared_ptr<std::string> now = std::make_shared<std::string>("2024-05-01T08:00:00Z");
  void Set(std::string t) { *now = std::move(t); }
  std::function<std::string()> Fn() const {
    auto p = now;
    return [p] { return *p; };
  }
};

// One store on a fresh data directory.
class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void TearDown() override {
    store_.reset();
    yungu::testing::DropPgDatabase(pg_url_);
  }

  // On the PostgreSQL pass the store is a new database of the test
  // cluster (kept across re-opens within one test).
  void Open(int64_t batch_rows = 50000) {
    store_.reset();
    Result<std::unique_ptr<Store>> store = Internal("test", "unopened");
    if (yungu::testing::OnPostgres()) {
      if (pg_url_.empty()) pg_url_ = yungu::testing::NewPgDatabase();
      PostgresOptions options;
      options.now = clock_.Fn();
      options.batch_rows = batch_rows;
      store = OpenPostgresStore(pg_url_, options);
    } else {
      SqliteOptions options;
      options.now = clock_.Fn();
      options.batch_rows = batch_rows;
      store = OpenSqliteStore(dir_.path(), options);
    }
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  Store& store() { return *store_; }
  // The SQLite file, or on the PostgreSQL pass the database's URL.
  std::string db_path() const { return pg_url_.empty() ? (dir_.path() / "yungu.db").string() : pg_url_; }

  void AddDepartment(const std::string& code, const std::string& name, const std::string& name_en = "") {
    model::Department d;
    d.code = code;
    d.name = name;
    d.name_en = name_en;
    ASSERT_TRUE(store_->PutDepartment(d).ok());
  }

  static model::DatasetMeta Meta(const std::string& id, const std::string& name, const std::string& department) {
    model::DatasetMeta m;
    m.id = id;
    m.name = name;
    m.department = department;
    m.sharing_type = model::SharingType::kUnconditional;
    m.opening_type = model::OpeningType::kUnconditional;
    m.publish_date = "2024-01-01";
    return m;
  }

  TempDir dir_;
  std::string pg_url_;
  TestClock clock_;
  std::unique_ptr<Store> store_;
};

inline model::FieldDef Field(const std::string& name, ColumnType type, bool primary_key = false) {
  model::FieldDef f;
  f.name = name;
  f.title = name;
  f.type = type;
  f.primary_key = primary_key;
  return f;
}

// Writes one committed version made of `rows`.
inline Result<model::VersionInfo> WriteVersion(Store& store, const VersionSpec& spec, const std::vector<Row>& rows) {
  YG_ASSIGN_OR_RETURN(auto writer, store.BeginVersion(spec));
  for (const auto& row : rows) YG_RETURN_IF_ERROR(writer->Append(row));
  return writer->Commit();
}

inline VersionSpec Spec(const std::string& dataset_id, std::vector<model::FieldDef> fields,
                        WriteMode mode = WriteMode::kReplace) {
  VersionSpec spec;
  spec.dataset_id = dataset_id;
  spec.fields = std::move(fields);
  spec.mode = mode;
  spec.source = "test";
  return spec;
}

// A plain query of every row in `_rid` order over the given fields.
inline model::QueryPlan AllRows(const model::VersionInfo& v) {
  model::QueryPlan plan;
  for (const auto& f : v.fields) plan.fields.push_back(f.name);
  plan.limit = 1000000;
  return plan;
}

struct QueryOutput {
  Status status;
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

inline QueryOutput RunQuery(Store& store, const model::VersionInfo& v, const model::QueryPlan& plan) {
  QueryOutput out;
  auto cursor = store.Query(v, plan);
  if (!cursor.ok()) {
    out.status = cursor.status();
    return out;
  }
  out.columns = (*cursor)->columns();
  for (;;) {
    Row row;
    auto more = (*cursor)->Next(row);
    if (!more.ok()) {
      out.status = more.status();
      return out;
    }
    if (!*more) break;
    out.rows.push_back(std::move(row));
  }
  return out;
}

using yungu::testing::Repr;

inline std::vector<std::string> Reprs(const Row& row) {
  std::vector<std::string> out;
  for (const auto& v : row) out.push_back(Repr(v));
  return out;
}

// Column `col` of every row, as Repr strings.
inline std::vector<std::string> Column(const std::vector<Row>& rows, size_t col) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(Repr(r.at(col)));
  return out;
}

// A raw look at the database behind a store, through a separate connection:
// `location` is the SQLite file or the PostgreSQL URL (StoreFixture::db_path).

// Runs one statement (or, on SQLite, several) and returns the first column of
// every row as text ("<null>" for null).
inline std::vector<std::string> RawColumn(const std::string& location, const std::string& sql) {
  std::vector<std::string> out;
  if (IsPostgresUrl(location)) {
    PGconn* conn = PQconnectdb(location.c_str());
    PGresult* res = PQexec(conn, sql.c_str());
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      ADD_FAILURE() << sql << ": " << PQerrorMessage(conn);
    } else {
      for (int r = 0; r < PQntuples(res); ++r) out.emplace_back(PQgetisnull(res, r, 0) ? "<null>" : PQgetvalue(res, r, 0));
    }
    PQclear(res);
    PQfinish(conn);
    return out;
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(location.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << location;
    sqlite3_close(raw);
    return out;
  }
  const char* tail = sql.c_str();
  while (tail && *tail) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(raw, tail, -1, &stmt, &tail) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(raw);
      break;
    }
    if (!stmt) break;  // trailing whitespace
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(stmt, 0);
      out.emplace_back(t ? reinterpret_cast<const char*>(t) : "<null>");
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(raw);
    sqlite3_finalize(stmt);
  }
  sqlite3_close(raw);
  return out;
}

inline void RawExec(const std::string& location, const std::string& sql) { (void)RawColumn(location, sql); }

// Names of the tables in the database.
inline std::vector<std::string> TableNames(const std::string& location) {
  return RawColumn(location, IsPostgresUrl(location)
                                 ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
                                 : "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
}

// The tables holding dataset rows (d<seq>_v<n>, staging d<seq>_s..., and
// their full-text shadows).
inline std::vector<std::string> DataTables(const std::string& location) {
  std::vector<std::string> out;
  for (auto& name : TableNames(location)) {
    if (name.size() > 1 && name[0] == 'd' && name[1] >= '0' && name[1] <= '9') out.push_back(name);
  }
  return out;
}

// Runs one query returning a single integer.
inline int64_t RawInt(const std::string& location, const std::string& sql) {
  auto column = RawColumn(location, sql);
  if (column.empty()) {
    ADD_FAILURE() << sql << ": no row";
    return -1;
  }
  return std::stoll(column[0]);
}

inline std::string RawText(const std::string& location, const std::string& sql) {
  auto column = RawColumn(location, sql);
  return column.empty() ? "<none>" : column[0];
}

}  // namespace yungu::storage::testing
