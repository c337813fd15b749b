// The peer of the query API in bench/scale.sh: the very SQL the hub runs for
// a query, run directly on the database by plain sqlite3 / libpq clients.
//
// The query is given as the API takes it (JSON: filters, group_by,
// aggregates, sort, limit...). The tool builds the hub's plan for the
// dataset's current version, compiles it with the hub's own compiler, prints
// the SQL, closes the store, and then runs that statement with its
// parameters from CLIENTS threads, each with its own connection, reading
// every cell of every row.
//
//   direct_sql_bench --store DATA_DIR|postgresql://... --dataset ID --query JSON
//                    [--clients 32 --seconds 15] | [--runs 5]
//
// Prints one JSON line: requests, requests_per_s, p50_ms, p99_ms, rows.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/sql/plan_compiler.h"
#include "yungu/query/plan_builder.h"
#include "yungu/storage/postgres_store.h"
#include "yungu/storage/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using yungu::Value;

struct Args {
  std::string store, dataset, query;
  int clients = 1;
  double seconds = 0;
  int runs = 5;
};

// One client: a connection and the prepared statement.
class Client {
 public:
  virtual ~Client() = default;
  // Runs the statement once; returns the rows read, or -1 on error.
  virtual long RunOnce() = 0;
};

class SqliteClient : public Client {
 public:
  SqliteClient(const std::string& path, const yungu::storage::sql::CompiledQuery& q) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "open %s: %s\n", path.c_str(), sqlite3_errmsg(db_));
      std::exit(1);
    }
    // The hub's own read settings (src/storage/sqlite/connection.cc).
    sqlite3_exec(db_, "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;", nullptr, nullptr, nullptr);
    if (sqlite3_prepare_v2(db_, q.sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db_));
      std::exit(1);
    }
    for (size_t i = 0; i < q.params.size(); ++i) Bind(static_cast<int>(i + 1), q.params[i]);
  }
  ~SqliteClient() override {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }
  long RunOnce() override {
    long rows = 0;
    int columns = sqlite3_column_count(stmt_);
    size_t bytes = 0;
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
      for (int c = 0; c < columns; ++c) bytes += static_cast<size_t>(sqlite3_column_bytes(stmt_, c));
      ++rows;
    }
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE) return -1;
    sink_ += bytes;
    return rows;
  }

 private:
  void Bind(int i, const Value& v) {
    if (auto p = std::get_if<int64_t>(&v)) sqlite3_bind_int64(stmt_, i, *p);
    else if (auto d = std::get_if<double>(&v)) sqlite3_bind_double(stmt_, i, *d);
    else if (auto b = std::get_if<bool>(&v)) sqlite3_bind_int(stmt_, i, *b ? 1 : 0);
    else if (yungu::IsNull(v)) sqlite3_bind_null(stmt_, i);
    else sqlite3_bind_text(stmt_, i, yungu::ValueToText(v).c_str(), -1, SQLITE_TRANSIENT);
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  size_t sink_ = 0;
};

