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
          Param("version", "query", "integer", "a specific version (default: current)")};
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
          Param("sort", "query", "string", "relevance, name, updated, published, rows, created; '-' for descending"),
          Param("limit", "query", "integer", "max 100"), Param("offset", "query", "integer", "")});
  paths["/api/v1/datasets"]["post"] = Op("Register a dataset in the catalog", {}, JsonBody("Dataset"), "201");
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
