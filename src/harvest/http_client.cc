// HttpClient on Boost.Beast: each step runs asynchronously on a private
// io_context that is driven until the request's deadline, so a silent
// server costs at most the timeout.
#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <functional>

#include "yungu/harvest/http_client.h"

namespace yungu::harvest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr uint32_t kMaxHeaderBytes = 64 * 1024;

struct Answer {
  HttpResponse response;
  std::string location;
};

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string Where(const Url& url) { return url.host + ":" + std::to_string(url.port); }

// One request/response exchange within a deadline.
class Exchange {
 public:
  Exchange(const Url& url, Clock::time_point deadline) : url_(url), deadline_(deadline), resolver_(ioc_) {}

  Result<Answer> Run(const HttpOptions& options, ssl::context& tls, const Headers& headers) {
    YG_ASSIGN_OR_RETURN(auto endpoints, Resolve());
    http::request<http::empty_body> req{http::verb::get, url_.target, 11};
    std::string host = url_.host.find(':') != std::string::npos ? "[" + url_.host + "]" : url_.host;
    if (url_.port != (url_.scheme == "https" ? 443 : 80)) host += ":" + std::to_string(url_.port);
    req.set(http::field::host, host);
    req.set(http::field::user_agent, options.user_agent);
    req.set(http::field::accept_encoding, "identity");
    req.set(http::field::connection, "close");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (url_.scheme == "https") {
      beast::ssl_stream<beast::tcp_stream> stream(ioc_, tls);
      // SNI names hosts, never addresses.
      beast::error_code ec;
      asio::ip::make_address(url_.host, ec);
      if (ec && !SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str())) {
        return IoError("harvest.tls", "cannot set the TLS server name for " + url_.host);
      }
      stream.set_verify_mode(ssl::verify_peer);
      stream.set_verify_callback(ssl::host_name_verification(url_.host));
      YG_RETURN_IF_ERROR(Connect(beast::get_lowest_layer(stream), endpoints));
      YG_RETURN_IF_ERROR(Step(
          [&](auto done) { stream.async_handshake(ssl::stream_base::client, done); },
          [&] { beast::get_lowest_layer(stream).close(); }, "harvest.tls", "TLS handshake with"));
      return Talk(stream, req, options);
    }
    beast::tcp_stream stream(ioc_);
    YG_RETURN_IF_ERROR(Connect(stream, endpoints));
    return Talk(stream, req, options);
  }

 private:
  // Starts an operation with `start(handler)` and drives the io_context
  // until it completes or the deadline passes (then `cancel` aborts it).
  template <typename Start>
  beast::error_code Await(Start&& start, const std::function<void()>& cancel, bool& timed_out) {
    beast::error_code result;
    bool done = false;
    start([&](beast::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    ioc_.restart();
    ioc_.run_until(deadline_);
    timed_out = !done;
    if (!done) {
      cancel();
      ioc_.restart();
      ioc_.run();
    }
    return result;
  }

  template <typename Start>
  Status Step(Start&& start, const std::function<void()>& cancel, const char* code, const char* what) {
    bool timed_out = false;
    beast::error_code ec = Await(std::forward<Start>(start), cancel, timed_out);
    if (timed_out) return Status(Code::kTimeout, "harvest.timeout", std::string(what) + " " + Where(url_) + " timed out");
    if (ec) return IoError(code, std::string(what) + " " + Where(url_) + " failed: " + ec.message());
    return Status::Ok();
  }

  Result<tcp::resolver::results_type> Resolve() {
    tcp::resolver::results_type results;
    YG_RETURN_IF_ERROR(Step(
        [&](auto done) {
          resolver_.async_resolve(url_.host, std::to_string(url_.port),
                                  [&results, done](beast::error_code ec, tcp::resolver::results_type r) mutable {
                                    results = std::move(r);
                                    done(ec);
                                  });
        },
        [&] { resolver_.cancel(); }, "harvest.resolve", "looking up"));
    return results;
  }

  Status Connect(beast::tcp_stream& stream, const tcp::resolver::results_type& endpoints) {
    return Step(
        [&](auto done) {
          stream.async_connect(endpoints, [done](beast::error_code ec, const tcp::endpoint&) mutable { done(ec); });
        },
        [&] { stream.close(); }, "harvest.connect", "connecting to");
  }

  template <typename Stream>
  Result<Answer> Talk(Stream& stream, http::request<http::empty_body>& req, const HttpOptions& options) {
    auto close = [&] { beast::get_lowest_layer(stream).close(); };
    YG_RETURN_IF_ERROR(Step([&](auto done) { http::async_write(stream, req, done); }, close, "harvest.network",
                            "sending the request to"));
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(options.max_response_bytes);
    auto too_large = [&] {
      return PayloadTooLarge("harvest.response_too_large", "the answer of " + url_.ToString() + " is larger than " +
                                                               std::to_string(options.max_response_bytes) + " bytes");
    };
    // The header first: Beast's eager read does not hold a Content-Length
    // to body_limit, so a declared size over the cap is refused here.
    for (bool header = true;; header = false) {
      bool timed_out = false;
      beast::error_code ec = Await(
          [&](auto done) {
            if (header) {
              http::async_read_header(stream, buffer, parser, done);
            } else {
              http::async_read(stream, buffer, parser, done);
            }
          },
          close, timed_out);
      if (timed_out) {
        return Status(Code::kTimeout, "harvest.timeout", "reading the answer of " + Where(url_) + " timed out");
      }
      if (ec == http::error::body_limit || ec == http::error::header_limit) return too_large();
      if (ec) return IoError("harvest.network", "reading the answer of " + Where(url_) + " failed: " + ec.message());
      if (!header) break;
      if (parser.content_length() && *parser.content_length() > options.max_response_bytes) return too_large();
      if (parser.is_done()) break;
    }
    auto& res = parser.get();
    if (res.body().size() > options.max_response_bytes) return too_large();
    Answer answer;
    answer.response.status = static_cast<int>(res.result_int());
    answer.response.content_type = std::string(res[http::field::content_type]);
    answer.location = std::string(res[http::field::location]);
    answer.response.body = std::move(res.body());
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    return answer;
  }

  Url url_;
  Clock::time_point deadline_;
  asio::io_context ioc_;
  tcp::resolver resolver_;
};

class BeastHttpClient : public HttpClient {
 public:
  explicit BeastHttpClient(HttpOptions options) : options_(std::move(options)), tls_(ssl::context::tls_client) {
    beast::error_code ec;
    tls_.set_default_verify_paths(ec);
    if (ec) tls_error_ = "cannot load the system's trusted certificates: " + ec.message();
    if (!options_.ca_file.empty()) {
      tls_.load_verify_file(options_.ca_file, ec);
      if (ec) tls_error_ = "cannot load " + options_.ca_file + ": " + ec.message();
    }
  }

  Result<HttpResponse> Get(const std::string& url, const Headers& headers) override {
    YG_ASSIGN_OR_RETURN(Url current, ParseUrl(url));
    Headers sent = headers;
    for (int redirects = 0;; ++redirects) {
      if (current.scheme == "https" && !tls_error_.empty()) return IoError("harvest.tls", tls_error_);
      Exchange exchange(current, Clock::now() + options_.timeout);
      YG_ASSIGN_OR_RETURN(Answer answer, exchange.Run(options_, tls_, sent));
      if (!IsRedirect(answer.response.status) || answer.location.empty()) {
        answer.response.url = current.ToString();
        return std::move(answer.response);
      }
      if (redirects >= options_.max_redirects) {
        return FailedPrecondition("harvest.too_many_redirects",
                                  url + " redirected more than " + std::to_string(options_.max_redirects) + " times");
      }
      YG_ASSIGN_OR_RETURN(Url next, ResolveUrl(current, answer.location));
      if (next.Origin() != current.Origin()) sent.clear();  // credentials stay with their origin
      current = std::move(next);
    }
  }

 private:
  HttpOptions options_;
  ssl::context tls_;
  std::string tls_error_;
};

}  // namespace

std::unique_ptr<HttpClient> MakeHttpClient(HttpOptions options) {
  return std::make_unique<BeastHttpClient>(std::move(options));
}

}  // namespace yungu::harvest
