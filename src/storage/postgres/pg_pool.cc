#include "storage/postgres/pg_pool.h"

#include <chrono>

namespace yungu::storage::pg {

Result<PgPool::Lease> PgPool::Acquire() {
  {
    std::unique_lock lock(mu_);
    // Every connection busy (long exports hold theirs): wait a while, then
    // say so rather than queue requests without end.
    constexpr auto kMaxWait = std::chrono::seconds(30);
    if (!returned_.wait_for(lock, kMaxWait, [&] { return !idle_.empty() || open_ < max_open_; })) {
      return ResourceExhausted("storage.busy", "all " + std::to_string(max_open_) +
                                                   " database connections are busy; retry shortly");
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;
  }
  auto conn = PgConnection::Open(conninfo_);
  if (!conn.ok()) {
    std::lock_guard lock(mu_);
    --open_;
    returned_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(conn).value());
}

void PgPool::Return(std::unique_ptr<PgConnection> conn) {
  // A connection left inside a transaction (a caller returned early) is
  // rolled back; a broken one is dropped.
  if (conn->healthy() && conn->in_transaction()) (void)conn->Script("ROLLBACK");
  std::lock_guard lock(mu_);
  if (conn->healthy() && !conn->in_transaction()) {
    idle_.push_back(std::move(conn));
  } else {
    conn.reset();
    --open_;
  }
  returned_.notify_one();
}

Result<PgTransaction> PgTransaction::Begin(PgConnection& conn, std::string_view begin) {
  Status st = conn.Script(begin);
  if (!st.ok()) {
    // `begin` may be several statements: one that failed after BEGIN
    // leaves a transaction open.
    if (conn.in_transaction()) (void)conn.Script("ROLLBACK");
    return st;
  }
  return PgTransaction(&conn);
}

PgTransaction& PgTransaction::operator=(PgTransaction&& other) noexcept {
  if (this != &other) {
    if (conn_) (void)conn_->Script("ROLLBACK");
    conn_ = other.conn_;
    other.conn_ = nullptr;
  }
  return *this;
}

PgTransaction::~PgTransaction() {
  if (conn_) (void)conn_->Script("ROLLBACK");
}

Status PgTransaction::Commit() {
  Status st = conn_->Script("COMMIT");
  conn_ = nullptr;  // after a failed COMMIT the transaction is over anyway
  return st;
}

}  // namespace yungu::storage::pg
