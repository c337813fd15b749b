// A small HTTP(S) GET client for harvesting other portals: http and https
// (certificates checked against the system store, SNI), redirects, one
// deadline per request and a cap on the response's size.
//
// The harvester reaches the network only through HttpClient, so tests can
// hand it canned answers.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::harvest {

// An absolute http(s) URL taken apart.
struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without the brackets of an IPv6 literal
  uint16_t port = 0;   // the scheme's default when the URL names none
  std::string target;  // path and query, at least "/"; no fragment

  // scheme://host[:port] (the port only when it is not the default).
  std::string Origin() const;
  std::string ToString() const { return Origin() + target; }
};

// Fails with InvalidArgument "harvest.bad_url" for anything but an absolute
// http or https URL with a host.
Result<Url> ParseUrl(std::string_view text);
// A Location header's value (absolute, scheme-relative, absolute-path or
// relative) against the URL it answered.
Result<Url> ResolveUrl(const Url& base, std::string_view reference);

struct HttpOptions {
  std::chrono::milliseconds timeout{60000};  // the whole exchange, per request (and per redirect)
  uint64_t max_response_bytes = 64ull << 20;
  int max_redirects = 5;
  std::string user_agent = "yungu-harvester/0.1";
  // PEM file of extra trusted certificates (tests); the system store always applies.
  std::string ca_file;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;  // as sent, e.g. "text/turtle; charset=utf-8"
  std::string body;
  std::string url;           // after redirects
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // GET `url` with `headers` (name, value) added to the request. Any status
  // the server answers is a response; a non-ok Status means no answer came:
  //   harvest.bad_url (InvalidArgument), harvest.resolve, harvest.connect,
  //   harvest.tls, harvest.network (IoError), harvest.timeout (Timeout),
  //   harvest.response_too_large (PayloadTooLarge),
  //   harvest.too_many_redirects (FailedPrecondition).
  // Redirects (301, 302, 303, 307, 308) are followed; headers are dropped
  // when a redirect leaves the origin, so a token never travels elsewhere.
  virtual Result<HttpResponse> Get(const std::string& url,
                                   const std::vector<std::pair<std::string, std::string>>& headers) = 0;
};

// The Boost.Beast client. Thread-compatible: one per thread.
std::unique_ptr<HttpClient> MakeHttpClient(HttpOptions options = {});

}  // namespace yungu::harvest
