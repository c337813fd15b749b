// Yungu's catalog records as CKAN's dicts (package_show and friends).
#include <algorithm>
#include <cctype>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {
namespace {

using nlohmann::json;

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string_view MimeType(std::string_view format) {
  if (format == "csv") return "text/csv";
  if (format == "tsv") return "text/tab-separated-values";
  if (format == "json") return "application/json";
  if (format == "ndjson") return "application/x-ndjson";
  if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (format == "xls") return "application/vnd.ms-excel";
  if (format == "xml") return "application/xml";
  return "";
}

json TextOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// The later of the metadata's and the data's last change: CKAN's
// metadata_modified moves when a resource changes too.
std::string LastChange(const model::DatasetMeta& m) { return std::max(m.updated_at, m.data_updated_at); }

}  // namespace

bool IsTopLevelKey(std::string_view key) {
  return key == "author" || key == "author_email" || key == "url" || key == "version";
}

bool HasDataTable(const model::DatasetMeta& meta) { return meta.current_version > 0 || !meta.fields.empty(); }

bool IsPrivate(const model::DatasetMeta& meta) { return meta.opening_type == model::OpeningType::kNone; }

json DataTableResource(const model::DatasetMeta& m, std::string_view site) {
  std::string_view mime = MimeType(m.format);
  return {{"id", m.id},
          {"package_id", m.id},
          {"name", m.name},
          {"description", m.summary},
          {"format", Upper(m.format)},
          {"mimetype", mime.empty() ? json(nullptr) : json(mime)},
          {"mimetype_inner", nullptr},
          {"url", std::string(site) + "/datastore/dump/" + m.id},
          {"url_type", "datastore"},
          {"datastore_active", m.current_version > 0},
          {"position", 0},
          {"state", "active"},
          {"created", Timestamp(m.created_at)},
          {"last_modified", Timestamp(m.data_updated_at)},
          {"metadata_modified", Timestamp(LastChange(m))},
          {"size", nullptr},
          {"hash", ""},
          {"resource_type", nullptr},
          {"cache_url", nullptr},
          {"cache_last_updated", nullptr},
          // Yungu's own keys, kept as CKAN keeps a resource's extra keys.
          {"version", m.current_version},
          {"rows", m.row_count}};
}

json LinkResource(const model::DatasetMeta& m, const model::Link& l, int position) {
  return {{"id", l.id},
          {"package_id", m.id},
          {"name", l.name},
          {"description", l.description},
          {"format", l.format},
          {"mimetype", nullptr},
          {"mimetype_inner", nullptr},
          {"url", l.url},
          {"url_type", ""},
          {"datastore_active", false},
          {"position", position},
          {"state", "active"},
          {"created", Timestamp(l.created_at)},
          {"last_modified", nullptr},
          {"metadata_modified", Timestamp(l.created_at)},
          {"size", nullptr},
          {"hash", ""},
          {"resource_type", nullptr},
          {"cache_url", nullptr},
          {"cache_last_updated", nullptr}};
}

json Resources(const model::DatasetMeta& m, std::string_view site) {
  json out = json::array();
  if (HasDataTable(m)) out.push_back(DataTableResource(m, site));
  for (const auto& l : m.links) out.push_back(LinkResource(m, l, static_cast<int>(out.size())));
  return out;
}

json OrganizationDict(const model::Department& d, int64_t package_count) {
  return {{"id", d.code},
          {"name", d.code},
          {"title", d.name},
          {"display_name", d.name.empty() ? d.code : d.name},
          {"description", d.name_en},
          {"type", "organization"},
          {"is_organization", true},
          {"state", "active"},
          {"approval_status", "approved"},
          {"image_url", ""},
          {"image_display_url", ""},
          {"created", nullptr},
          {"package_count", package_count},
          {"num_followers", 0}};
}

