// The routes of CKAN's API: /api/3/action/{name} and /api/action/{name},
// parameters read as CKAN reads them, results and errors in its envelopes.
#include <cctype>

#include "server/ckan/ckan_api.h"
#include "server/url.h"
#include "yungu/ckan/ckan.h"
#include "yungu/core/multipart.h"

namespace yungu::server::ckan_api {

Result<Response> DumpResponse(ApiContext& ctx, Request& req);  // ckan_datastore_dump.cc
Result<Response> CallAction(ApiContext& ctx, Request& req);

namespace {

using nlohmann::json;

// CKAN's request-level errors are a bare JSON string, not an envelope.
Response BadRequest(const std::string& what) {
  Response r = Response::Json(json("Bad request - " + what), 400);
  r.content_type = kJsonType;
  r.error_code = "ckan.bad_request";
  return r;
}

// A status carrying a request-level error until it becomes BadRequest.
Status RequestError(const std::string& what) { return InvalidArgument("ckan.bad_request", what); }

json MixedDict(const std::map<std::string, std::string>& fields) {
  json out = json::object();
  for (const auto& [k, v] : fields) out[k] = v;
  return out;
}

// `curl -d '{"id": "x"}'` posts the JSON as a form whose one field is the
// JSON text with an empty value: CKAN reads the JSON.
Result<json> FormData(const std::map<std::string, std::string>& form) {
  if (form.size() == 1 && (form.begin()->second.empty() || form.begin()->second == "1")) {
    json j = json::parse(form.begin()->first, nullptr, false);
    if (j.is_object()) return j;
  }
  return MixedDict(form);
}

Result<json> MultipartData(Call& call) {
  Request& req = call.req;
  YG_ASSIGN_OR_RETURN(std::string boundary, multipart::BoundaryFromContentType(req.Header("content-type")));
  YG_ASSIGN_OR_RETURN(auto parts, multipart::ScanMultipartFile(req.body_file, boundary));
  std::map<std::string, std::string> form;
  for (const auto& p : parts) {
    if (p.name == "upload" || (!p.filename.empty() && call.upload.empty())) {
      if (!call.upload.empty()) continue;
      call.upload = req.body_file.string() + ".upload";
      call.upload_name = p.filename.empty() ? "upload" : p.filename;
      YG_RETURN_IF_ERROR(multipart::CopyPartToFile(req.body_file, p, call.upload));
      continue;
    }
    YG_ASSIGN_OR_RETURN(form[p.name], multipart::ReadPart(req.body_file, p, 1 << 20));
  }
  return FormData(form);
}

// Where CKAN takes an action's parameters from: the first that applies of
// a form, the URL (for actions that change nothing, even on POST), a JSON
// body, or nothing.
Result<json> RequestData(Call& call, const Action& action) {
  Request& req = call.req;
  const std::string type = req.Header("content-type");
  if (req.method == "POST" && type.rfind("multipart/form-data", 0) == 0) return MultipartData(call);
  if (req.method == "POST" && type.rfind("application/x-www-form-urlencoded", 0) == 0 && !req.body.empty()) {
    auto form = ParseQueryString(req.body);
    if (!form) return RequestError("JSON Error: the form is not valid URL encoding");
    return FormData(*form);
  }
  if (!req.query.empty() && action.side_effect_free) return MixedDict(req.query);
  if (!req.body.empty()) {
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded()) {
      return RequestError("JSON Error: Error decoding JSON data. JSON data extracted from the request: " +
                          req.body.substr(0, 200));
    }
    if (!j.is_object()) {
      return RequestError("JSON Error: Request data JSON decoded to " + j.dump().substr(0, 200) +
                          " but it needs to be a dictionary.");
    }
    return j;
  }
  return json::object();
}

bool IsCallbackName(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.')) return false;
  }
  return true;
}

}  // namespace

Result<Response> CallAction(ApiContext& ctx, Request& req) {
  const std::string name = req.path_params["name"];
  const Action* action = FindAction(name);
  if (!action) return BadRequest("Action name not known: " + name);
  if (req.method == "GET" && !action->side_effect_free) {
    return BadRequest("JSON Error: Invalid request. Please use POST method for your request");
  }
  const std::string help = HelpUrl(ctx, req);
  Call call{ctx, req, name, SiteUrl(ctx, req), json::object(), {}, {}, {}};
  struct RemoveUpload {
    Call& call;
    ~RemoveUpload() {
      std::error_code ec;
      if (!call.upload.empty()) std::filesystem::remove(call.upload, ec);
    }
  } remove_upload{call};
  auto data = RequestData(call, *action);
  if (!data.ok()) {
    if (data.status().error_code() == "ckan.bad_request") return BadRequest(data.status().message());
    return ErrorResponse(data.status(), help, req.request_id);
  }
  call.data = std::move(data).value();

  // JSONP: a callback makes the call anonymous, so another site's page
  // cannot read what the visitor's credentials would show.
  std::string callback;
  if (auto it = call.data.find("callback"); it != call.data.end()) {
    callback = it->is_string() ? it->get<std::string>() : "";
    call.data.erase(it);
    if (!IsCallbackName(callback)) return BadRequest("callback must be a JavaScript name");
    req.principal = access::Principal::Anonymous(req.client_address);
  }

  Result<json> result = Status::Ok();
  try {
    result = action->run(call);
  } catch (const std::exception& e) {
    result = Internal("ckan.exception", e.what());
  }
  if (!result.ok()) return ErrorResponse(result.status(), help, req.request_id);
  std::string body = "{\"help\":" + json(help).dump() + ",\"success\":true,\"result\":";
  body.reserve(body.size() + call.raw_result.size() + 1);
  if (call.raw_result.empty()) {
    body += result->dump(-1, ' ', false, json::error_handler_t::replace);
  } else {
    body += call.raw_result;
  }
  body += '}';
  Response r;
  r.content_type = kJsonType;
  r.body = std::move(body);
  if (!callback.empty() && req.method == "GET") {
    r.body = callback + "(" + r.body + ");";
    r.content_type = "application/javascript;charset=utf-8";
  }
  return r;
}

