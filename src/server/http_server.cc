// Connection handling: reads requests with Beast, dispatches them through the
// router, writes plain or chunked responses.
#include <spdlog/spdlog.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <limits>
#include <optional>
#include <random>
#include <thread>

#include "server/api.h"
#include "server/client_address.h"
#include "server/static_site.h"
#include "yungu/access/policy.h"
#include "server/error_mapping.h"
#include "server/url.h"

namespace yungu::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class Server final : public HttpServer {
 public:
  Server(const Services& services, const ServerOptions& options, std::unique_ptr<StaticSite> site)
      : options_(options), indexer_(*services.store), responses_(options.response_cache_bytes),
        usage_(*services.store, options.usage_flush_seconds), site_(std::move(site)), acceptor_(ioc_),
        signals_(ioc_) {
    ctx_.services = services;
    if (!options.access_control) ctx_.services.audit = nullptr;
    if (!ctx_.services.policy) {
      // No policy given: the strictest one (no grants), never none at all.
      own_policy_ = std::make_unique<access::Policy>(*services.store, nullptr);
      ctx_.services.policy = own_policy_.get();
    }
    ctx_.indexer = &indexer_;
    ctx_.responses = &responses_;
    ctx_.usage = &usage_;
    ctx_.options = options;
    ctx_.metrics = &metrics_;
    ctx_.router = &router_;
    RegisterSystemRoutes(router_, ctx_);
    RegisterCatalogRoutes(router_, ctx_);
    RegisterIngestRoutes(router_, ctx_);
    RegisterQueryRoutes(router_, ctx_);
    if (services.identity) RegisterAuthRoutes(router_, ctx_);
    if (services.workflow) RegisterWorkflowRoutes(router_, ctx_);
    if (services.audit) RegisterAuditRoutes(router_, ctx_);
    if (services.governance) {
      RegisterGovernanceRoutes(router_, ctx_);
      RegisterSourceRoutes(router_, ctx_);
    }
    RegisterCkanRoutes(router_, ctx_);
    RegisterDcatRoutes(router_, ctx_);
    std::random_device rd;
    id_prefix_ = std::to_string(rd() % 100000);
  }

  ~Server() override {
    Stop();
    std::error_code ec;
    if (spool_owned_) std::filesystem::remove_all(options_.spool_dir, ec);
  }

