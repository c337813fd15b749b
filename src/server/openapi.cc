// The OpenAPI 3 description of the API. Written out by hand (not generated
// from the router) so that a test comparing the two catches drift.
#include "server/api.h"

namespace yungu::server {
namespace {

using nlohmann::json;

json Param(const char* name, const char* in, const char* type, const char* description, bool required = false) {
  return {{"name", name},
          {"in", in},
          {"required", required || std::string(in) == "path"},
          {"description", description},
          {"schema", {{"type", type}}}};
}

json ErrorResponses() {
  json ref = {{"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  json r = json::object();
  for (const char* code : {"400", "404", "409", "413"}) {
    r[code] = ref;
    r[code]["description"] = std::string("error ") + code;
  }
  return r;
}

json Op(const char* summary, std::vector<json> params = {}, json body = nullptr, const char* ok = "200") {
  json op = {{"summary", summary}, {"parameters", params}, {"responses", ErrorResponses()}};
  op["responses"][ok] = {{"description", "success"}};
  if (!body.is_null()) op["requestBody"] = body;
  return op;
}

json JsonBody(const char* schema_ref) {
  return {{"required", true},
          {"content", {{"application/json", {{"schema", {{"$ref", std::string("#/components/schemas/") + schema_ref}}}}}}}};
}

std::vector<json> QueryParams() {
  return {Param("fields", "query", "string", "comma-separated field names"),
          Param("filters", "query", "string",
                "JSON object: {\"f\": v} equality, {\"f\": [a, b]} IN, {\"f\": {\"gte\": x, \"lt\": y}} ranges, "
                "{\"f\": null} or {\"f\": {\"null\": false}} null tests"),
          Param("q", "query", "string", "full-text search within the dataset (Chinese or English)"),
          Param("sort", "query", "string", "comma-separated fields, '-' prefix for descending"),
          Param("limit", "query", "integer", "rows per page (default 100, max 10000)"),
          Param("offset", "query", "integer", "rows to skip (max 100000; use cursor for deeper pages)"),
          Param("cursor", "query", "string", "next_cursor of the previous page"),
          Param("total", "query", "boolean", "include the total count of matching rows"),
          Param("distinct", "query", "boolean", "distinct combinations of the selected fields"),
          Param("group_by", "query", "string", "comma-separated fields to group by"),
          Param("aggregates", "query", "string", "e.g. count,sum:capital,avg:pm25 (also 'agg')"),
          Param("version", "query", "integer", "a specific version (default: current)"),
          Param("grant", "query", "integer", "read through this grant (default: the broadest access the caller has)"),
          Param("purpose", "query", "string", "why the data is read; recorded in the trace")};
}

}  // namespace

json OpenApiDocument() {
  json paths = json::object();
  json id = Param("id", "path", "string", "dataset id");
  json code = Param("code", "path", "string", "department code");

  paths["/api/v1/health"]["get"] = Op("Health check");
  paths["/metrics"]["get"] = Op("Prometheus metrics");
  paths["/api/v1/openapi.json"]["get"] = Op("This API's OpenAPI 3 document");
  paths["/api/v1/themes"]["get"] = Op("The catalog's themes (主题)");

  paths["/api/v1/departments"]["get"] = Op("List departments");
  paths["/api/v1/departments"]["post"] = Op("Create a department", {}, JsonBody("Department"), "201");
  paths["/api/v1/departments/{code}"]["get"] = Op("Show a department", {code});
  paths["/api/v1/departments/{code}"]["put"] = Op("Update a department", {code}, JsonBody("Department"));
  paths["/api/v1/departments/{code}"]["delete"] = Op("Delete a department that owns no datasets", {code});

  paths["/api/v1/datasets"]["get"] =
      Op("Search the catalog",
         {Param("q", "query", "string", "full-text query, Chinese or English"),
          Param("department", "query", "string", "department codes, comma-separated"),
          Param("theme", "query", "string", "theme keys or Chinese labels"),
          Param("sharing_type", "query", "string", "unconditional, conditional, none (or 无条件共享…)"),
          Param("opening_type", "query", "string", "unconditional, conditional, none (or 无条件开放…)"),
          Param("format", "query", "string", "csv, xlsx, json…"),
          Param("update_cycle", "query", "string", "realtime, daily, weekly, monthly, quarterly, yearly, irregular"),
          Param("tag", "query", "string", "tags, comma-separated"),
          Param("sort", "query", "string", "relevance, name, updated, published, rows, created, popular (most used); '-' reverses"),
          Param("limit", "query", "integer", "max 100"), Param("offset", "query", "integer", "")});
  paths["/api/v1/datasets"]["post"] = Op("Register a dataset in the catalog", {}, JsonBody("Dataset"), "201");
  paths["/api/v1/stats/portal"]["get"] =
      Op("Counts of datasets, providing departments, data APIs, reads and downloads the caller may see");
  paths["/api/v1/datasets/{id}"]["get"] = Op("Show a dataset's metadata", {id});
  paths["/api/v1/datasets/{id}"]["put"] = Op("Replace a dataset's metadata", {id, Param("note", "query", "string", "")},
                                             JsonBody("Dataset"));
  paths["/api/v1/datasets/{id}"]["patch"] =
      Op("Change some of a dataset's metadata", {id, Param("note", "query", "string", "")}, JsonBody("Dataset"));
  paths["/api/v1/datasets/{id}"]["delete"] = Op("Delete a dataset and all its versions", {id});
  paths["/api/v1/datasets/{id}/history"]["get"] = Op("Metadata change history", {id});
  paths["/api/v1/datasets/{id}/versions"]["get"] = Op("List a dataset's data versions", {id});
  paths["/api/v1/datasets/{id}/versions/{version}"]["get"] =
      Op("Show one version and its schema", {id, Param("version", "path", "integer", "version number")});
  paths["/api/v1/datasets/{id}/versions/prune"]["post"] =
      Op("Drop all but the newest versions", {id, Param("keep", "query", "integer", "versions to keep (default 5)")});

  json binary = {{"type", "string"}, {"format", "binary"}};
  json upload = json::object();
  upload["required"] = true;
  upload["content"]["text/csv"]["schema"] = {{"type", "string"}};
  upload["content"]["application/octet-stream"]["schema"] = binary;
  upload["content"]["multipart/form-data"]["schema"] = {{"type", "object"}, {"properties", {{"file", binary}}}};
  paths["/api/v1/datasets/{id}/ingest"]["post"] =
      Op("Upload a file as a new version (raw body or multipart/form-data)",
         {id, Param("mode", "query", "string", "replace (default), append or upsert"),
          Param("format", "query", "string", "auto (default), csv, tsv, json, ndjson, xlsx"),
          Param("delimiter", "query", "string", "csv delimiter; detected when absent"),
          Param("encoding", "query", "string", "auto (default), utf-8, gbk, gb18030…"),
          Param("sheet", "query", "string", "xlsx sheet name (default: first)"),
          Param("header", "query", "boolean", "the first row is a header (default true)"),
          Param("max_bad_rows", "query", "integer", "bad rows to skip before failing (default 0: reject)"),
          Param("key", "query", "string", "upsert key fields, comma-separated (default: primary key)"),
          Param("infer_schema", "query", "boolean", "re-infer field types (replace mode)"),
          Param("filename", "query", "string", "original file name (raw uploads)")},
         upload, "201");
  paths["/api/v1/datasets/{id}/query"]["get"] = Op("Query a dataset (parameters in the URL)", [&] {
    auto p = QueryParams();
    p.insert(p.begin(), id);
    return p;
  }());
  paths["/api/v1/datasets/{id}/query"]["post"] = Op("Query a dataset (JSON body)", {id}, JsonBody("Query"));
  paths["/api/v1/datasets/{id}/export"]["get"] = Op("Export query results as CSV, TSV, JSON, NDJSON or XLSX", [&] {
    auto p = QueryParams();
    p.insert(p.begin(), id);
    p.push_back(Param("format", "query", "string", "csv (default), tsv, json, ndjson, xlsx"));
    p.push_back(Param("bom", "query", "boolean", "prefix CSV/TSV with a UTF-8 BOM for Excel"));
    return p;
  }());

  // Applications → approval → grants, and the inbox.
  {
    json app_id = Param("id", "path", "integer", "application id");
    json grant_id = Param("id", "path", "integer", "grant id");
    json note_id = Param("id", "path", "integer", "notification id");
    json limit = Param("limit", "query", "integer", "items per page (default 20, max 200)");
    json offset = Param("offset", "query", "integer", "items to skip");
    auto body = [](json properties, std::vector<std::string> required, bool needed) {
      json schema = {{"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
      if (!required.empty()) schema["required"] = required;
      return json{{"required", needed}, {"content", {{"application/json", {{"schema", schema}}}}}};
    };
    json text = {{"type", "string"}};
    json names = {{"type", "array"}, {"items", {{"type", "string"}}}};
    json days = {{"type", "integer"}, {"minimum", 1}, {"maximum", 1095}};
    json filter = {{"type", "object"}, {"description", "rows, in the query API's filter syntax"}};
    json reason = body({{"reason", text}}, {"reason"}, true);
    paths["/api/v1/applications"]["post"] =
        Op("Apply for a conditional dataset", {},
           body({{"dataset_id", text},
                 {"kind", {{"type", "string"}, {"enum", {"sharing", "opening"}}}},
                 {"purpose", text},
                 {"legal_basis", text},
                 {"fields", names},
                 {"row_filter", filter},
                 {"duration_days", days}},
                {"dataset_id", "purpose", "fields", "duration_days"}, true),
           "201");
    paths["/api/v1/applications"]["get"] =
        Op("List applications",
           {Param("role", "query", "string", "applicant (mine) or approver (waiting on my department)"),
            Param("status", "query", "string", "pending, approved, rejected or withdrawn"),
            Param("dataset", "query", "string", "dataset id"),
            Param("overdue", "query", "boolean", "only pending applications past their due date"), limit, offset});
    paths["/api/v1/applications/{id}"]["get"] = Op("Show an application", {app_id});
    paths["/api/v1/applications/{id}/approve"]["post"] =
        Op("Approve an application, making a grant", {app_id},
           body({{"fields", names},
                 {"row_filter", filter},
                 {"duration_days", days},
                 {"daily_row_quota", {{"type", "integer"}, {"minimum", 0}}},
                 {"note", text}},
                {}, false));
    paths["/api/v1/applications/{id}/reject"]["post"] = Op("Reject an application with a reason", {app_id}, reason);
    paths["/api/v1/applications/{id}/withdraw"]["post"] = Op("Withdraw one's pending application", {app_id});
    paths["/api/v1/grants"]["get"] =
        Op("List grants", {Param("role", "query", "string", "grantee (mine) or provider (made by my department)"),
                           Param("dataset", "query", "string", "dataset id"), limit, offset});
    paths["/api/v1/grants/{id}"]["get"] = Op("Show a grant", {grant_id});
    paths["/api/v1/grants/{id}/revoke"]["post"] = Op("Revoke a grant", {grant_id}, reason);
    paths["/api/v1/inbox"]["get"] =
        Op("The caller's notifications", {Param("unread", "query", "boolean", "only unread ones"), limit, offset});
    paths["/api/v1/inbox/{id}/read"]["post"] = Op("Mark a notification read", {note_id});
    paths["/api/v1/inbox/read-all"]["post"] = Op("Mark every notification read");
  }

  // Accounts: sign-in, users, API tokens, app keys.
  {
    auto object = [](json properties, std::vector<std::string> required) {
      json schema = {{"type", "object"}, {"properties", properties}};
      if (!required.empty()) schema["required"] = required;
      return json{{"required", true}, {"content", {{"application/json", {{"schema", schema}}}}}};
    };
    json text = {{"type", "string"}};
    json roles = {{"type", "array"},
                  {"items", {{"type", "string"},
                             {"enum", {"platform_admin", "department_admin", "data_officer", "government_user",
                                       "public_user", "auditor"}}}}};
    json user_id = Param("id", "path", "string", "user id (u_...)");
    json token_id = Param("id", "path", "string", "token id");
    json key_id = Param("id", "path", "string", "app key id");
    paths["/api/v1/auth/login"]["post"] = Op("Sign in with a password (sets the session cookie)", {},
                                             object({{"username", text}, {"password", text}}, {"username", "password"}));
    paths["/api/v1/auth/logout"]["post"] = Op("Sign out (ends the session)");
    paths["/api/v1/auth/me"]["get"] = Op("Who is calling: user, department, roles, credential");
    paths["/api/v1/auth/password"]["post"] =
        Op("Change your own password", {},
           object({{"current_password", text}, {"new_password", text}}, {"current_password", "new_password"}));
    paths["/api/v1/auth/bootstrap"]["post"] =
        Op("Create the first platform admin with the bootstrap secret", {},
           object({{"secret", text}, {"username", text}, {"password", text}, {"display_name", text}},
                  {"secret", "username", "password"}),
           "201");
    paths["/api/v1/users"]["get"] =
        Op("List users", {Param("department", "query", "string", "department code"),
                          Param("role", "query", "string", "only users holding this role")});
    paths["/api/v1/users"]["post"] =
        Op("Create a user", {},
           object({{"username", text}, {"display_name", text}, {"department", text}, {"roles", roles},
                   {"password", {{"type", "string"}, {"description", "generated and returned once when absent"}}}},
                  {"username", "roles"}),
           "201");
    paths["/api/v1/users/{id}"]["get"] = Op("Show a user", {user_id});
    paths["/api/v1/users/{id}"]["patch"] =
        Op("Change a user's roles, department, name or status", {user_id},
           object({{"display_name", text}, {"department", text}, {"roles", roles}, {"disabled", {{"type", "boolean"}}}},
                  {}));
    paths["/api/v1/users/{id}/password"]["post"] =
        Op("Reset a user's password", {user_id},
           object({{"password", {{"type", "string"}, {"description", "generated and returned once when absent"}}}}, {}));
    paths["/api/v1/tokens"]["get"] =
        Op("List API tokens", {Param("user", "query", "string", "another user's id, or * for all (platform admins)")});
    paths["/api/v1/tokens"]["post"] =
        Op("Create an API token (shown once)", {},
           object({{"name", text},
                   {"scope", {{"type", "string"}, {"enum", {"read", "write", "admin"}}}},
                   {"days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 365}}},
                   {"user_id", {{"type", "string"}, {"description", "for another user (platform admins)"}}}},
                  {}),
           "201");
    paths["/api/v1/tokens/{id}"]["delete"] = Op("Revoke an API token", {token_id});
    paths["/api/v1/app-keys"]["get"] =
        Op("List app keys", {Param("owner", "query", "string", "another user's id, or * for all (platform admins)")});
    paths["/api/v1/app-keys"]["post"] = Op("Create an app key (shown once)", {}, object({{"name", text}}, {}), "201");
    paths["/api/v1/app-keys/{id}"]["patch"] =
        Op("Set an app key's rate limit", {key_id},
           object({{"rate_per_second", {{"type", "number"}}}, {"burst", {{"type", "number"}}}}, {}));
    paths["/api/v1/app-keys/{id}"]["delete"] = Op("Revoke an app key", {key_id});
  }

  // The audit trace (auditors and platform admins only).
  {
    json limit = Param("limit", "query", "integer", "items per page (default 100, max 1000)");
    json before = Param("before", "query", "integer", "next_before of the previous page");
    paths["/api/v1/audit/entries"]["get"] =
        Op("Search or export the audit trace",
           {Param("user", "query", "string", "user id"), Param("department", "query", "string", "department code"),
            Param("dataset", "query", "string", "dataset id"),
            Param("field", "query", "string", "a field the read returned"),
            Param("action", "query", "string", "e.g. dataset.query, grant.approve"),
            Param("category", "query", "string", "read, admin, auth or alert"),
            Param("outcome", "query", "string", "ok, denied or error"),
            Param("since", "query", "string", "time >= since (ISO 8601; no offset: China time)"),
            Param("until", "query", "string", "time < until"), before,
            Param("limit", "query", "integer", "entries per page (default 100, max 1000); for exports, at most this many"),
            Param("format", "query", "string", "json (default, paged newest first), ndjson or csv (streamed)")});
    paths["/api/v1/audit/entries/{index}"]["get"] =
        Op("Show an audit entry with its leaf hash", {Param("index", "path", "integer", "entry index, from 0")});
    paths["/api/v1/audit/tree-head"]["get"] = Op("The latest signed tree head and the hub's public key");
    paths["/api/v1/audit/tree-heads"]["get"] = Op("List signed tree heads, newest first", {limit, before});
    paths["/api/v1/audit/proofs/inclusion"]["get"] =
        Op("Inclusion proof of an entry in the tree of a given size",
           {Param("index", "query", "integer", "entry index", true),
            Param("size", "query", "integer", "tree size (default: the latest signed head's)")});
    paths["/api/v1/audit/proofs/consistency"]["get"] =
        Op("Consistency proof between two tree sizes",
           {Param("first", "query", "integer", "the smaller tree size", true),
            Param("second", "query", "integer", "the larger tree size (default: the latest signed head's)")});
    paths["/api/v1/audit/alerts"]["get"] = Op("List abuse alerts, newest first", {limit, before});
  }

  // Data governance: quality, discovery, release checks, anonymisation,
  // authoritative sources, statistics.
  {
    json id = Param("id", "path", "string", "dataset id", true);
    json version = Param("version", "query", "integer", "data version (default: the current one)");
    json code = Param("code", "path", "string", "data element code, e.g. enterprise.registered_capital", true);
    paths["/api/v1/datasets/{id}/quality"]["get"] = Op("A version's quality report (computed when missing)", {id, version});
    paths["/api/v1/datasets/{id}/quality"]["post"] = Op("Recompute a version's quality report", {id, version});
    paths["/api/v1/datasets/{id}/quality/history"]["get"] = Op("Quality scores of every version (the trend)", {id});
    paths["/api/v1/datasets/{id}/discovery"]["get"] =
        Op("A version's personal-data discovery report (managers)", {id, version});
    paths["/api/v1/datasets/{id}/discovery"]["post"] = Op("Scan a version for personal data now", {id, version});
    paths["/api/v1/datasets/{id}/discovery/decisions"]["post"] =
        Op("Confirm or override discovery's proposals", {id},
           json{{"type", "object"},
                {"description", "{\"fields\": {\"NAME\": \"accept\" | \"reject\" | {\"personal\": KIND, \"sensitivity\": 1-4}}}"}});
    paths["/api/v1/datasets/{id}/release-check"]["get"] =
        Op("Whether the dataset could be opened unconditionally now", {id});
    paths["/api/v1/datasets/{id}/anonymize"]["post"] =
        Op("Publish a k-anonymous copy as a new dataset", {id},
           json{{"type", "object"},
                {"description", "quasi_identifiers, hierarchies (field -> ARX CSV), k, suppression_limit, l, "
                                "sensitive, metric (non_uniform_entropy | discernibility), keep, target {id, name}"}},
           "201");
    paths["/api/v1/elements"]["get"] = Op("The data elements and their authoritative sources (一数一源)");
    paths["/api/v1/elements/{code}"]["get"] = Op("One data element: its source and copies", {code});
    paths["/api/v1/elements/{code}"]["put"] =
        Op("Declare a data element's authoritative source", {code},
           json{{"type", "object"},
                {"description", "name, entity_kind (uscc | citizen_id), dataset_id, field, key_field, description"}});
    paths["/api/v1/elements/{code}"]["delete"] = Op("Withdraw a data element's declaration", {code});
    paths["/api/v1/elements/{code}/verify"]["post"] =
        Op("Verify every copy of an element against its source (多元校核)", {code});
    paths["/api/v1/elements/{code}/verification"]["get"] = Op("The latest verification of an element", {code});
    paths["/api/v1/stats/open-rate"]["get"] = Op("Open rate and performance per department and city-wide");
    paths["/api/v1/pseudonym-keys/rotate"]["post"] =
        Op("Start a new pseudonym key (new releases cannot be linked to old ones)");
  }

  json schemas = {
      {"Error",
       {{"type", "object"},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"properties",
             {{"status", {{"type", "integer"}}},
              {"code", {{"type", "string"}, {"description", "stable machine-readable code, e.g. query.unknown_field"}}},
              {"message", {{"type", "string"}}},
              {"request_id", {{"type", "string"}}}}}}}}}}},
      {"Department",
       {{"type", "object"},
        {"properties",
         {{"code", {{"type", "string"}}},
          {"name", {{"type", "string"}}},
          {"name_en", {{"type", "string"}}},
          {"parent_code", {{"type", "string"}}},
          {"division_code", {{"type", "string"}}}}}}},
      {"Field",
       {{"type", "object"},
        {"properties",
         {{"name", {{"type", "string"}}},
          {"title", {{"type", "string"}}},
          {"type", {{"type", "string"}, {"enum", {"integer", "decimal", "boolean", "date", "datetime", "text"}}}},
          {"unit", {{"type", "string"}}},
          {"description", {{"type", "string"}}},
          {"sensitivity", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
          {"primary_key", {{"type", "boolean"}}},
          {"required", {{"type", "boolean"}}},
          {"indexed", {{"type", "boolean"}}}}}}},
      {"Dataset",
       {{"type", "object"},
        {"required", {"id", "name", "department"}},
        {"properties",
         {{"id", {{"type", "string"}}},
          {"resource_code", {{"type", "string"}}},
          {"name", {{"type", "string"}}},
          {"name_en", {{"type", "string"}}},
          {"summary", {{"type", "string"}}},
          {"department", {{"type", "string"}}},
          {"themes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"format", {{"type", "string"}}},
          {"sharing_type", {{"type", "string"}, {"enum", {"unconditional", "conditional", "none"}}}},
          {"sharing_conditions", {{"type", "string"}}},
          {"opening_type", {{"type", "string"}, {"enum", {"unconditional", "conditional", "none"}}}},
          {"update_cycle",
           {{"type", "string"},
            {"enum", {"realtime", "daily", "weekly", "monthly", "quarterly", "yearly", "irregular"}}}},
          {"publish_date", {{"type", "string"}, {"format", "date"}}},
          {"licence", {{"type", "string"}}},
          {"contact_name", {{"type", "string"}}},
          {"contact_phone", {{"type", "string"}}},
          {"contact_email", {{"type", "string"}}},
          {"fields", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Field"}}}}}}}}},
      {"Query",
       {{"type", "object"},
        {"properties",
         {{"fields", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"filters", {{"type", "object"}}},
          {"q", {{"type", "string"}}},
          {"sort", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"limit", {{"type", "integer"}}},
          {"offset", {{"type", "integer"}}},
          {"cursor", {{"type", "string"}}},
          {"total", {{"type", "boolean"}}},
          {"distinct", {{"type", "boolean"}}},
          {"group_by", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"aggregates", {{"type", "array"}, {"items", {{"type", "string"}}}}},
          {"version", {{"type", "integer"}}}}}}}};

  AddCkanOpenApiPaths(paths);
  AddDcatOpenApiPaths(paths);

  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Yungu government data hub API"},
            {"version", "0.1.0"},
            {"description", "Catalog, ingest and datastore query API of the Yungu data hub."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"paths", paths},
          {"components", {{"schemas", schemas}}}};
}

}  // namespace yungu::server