json GroupDict(const model::Theme& t, int64_t package_count) {
  return {{"id", t.key},
          {"name", t.key},
          {"title", t.label_zh},
          {"display_name", t.label_zh},
          {"description", t.label_en},
          {"type", "group"},
          {"is_organization", false},
          {"state", "active"},
          {"approval_status", "approved"},
          {"image_url", ""},
          {"image_display_url", ""},
          {"created", nullptr},
          {"package_count", package_count},
          {"num_followers", 0}};
}

json TagDict(const std::string& name) {
  return {{"id", name}, {"name", name}, {"display_name", name}, {"state", "active"}, {"vocabulary_id", nullptr}};
}

json PackageDict(const model::DatasetMeta& m, const model::Department* department, std::string_view site) {
  json groups = json::array();
  for (const auto& key : m.themes) {
    const model::Theme* t = model::FindTheme(key);
    if (!t) continue;
    groups.push_back({{"id", t->key},
                      {"name", t->key},
                      {"title", t->label_zh},
                      {"display_name", t->label_zh},
                      {"description", t->label_en},
                      {"image_display_url", ""}});
  }
  // Sorted by name, as CKAN lists them.
  std::vector<std::string> tag_names = m.tags;
  std::sort(tag_names.begin(), tag_names.end());
  json tags = json::array();
  for (const auto& t : tag_names) tags.push_back(TagDict(t));

  // The national catalog's metadata (and any other kept keys) as extras,
  // sorted by key as CKAN lists them.
  std::map<std::string, std::string> extras = m.extras;
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) extras[key] = value;
  };
  put("resource_code", m.resource_code);
  put("title_en", m.name_en);
  put("sharing_type", std::string(model::SharingTypeName(m.sharing_type)));
  put("sharing_type_label", std::string(model::SharingTypeLabel(m.sharing_type)));
  put("sharing_conditions", m.sharing_conditions);
  put("opening_type", std::string(model::OpeningTypeName(m.opening_type)));
  put("opening_type_label", std::string(model::OpeningTypeLabel(m.opening_type)));
  put("update_cycle", std::string(model::UpdateCycleName(m.update_cycle)));
  put("publish_date", m.publish_date);
  put("contact_phone", m.contact_phone);
  put("data_format", m.format);
  json extra_list = json::array();
  for (const auto& [key, value] : extras) {
    if (!IsTopLevelKey(key)) extra_list.push_back({{"key", key}, {"value", value}});
  }

  const Licence* licence = FindLicence(m.licence);
  json organization = nullptr;
  if (department) {
    organization = OrganizationDict(*department, 0);
    for (const char* key : {"package_count", "num_followers", "display_name"}) organization.erase(key);
  }
  json resources = Resources(m, site);
  json out = {{"id", m.id},
              {"name", m.id},
              {"title", m.name},
              {"notes", TextOrNull(m.summary)},
              {"type", "dataset"},
              {"state", "active"},
              {"private", IsPrivate(m)},
              {"owner_org", m.department},
              {"organization", organization},
              {"author", nullptr},
              {"author_email", nullptr},
              {"maintainer", TextOrNull(m.contact_name)},
              {"maintainer_email", TextOrNull(m.contact_email)},
              {"license_id", TextOrNull(m.licence)},
              {"license_title", licence ? json(licence->title) : TextOrNull(m.licence)},
              {"isopen", licence != nullptr && licence->open},
              {"url", nullptr},
              {"version", nullptr},
              {"metadata_created", Timestamp(m.created_at)},
              {"metadata_modified", Timestamp(LastChange(m))},
              {"creator_user_id", nullptr},
              {"groups", groups},
              {"tags", tags},
              {"num_tags", tags.size()},
              {"extras", extra_list},
              {"resources", resources},
              {"num_resources", resources.size()},
              {"relationships_as_object", json::array()},
              {"relationships_as_subject", json::array()}};
  if (licence && !licence->url.empty()) out["license_url"] = licence->url;
  // Keys CKAN has at the top level that Yungu keeps as extras.
  for (const auto& [key, value] : m.extras) {
    if (IsTopLevelKey(key)) out[key] = value;
  }
  return out;
}

}  // namespace yungu::ckan
