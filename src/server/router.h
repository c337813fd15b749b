// Maps (method, path pattern) to handlers. Patterns are literal segments and
// {name} placeholders, e.g. /api/v1/datasets/{id}/query.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/http_message.h"

namespace yungu::server {

using Handler = std::function<Result<Response>(Request&)>;

// kJsonOrUpload: a multipart/form-data body is spooled like an upload,
// anything else is read like a JSON body.
enum class BodyKind { kNone, kJson, kUpload, kJsonOrUpload };

struct Route {
  std::string method;
  std::string pattern;
  BodyKind body = BodyKind::kNone;
  Handler handler;
  std::string summary;  // one line, also checked against the OpenAPI document
  // Changes nothing although it is not a GET (a query sent as a POST body):
  // read-scoped tokens may call it.
  bool reads_only = false;
  // Decides reads_only per request (one route serving many actions).
  std::function<bool(const Request&)> reads_only_when = nullptr;
  // CKAN's API: its credentials headers and its error envelopes.
  bool ckan_api = false;
};

class Router {
 public:
  void Add(Route route);

  struct Match {
    const Route* route = nullptr;
    bool path_known = false;  // some route has this path (for 405 vs 404)
    std::string allowed;      // the methods that path accepts, for the Allow header
  };
  // Fills request.path_params when a route matches.
  Match Find(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  // Each route's pattern split into segments once, not per request.
  std::vector<std::vector<std::string>> segments_;
};

}  // namespace yungu::server