const std::vector<Action>& AllActions() {
  static const std::vector<Action> actions = [] {
    std::vector<Action> out;
    AddCatalogActions(out);
    AddPackageWriteActions(out);
    AddResourceActions(out);
    AddDatastoreActions(out);
    AddDatastoreWriteActions(out);
    AddAccountActions(out);
    return out;
  }();
  return actions;
}

const Action* FindAction(std::string_view name) {
  for (const auto& a : AllActions()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace yungu::server::ckan_api

namespace yungu::server {

void RegisterCkanRoutes(Router& router, ApiContext& ctx) {
  auto call = [&ctx](Request& req) { return ckan_api::CallAction(ctx, req); };
  auto reads_only = [](const Request& req) {
    auto it = req.path_params.find("name");
    const auto* action = it == req.path_params.end() ? nullptr : ckan_api::FindAction(it->second);
    return action && action->side_effect_free;
  };
  for (const char* pattern : {"/api/3/action/{name}", "/api/action/{name}"}) {
    router.Add({"GET", pattern, BodyKind::kNone, call, "Call a CKAN action that changes nothing", false, nullptr, true});
    router.Add({"POST", pattern, BodyKind::kJsonOrUpload, call,
                "Call a CKAN action (JSON, form or multipart body)", false, reads_only, true});
  }
  router.Add({"GET", "/api/3", BodyKind::kNone,
              [](Request&) -> Result<Response> {
                Response r = Response::Json({{"version", 3}});
                r.content_type = ckan_api::kJsonType;
                return r;
              },
              "CKAN API version"});
  router.Add({"GET", "/datastore/dump/{id}", BodyKind::kNone,
              [&ctx](Request& req) { return ckan_api::DumpResponse(ctx, req); },
              "Download a DataStore resource (CKAN's dump: csv, tsv, json, xlsx)", false, nullptr, true});
}

}  // namespace yungu::server

namespace yungu::server {

void AddCkanOpenApiPaths(nlohmann::json& paths) {
  using nlohmann::json;
  json name = {{"name", "name"},
               {"in", "path"},
               {"required", true},
               {"description", "the action, e.g. package_search, datastore_search (help_show lists its parameters)"},
               {"schema", {{"type", "string"}}}};
  json envelope = {{"200", {{"description", "{\"help\", \"success\": true, \"result\"}"}}},
                   {"400", {{"description", "unknown action or malformed request (a JSON string)"}}},
                   {"403", {{"description", "Authorization Error"}}},
                   {"404", {{"description", "Not Found Error"}}},
                   {"409", {{"description", "Validation Error"}}}};
  for (const char* pattern : {"/api/3/action/{name}", "/api/action/{name}"}) {
    paths[pattern]["get"] = {{"summary", "Call a CKAN action that changes nothing"},
                             {"parameters", json::array({name})},
                             {"responses", envelope}};
    paths[pattern]["post"] = {
        {"summary", "Call a CKAN action (JSON, form or multipart body)"},
        {"parameters", json::array({name})},
        {"requestBody",
         {{"content",
           {{"application/json", {{"schema", {{"type", "object"}}}}},
            {"application/x-www-form-urlencoded", {{"schema", {{"type", "object"}}}}},
            {"multipart/form-data", {{"schema", {{"type", "object"}}}}}}}}},
        {"responses", envelope}};
  }
  paths["/api/3"]["get"] = {{"summary", "CKAN API version"}, {"responses", {{"200", {{"description", "{\"version\": 3}"}}}}}};
  paths["/datastore/dump/{id}"]["get"] = {
      {"summary", "Download a DataStore resource (CKAN's dump: csv, tsv, json, xlsx)"},
      {"parameters",
       json::array({{{"name", "id"}, {"in", "path"}, {"required", true}, {"description", "resource (dataset) id"},
                     {"schema", {{"type", "string"}}}},
                    {{"name", "format"}, {"in", "query"}, {"required", false}, {"description", "csv, tsv, json or xlsx"},
                     {"schema", {{"type", "string"}}}},
                    {{"name", "bom"}, {"in", "query"}, {"required", false}, {"description", "start with a UTF-8 BOM"},
                     {"schema", {{"type", "boolean"}}}}})},
      {"responses", envelope}};
}

}  // namespace yungu::server
