// Departments, datasets, metadata history and versions.
#include "server/access_util.h"
#include "server/api.h"
#include "server/handler_util.h"
#include "yungu/model/catalog_json.h"

namespace yungu::server {
namespace {

using nlohmann::json;

Result<json> PageJson(ApiContext& ctx, const Request& req, const storage::CatalogPage& page) {
  json datasets = json::array();
  for (const auto& d : page.datasets) {
    json j = model::ToJson(d);
    YG_ASSIGN_OR_RETURN(auto access, ctx.services.policy->Decide(req.principal, d));
    j["access"] = AccessJson(access);
    datasets.push_back(std::move(j));
  }
  json facets = json::object();
  for (const auto& [name, counts] : page.facets) {
    json list = json::array();
    for (const auto& c : counts) list.push_back({{"value", c.value}, {"count", c.count}});
    facets[name] = list;
  }
  return json{{"total", page.total},
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
              [&ctx, catalog, store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto dept, model::DepartmentFromJson(body));
                YG_RETURN_IF_ERROR(ctx.services.policy->CanManageDepartment(req.principal, dept));
                if (store->GetDepartment(dept.code).ok()) {
                  return AlreadyExists("catalog.department_exists", "department '" + dept.code + "' already exists");
                }
                YG_RETURN_IF_ERROR(catalog->PutDepartment(dept));
                ctx.services.policy->DepartmentsChanged();
                auto event = EventFor(req, "admin", "department.create");
                event.target = dept.code;
                event.detail = model::ToJson(dept);
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
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
              [&ctx, catalog, store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto dept, model::DepartmentFromJson(body));
                if (dept.code.empty()) dept.code = req.path_params["code"];
                if (dept.code != req.path_params["code"]) {
                  return InvalidArgument("catalog.id_mismatch", "the body's code differs from the URL's");
                }
                YG_ASSIGN_OR_RETURN(auto old, store->GetDepartment(dept.code));
                // Both where it was and where it goes must be the caller's.
                YG_RETURN_IF_ERROR(ctx.services.policy->CanManageDepartment(req.principal, old));
                YG_RETURN_IF_ERROR(ctx.services.policy->CanManageDepartment(req.principal, dept));
                if (!dept.parent_code.empty() && ctx.services.policy->InSubtree(dept.parent_code, dept.code)) {
                  return InvalidArgument("catalog.department_cycle", "a department cannot sit below itself");
                }
                YG_RETURN_IF_ERROR(catalog->PutDepartment(dept));
                ctx.services.policy->DepartmentsChanged();
                auto event = EventFor(req, "admin", "department.update");
                event.target = dept.code;
                event.detail = {{"old", model::ToJson(old)}, {"new", model::ToJson(dept)}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json(model::ToJson(dept));
              },
              "Update a department"});
  router.Add({"DELETE", "/api/v1/departments/{code}", BodyKind::kNone,
              [&ctx, store](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto old, store->GetDepartment(req.path_params["code"]));
                YG_RETURN_IF_ERROR(ctx.services.policy->CanManageDepartment(req.principal, old));
                YG_RETURN_IF_ERROR(store->DeleteDepartment(req.path_params["code"]));
                ctx.services.policy->DepartmentsChanged();
                auto event = EventFor(req, "admin", "department.delete");
                event.target = old.code;
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json({{"deleted", req.path_params["code"]}});
              },
              "Delete a department that owns no datasets"});

