// resource_show/create/update/patch/delete. A package's resources are its
// data table (id = the dataset's id; an upload loads a new version through
// the ingest pipeline) and its links (id = "<dataset id>.<n>").
#include <cctype>

#include "server/access_util.h"
#include "server/ckan/ckan_api.h"
#include "server/ingest_path.h"
#include "yungu/ckan/ckan.h"

namespace yungu::server::ckan_api {
namespace {

using nlohmann::json;
namespace ck = yungu::ckan;

struct FoundResource {
  model::DatasetMeta meta;
  int link = -1;  // index into meta.links; -1: the data table
};

// The dataset a resource id belongs to: itself, or the part before ".<n>".
std::string DatasetOf(const std::string& resource_id) {
  size_t dot = resource_id.rfind('.');
  return dot == std::string::npos ? resource_id : resource_id.substr(0, dot);
}

Result<FoundResource> FindResource(Call& call, const std::string& id, bool manage) {
  const std::string dataset = DatasetOf(id);
  auto meta = manage ? ManagedDataset(call.ctx, call.req, dataset) : VisibleDataset(call.ctx, call.req, dataset);
  if (!meta.ok()) {
    if (meta.status().code() == Code::kNotFound) return NotFound("ckan.resource_not_found", "Resource was not found.");
    return meta.status();
  }
  FoundResource out{std::move(meta).value(), -1};
  if (id == dataset) {
    if (!ck::HasDataTable(out.meta)) return NotFound("ckan.resource_not_found", "Resource was not found.");
    return out;
  }
  for (size_t i = 0; i < out.meta.links.size(); ++i) {
    if (out.meta.links[i].id == id) out.link = static_cast<int>(i);
  }
  if (out.link < 0) return NotFound("ckan.resource_not_found", "Resource was not found.");
  return out;
}

json ResourceDict(Call& call, const model::DatasetMeta& meta, int link) {
  if (link < 0) return ck::DataTableResource(meta, call.site);
  int position = link + (ck::HasDataTable(meta) ? 1 : 0);
  return ck::LinkResource(meta, meta.links[static_cast<size_t>(link)], position);
}

// Loads the uploaded file as the data table's new version.
Result<json> LoadUpload(Call& call, const model::DatasetMeta& meta) {
  std::error_code ec;
  if (std::filesystem::file_size(call.upload, ec) == 0 || ec) {
    return ck::FieldError("upload", "The uploaded file is empty");
  }
  ingest::IngestOptions options;
  options.mode = storage::WriteMode::kReplace;
  options.reader.name_hint = call.upload_name;
  options.source_name = call.upload_name;
  if (auto format = call.data.find("format"); format != call.data.end() && format->is_string()) {
    std::string name = format->get<std::string>();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ingest::ApplyFormatName(name, options.reader);  // an unknown format is sniffed instead
  }
  auto report = IngestAsVersion(call.ctx, call.req, meta, call.upload, options);
  if (!report.status.ok()) {
    const Status& st = report.status;
    if (st.code() != Code::kInvalidArgument && st.code() != Code::kFailedPrecondition) return st;
    std::string message = st.message();
    if (!report.bad_rows.empty()) {
      message += " (line " + std::to_string(report.bad_rows[0].line) + ": " + report.bad_rows[0].message + ")";
    }
    return ck::FieldError("upload", message);
  }
  YG_ASSIGN_OR_RETURN(auto fresh, call.ctx.services.store->GetDataset(meta.id));
  return ck::DataTableResource(fresh, call.site);
}

// Saves the dataset with its changed links.
Result<model::DatasetMeta> SaveLinks(Call& call, const model::DatasetMeta& old, model::DatasetMeta candidate) {
  YG_ASSIGN_OR_RETURN(auto updated, call.ctx.services.catalog->ReplaceDataset(old.id, std::move(candidate),
                                                                              "CKAN " + call.action));
  YG_RETURN_IF_ERROR(TraceMetadataChange(call.ctx, call.req, old, updated));
  return updated;
}

Result<json> ResourceShow(Call& call) {
  YG_ASSIGN_OR_RETURN(std::string id, RequiredString(call.data, "id"));
  YG_ASSIGN_OR_RETURN(auto found, FindResource(call, id, false));
  return ResourceDict(call, found.meta, found.link);
}

Result<json> ResourceCreate(Call& call) {
  YG_ASSIGN_OR_RETURN(std::string package_id, RequiredString(call.data, "package_id"));
  YG_ASSIGN_OR_RETURN(auto meta, ManagedDataset(call.ctx, call.req, package_id));
  if (!call.upload.empty()) {
    if (meta.current_version > 0) {
      return ck::FieldError("upload", "The dataset already holds its data table (resource " + meta.id +
                                          "): update that resource to load a new version");
    }
    return LoadUpload(call, meta);
  }
  YG_ASSIGN_OR_RETURN(model::Link link, ck::LinkFromResource(call.data));
  link.id.clear();
  link.created_at.clear();
  model::DatasetMeta candidate = meta;
  candidate.links.push_back(std::move(link));
  YG_ASSIGN_OR_RETURN(auto updated, SaveLinks(call, meta, std::move(candidate)));
  return ResourceDict(call, updated, static_cast<int>(updated.links.size()) - 1);
}

// resource_update replaces a link's keys; resource_patch changes the keys
// given. On the data table either loads an upload as a new version.
Result<json> ChangeResource(Call& call, bool patch) {
  YG_ASSIGN_OR_RETURN(std::string id, RequiredString(call.data, "id"));
  YG_ASSIGN_OR_RETURN(auto found, FindResource(call, id, true));
  if (found.link < 0) {
    if (!call.upload.empty()) return LoadUpload(call, found.meta);
    return ResourceDict(call, found.meta, -1);  // its name and text are the dataset's
  }
  json data = call.data;
  if (patch) {
    json merged = ResourceDict(call, found.meta, found.link);
    for (const auto& [key, value] : data.items()) merged[key] = value;
    data = std::move(merged);
  }
  if (!call.upload.empty()) {
    return ck::FieldError("upload", "Files are loaded into the dataset's data table (resource " + found.meta.id +
                                        "), not into links");
  }
  YG_ASSIGN_OR_RETURN(model::Link link, ck::LinkFromResource(data));
  model::DatasetMeta candidate = found.meta;
  auto& target = candidate.links[static_cast<size_t>(found.link)];
  link.id = target.id;
  link.created_at = target.created_at;
  target = std::move(link);
  YG_ASSIGN_OR_RETURN(auto updated, SaveLinks(call, found.meta, std::move(candidate)));
  return ResourceDict(call, updated, found.link);
}

Result<json> ResourceDelete(Call& call) {
  YG_ASSIGN_OR_RETURN(std::string id, RequiredString(call.data, "id"));
  YG_ASSIGN_OR_RETURN(auto found, FindResource(call, id, true));
  if (found.link < 0) {
    return ck::FieldError("id", "A dataset's data table goes with the dataset (package_delete); "
                                "datastore_delete empties it");
  }
  model::DatasetMeta candidate = found.meta;
  candidate.links.erase(candidate.links.begin() + found.link);
  YG_RETURN_IF_ERROR(SaveLinks(call, found.meta, std::move(candidate)).status());
  return json(nullptr);
}

}  // namespace

void AddResourceActions(std::vector<Action>& out) {
  out.push_back({"resource_show", true,
                 "Return the metadata of a resource.\n\n"
                 "    :param id: the id of the resource\n",
                 ResourceShow});
  out.push_back({"resource_create", false,
                 "Append a new resource to a dataset.\n\n"
                 "    :param package_id: the dataset's id\n"
                 "    :param upload: a file (multipart) loaded as the dataset's data table\n"
                 "    :param url: without an upload: a link to a file elsewhere\n"
                 "    :param name, description, format: the resource's\n",
                 ResourceCreate});
  out.push_back({"resource_update", false,
                 "Update a resource; with an upload, the data table gets a new version.\n\n"
                 "    :param id: the id of the resource\n",
                 [](Call& call) { return ChangeResource(call, false); }});
  out.push_back({"resource_patch", false,
                 "Patch a resource: only the keys given change.\n\n"
                 "    :param id: the id of the resource\n",
                 [](Call& call) { return ChangeResource(call, true); }});
  out.push_back({"resource_delete", false,
                 "Delete a link resource.\n\n"
                 "    :param id: the id of the resource\n",
                 ResourceDelete});
}

}  // namespace yungu::server::ckan_api
