// The server's own request/response types: what handlers see instead of
// Beast's, so handlers stay small and testable.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/access/principal.h"
#include "yungu/core/result.h"

namespace yungu::server {

struct Request {
  std::string method;
  std::string path;                          // decoded path without the query string
  std::map<std::string, std::string> query;  // decoded query parameters (last wins)
  std::map<std::string, std::string> path_params;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // small bodies
  std::filesystem::path body_file;             // uploads, spooled to disk
  std::string request_id;
  std::string client_address;  // peer IP (no proxy headers are trusted)
  access::Principal principal;  // set by authentication before the handler runs
  bool reads_only = false;      // the matched route changes nothing (see Route)
  bool ckan_api = false;        // the matched route is CKAN's API (see Route)

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Pulls the next piece of a streamed body into `chunk`; false when done.
using BodyStream = std::function<Result<bool>(std::string& chunk)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  BodyStream stream;  // set for streamed responses; body is then unused
  std::string error_code;  // set for error responses (for logs and metrics)

  static Response Json(const nlohmann::json& j, int status = 200) {
    Response r;
    r.status = status;
    // Never throws: invalid UTF-8 in a message becomes U+FFFD.
    r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
  }
};

}  // namespace yungu::server
