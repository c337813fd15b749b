// Small helpers shared by the route handlers.
#pragma once

#include <nlohmann/json.hpp>

#include "server/http_message.h"

namespace yungu::server {

// Parses the request body as a JSON object.
Result<nlohmann::json> JsonBody(const Request& req);
// Reads an integer query parameter within [min, max], or `fallback` if absent.
Result<int64_t> IntParam(const Request& req, const std::string& name, int64_t fallback, int64_t min, int64_t max);
// Reads a boolean query parameter (true/false/1/0), or `fallback` if absent.
Result<bool> BoolParam(const Request& req, const std::string& name, bool fallback);
// Rejects query parameters outside `allowed`.
Status OnlyParams(const Request& req, std::initializer_list<const char*> allowed);

}  // namespace yungu::server
