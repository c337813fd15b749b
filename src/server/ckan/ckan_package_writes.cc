// package_create, package_update, package_patch, package_delete: the
// catalog's own rules, permissions, release check and trace apply as on the
// native API.
#include "server/access_util.h"
#include "server/ckan/ckan_api.h"
#include "yungu/ckan/ckan.h"

namespace yungu::server::ckan_api {
namespace {

using nlohmann::json;
namespace ck = yungu::ckan;

// owner_org names a department by code (CKAN's id or name).
Status CheckOrganization(Call& call, const json& data) {
  auto it = data.find("owner_org");
  if (it == data.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return ck::FieldError("owner_org", "Must be an organization id or name");
  auto dept = call.ctx.services.store->GetDepartment(it->get<std::string>());
  if (dept.ok()) return Status::Ok();
  if (dept.status().code() == Code::kNotFound) return ck::FieldError("owner_org", "Organization does not exist");
  return dept.status();
}

// The package named by "id" (or "name") that the caller may manage.
Result<model::DatasetMeta> ManagedPackage(Call& call) {
  YG_ASSIGN_OR_RETURN(auto id, ck::StringParam(call.data, "id"));
  if (!id || id->empty()) {
    YG_ASSIGN_OR_RETURN(id, RequiredString(call.data, "name"));
  }
  return ManagedDataset(call.ctx, call.req, *id);
}

// Saves `candidate` over `old` after the checks the native PUT makes.
Result<json> SaveUpdate(Call& call, const model::DatasetMeta& old, model::DatasetMeta candidate) {
  auto& ctx = call.ctx;
  if (candidate.department != old.department) {
    YG_RETURN_IF_ERROR(ctx.services.policy->CanCreateDatasetIn(call.req.principal, candidate.department));
  }
  YG_RETURN_IF_ERROR(CheckRelease(ctx, &old, candidate));
  YG_ASSIGN_OR_RETURN(auto updated, ctx.services.catalog->ReplaceDataset(old.id, std::move(candidate),
                                                                         "CKAN " + call.action));
  YG_RETURN_IF_ERROR(TraceMetadataChange(ctx, call.req, old, updated));
  return PackageFor(call, updated);
}

Result<json> PackageCreate(Call& call) {
  auto& ctx = call.ctx;
  if (call.req.principal.anonymous()) {
    return PermissionDenied("auth.required", "Action package_create requires an authenticated user");
  }
  YG_RETURN_IF_ERROR(CheckOrganization(call, call.data));
  YG_ASSIGN_OR_RETURN(auto meta, ck::DatasetFromPackage(call.data, nullptr));
  YG_RETURN_IF_ERROR(ctx.services.policy->CanCreateDatasetIn(call.req.principal, meta.department));
  if (ctx.services.store->GetDataset(meta.id).ok()) return ck::FieldError("name", "That URL is already in use.");
  YG_RETURN_IF_ERROR(CheckRelease(ctx, nullptr, meta));
  YG_ASSIGN_OR_RETURN(auto created, ctx.services.catalog->CreateDataset(std::move(meta)));
  auto event = EventFor(call.req, "admin", "dataset.create");
  event.dataset_id = created.id;
  event.detail = {{"sharing_type", model::SharingTypeName(created.sharing_type)},
                  {"opening_type", model::OpeningTypeName(created.opening_type)},
                  {"via", "ckan"}};
  YG_RETURN_IF_ERROR(TraceAdmin(ctx, std::move(event)));
  return PackageFor(call, created);
}

// package_update replaces: keys left out are cleared, as CKAN clears them
// (resources left out are kept, as CKAN keeps them; the national catalog's
// classification changes only when its extras are given).
Result<json> PackageUpdate(Call& call) {
  YG_ASSIGN_OR_RETURN(auto old, ManagedPackage(call));
  YG_RETURN_IF_ERROR(CheckOrganization(call, call.data));
  json data = call.data;
  for (const char* key : {"title", "notes", "license_id", "maintainer", "maintainer_email", "author", "author_email",
                          "url", "version", "groups"}) {
    if (!data.contains(key)) data[key] = nullptr;
  }
  if (!data.contains("tags") && !data.contains("tag_string")) data["tags"] = nullptr;
  YG_ASSIGN_OR_RETURN(auto candidate, ck::DatasetFromPackage(data, &old));
  return SaveUpdate(call, old, std::move(candidate));
}

// package_patch: package_show's dict with the given keys replaced.
Result<json> PackagePatch(Call& call) {
  YG_ASSIGN_OR_RETURN(auto old, ManagedPackage(call));
  YG_RETURN_IF_ERROR(CheckOrganization(call, call.data));
  YG_ASSIGN_OR_RETURN(json patched, PackageFor(call, old));
  for (const auto& [key, value] : call.data.items()) patched[key] = value;
  YG_ASSIGN_OR_RETURN(auto candidate, ck::DatasetFromPackage(patched, &old));
  return SaveUpdate(call, old, std::move(candidate));
}

Result<json> PackageDelete(Call& call) {
  YG_ASSIGN_OR_RETURN(auto old, ManagedPackage(call));
  YG_RETURN_IF_ERROR(call.ctx.services.store->DeleteDataset(old.id));
  auto event = EventFor(call.req, "admin", "dataset.delete");
  event.dataset_id = old.id;
  event.detail = {{"via", "ckan"}};
  YG_RETURN_IF_ERROR(TraceAdmin(call.ctx, std::move(event)));
  return json(nullptr);
}

}  // namespace

void AddPackageWriteActions(std::vector<Action>& out) {
  out.push_back({"package_create", false,
                 "Create a new dataset (package).\n\n"
                 "    :param name: the dataset's id: 2-64 lowercase letters, digits, - and _\n"
                 "    :param title: its Chinese name (资源名称)\n"
                 "    :param notes: its summary (资源摘要)\n"
                 "    :param owner_org: the providing department's code\n"
                 "    :param private: not opened to the public (default false)\n"
                 "    :param groups: themes, as [{\"name\": key}]\n"
                 "    :param tags: [{\"name\": tag}]\n"
                 "    :param license_id: the licence\n"
                 "    :param extras: [{\"key\", \"value\"}]; resource_code, title_en, sharing_type,\n"
                 "        sharing_conditions, opening_type, update_cycle, publish_date,\n"
                 "        contact_phone and data_format set the national catalog's fields\n"
                 "    :param resources: links to files elsewhere, [{\"url\", \"name\", \"format\"}]\n\n"
                 "    :returns: the newly created dataset\n",
                 PackageCreate});
  out.push_back({"package_update", false,
                 "Update a dataset (package); keys left out are cleared, resources left out kept.\n\n"
                 "    :param id: the id or name of the dataset\n",
                 PackageUpdate});
  out.push_back({"package_patch", false,
                 "Patch a dataset (package): only the keys given change.\n\n"
                 "    :param id: the id or name of the dataset\n",
                 PackagePatch});
  out.push_back({"package_delete", false,
                 "Delete a dataset (package) with all its data versions.\n\n"
                 "    :param id: the id or name of the dataset\n",
                 PackageDelete});
}

}  // namespace yungu::server::ckan_api
