// Departments, datasets, metadata history and versions.
#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/model/catalog_json.h"

namespace yungu::server {
namespace {

using nlohmann::json;

json PageJson(const storage::CatalogPage& page) {
  json datasets = json::array();
  for (const auto& d : page.datasets) datasets.push_back(model::ToJson(d));
  json facets = json::object();
  for (const auto& [name, counts] : page.facets) {
    json list = json::array();
    for (const auto& c : counts) list.push_back({{"value", c.value}, {"count", c.count}});
    facets[name] = list;
  }
  return {{"total", page.total},
          {"limit", page.limit},
          {"offset", page.offset},
          {"datasets", datasets},
          {"facets", facets}};
}

}  // namespace

void RegisterCatalogRoutes(Router& router, ApiContext& ctx) {
  auto* catalog = ctx.services.catalog;
  auto* store = ctx.services.store;

  router.Add({"GET", "/api/v1/departments", BodyKind::kNone,
              [store](Request&) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto depts, store->ListDepartments());
                json out = json::array();
                for (const auto& d : depts) out.push_back(model::ToJson(d));
                return Response::Json({{"departments", out}});
              },
              "List departments"});
  router.Add({"POST", "/api/v1/departments", BodyKind::kJson,
              [catalog, store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto dept, model::DepartmentFromJson(body));
                if (store->GetDepartment(dept.code).ok()) {
                  return AlreadyExists("catalog.department_exists", "department '" + dept.code + "' already exists");
                }
                YG_RETURN_IF_ERROR(catalog->PutDepartment(dept));
                return Response::Json(model::ToJson(dept), 201);
              },
              "Create a department"});
  router.Add({"GET", "/api/v1/departments/{code}", BodyKind::kNone,
              [store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto dept, store->GetDepartment(req.path_params["code"]));
                return Response::Json(model::ToJson(dept));
              },
              "Show a department"});
  router.Add({"PUT", "/api/v1/departments/{code}", BodyKind::kJson,
              [catalog, store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto dept, model::DepartmentFromJson(body));
                if (dept.code.empty()) dept.code = req.path_params["code"];
                if (dept.code != req.path_params["code"]) {
                  return InvalidArgument("catalog.id_mismatch", "the body's code differs from the URL's");
                }
                YG_RETURN_IF_ERROR(store->GetDepartment(dept.code).status());
                YG_RETURN_IF_ERROR(catalog->PutDepartment(dept));
                return Response::Json(model::ToJson(dept));
              },
              "Update a department"});
  router.Add({"DELETE", "/api/v1/departments/{code}", BodyKind::kNone,
              [store](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(store->DeleteDepartment(req.path_params["code"]));
                return Response::Json({{"deleted", req.path_params["code"]}});
              },
              "Delete a department that owns no datasets"});

  router.Add({"GET", "/api/v1/datasets", BodyKind::kNone,
              [catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto page, catalog->Search(req.query));
                return Response::Json(PageJson(page));
              },
              "Search the catalog"});
  router.Add({"POST", "/api/v1/datasets", BodyKind::kJson,
              [catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto meta, model::DatasetFromJson(body));
                YG_ASSIGN_OR_RETURN(auto created, catalog->CreateDataset(std::move(meta)));
                Response r = Response::Json(model::ToJson(created), 201);
                r.headers.emplace_back("Location", "/api/v1/datasets/" + created.id);
                return r;
              },
              "Register a dataset in the catalog"});
  router.Add({"GET", "/api/v1/datasets/{id}", BodyKind::kNone,
              [store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto meta, store->GetDataset(req.path_params["id"]));
                return Response::Json(model::ToJson(meta));
              },
              "Show a dataset's metadata"});
  router.Add({"PUT", "/api/v1/datasets/{id}", BodyKind::kJson,
              [catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto meta, model::DatasetFromJson(body));
                std::string note = req.query.count("note") ? req.query["note"] : "replaced";
                YG_ASSIGN_OR_RETURN(auto updated, catalog->ReplaceDataset(req.path_params["id"], std::move(meta), note));
                return Response::Json(model::ToJson(updated));
              },
              "Replace a dataset's metadata"});
  router.Add({"PATCH", "/api/v1/datasets/{id}", BodyKind::kJson,
              [catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                std::string note = req.query.count("note") ? req.query["note"] : "updated";
                YG_ASSIGN_OR_RETURN(auto updated, catalog->PatchDataset(req.path_params["id"], body, note));
                return Response::Json(model::ToJson(updated));
              },
              "Change some of a dataset's metadata"});
  router.Add({"DELETE", "/api/v1/datasets/{id}", BodyKind::kNone,
              [store](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(store->DeleteDataset(req.path_params["id"]));
                return Response::Json({{"deleted", req.path_params["id"]}});
              },
              "Delete a dataset and all its versions"});
  router.Add({"GET", "/api/v1/datasets/{id}/history", BodyKind::kNone,
              [store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto revisions, store->ListRevisions(req.path_params["id"]));
                json out = json::array();
                for (const auto& r : revisions) {
                  out.push_back({{"revision", r.revision},
                                 {"changed_at", r.changed_at},
                                 {"note", r.note},
                                 {"metadata", json::parse(r.metadata_json, nullptr, false)}});
                }
                return Response::Json({{"dataset", req.path_params["id"]}, {"revisions", out}});
              },
              "Metadata change history"});
  router.Add({"GET", "/api/v1/datasets/{id}/versions", BodyKind::kNone,
              [store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto versions, store->ListVersions(req.path_params["id"]));
                json out = json::array();
                for (const auto& v : versions) {
                  json j = model::ToJson(v);
                  j.erase("fields");
                  j["search_ready"] = v.search_ready;
                  out.push_back(j);
                }
                return Response::Json({{"dataset", req.path_params["id"]}, {"versions", out}});
              },
              "List a dataset's data versions"});
  router.Add({"GET", "/api/v1/datasets/{id}/versions/{version}", BodyKind::kNone,
              [store](Request& req) -> Result<Response> {
                int64_t n = 0;
                try {
                  size_t used = 0;
                  n = std::stoll(req.path_params["version"], &used);
                  if (used != req.path_params["version"].size()) throw std::invalid_argument("version");
                } catch (const std::exception&) {
                  return InvalidArgument("http.bad_parameter", "version must be an integer");
                }
                YG_ASSIGN_OR_RETURN(auto v, store->GetVersion(req.path_params["id"], n));
                json j = model::ToJson(v);
                j["search_ready"] = v.search_ready;
                return Response::Json(j);
              },
              "Show one version and its schema"});
  router.Add({"POST", "/api/v1/datasets/{id}/versions/prune", BodyKind::kJson,
              [store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(int64_t keep, IntParam(req, "keep", 5, 1, 1000000));
                YG_ASSIGN_OR_RETURN(int64_t dropped, store->PruneVersions(req.path_params["id"], keep));
                return Response::Json({{"dataset", req.path_params["id"]}, {"dropped", dropped}, {"kept", keep}});
              },
              "Drop all but the newest versions"});
}

}  // namespace yungu::server
