#include "server/metrics.h"

namespace yungu::server {
namespace {

std::string Label(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status, double seconds) {
  std::string key;
  key.reserve(method.size() + route.size() + 1);
  key += method;
  key += ' ';
  key += route;
  std::lock_guard lock(mu_);
  Series& s = series_[key];
  if (s.count == 0) {
    s.method = method;
    s.route = route;
  }
  ++s.count;
  ++s.statuses[status];
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

std::string Metrics::Render(uint64_t total_cache_hits) const {
  std::string out;
  out += "# HELP yungu_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE yungu_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  // Sorted, so the exposition is stable from one scrape to the next.
  std::map<std::string, const Series*> sorted;
  for (const auto& [key, series] : series_) sorted[key] = &series;
  for (const auto& [key, s] : sorted) {
    std::string labels = "method=\"" + Label(s->method) + "\",route=\"" + Label(s->route) + "\"";
    for (const auto& [status, count] : s->statuses) {
      out += "yungu_http_requests_total{" + labels + ",status=\"" + std::to_string(status) + "\"} " +
             std::to_string(count) + "\n";
    }
  }
  out += "# HELP yungu_http_request_duration_seconds Time to the first response byte.\n";
  out += "# TYPE yungu_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : sorted) {
    std::string labels = "method=\"" + Label(s->method) + "\",route=\"" + Label(s->route) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      char le[32];
      snprintf(le, sizeof le, "%g", kBuckets[i]);
      out += "yungu_http_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
             std::to_string(s->buckets[i]) + "\n";
    }
    out += "yungu_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(s->count) + "\n";
    out += "yungu_http_request_duration_seconds_sum{" + labels + "} " + std::to_string(s->sum) + "\n";
    out += "yungu_http_request_duration_seconds_count{" + labels + "} " + std::to_string(s->count) + "\n";
  }
  out += "# HELP yungu_ingested_rows_total Rows committed by ingests.\n# TYPE yungu_ingested_rows_total counter\n";
  out += "yungu_ingested_rows_total " + std::to_string(ingested_rows_.load()) + "\n";
  out += "# HELP yungu_rejected_rows_total Bad rows reported by ingests.\n# TYPE yungu_rejected_rows_total counter\n";
  out += "yungu_rejected_rows_total " + std::to_string(rejected_rows_.load()) + "\n";
  out += "# HELP yungu_open_connections Open HTTP connections.\n# TYPE yungu_open_connections gauge\n";
  out += "yungu_open_connections " + std::to_string(open_connections_.load()) + "\n";
  out += "# HELP yungu_query_total_cache_hits_total Totals answered from the cache.\n"
         "# TYPE yungu_query_total_cache_hits_total counter\n";
  out += "yungu_query_total_cache_hits_total " + std::to_string(total_cache_hits) + "\n";
  return out;
}

}  // namespace yungu::server
