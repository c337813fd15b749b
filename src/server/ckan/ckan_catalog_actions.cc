// CKAN's read actions over the catalog: status, packages, organizations
// (departments), groups (themes), tags and help.
#include <algorithm>

#include "server/access_util.h"
#include "server/ckan/ckan_api.h"
#include "yungu/ckan/ckan.h"

namespace yungu::server::ckan_api {

Result<nlohmann::json> PackageSearch(Call& call);  // ckan_package_search.cc

namespace {

using nlohmann::json;
namespace ck = yungu::ckan;

// Packages per department and per theme over what the caller may see.
Result<storage::CatalogPage> Counts(Call& call) {
  storage::CatalogQuery q;
  q.visibility = call.ctx.services.policy->CatalogVisibilityFor(call.req.principal);
  q.limit = 0;
  return call.ctx.services.store->SearchCatalog(q);
}

int64_t CountOf(const storage::CatalogPage& page, const std::string& facet, const std::string& value) {
  auto it = page.facets.find(facet);
  if (it == page.facets.end()) return 0;
  for (const auto& c : it->second) {
    if (c.value == value) return c.count;
  }
  return 0;
}

// Case-insensitive (ASCII) substring test, as CKAN's ilike.
bool ContainsText(const std::string& haystack, const std::string& needle) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

struct Listed {
  std::string name;
  std::string title;
  int64_t count = 0;
  json dict;
};

// organization_list and group_list: q, sort, limit, offset, all_fields,
// and the names to keep (organizations / groups).
Result<json> ListGroups(Call& call, std::vector<Listed> items, const char* names_key) {
  const json& d = call.data;
  YG_ASSIGN_OR_RETURN(auto q, ck::StringParam(d, "q"));
  YG_ASSIGN_OR_RETURN(bool all_fields, ck::BoolParam(d, "all_fields", false));
  YG_ASSIGN_OR_RETURN(json names, ck::JsonParam(d, names_key));
  if (!names.is_null() && names.is_string()) names = json::array({names});
  std::erase_if(items, [&](const Listed& it) {
    if (q && !q->empty() && !ContainsText(it.name, *q) && !ContainsText(it.title, *q) &&
        !ContainsText(it.dict.value("description", ""), *q)) {
      return true;
    }
    if (names.is_array() && std::find(names.begin(), names.end(), json(it.name)) == names.end()) return true;
    return false;
  });
  YG_ASSIGN_OR_RETURN(auto sort, ck::StringParam(d, "sort"));
  std::string field = "title", dir;
  if (sort && !sort->empty()) {
    std::string s = *sort;
    size_t space = s.find(' ');
    field = s.substr(0, space);
    dir = space == std::string::npos ? "" : s.substr(space + 1);
    dir.erase(0, dir.find_first_not_of(' '));
  }
  if (field != "name" && field != "title" && field != "package_count" && field != "packages") {
    return ck::FieldError("message", "Cannot sort by field `" + field + "`");
  }
  if (dir.empty()) dir = field == "package_count" || field == "packages" ? "desc" : "asc";
  if (dir != "asc" && dir != "desc") return ck::FieldError("message", "Invalid sort direction `" + dir + "`");
  std::stable_sort(items.begin(), items.end(), [&](const Listed& a, const Listed& b) {
    if (field == "name") return a.name < b.name;
    if (field == "title") return a.title < b.title;
    return a.count < b.count;
  });
  if (dir == "desc") std::reverse(items.begin(), items.end());
  const int64_t cap = all_fields ? 25 : 1000;
  YG_ASSIGN_OR_RETURN(int64_t limit, ck::IntParam(d, "limit", cap, 0, INT64_MAX / 2));
  YG_ASSIGN_OR_RETURN(int64_t offset, ck::IntParam(d, "offset", 0, 0, INT64_MAX / 2));
  if (limit == 0 || limit > cap) limit = cap;
  json out = json::array();
  for (size_t i = static_cast<size_t>(offset); i < items.size() && static_cast<int64_t>(out.size()) < limit; ++i) {
    out.push_back(all_fields ? items[i].dict : json(items[i].name));
  }
  return out;
}

Result<json> OrganizationList(Call& call) {
  YG_ASSIGN_OR_RETURN(auto departments, call.ctx.services.store->ListDepartments());
  YG_ASSIGN_OR_RETURN(auto counts, Counts(call));
  std::vector<Listed> items;
  for (const auto& dept : departments) {
    int64_t n = CountOf(counts, "department", dept.code);
    items.push_back({dept.code, dept.name, n, ck::OrganizationDict(dept, n)});
  }
  return ListGroups(call, std::move(items), "organizations");
}

Result<json> GroupList(Call& call) {
  YG_ASSIGN_OR_RETURN(auto counts, Counts(call));
  std::vector<Listed> items;
  for (const auto& theme : model::Themes()) {
    int64_t n = CountOf(counts, "theme", std::string(theme.key));
    items.push_back({std::string(theme.key), std::string(theme.label_zh), n, ck::GroupDict(theme, n)});
  }
  return ListGroups(call, std::move(items), "groups");
}

// organization_show and group_show: the dict, its packages on request.
Result<json> ShowGroup(Call& call, json dict, const char* fq_field) {
  YG_ASSIGN_OR_RETURN(bool include_datasets, ck::BoolParam(call.data, "include_datasets", false));
  dict["extras"] = json::array();
  dict["groups"] = json::array();
  dict["tags"] = json::array();
  dict["users"] = json::array();
  if (include_datasets) {
    Call search{call.ctx, call.req, "package_search", call.site,
                {{"fq", std::string(fq_field) + ":\"" + dict["name"].get<std::string>() + "\""},
                 {"include_private", true}}, {}, {}, {}};
    YG_ASSIGN_OR_RETURN(json found, PackageSearch(search));
    dict["packages"] = found["results"];
  }
  return dict;
}

Result<json> OrganizationShow(Call& call) {
  YG_ASSIGN_OR_RETURN(std::string id, RequiredString(call.data, "id"));
  auto dept = call.ctx.services.store->GetDepartment(id);
  if (!dept.ok()) return dept.status();
  YG_ASSIGN_OR_RETURN(auto counts, Counts(call));
  return ShowGroup(call, ck::OrganizationDict(*dept, CountOf(counts, "department", dept->code)), "organization");
}

Result<json> GroupShow(Call& call) {
  YG_ASSIGN_OR_RETURN(std::string id, RequiredString(call.data, "id"));
  const model::Theme* theme = model::FindTheme(id);
  if (!theme) return NotFound("ckan.group_not_found", "no group '" + id + "'");
  YG_ASSIGN_OR_RETURN(auto counts, Counts(call));
  return ShowGroup(call, ck::GroupDict(*theme, CountOf(counts, "theme", std::string(theme->key))), "groups");
}

Result<json> TagList(Call& call) {
  const json& d = call.data;
  YG_ASSIGN_OR_RETURN(auto query, ck::StringParam(d, "query"));
  if (!query) {
    YG_ASSIGN_OR_RETURN(query, ck::StringParam(d, "q"));
  }
  YG_ASSIGN_OR_RETURN(bool all_fields, ck::BoolParam(d, "all_fields", false));
  storage::CatalogQuery q;
  q.visibility = PackageVisibility(call, false);
  q.limit = 0;
  q.tag_facet = true;
  YG_ASSIGN_OR_RETURN(auto page, call.ctx.services.store->SearchCatalog(q));
  std::vector<std::string> names;
  for (const auto& c : page.facets["tag"]) {
    if (!query || query->empty() || ContainsText(c.value, *query)) names.push_back(c.value);
  }
  std::sort(names.begin(), names.end());
  YG_ASSIGN_OR_RETURN(int64_t limit, ck::IntParam(d, "limit", 0, 0, INT64_MAX / 2));
  YG_ASSIGN_OR_RETURN(int64_t offset, ck::IntParam(d, "offset", 0, 0, INT64_MAX / 2));
  json out = json::array();
  for (size_t i = static_cast<size_t>(offset); i < names.size(); ++i) {
    if (limit > 0 && static_cast<int64_t>(out.size()) >= limit) break;
    out.push_back(all_fields ? json{{"id", names[i]}, {"name", names[i]}, {"display_name", names[i]},
                                    {"vocabulary_id", nullptr}}
                             : json(names[i]));
  }
  return out;
}

Result<json> PackageList(Call& call) {
  YG_ASSIGN_OR_RETURN(int64_t limit, ck::IntParam(call.data, "limit", 0, 0, INT64_MAX / 2));
  YG_ASSIGN_OR_RETURN(int64_t offset, ck::IntParam(call.data, "offset", 0, 0, INT64_MAX / 2));
  storage::CatalogQuery q;
  q.visibility = PackageVisibility(call, false);
  q.sort = "id";
  q.offset = offset;
  json out = json::array();
  // Pages of the store's size until the caller's limit (none: all).
  constexpr int64_t kPage = 1000;
  for (;;) {
    q.limit = limit > 0 ? std::min<int64_t>(kPage, limit - static_cast<int64_t>(out.size())) : kPage;
    if (q.limit <= 0) break;
    YG_ASSIGN_OR_RETURN(auto page, call.ctx.services.store->SearchCatalog(q));
    for (const auto& m : page.datasets) out.push_back(m.id);
    if (static_cast<int64_t>(page.datasets.size()) < q.limit) break;
    q.offset += q.limit;
  }
  return out;
}

Result<json> PackageShow(Call& call) {
  YG_ASSIGN_OR_RETURN(auto id, ck::StringParam(call.data, "id"));
  if (!id || id->empty()) {
    YG_ASSIGN_OR_RETURN(id, RequiredString(call.data, "name_or_id"));
  }
  YG_ASSIGN_OR_RETURN(auto meta, VisiblePackage(call, *id));
  return PackageFor(call, meta);
}

Result<json> StatusShow(Call& call) {
  json extensions = json::array({"datastore", "dcat"});
  return json{{"site_title", "Yungu"},
              {"site_description", "Government data hub"},
              {"site_url", call.site},
              {"error_emails_to", nullptr},
              {"locale_default", "zh_Hans_CN"},
              {"extensions", extensions},
              {"ckan_version", "2.10.4"},
              {"yungu_version", "0.1.0"}};
}

Result<json> HelpShow(Call& call) {
  YG_ASSIGN_OR_RETURN(std::string name, RequiredString(call.data, "name"));
  const Action* action = FindAction(name);
  if (!action) return NotFound("ckan.action_not_found", "Action function not found");
  return json(action->help);
}

}  // namespace

Result<model::DatasetMeta> VisiblePackage(Call& call, const std::string& id) {
  return VisibleDataset(call.ctx, call.req, id);
}

Result<json> PackageFor(Call& call, const model::DatasetMeta& meta) {
  auto dept = call.ctx.services.store->GetDepartment(meta.department);
  return ck::PackageDict(meta, dept.ok() ? &*dept : nullptr, call.site);
}

storage::CatalogVisibility PackageVisibility(const Call& call, bool include_private) {
  if (include_private) return call.ctx.services.policy->CatalogVisibilityFor(call.req.principal);
  storage::CatalogVisibility v;
  v.everything = false;
  v.opening_types = {std::string(model::OpeningTypeName(model::OpeningType::kUnconditional)),
                     std::string(model::OpeningTypeName(model::OpeningType::kConditional))};
  return v;
}

void AddCatalogActions(std::vector<Action>& out) {
  out.push_back({"status_show", true,
                 "Return a dictionary with information about the site's configuration.\n\n"
                 "    :rtype: dictionary\n",
                 StatusShow});
  out.push_back({"package_list", true,
                 "Return a list of the names of the site's public datasets (packages).\n\n"
                 "    :param limit: if given, the list of datasets will be broken into pages of\n"
                 "        at most ``limit`` datasets per page (optional)\n"
                 "    :type limit: int\n"
                 "    :param offset: when ``limit`` is given, the offset to start\n"
                 "        returning packages from\n"
                 "    :type offset: int\n\n"
                 "    :rtype: list of strings\n",
                 PackageList});
  out.push_back({"package_show", true,
                 "Return the metadata of a dataset (package) and its resources.\n\n"
                 "    :param id: the id or name of the dataset\n"
                 "    :type id: string\n\n"
                 "    :rtype: dictionary\n",
                 PackageShow});
  out.push_back({"package_search", true,
                 "Search for packages satisfying a given search criteria.\n\n"
                 "    :param q: the search query (free text; ``field:value`` terms filter)\n"
                 "    :param fq: filter query: organization, groups, tags, res_format,\n"
                 "        sharing_type, opening_type, update_cycle, metadata_modified:[FROM TO *]\n"
                 "    :param sort: e.g. ``score desc, metadata_modified desc``\n"
                 "    :param rows: results per page (default 10, at most 1000)\n"
                 "    :param start: offset of the first result\n"
                 "    :param facet.field: JSON list of fields to count\n"
                 "    :param facet.limit: counts per field (default 50, -1 for all)\n"
                 "    :param facet.mincount: smallest count shown (default 1)\n"
                 "    :param include_private: include private datasets the caller may see\n\n"
                 "    :rtype: dictionary with count, results, facets, search_facets and sort\n",
                 PackageSearch});
  out.push_back({"organization_list", true,
                 "Return a list of the names of the site's organizations (departments).\n\n"
                 "    :param sort: name, title or package_count, with asc or desc\n"
                 "    :param limit: at most 1000 (25 with all_fields)\n"
                 "    :param offset: where to start\n"
                 "    :param q: filter on name, title or description\n"
                 "    :param all_fields: return dictionaries instead of names\n",
                 OrganizationList});
  out.push_back({"organization_show", true,
                 "Return the details of an organization (department).\n\n"
                 "    :param id: the id or name of the organization\n"
                 "    :param include_datasets: include a list of its datasets\n",
                 OrganizationShow});
  out.push_back({"group_list", true,
                 "Return a list of the names of the site's groups (themes).\n\n"
                 "    :param sort: name, title or package_count, with asc or desc\n"
                 "    :param all_fields: return dictionaries instead of names\n",
                 GroupList});
  out.push_back({"group_show", true,
                 "Return the details of a group (theme).\n\n"
                 "    :param id: the id or name of the group\n"
                 "    :param include_datasets: include a list of its datasets\n",
                 GroupShow});
  out.push_back({"tag_list", true,
                 "Return a list of the site's tags.\n\n"
                 "    :param query: a tag name query to search for\n"
                 "    :param all_fields: return dictionaries instead of names\n",
                 TagList});
  out.push_back({"help_show", true,
                 "Return the help string for a particular API action.\n\n"
                 "    :param name: Action function name (e.g. `package_create`)\n"
                 "    :type name: string\n"
                 "    :returns: The help string for the action function, or None\n",
                 HelpShow});
}

}  // namespace yungu::server::ckan_api
