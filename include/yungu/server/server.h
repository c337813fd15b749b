// The HTTP server: Boost.Beast on Asio, C++20 coroutines, one io_context
// run by a few threads. Handlers run on those threads; the Store they call
// is thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "yungu/catalog/catalog_service.h"
#include "yungu/query/query_service.h"
#include "yungu/storage/store.h"

namespace yungu::access {
class IdentityService;
class WorkflowService;
class Policy;
}  // namespace yungu::access
namespace yungu::audit {
class AuditLog;
}  // namespace yungu::audit
namespace yungu::governance {
class GovernanceService;
}  // namespace yungu::governance
namespace yungu::privacy {
class KeyRing;
}  // namespace yungu::privacy

namespace yungu::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (tests)
  int threads = 0;       // 0: one per core, at least 2
  uint64_t max_body_bytes = 1 << 20;           // JSON bodies
  uint64_t max_upload_bytes = 4ull << 30;      // ingest uploads, spooled to disk
  int request_timeout_seconds = 30;
  int upload_timeout_seconds = 3600;
  std::filesystem::path spool_dir;  // where uploads and exports are spooled
  bool handle_signals = false;      // stop on SIGINT/SIGTERM
  size_t response_cache_bytes = 64 << 20;  // query answers kept in memory; 0 disables
  // false: every request acts as the local operator and nothing is traced.
  // Only for measuring what access control costs; loopback addresses only.
  bool access_control = true;
  // The built web portal (web/dist) served at every path outside /api;
  // empty: the API only.
  std::filesystem::path web_root;
  // How often usage counters (reads, downloads) are written; 0: at once.
  int usage_flush_seconds = 5;
  // Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For names
  // the client: rate limits and the trace then see the client, not the proxy.
  std::vector<std::string> trusted_proxies;
  // The hub's address as its users reach it (e.g. https://data.example.gov.cn),
  // used in links it writes into documents (CKAN help URLs, DCAT IRIs);
  // empty: taken from each request's Host header.
  std::string public_url;
  // CKAN's datastore_search_sql: one checked SELECT, run as a native query.
  bool ckan_sql = false;
};

// Everything a request can reach.
struct Services {
  storage::Store* store = nullptr;
  catalog::CatalogService* catalog = nullptr;
  query::QueryService* query = nullptr;
  access::IdentityService* identity = nullptr;  // accounts, sessions, tokens, app keys
  access::WorkflowService* workflow = nullptr;  // applications, grants, notifications
  access::Policy* policy = nullptr;             // who may see and read what
  audit::AuditLog* audit = nullptr;             // the tamper-evident trace
  // Quality, discovery, release checks, anonymisation, sources, statistics.
  governance::GovernanceService* governance = nullptr;
  privacy::KeyRing* pseudonym_keys = nullptr;  // secrets of pseudonym masks
};

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  virtual uint16_t port() const = 0;
  // Blocks until Stop() is called (from another thread or a signal).
  virtual void Wait() = 0;
  virtual void Stop() = 0;
};

// Where `yungu serve` finds the portal when no --web is given: web/ beside
// the binary (installed), or web/dist of the source tree the binary was built
// in (build/yungu); empty if neither exists.
std::filesystem::path DefaultWebRoot();

// Binds and starts serving in background threads.
Result<std::unique_ptr<HttpServer>> StartServer(const Services& services, const ServerOptions& options);

}  // namespace yungu::server