class PostgresClient : public Client {
 public:
  PostgresClient(const std::string& url, const yungu::storage::sql::CompiledQuery& q) : sql_(q.sql) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::fprintf(stderr, "connect: %s\n", PQerrorMessage(conn_));
      std::exit(1);
    }
    for (const auto& v : q.params) {
      nulls_.push_back(yungu::IsNull(v));
      texts_.push_back(yungu::ValueToText(v));
    }
    for (size_t i = 0; i < texts_.size(); ++i) pointers_.push_back(nulls_[i] ? nullptr : texts_[i].c_str());
  }
  ~PostgresClient() override { PQfinish(conn_); }
  long RunOnce() override {
    PGresult* res = PQexecParams(conn_, sql_.c_str(), static_cast<int>(pointers_.size()), nullptr,
                                 pointers_.data(), nullptr, nullptr, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
      std::fprintf(stderr, "query: %s\n", PQresultErrorMessage(res));
      PQclear(res);
      return -1;
    }
    long rows = PQntuples(res);
    int columns = PQnfields(res);
    size_t bytes = 0;
    for (long r = 0; r < rows; ++r) {
      for (int c = 0; c < columns; ++c) bytes += static_cast<size_t>(PQgetlength(res, static_cast<int>(r), c));
    }
    sink_ += bytes;
    PQclear(res);
    return rows;
  }

 private:
  PGconn* conn_ = nullptr;
  std::string sql_;
  std::vector<bool> nulls_;
  std::vector<std::string> texts_;
  std::vector<const char*> pointers_;
  size_t sink_ = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--store") a.store = v;
    else if (k == "--dataset") a.dataset = v;
    else if (k == "--query") a.query = v;
    else if (k == "--clients") a.clients = std::stoi(v);
    else if (k == "--seconds") a.seconds = std::stod(v);
    else if (k == "--runs") a.runs = std::stoi(v);
  }
  if (a.store.empty() || a.dataset.empty()) {
    std::fprintf(stderr, "usage: direct_sql_bench --store DIR|URL --dataset ID --query JSON "
                         "[--clients N --seconds S | --runs K]\n");
    return 2;
  }
  bool pg = yungu::storage::IsPostgresUrl(a.store);
  yungu::storage::sql::CompiledQuery compiled;
  {
    auto store = pg ? yungu::storage::OpenPostgresStore(a.store) : yungu::storage::OpenSqliteStore(a.store);
    if (!store.ok()) {
      std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
      return 1;
    }
    auto meta = (*store)->GetDataset(a.dataset);
    if (!meta.ok()) return std::fprintf(stderr, "%s\n", meta.status().ToString().c_str()), 1;
    auto version = (*store)->GetVersion(a.dataset, meta->current_version);
    if (!version.ok()) return std::fprintf(stderr, "%s\n", version.status().ToString().c_str()), 1;
    yungu::query::QueryLimits limits;
    auto plan = yungu::query::BuildPlan(nlohmann::json::parse(a.query.empty() ? "{}" : a.query), *version, limits);
    if (!plan.ok()) return std::fprintf(stderr, "%s\n", plan.status().ToString().c_str()), 1;
    auto q = yungu::storage::sql::CompileSelect(
        pg ? yungu::storage::sql::Dialect::kPostgres : yungu::storage::sql::Dialect::kSqlite, *version, *plan);
    if (!q.ok()) return std::fprintf(stderr, "%s\n", q.status().ToString().c_str()), 1;
    compiled = std::move(q).value();
  }
  std::string path = pg ? a.store : (std::filesystem::path(a.store) / "yungu.db").string();
  auto make = [&]() -> std::unique_ptr<Client> {
    if (pg) return std::make_unique<PostgresClient>(path, compiled);
    return std::make_unique<SqliteClient>(path, compiled);
  };

  std::vector<double> latencies;
  std::mutex mu;
  std::atomic<long> requests{0}, rows{0}, errors{0};
  double wall = 0;
  // Runs the statement once, adding its latency to `into`.
  auto measure = [&](Client& client, std::vector<double>& into) {
    auto t0 = Clock::now();
    long n = client.RunOnce();
    if (n < 0) {
      ++errors;
      return;
    }
    into.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    rows += n;
    ++requests;
  };
  if (a.seconds > 0) {
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < a.clients; ++i) clients.push_back(make());
    clients[0]->RunOnce();  // warm the cache as wrk's first requests do
    auto start = Clock::now();
    auto stop = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a.seconds));
    std::vector<std::thread> threads;
    for (auto& c : clients) {
      threads.emplace_back([&, client = c.get()] {
        std::vector<double> mine;
        while (Clock::now() < stop) measure(*client, mine);
        std::lock_guard lock(mu);
        latencies.insert(latencies.end(), mine.begin(), mine.end());
      });
    }
    for (auto& t : threads) t.join();
    wall = std::chrono::duration<double>(Clock::now() - start).count();
  } else {
    auto client = make();
    auto start = Clock::now();
    for (int i = 0; i < a.runs; ++i) measure(*client, latencies);
    wall = std::chrono::duration<double>(Clock::now() - start).count();
  }
  nlohmann::json out = {{"sql", compiled.sql},
                        {"clients", a.seconds > 0 ? a.clients : 1},
                        {"requests", requests.load()},
                        {"errors", errors.load()},
                        {"requests_per_s", wall > 0 ? requests.load() / wall : 0},
                        {"p50_ms", Percentile(latencies, 0.5)},
                        {"p99_ms", Percentile(latencies, 0.99)},
                        {"min_ms", latencies.empty() ? 0 : *std::min_element(latencies.begin(), latencies.end())},
                        {"rows_per_request", requests.load() ? rows.load() / requests.load() : 0}};
  std::printf("%s\n", out.dump().c_str());
  return errors.load() ? 1 : 0;
}
