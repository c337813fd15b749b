#include "server/handler_util.h"

#include <cctype>
#include <cstring>
#include <set>

#include "server/api.h"

namespace yungu::server {

Result<nlohmann::json> JsonBody(const Request& req) {
  if (req.body.empty()) return InvalidArgument("http.empty_body", "the request needs a JSON body");
  nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return InvalidArgument("http.bad_json", "the request body is not valid JSON");
  if (!j.is_object()) return InvalidArgument("http.bad_json", "the request body must be a JSON object");
  return j;
}

Result<int64_t> IntParam(const Request& req, const std::string& name, int64_t fallback, int64_t min, int64_t max) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  int64_t v = 0;
  try {
    size_t used = 0;
    v = std::stoll(it->second, &used);
    if (used != it->second.size()) throw std::invalid_argument(name);
  } catch (const std::exception&) {
    return InvalidArgument("http.bad_parameter", name + " must be an integer");
  }
  if (v < min || v > max) {
    return InvalidArgument("http.bad_parameter",
                           name + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

Result<bool> BoolParam(const Request& req, const std::string& name, bool fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return fallback;
  if (it->second == "true" || it->second == "1") return true;
  if (it->second == "false" || it->second == "0") return false;
  return InvalidArgument("http.bad_parameter", name + " must be true or false");
}

Status OnlyParams(const Request& req, std::initializer_list<const char*> allowed) {
  std::set<std::string> ok(allowed.begin(), allowed.end());
  for (const auto& [key, value] : req.query) {
    if (!ok.count(key)) return InvalidArgument("http.unknown_parameter", "unknown parameter '" + key.substr(0, 64) + "'");
  }
  return Status::Ok();
}

}  // namespace yungu::server

namespace yungu::server {

std::string SiteUrl(const ApiContext& ctx, const Request& req) {
  std::string url = ctx.options.public_url;
  if (url.empty()) {
    std::string host = req.Header("host");
    // Only a plausible host name or address goes into documents.
    bool ok = !host.empty() && host.size() < 256;
    for (char c : host) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || std::strchr(".-:[]_", c));
    url = "http://" + (ok ? host : std::string("localhost"));
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace yungu::server
