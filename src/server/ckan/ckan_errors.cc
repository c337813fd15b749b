// CKAN's error envelopes: {"help", "error": {"__type", ...}, "success": false}
// with the HTTP status CKAN gives each kind of error.
#include <cctype>

#include "server/ckan/ckan_api.h"
#include "yungu/ckan/ckan.h"
#include "yungu/core/percent_encoding.h"

namespace yungu::server::ckan_api {
namespace {

using nlohmann::json;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::string HelpUrl(const ApiContext& ctx, const Request& req) {
  auto it = req.path_params.find("name");
  std::string name = it == req.path_params.end() ? "" : it->second;
  return SiteUrl(ctx, req) + "/api/3/action/help_show?name=" + PercentEncode(name);
}

Response ErrorResponse(const Status& status, const std::string& help, const std::string& request_id) {
  const std::string& code = status.error_code();
  std::string message = status.message();
  int http = 409;
  json error = json::object();
  switch (status.code()) {
    case Code::kNotFound:
      http = 404;
      error = {{"__type", "Not Found Error"}, {"message", "Not found: " + message}};
      break;
    case Code::kPermissionDenied:
    case Code::kUnauthenticated:
      http = 403;
      error = {{"__type", "Authorization Error"}, {"message", "Access denied: " + message}};
      break;
    case Code::kResourceExhausted:
      if (code == "storage.busy") {
        http = 503;
        error = {{"__type", "Service Unavailable"}, {"message", message}};
      } else if (code == "rate.limited") {
        http = 429;
        error = {{"__type", "Rate Limit Error"}, {"message", message}};
      } else {  // a grant's quota: an access decision
        http = 403;
        error = {{"__type", "Authorization Error"}, {"message", "Access denied: " + message}};
      }
      break;
    case Code::kTimeout:
      http = 503;
      error = {{"__type", "Search Error"}, {"message", "Search error: " + message}};
      break;
    case Code::kPayloadTooLarge:
      http = 413;
      error = {{"__type", "Validation Error"}, {"message", message}};
      break;
    case Code::kInvalidArgument:
    case Code::kAlreadyExists:
    case Code::kConflict:
    case Code::kFailedPrecondition:
    case Code::kUnsupported:
      if (StartsWith(code, yungu::ckan::kFieldErrorPrefix)) {
        std::string field = code.substr(yungu::ckan::kFieldErrorPrefix.size());
        // A message about the request as a whole is text, as CKAN's.
        error[field] = field == "message" ? json(message) : json::array({message});
      } else if (code == "ckan.search_query") {
        http = 400;
        error = {{"__type", "Search Query Error"}, {"message", "Search Query is invalid: " + message}};
        break;
      } else {
        error["message"] = message;
      }
      error["__type"] = "Validation Error";
      break;
    default:
      http = 500;
      error = {{"__type", "Internal Server Error"}, {"message", "Internal Server Error"}};
      break;
  }
  Response r = Response::Json({{"help", help}, {"error", error}, {"success", false}}, http);
  r.content_type = kJsonType;
  r.error_code = code;
  // Yungu's own code, for clients that want more than CKAN's kinds.
  if (!code.empty()) r.headers.emplace_back("X-Yungu-Error-Code", code);
  if (http == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

Result<std::string> RequiredString(const nlohmann::json& data, const std::string& key) {
  YG_ASSIGN_OR_RETURN(auto value, yungu::ckan::StringParam(data, key));
  if (!value || value->empty()) return yungu::ckan::FieldError(key, "Missing value");
  return *value;
}

}  // namespace yungu::server::ckan_api
