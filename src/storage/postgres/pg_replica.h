// Routing heavy reads to a streaming replica while it keeps up.
//
// A monitor thread compares the primary's WAL position with what the
// replica has replayed, once a second. While the replica is reachable and
// behind by no more than the configured bound, data queries and catalog
// searches go to it; otherwise (or when a query there fails, e.g. on a
// version table not replayed yet) they go to the primary. Writes and the
// reads that must see them (metadata, identity, grants) stay on the primary.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storage/postgres/pg_pool.h"
#include "yungu/storage/store.h"

namespace yungu::storage::pg {

class ReplicaRouter {
 public:
  ReplicaRouter(PgPool& primary, const std::string& replica_url, int64_t max_lag_ms, size_t max_connections);
  ~ReplicaRouter();
  ReplicaRouter(const ReplicaRouter&) = delete;
  ReplicaRouter& operator=(const ReplicaRouter&) = delete;

  // The replica's pool when reads may go there now, else null.
  PgPool* ReadPool();
  // Counts a read the replica served, or one it failed and the primary took.
  void NoteServed() { served_.fetch_add(1, std::memory_order_relaxed); }
  void NoteFallback(const yungu::Status& why);
  ReplicaStatus Status() const;
  // Measures the lag now (the monitor does it every second).
  void Measure();

 private:
  void Run();

  PgPool& primary_;
  PgPool replica_;
  int64_t max_lag_ms_;
  std::atomic<bool> usable_{false};
  std::atomic<bool> reachable_{false};
  std::atomic<int64_t> lag_ms_{-1};
  std::atomic<int64_t> lag_bytes_{-1};
  std::atomic<uint64_t> served_{0};
  std::atomic<uint64_t> fallbacks_{0};
  std::atomic<int64_t> last_fallback_log_{0};  // steady-clock seconds
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread monitor_;
};

}  // namespace yungu::storage::pg
