// A pool of PostgreSQL connections shared by all threads of one process,
// and a transaction guard over one of them.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace yungu::storage::pg {

class PgPool {
 public:
  // At most `max_open` connections exist at once; callers beyond that wait
  // for one to come back (a server must not exhaust max_connections), for
  // up to 30 s, then get ResourceExhausted "storage.busy".
  PgPool(std::string conninfo, size_t max_open) : conninfo_(std::move(conninfo)), max_open_(max_open) {}

  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&& other) noexcept {
      Release();
      pool_ = other.pool_;
      conn_ = std::move(other.conn_);
      return *this;
    }
    ~Lease() { Release(); }
    PgConnection& operator*() { return *conn_; }
    PgConnection* operator->() { return conn_.get(); }
    PgConnection* get() { return conn_.get(); }

   private:
    void Release() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    PgPool* pool_ = nullptr;
    std::unique_ptr<PgConnection> conn_;
  };

  Result<Lease> Acquire();
  const std::string& conninfo() const { return conninfo_; }

 private:
  void Return(std::unique_ptr<PgConnection> conn);

  std::string conninfo_;
  size_t max_open_;
  std::mutex mu_;
  std::condition_variable returned_;
  size_t open_ = 0;
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

// BEGIN .. COMMIT on one connection, rolled back unless Commit() succeeded.
class PgTransaction {
 public:
  // `begin` opens it, e.g. "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  // optionally followed by settings for it ("; SET LOCAL ...").
  static Result<PgTransaction> Begin(PgConnection& conn, std::string_view begin = "BEGIN");
  PgTransaction(PgTransaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  PgTransaction& operator=(PgTransaction&& other) noexcept;
  ~PgTransaction();
  Status Commit();

 private:
  explicit PgTransaction(PgConnection* conn) : conn_(conn) {}
  PgConnection* conn_;
};

}  // namespace yungu::storage::pg