  router.Add({"GET", "/api/v1/datasets", BodyKind::kNone,
              [&ctx, catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto page,
                                    catalog->Search(req.query, ctx.services.policy->CatalogVisibilityFor(req.principal)));
                YG_ASSIGN_OR_RETURN(json out, PageJson(ctx, req, page));
                return Response::Json(out);
              },
              "Search the catalog"});
  // The portal's headline figures, over what the caller may see.
  router.Add({"GET", "/api/v1/stats/portal", BodyKind::kNone,
              [&ctx, catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto page,
                                    catalog->Summary(ctx.services.policy->CatalogVisibilityFor(req.principal)));
                auto departments = page.facets.find("department");
                return Response::Json({{"datasets", page.total},
                                       {"departments", departments == page.facets.end() ? 0 : departments->second.size()},
                                       {"apis", page.with_data},
                                       {"reads", page.reads},
                                       {"downloads", page.downloads}});
              },
              "Counts of datasets, providing departments, data APIs, reads and downloads the caller may see"});
  router.Add({"POST", "/api/v1/datasets", BodyKind::kJson,
              [&ctx, catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto meta, model::DatasetFromJson(body));
                YG_RETURN_IF_ERROR(ctx.services.policy->CanCreateDatasetIn(req.principal, meta.department));
                YG_RETURN_IF_ERROR(CheckRelease(ctx, nullptr, meta));
                YG_ASSIGN_OR_RETURN(auto created, catalog->CreateDataset(std::move(meta)));
                auto event = EventFor(req, "admin", "dataset.create");
                event.dataset_id = created.id;
                event.detail = {{"sharing_type", model::SharingTypeName(created.sharing_type)},
                                {"opening_type", model::OpeningTypeName(created.opening_type)}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                Response r = Response::Json(model::ToJson(created), 201);
                r.headers.emplace_back("Location", "/api/v1/datasets/" + created.id);
                return r;
              },
              "Register a dataset in the catalog"});
  router.Add({"GET", "/api/v1/datasets/{id}", BodyKind::kNone,
              [&ctx](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto meta, VisibleDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(auto access, ctx.services.policy->Decide(req.principal, meta));
                json j = model::ToJson(meta);
                j["access"] = AccessJson(access);
                return Response::Json(j);
              },
              "Show a dataset's metadata"});
  router.Add({"PUT", "/api/v1/datasets/{id}", BodyKind::kJson,
              [&ctx, catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto old, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                YG_ASSIGN_OR_RETURN(auto meta, model::DatasetFromJson(body));
                if (meta.department != old.department) {
                  YG_RETURN_IF_ERROR(ctx.services.policy->CanCreateDatasetIn(req.principal, meta.department));
                }
                YG_RETURN_IF_ERROR(CheckRelease(ctx, &old, meta));
                std::string note = req.query.count("note") ? req.query["note"] : "replaced";
                YG_ASSIGN_OR_RETURN(auto updated, catalog->ReplaceDataset(req.path_params["id"], std::move(meta), note));
                YG_RETURN_IF_ERROR(TraceMetadataChange(ctx, req, old, updated));
                return Response::Json(model::ToJson(updated));
              },
              "Replace a dataset's metadata"});
  router.Add({"PATCH", "/api/v1/datasets/{id}", BodyKind::kJson,
              [&ctx, catalog](Request& req) -> Result<Response> {
                YG_ASSIGN_OR_RETURN(auto old, ManagedDataset(ctx, req, req.path_params["id"]));
                YG_ASSIGN_OR_RETURN(json body, JsonBody(req));
                if (body.is_object() && body.contains("department") && body["department"] != old.department) {
                  if (!body["department"].is_string()) {
                    return InvalidArgument("catalog.bad_field", "department must be a department code");
                  }
                  YG_RETURN_IF_ERROR(ctx.services.policy->CanCreateDatasetIn(
                      req.principal, body["department"].get<std::string>()));
                }
                YG_ASSIGN_OR_RETURN(auto candidate, model::ApplyDatasetPatch(old, body));
                YG_RETURN_IF_ERROR(CheckRelease(ctx, &old, candidate));
                std::string note = req.query.count("note") ? req.query["note"] : "updated";
                YG_ASSIGN_OR_RETURN(auto updated, catalog->PatchDataset(req.path_params["id"], body, note));
                YG_RETURN_IF_ERROR(TraceMetadataChange(ctx, req, old, updated));
                return Response::Json(model::ToJson(updated));
              },
              "Change some of a dataset's metadata"});
  router.Add({"DELETE", "/api/v1/datasets/{id}", BodyKind::kNone,
              [&ctx, store](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(ManagedDataset(ctx, req, req.path_params["id"]).status());
                YG_RETURN_IF_ERROR(store->DeleteDataset(req.path_params["id"]));
                auto event = EventFor(req, "admin", "dataset.delete");
                event.dataset_id = req.path_params["id"];
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json({{"deleted", req.path_params["id"]}});
              },
              "Delete a dataset and all its versions"});
  router.Add({"GET", "/api/v1/datasets/{id}/history", BodyKind::kNone,
              [&ctx, store](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(VisibleDataset(ctx, req, req.path_params["id"]).status());
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
              [&ctx, store](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(VisibleDataset(ctx, req, req.path_params["id"]).status());
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
              [&ctx, store](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(VisibleDataset(ctx, req, req.path_params["id"]).status());
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
              [&ctx, store](Request& req) -> Result<Response> {
                YG_RETURN_IF_ERROR(ManagedDataset(ctx, req, req.path_params["id"]).status());
                YG_ASSIGN_OR_RETURN(int64_t keep, IntParam(req, "keep", 5, 1, 1000000));
                YG_ASSIGN_OR_RETURN(int64_t dropped, store->PruneVersions(req.path_params["id"], keep));
                auto event = EventFor(req, "admin", "dataset.prune");
                event.dataset_id = req.path_params["id"];
                event.detail = {{"kept", keep}, {"dropped", dropped}};
                YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
                return Response::Json({{"dataset", req.path_params["id"]}, {"dropped", dropped}, {"kept", keep}});
              },
              "Drop all but the newest versions"});
}

}  // namespace yungu::server
