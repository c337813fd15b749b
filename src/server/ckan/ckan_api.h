// CKAN's Action API (version 3) and DataStore, answered from Yungu's
// catalog and datastore through the same access control, masking and trace
// as the native API. Each action is a function of its parameters; the
// routes (ckan_routes.cc) parse requests as CKAN does and wrap results and
// errors in CKAN's envelopes.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api.h"

namespace yungu::server::ckan_api {

// One call of an action.
struct Call {
  ApiContext& ctx;
  Request& req;
  std::string action;
  std::string site;             // the hub's address, for links
  nlohmann::json data;          // the parameters: always an object
  std::filesystem::path upload;  // the multipart field "upload", spooled
  std::string upload_name;       // its file name
  // An action that writes its result as JSON text itself (the datastore's
  // pages) puts it here; the returned value is then ignored.
  std::string raw_result;
};

using ActionFn = std::function<Result<nlohmann::json>(Call&)>;

struct Action {
  std::string name;
  // Answers GET too and reads the URL's parameters: it changes nothing.
  bool side_effect_free = false;
  std::string help;  // what help_show answers
  ActionFn run;
};

// The actions of each area.
void AddCatalogActions(std::vector<Action>& out);         // status, packages, organizations, groups, tags
void AddPackageWriteActions(std::vector<Action>& out);    // package_create/update/patch/delete
void AddResourceActions(std::vector<Action>& out);        // resource_show/create/update/patch/delete
void AddDatastoreActions(std::vector<Action>& out);       // datastore_search, _info, _search_sql
void AddDatastoreWriteActions(std::vector<Action>& out);  // datastore_create, _upsert, _delete
void AddAccountActions(std::vector<Action>& out);         // api_token_create

const Action* FindAction(std::string_view name);
const std::vector<Action>& AllActions();

// help_show's URL for the action the request names: CKAN's "help" key.
std::string HelpUrl(const ApiContext& ctx, const Request& req);
// CKAN's error envelope with its HTTP status for `status`.
Response ErrorResponse(const Status& status, const std::string& help, const std::string& request_id);
constexpr const char* kJsonType = "application/json;charset=utf-8";

// The dataset `id` names if the caller may see it; hidden ones answer 404
// exactly as unknown ones.
Result<model::DatasetMeta> VisiblePackage(Call& call, const std::string& id);
// package_show's dict of a dataset.
Result<nlohmann::json> PackageFor(Call& call, const model::DatasetMeta& meta);
// Public entries only (CKAN's include_private=false), or everything the
// caller may see.
storage::CatalogVisibility PackageVisibility(const Call& call, bool include_private);

// A required text parameter: {"<key>": ["Missing value"]} when absent or empty.
Result<std::string> RequiredString(const nlohmann::json& data, const std::string& key);

}  // namespace yungu::server::ckan_api
