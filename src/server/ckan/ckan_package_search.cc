// package_search: CKAN's Solr-style q, fq, sort and facets over the catalog.
//
// The catalog is not Solr: q is free text (its field:value terms become
// filters), fq takes field:value, field:"quoted value" and
// metadata_modified:[FROM TO *] clauses AND-ed together, and a field the
// catalog cannot filter by is a Search Query Error, as Solr's undefined
// fields are.
#include <map>

#include "server/ckan/ckan_api.h"
#include "yungu/ckan/ckan.h"

namespace yungu::server::ckan_api {
namespace {

using nlohmann::json;
namespace ck = yungu::ckan;

Status QueryError(const std::string& message) { return InvalidArgument("ckan.search_query", message); }

// Splits on spaces outside "quotes" and [ranges].
std::vector<std::string> Terms(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  char closing = 0;
  for (char c : text) {
    if (closing) {
      current += c;
      if (c == closing) closing = 0;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      if (c == '"') closing = '"';
      if (c == '[' || c == '{') closing = c == '[' ? ']' : '}';
      current += c;
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string Unquote(std::string v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

// A "field:value" term's field, if it is one.
std::optional<std::pair<std::string, std::string>> FieldTerm(const std::string& term) {
  size_t colon = term.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string field = term.substr(0, colon);
  for (char c : field) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return std::nullopt;
  }
  return std::make_pair(field, term.substr(colon + 1));
}

// What fq clauses ask beyond the catalog query's own filters.
struct ClauseFlags {
  bool public_only = false;      // capacity:public
  bool matches_nothing = false;  // a type or state no dataset has
};

Status ApplyFilter(const std::string& field, const std::string& raw, storage::CatalogQuery& q, ClauseFlags& flags) {
  std::string value = Unquote(raw);
  auto facet = [&](const char* key) {
    q.filters[key].push_back(value);
    return Status::Ok();
  };
  if (field == "organization" || field == "owner_org") return facet("department");
  if (field == "groups") return facet("theme");
  if (field == "tags") return facet("tag");
  if (field == "res_format") {
    for (auto& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return facet("format");
  }
  std::string key = field.rfind("extras_", 0) == 0 ? field.substr(7) : field;
  if (key == "sharing_type" || key == "opening_type" || key == "update_cycle") {
    return facet(key == "sharing_type" ? "sharing_type" : key == "opening_type" ? "opening_type" : "update_cycle");
  }
  if (field == "metadata_modified") {
    // [FROM TO *]: entries changed since FROM.
    if (value.size() < 8 || value.front() != '[' || value.back() != ']') {
      return QueryError("metadata_modified takes a range [FROM TO *]");
    }
    std::string inner = value.substr(1, value.size() - 2);
    size_t to = inner.find(" TO ");
    if (to == std::string::npos || inner.substr(to + 4) != "*") {
      return QueryError("metadata_modified takes a range [FROM TO *]");
    }
    auto since = ck::TimestampToIso(inner.substr(0, to));
    if (!since) return QueryError("metadata_modified: '" + inner.substr(0, to) + "' is not a timestamp");
    q.modified_since = *since;
    return Status::Ok();
  }
  if (field == "dataset_type" || field == "type") {
    if (value != "dataset") flags.matches_nothing = true;  // no other types exist
    return Status::Ok();
  }
  if (field == "state") {
    if (value != "active") flags.matches_nothing = true;  // nothing is draft or deleted
    return Status::Ok();
  }
  if (field == "capacity") {
    if (value == "public") flags.public_only = true;
    return Status::Ok();
  }
  if (field == "site_id") return Status::Ok();
  return QueryError("undefined field " + field);
}

Status ApplyClauses(const std::string& text, storage::CatalogQuery& q, ClauseFlags& flags, std::string* free_text) {
  for (std::string term : Terms(text)) {
    if (term == "AND" || term == "&&") continue;
    if (term == "*:*") continue;
    if (term == "OR" || term == "||" || term == "NOT" || term[0] == '-' || term[0] == '!') {
      return QueryError("only AND-ed terms are supported, not '" + term + "'");
    }
    if (term[0] == '+') term = term.substr(1);
    if (auto ft = FieldTerm(term)) {
      if (ft->first == "text") {
        if (free_text) *free_text += (free_text->empty() ? "" : " ") + Unquote(ft->second);
        continue;
      }
      YG_RETURN_IF_ERROR(ApplyFilter(ft->first, ft->second, q, flags));
    } else if (free_text) {
      *free_text += (free_text->empty() ? "" : " ") + Unquote(term);
    } else {
      return QueryError("a filter query needs field:value terms, not '" + term + "'");
    }
  }
  return Status::Ok();
}

// The first key of CKAN's sort ("score desc, metadata_modified desc").
Result<std::string> SortFrom(const std::optional<std::string>& sort, bool has_text) {
  if (!sort || sort->empty()) return has_text ? std::string("relevance") : std::string("-modified");
  std::string first = sort->substr(0, sort->find(','));
  auto terms = Terms(first);
  if (terms.empty()) return has_text ? std::string("relevance") : std::string("-modified");
  std::string field = terms[0];
  std::string dir = terms.size() > 1 ? terms[1] : "asc";
  if (dir != "asc" && dir != "desc") return QueryError("Invalid sort direction " + dir);
  bool desc = dir == "desc";
  static const std::map<std::string, std::string> kKeys = {
      {"score", "relevance"},         {"metadata_modified", "modified"}, {"metadata_created", "created"},
      {"name", "id"},                 {"title_string", "name"},          {"title", "name"},
      {"views_recent", "popular"},    {"views_total", "popular"}};
  auto it = kKeys.find(field);
  if (it == kKeys.end()) return QueryError("can't sort on field " + field);
  if (it->second == "relevance") return has_text ? std::string("relevance") : std::string("-modified");
  if (it->second == "popular") return std::string(desc ? "popular" : "-popular");
  return (desc ? "-" : "") + it->second;
}

// CKAN's facet names and the catalog's.
std::optional<std::string> FacetKey(const std::string& field) {
  static const std::map<std::string, std::string> kFacets = {
      {"organization", "department"}, {"groups", "theme"},          {"tags", "tag"},
      {"res_format", "format"},       {"sharing_type", "sharing_type"}, {"opening_type", "opening_type"},
      {"update_cycle", "update_cycle"}};
  auto it = kFacets.find(field);
  if (it == kFacets.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Result<json> PackageSearch(Call& call) {
  const json& d = call.data;
  storage::CatalogQuery q;
  YG_ASSIGN_OR_RETURN(bool include_private, ck::BoolParam(d, "include_private", false));
  ClauseFlags flags;
  flags.public_only = !include_private;

  YG_ASSIGN_OR_RETURN(auto text, ck::StringParam(d, "q"));
  std::string free_text;
  if (text) YG_RETURN_IF_ERROR(ApplyClauses(*text, q, flags, &free_text));
  YG_ASSIGN_OR_RETURN(auto fq, ck::StringParam(d, "fq"));
  if (fq) YG_RETURN_IF_ERROR(ApplyClauses(*fq, q, flags, nullptr));
  YG_ASSIGN_OR_RETURN(json fq_list, ck::JsonParam(d, "fq_list"));
  if (fq_list.is_array()) {
    for (const auto& item : fq_list) {
      if (!item.is_string()) return ck::FieldError("fq_list", "Must be a list of strings");
      YG_RETURN_IF_ERROR(ApplyClauses(item.get<std::string>(), q, flags, nullptr));
    }
  }
  if (free_text.size() > 256) return QueryError("q is longer than 256 bytes");
  q.text = free_text;
  q.visibility = PackageVisibility(call, !flags.public_only);

  YG_ASSIGN_OR_RETURN(int64_t rows, ck::IntParam(d, "rows", 10, 0, INT64_MAX / 2));
  YG_ASSIGN_OR_RETURN(int64_t start, ck::IntParam(d, "start", 0, 0, 100000));
  q.limit = std::min<int64_t>(rows, 1000);
  q.offset = start;
  YG_ASSIGN_OR_RETURN(auto sort, ck::StringParam(d, "sort"));
  YG_ASSIGN_OR_RETURN(q.sort, SortFrom(sort, !q.text.empty()));

  YG_ASSIGN_OR_RETURN(json facet_fields, ck::JsonParam(d, "facet.field"));
  if (!facet_fields.is_null() && !facet_fields.is_array()) facet_fields = json::array({facet_fields});
  YG_ASSIGN_OR_RETURN(bool facet, ck::BoolParam(d, "facet", true));
  YG_ASSIGN_OR_RETURN(int64_t facet_limit, ck::IntParam(d, "facet.limit", 50, -1, 100000));
  YG_ASSIGN_OR_RETURN(int64_t facet_mincount, ck::IntParam(d, "facet.mincount", 1, 0, INT64_MAX / 2));
  std::vector<std::pair<std::string, std::string>> facets;  // CKAN name, catalog key
  if (facet && facet_fields.is_array()) {
    for (const auto& f : facet_fields) {
      if (!f.is_string()) return ck::FieldError("facet.field", "Must be a list of strings");
      auto key = FacetKey(f.get<std::string>());
      if (!key) return QueryError("undefined field " + f.get<std::string>());
      if (*key == "tag") q.tag_facet = true;
      facets.emplace_back(f.get<std::string>(), *key);
    }
  }

  storage::CatalogPage page;  // empty when the clauses match nothing
  if (!flags.matches_nothing) {
    YG_ASSIGN_OR_RETURN(page, call.ctx.services.store->SearchCatalog(q));
  }
  YG_ASSIGN_OR_RETURN(auto departments, call.ctx.services.store->ListDepartments());
  std::map<std::string, const model::Department*> by_code;
  for (const auto& dept : departments) by_code[dept.code] = &dept;

  json results = json::array();
  for (const auto& m : page.datasets) {
    auto it = by_code.find(m.department);
    results.push_back(ck::PackageDict(m, it == by_code.end() ? nullptr : it->second, call.site));
  }
  json facet_counts = json::object(), search_facets = json::object();
  for (const auto& [name, key] : facets) {
    json counts = json::object(), items = json::array();
    for (const auto& c : page.facets[key]) {
      if (c.count < facet_mincount) continue;
      if (facet_limit >= 0 && static_cast<int64_t>(items.size()) >= facet_limit) break;
      std::string value = c.value, display = c.value;
      if (key == "department") {
        if (auto it = by_code.find(value); it != by_code.end()) display = it->second->name;
      } else if (key == "theme") {
        if (const auto* t = model::FindTheme(value)) display = t->label_zh;
      } else if (key == "format") {
        for (auto& ch : value) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        display = value;
      }
      counts[value] = c.count;
      items.push_back({{"name", value}, {"display_name", display}, {"count", c.count}});
    }
    facet_counts[name] = counts;
    search_facets[name] = {{"title", name}, {"items", items}};
  }
  return json{{"count", page.total},
              {"sort", sort.value_or("score desc, metadata_modified desc")},
              {"facets", facet_counts},
              {"search_facets", search_facets},
              {"results", results}};
}

}  // namespace yungu::server::ckan_api
