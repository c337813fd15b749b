#include "storage/postgres/pg_replica.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

namespace yungu::storage::pg {

ReplicaRouter::ReplicaRouter(PgPool& primary, const std::string& replica_url, int64_t max_lag_ms,
                             size_t max_connections)
    : primary_(primary), replica_(replica_url, max_connections), max_lag_ms_(max_lag_ms) {
  Measure();
  monitor_ = std::thread([this] { Run(); });
}

ReplicaRouter::~ReplicaRouter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (monitor_.joinable()) monitor_.join();
}

PgPool* ReplicaRouter::ReadPool() { return usable_.load(std::memory_order_relaxed) ? &replica_ : nullptr; }

void ReplicaRouter::NoteFallback(const yungu::Status& why) {
  fallbacks_.fetch_add(1, std::memory_order_relaxed);
  // At most one line every ten seconds: a replica that fails every read
  // must not flood the log.
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t last = last_fallback_log_.load();
  if (now - last >= 10 && last_fallback_log_.compare_exchange_strong(last, now)) {
    spdlog::warn("a read failed on the replica and went to the primary: {}", why.ToString());
  }
}

ReplicaStatus ReplicaRouter::Status() const {
  ReplicaStatus s;
  s.configured = true;
  s.reachable = reachable_.load();
  s.in_use = usable_.load();
  s.lag_ms = lag_ms_.load();
  s.lag_bytes = lag_bytes_.load();
  s.max_lag_ms = max_lag_ms_;
  s.reads_served = served_.load();
  s.fallbacks = fallbacks_.load();
  return s;
}

// Lag in bytes: the primary's WAL position less what the replica replayed.
// Lag in time: zero when it replayed everything, else the age of the last
// transaction it replayed (how stale its answers can be).
void ReplicaRouter::Measure() {
  auto fail = [this](const std::string& why) {
    if (reachable_.exchange(false) || usable_.load()) spdlog::warn("replica not used: {}", why);
    usable_ = false;
  };
  auto primary = primary_.Acquire();
  if (!primary.ok()) return fail(primary.status().message());
  auto position = (*primary)->Exec("SELECT pg_current_wal_lsn()::text");
  if (!position.ok()) return fail(position.status().message());
  std::string lsn = position->Text(0, 0);
  auto replica = replica_.Acquire();
  if (!replica.ok()) return fail(replica.status().message());
  auto lag = (*replica)->Exec(
      "SELECT pg_is_in_recovery(), coalesce(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), -1), "
      "coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), -1)",
      Params().Text(lsn));
  if (!lag.ok()) return fail(lag.status().message());
  if (!lag->Bool(0, 0)) return fail("the replica is not in recovery (it was promoted or is a primary)");
  int64_t bytes = static_cast<int64_t>(lag->Double(0, 1));
  double age = lag->Double(0, 2);
  int64_t ms = bytes <= 0 ? 0 : (age < 0 ? -1 : static_cast<int64_t>(std::llround(age * 1000)));
  lag_bytes_ = std::max<int64_t>(bytes, 0);
  lag_ms_ = ms;
  bool was_reachable = reachable_.exchange(true);
  bool ok = ms >= 0 && ms <= max_lag_ms_;
  bool was_usable = usable_.exchange(ok);
  if (ok && (!was_usable || !was_reachable)) spdlog::info("replica in use (lag {} ms)", ms);
  if (!ok && was_usable) spdlog::warn("replica behind by {} ms (bound {} ms): reads go to the primary", ms, max_lag_ms_);
}

void ReplicaRouter::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    Measure();
    lock.lock();
  }
}

}  // namespace yungu::storage::pg
