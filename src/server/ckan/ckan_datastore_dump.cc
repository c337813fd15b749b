// /datastore/dump/{resource_id}: CKAN's download of a DataStore table (csv,
// tsv, json, xlsx; bom=true), streamed by the native export with the same
// access control, masking and trace.
#include "server/ckan/ckan_api.h"
#include "server/read_path.h"
#include "yungu/ckan/ckan.h"

namespace yungu::server::ckan_api {

namespace {

// The native export's parameters for CKAN's dump parameters.
Result<std::map<std::string, std::string>> NativeParams(const std::map<std::string, std::string>& ckan) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : ckan) {
    if (key == "format" || key == "bom" || key == "q" || key == "filters" || key == "fields" || key == "limit" ||
        key == "offset" || key == "grant" || key == "purpose") {
      out[key] = value;
    } else if (key == "sort") {
      YG_ASSIGN_OR_RETURN(auto keys, yungu::ckan::SortParam({{"sort", value}}, "sort"));
      std::string sort;
      for (const auto& k : keys) sort += (sort.empty() ? "" : ",") + k;
      if (!sort.empty()) out["sort"] = sort;
    } else if (key != "plain" && key != "language") {  // full-text options the hub decides itself
      return InvalidArgument("ckan.field.message", "unknown parameter '" + key.substr(0, 64) + "'");
    }
  }
  return out;
}

Result<Response> Dump(ApiContext& ctx, const Request& req, const std::string& id) {
  if (id.find('.') != std::string::npos) {
    return NotFound("ckan.resource_not_found", "Resource \"" + id + "\" was not found.");
  }
  Request native = req;
  YG_ASSIGN_OR_RETURN(native.query, NativeParams(req.query));
  return ExportResponse(ctx, id, native);
}

}  // namespace

Result<Response> DumpResponse(ApiContext& ctx, Request& req) {
  auto r = Dump(ctx, req, req.path_params["id"]);
  if (r.ok()) return r;
  return ErrorResponse(r.status(), SiteUrl(ctx, req) + "/api/3/action/help_show?name=datastore_search",
                       req.request_id);
}

}  // namespace yungu::server::ckan_api