  Status Start() {
    YG_ASSIGN_OR_RETURN(proxies_, TrustedProxies::Parse(options_.trusted_proxies));
    beast::error_code ec;
    auto address = net::ip::make_address(options_.host, ec);
    if (ec) return InvalidArgument("server.bad_address", "cannot parse listen address '" + options_.host + "'");
    if (!options_.access_control && !address.is_loopback()) {
      return InvalidArgument("server.unsafe_listen", "without access control the hub listens on loopback only");
    }
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return IoError("server.listen_failed", "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                                 ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    PrepareSpool();
    if (options_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](const beast::error_code& e, int) {
        if (!e) {
          spdlog::info("stopping on signal");
          ioc_.stop();
        }
      });
    }
    net::co_spawn(ioc_, Accept(), net::detached);
    int threads = options_.threads > 0 ? options_.threads
                                       : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
    return Status::Ok();
  }

  uint16_t port() const override { return port_; }

  // Each server process spools into spool/<pid>/; what a dead process left
  // there (an upload cut off by a crash or SIGKILL) is removed at start.
  void PrepareSpool() {
    std::error_code ec;
    std::filesystem::create_directories(options_.spool_dir, ec);
    for (const auto& entry : std::filesystem::directory_iterator(options_.spool_dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
      pid_t pid = static_cast<pid_t>(std::strtol(name.c_str(), nullptr, 10));
      if (pid == getpid() || kill(pid, 0) != 0) std::filesystem::remove_all(entry.path(), ec);
    }
    options_.spool_dir /= std::to_string(getpid());
    ctx_.options.spool_dir = options_.spool_dir;
    std::filesystem::create_directories(options_.spool_dir, ec);
    spool_owned_ = !ec;
  }

  void Wait() override {
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

  void Stop() override {
    ioc_.stop();
    Wait();
    ingest_pool_.stop();
    ingest_pool_.join();
  }

 private:
  net::awaitable<void> Accept() {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor_.async_accept(net::redirect_error(net::use_awaitable, ec));
      if (ec) {
        if (ec == net::error::operation_aborted) co_return;
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      net::co_spawn(ioc_, Session(std::move(socket)), net::detached);
    }
  }

  std::string NextRequestId() { return id_prefix_ + "-" + std::to_string(++request_counter_); }

  net::awaitable<void> Session(tcp::socket socket) {
    metrics_.ConnectionOpened();
    beast::error_code peer_ec;
    std::string peer = socket.remote_endpoint(peer_ec).address().to_string();
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    try {
      for (;;) {
        beast::error_code ec;
        http::request_parser<http::empty_body> header_parser;
        header_parser.header_limit(64 * 1024);
        // No limit while reading the header: Beast would refuse an oversized
        // Content-Length here, before a 413 can be sent. Exchange() applies
        // the route's limit. (Not boost::none: Boost 1.74 then rejects every
        // body.)
        header_parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        stream.expires_after(std::chrono::seconds(options_.request_timeout_seconds));
        co_await http::async_read_header(stream, buffer, header_parser, net::redirect_error(net::use_awaitable, ec));
        if (ec == http::error::header_limit) {
          // A huge URL or header: answer it (the connection then closes)
          // rather than dropping the connection without a word.
          std::string id = NextRequestId();
          Response res = ErrorResponse(
              PayloadTooLarge("http.header_too_large", "the request line and headers exceed 64 KiB"), id);
          if (co_await Write(stream, res, 11, false, id)) {
            // Read (and drop) what the client still sends, briefly, so that
            // closing with unread bytes does not reset the answer away.
            beast::error_code ignored;
            stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
            stream.expires_after(std::chrono::seconds(2));
            std::vector<char> sink(64 * 1024);
            for (size_t drained = 0; drained < (8u << 20);) {
              size_t n = co_await stream.async_read_some(net::buffer(sink),
                                                         net::redirect_error(net::use_awaitable, ignored));
              if (ignored || n == 0) break;
              drained += n;
            }
          }
          break;
        }
        if (ec) break;  // closed, timed out or malformed: nothing to answer
        bool keep_alive = co_await Exchange(stream, buffer, header_parser, peer);
        if (!keep_alive) break;
      }
    } catch (const std::exception& e) {
      spdlog::debug("connection ended: {}", e.what());
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    metrics_.ConnectionClosed();
  }

  // Reads one request's body, runs its handler and writes the response.
  // Returns whether the connection stays open.
  net::awaitable<bool> Exchange(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                http::request_parser<http::empty_body>& header_parser, const std::string& peer) {
    auto started = std::chrono::steady_clock::now();
    const auto& head = header_parser.get();
    Request req;
    req.request_id = NextRequestId();
    req.client_address = peer;
    if (!proxies_.empty()) {
      auto forwarded = head.find("X-Forwarded-For");
      if (forwarded != head.end()) req.client_address = proxies_.ClientAddress(peer, forwarded->value());
    }
    req.method = std::string(head.method_string());
    std::string_view target = head.target();
    size_t qmark = target.find('?');
    auto path = PercentDecode(target.substr(0, qmark), false);
    auto query = ParseQueryString(qmark == std::string_view::npos ? std::string_view() : target.substr(qmark + 1));
    for (const auto& field : head) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(field.value());
    }
    bool keep_alive = head.keep_alive();
    unsigned version = head.version();

    Response res;
    std::string route_name = "unmatched";
    const Route* route = nullptr;
    if (!path || !query) {
      res = ErrorResponse(InvalidArgument("http.bad_target", "the URL has a malformed %-escape or is not UTF-8"), req.request_id);
      keep_alive = false;
    } else {
      req.path = *path;
      req.query = std::move(*query);
      auto match = router_.Find(req.method, req.path, req.path_params);
      route = match.route;
      std::optional<Response> page;
      if (!route && !match.path_known && site_) page = site_->Serve(req);
      if (page) {
        res = std::move(*page);
        route_name = "static";
      } else if (!route) {
        res = match.path_known
                  ? ErrorResponse(Status(Code::kInvalidArgument, "http.method_not_allowed",
                                         req.method + " is not allowed on " + req.path),
                                  req.request_id)
                  : ErrorResponse(NotFound("http.not_found", "no such endpoint: " + req.path), req.request_id);
        if (match.path_known) {
          res.status = 405;
          auto body = nlohmann::json::parse(res.body);
          body["error"]["status"] = 405;  // the body's status matches the response's
          res.body = body.dump();
          res.headers.emplace_back("Allow", match.allowed);
        }
      } else {
        route_name = route->pattern;
        req.reads_only = route->reads_only || req.method == "GET" || req.method == "HEAD" ||
                         (route->reads_only_when && route->reads_only_when(req));
        req.ckan_api = route->ckan_api;
        // Who is asking, before any body is read: a refused upload is
        // answered without spooling gigabytes first.
        if (!options_.access_control) {
          req.principal = access::Principal::Local("benchmark");
        } else if (auto refused = Authenticate(ctx_, req)) {
          res = std::move(*refused);
          route = nullptr;
        }
      }
    }

    // Read (or discard) the body.
    bool has_body = header_parser.content_length().value_or(0) > 0 || head.chunked();
    // Beast checks a declared Content-Length against the body limit only while
    // parsing the header, so the route's limit is checked here (chunked bodies
    // are still checked while they are read).
    // A route taking either a JSON (or form) body or a multipart upload
    // decides by the request's content type.
    BodyKind body_kind = route ? route->body : BodyKind::kNone;
    if (body_kind == BodyKind::kJsonOrUpload) {
      body_kind = req.Header("content-type").rfind("multipart/form-data", 0) == 0 ? BodyKind::kUpload : BodyKind::kJson;
    }
    bool upload_route = route && body_kind == BodyKind::kUpload;
    uint64_t body_limit = upload_route ? options_.max_upload_bytes : options_.max_body_bytes;
    if (header_parser.content_length().value_or(0) > body_limit) {
      if (route) res = BodyTooLarge(upload_route, req.request_id);
      route = nullptr;  // answer without reading the body, then close
      has_body = false;
      keep_alive = false;
    }
    if (head[http::field::expect] == "100-continue" && route) {
      http::response<http::empty_body> cont{http::status::continue_, version};
      co_await http::async_write(stream, cont, net::use_awaitable);
    }
    if (route && body_kind == BodyKind::kUpload) {
      http::request_parser<http::file_body> parser(std::move(header_parser));
      parser.body_limit(options_.max_upload_bytes);
      req.body_file = options_.spool_dir / ("upload-" + req.request_id);
      beast::error_code ec;
      parser.get().body().open(req.body_file.c_str(), beast::file_mode::write, ec);
      if (ec) {
        res = ErrorResponse(IoError("server.spool_failed", ec.message()), req.request_id);
        keep_alive = false;
      } else {
        stream.expires_after(std::chrono::seconds(options_.upload_timeout_seconds));
        co_await http::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
        parser.get().body().close();
        if (ec == http::error::body_limit) {
          res = BodyTooLarge(true, req.request_id);
          keep_alive = false;
          route = nullptr;
        } else if (ec) {
          std::error_code fs_ec;
          std::filesystem::remove(req.body_file, fs_ec);
          co_return false;
        }
      }
    } else if (has_body || (route && body_kind == BodyKind::kJson)) {
      http::request_parser<http::string_body> parser(std::move(header_parser));
      parser.body_limit(options_.max_body_bytes);
      beast::error_code ec;
      if (has_body) co_await http::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
      if (ec == http::error::body_limit) {
        res = BodyTooLarge(false, req.request_id);
        keep_alive = false;
        route = nullptr;
      } else if (ec) {
        co_return false;
      } else {
        req.body = std::move(parser.get().body());
      }
    }

    if (route && body_kind == BodyKind::kUpload) {
      // An ingest can take minutes: it runs on the ingest pool so the io
      // threads keep answering everyone else meanwhile.
      res = co_await net::co_spawn(
          ingest_pool_.get_executor(),
          [this, route, &req]() -> net::awaitable<Response> { co_return Dispatch(*route, req); },
          net::use_awaitable);
    } else if (route) {
      res = Dispatch(*route, req);
    }
    if (!req.body_file.empty()) {
      std::error_code fs_ec;
      std::filesystem::remove(req.body_file, fs_ec);
    }
    bool ok = co_await Write(stream, res, version, keep_alive, req.request_id);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.ObserveRequest(req.method, route_name, res.status, seconds);
    if (res.status >= 500) spdlog::warn("{} {} -> {} ({})", req.method, req.path, res.status, req.request_id);
    co_return ok && keep_alive;
  }

  // 413 for a body over the route's limit (uploads and JSON bodies differ).
  Response BodyTooLarge(bool upload, const std::string& request_id) const {
    uint64_t limit = upload ? options_.max_upload_bytes : options_.max_body_bytes;
    return ErrorResponse(PayloadTooLarge(upload ? "http.upload_too_large" : "http.body_too_large",
                                         std::string(upload ? "the upload" : "the request body") + " exceeds " +
                                             std::to_string(limit) + " bytes"),
                         request_id);
  }

  Response Dispatch(const Route& route, Request& req) {
    try {
      auto result = route.handler(req);
      if (result.ok()) return std::move(result).value();
      if (HttpStatusFor(result.status()) >= 500) {
        spdlog::error("{} {} failed: {} ({})", req.method, req.path, result.status().ToString(), req.request_id);
      }
      return ErrorResponse(result.status(), req.request_id);
    } catch (const std::exception& e) {
      spdlog::error("{} {} threw: {} ({})", req.method, req.path, e.what(), req.request_id);
      return ErrorResponse(Internal("server.exception", e.what()), req.request_id);
    }
  }

  net::awaitable<bool> Write(beast::tcp_stream& stream, Response& res, unsigned version, bool keep_alive,
                             const std::string& request_id) {
    stream.expires_after(std::chrono::seconds(options_.upload_timeout_seconds));
    beast::error_code ec;
    if (!res.stream) {
      http::response<http::string_body> out{static_cast<http::status>(res.status), version};
      out.set(http::field::server, "yungu");
      out.set(http::field::content_type, res.content_type);
      out.set("X-Request-Id", request_id);
      for (const auto& [k, v] : res.headers) out.set(k, v);
      out.keep_alive(keep_alive);
      out.body() = std::move(res.body);
      out.prepare_payload();
      co_await http::async_write(stream, out, net::redirect_error(net::use_awaitable, ec));
      co_return !ec;
    }
    http::response<http::empty_body> out{static_cast<http::status>(res.status), version};
    out.set(http::field::server, "yungu");
    out.set(http::field::content_type, res.content_type);
    out.set("X-Request-Id", request_id);
    for (const auto& [k, v] : res.headers) out.set(k, v);
    out.keep_alive(keep_alive);
    out.chunked(true);
    http::response_serializer<http::empty_body> serializer{out};
    co_await http::async_write_header(stream, serializer, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return false;
    std::string chunk;
    for (;;) {
      chunk.clear();
      auto more = res.stream(chunk);
      if (!more.ok()) {
        // The status line is gone already: cut the stream so the client sees
        // an incomplete body rather than a silently truncated one.
        spdlog::error("stream failed: {} ({})", more.status().ToString(), request_id);
        co_return false;
      }
      if (!chunk.empty()) {
        co_await net::async_write(stream, http::make_chunk(net::buffer(chunk)),
                                  net::redirect_error(net::use_awaitable, ec));
        if (ec) co_return false;
      }
      if (!*more) break;
    }
    co_await net::async_write(stream, http::make_chunk_last(), net::redirect_error(net::use_awaitable, ec));
    co_return !ec;
  }

  ServerOptions options_;
  TrustedProxies proxies_;
  SearchIndexer indexer_;  // declared first: destroyed after the io threads stop
  ResponseCache responses_;
  UsageCounter usage_;
  std::unique_ptr<StaticSite> site_;  // the web portal, if configured
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::thread_pool ingest_pool_{2};
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  bool spool_owned_ = false;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<access::Policy> own_policy_;
  ApiContext ctx_;
  std::string id_prefix_;
  std::atomic<uint64_t> request_counter_{0};
};

}  // namespace

Result<std::unique_ptr<HttpServer>> StartServer(const Services& services, const ServerOptions& options) {
  std::unique_ptr<StaticSite> site;
  if (!options.web_root.empty()) {
    YG_ASSIGN_OR_RETURN(site, StaticSite::Load(options.web_root));
    spdlog::info("serving the web portal from {} ({} files)", options.web_root.string(), site->file_count());
  }
  auto server = std::make_unique<Server>(services, options, std::move(site));
  YG_RETURN_IF_ERROR(server->Start());
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace yungu::server
