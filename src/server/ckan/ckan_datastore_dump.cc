// /datastore/dump/{resource_id}: CKAN's download of a DataStore table (csv,
// tsv, json, xlsx; bom=true), streamed by the native export with the same
// access control, masking and trace.
#include "server/ckan/ckan_api.h"
#include "server/read_path.h"

namespace yungu::server::ckan_api {

namespace {

// CKAN's "a desc, b" -> the native "-a,b".
std::string NativeSort(const std::string& sort) {
  std::string out;
  size_t pos = 0;
  while (pos <= sort.size()) {
    size_t end = sort.find(',', pos);
    if (end == std::string::npos) end = sort.size();
    std::string item = sort.substr(pos, end - pos);
    pos = end + 1;
    item.erase(0, item.find_first_not_of(' '));
    size_t space = item.find(' ');
    std::string field = item.substr(0, space);
    bool desc = space != std::string::npos && item.find("desc", space) != std::string::npos;
    if (field.empty() || field == "_id") continue;
    out += (out.empty() ? "" : ",") + std::string(desc ? "-" : "") + field;
  }
  return out;
}

}  // namespace

Result<Response> DumpResponse(ApiContext& ctx, Request& req) {
  const std::string id = req.path_params["id"];
  Request native = req;
  native.query.clear();
  for (const auto& [key, value] : req.query) {
    if (key == "format" || key == "bom" || key == "q" || key == "filters" || key == "fields" || key == "limit" ||
               key == "offset" || key == "grant" || key == "purpose") {
      native.query[key] = value;
    } else if (key == "sort") {
      std::string sort = NativeSort(value);
      if (!sort.empty()) native.query["sort"] = sort;
    } else if (key == "plain" || key == "language") {
      continue;  // full-text options the hub decides itself
    } else {
      return ErrorResponse(InvalidArgument("ckan.field.message", "unknown parameter '" + key.substr(0, 64) + "'"),
                           SiteUrl(ctx, req) + "/api/3/action/help_show?name=datastore_search", req.request_id);
    }
  }
  if (id.find('.') != std::string::npos) {
    return ErrorResponse(NotFound("ckan.resource_not_found", "Resource \"" + id + "\" was not found."),
                         SiteUrl(ctx, req) + "/api/3/action/help_show?name=datastore_search", req.request_id);
  }
  auto r = ExportResponse(ctx, id, native);
  if (!r.ok()) {
    return ErrorResponse(r.status(), SiteUrl(ctx, req) + "/api/3/action/help_show?name=datastore_search",
                         req.request_id);
  }
  return r;
}

}  // namespace yungu::server::ckan_api
