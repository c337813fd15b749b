// Prometheus metrics of the server, rendered in the text exposition format.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yungu::server {

class Metrics {
 public:
  // Records one finished request. `route` is the matched pattern (bounded
  // cardinality), never the raw path.
  void ObserveRequest(const std::string& method, const std::string& route, int status, double seconds);
  void AddIngestedRows(int64_t rows) { ingested_rows_ += rows; }
  void AddRejectedRows(int64_t rows) { rejected_rows_ += rows; }
  void ConnectionOpened() { ++open_connections_; }
  void ConnectionClosed() { --open_connections_; }

  // Extra gauges supplied by the caller at render time.
  std::string Render(uint64_t total_cache_hits) const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  struct Series {
    std::string method, route;
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
    std::map<int, uint64_t> statuses;  // status -> requests
  };
  mutable std::mutex mu_;
  // "METHOD route" -> its counters; label text is built only when rendering.
  std::unordered_map<std::string, Series> series_;
  std::atomic<int64_t> ingested_rows_{0};
  std::atomic<int64_t> rejected_rows_{0};
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace yungu::server
