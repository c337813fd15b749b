#include "yungu/catalog/catalog_service.h"

#include <algorithm>

#include "catalog/link_ids.h"
#include "yungu/model/catalog_json.h"
#include "yungu/storage/sqlite_store.h"  // UtcNowIso

namespace yungu::catalog {
namespace {

// Themes may be given by key or by Chinese label (交通); the store keeps the
// keys, which are what the theme filter and the facet counts use.
void NormalizeThemes(model::DatasetMeta& meta) {
  std::vector<std::string> keys;
  for (const auto& t : meta.themes) {
    const auto* theme = model::FindTheme(t);
    std::string key = theme ? std::string(theme->key) : t;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  meta.themes = std::move(keys);
}

// New links get the number after the highest in use; links already known
// keep their creation time.
void NumberLinks(model::DatasetMeta& meta, const model::DatasetMeta* current) {
  const std::string prefix = meta.id + ".";
  int64_t last = 0;
  auto number = [&](const std::string& id) { return LinkNumber(meta.id, id).value_or(0); };
  if (current) {
    for (const auto& l : current->links) last = std::max(last, number(l.id));
  }
  for (const auto& l : meta.links) last = std::max(last, number(l.id));
  const std::string now = storage::UtcNowIso();
  for (auto& l : meta.links) {
    if (l.id.empty()) l.id = prefix + std::to_string(++last);
    if (!l.created_at.empty()) continue;
    l.created_at = now;
    if (current) {
      for (const auto& old : current->links) {
        if (old.id == l.id) l.created_at = old.created_at;
      }
    }
  }
}

}  // namespace

Status CatalogService::PutDepartment(const model::Department& d) {
  YG_RETURN_IF_ERROR(ValidateDepartment(d));
  if (!d.parent_code.empty()) {
    auto parent = store_.GetDepartment(d.parent_code);
    if (!parent.ok()) {
      return InvalidArgument("catalog.unknown_department", "parent department '" + d.parent_code + "' does not exist");
    }
  }
  return store_.PutDepartment(d);
}

Status CatalogService::Validate(const model::DatasetMeta& meta) {
  YG_RETURN_IF_ERROR(ValidateDatasetShape(meta));
  auto dept = store_.GetDepartment(meta.department);
  if (!dept.ok()) {
    if (dept.status().code() == Code::kNotFound) {
      return InvalidArgument("catalog.unknown_department", "department '" + meta.department + "' does not exist");
    }
    return dept.status();
  }
  return Status::Ok();
}

Result<model::DatasetMeta> CatalogService::CreateDataset(model::DatasetMeta meta) {
  NormalizeThemes(meta);
  NumberLinks(meta, nullptr);
  YG_RETURN_IF_ERROR(Validate(meta));
  YG_RETURN_IF_ERROR(store_.CreateDataset(meta));
  return store_.GetDataset(meta.id);
}

Result<model::DatasetMeta> CatalogService::ReplaceDataset(const std::string& id, model::DatasetMeta meta,
                                                          std::string_view note) {
  if (meta.id.empty()) meta.id = id;
  if (meta.id != id) return InvalidArgument("catalog.id_mismatch", "the body's id differs from the URL's");
  YG_ASSIGN_OR_RETURN(auto current, store_.GetDataset(id));
  NormalizeThemes(meta);
  NumberLinks(meta, &current);
  YG_RETURN_IF_ERROR(Validate(meta));
  YG_RETURN_IF_ERROR(store_.UpdateDataset(meta, note));
  return store_.GetDataset(id);
}

Result<model::DatasetMeta> CatalogService::PatchDataset(const std::string& id, const nlohmann::json& patch,
                                                        std::string_view note) {
  YG_ASSIGN_OR_RETURN(auto current, store_.GetDataset(id));
  if (patch.is_object() && patch.contains("id") && patch["id"] != id) {
    return InvalidArgument("catalog.id_mismatch", "a dataset's id cannot be changed");
  }
  YG_ASSIGN_OR_RETURN(auto updated, model::ApplyDatasetPatch(current, patch));
  NormalizeThemes(updated);
  NumberLinks(updated, &current);
  YG_RETURN_IF_ERROR(Validate(updated));
  YG_RETURN_IF_ERROR(store_.UpdateDataset(updated, note));
  return store_.GetDataset(id);
}

Result<storage::CatalogPage> CatalogService::Summary(const storage::CatalogVisibility& visibility) {
  storage::CatalogQuery q;
  q.visibility = visibility;
  q.limit = 0;
  q.usage_totals = true;
  return store_.SearchCatalog(q);
}

Result<storage::CatalogPage> CatalogService::Search(const std::map<std::string, std::string>& params,
                                                    const storage::CatalogVisibility& visibility) {
  storage::CatalogQuery q;
  q.visibility = visibility;
  for (const auto& [key, value] : params) {
    if (key == "q") {
      if (value.size() > 256) return InvalidArgument("catalog.bad_query", "q is longer than 256 bytes");
      q.text = value;
    } else if (key == "sort") {
      q.sort = value;
    } else if (key == "limit" || key == "offset") {
      int64_t n = 0;
      try {
        size_t used = 0;
        n = std::stoll(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
      } catch (const std::exception&) {
        return InvalidArgument("catalog.bad_query", key + " must be an integer");
      }
      if (key == "limit" && (n < 0 || n > 100)) return InvalidArgument("catalog.bad_query", "limit is 0-100");
      if (key == "offset" && (n < 0 || n > 100000)) return InvalidArgument("catalog.bad_query", "offset is 0-100000");
      (key == "limit" ? q.limit : q.offset) = n;
    } else if (key == "department" || key == "theme" || key == "sharing_type" || key == "opening_type" ||
               key == "format" || key == "update_cycle" || key == "tag") {
      std::vector<std::string> values;
      size_t pos = 0;
      while (pos <= value.size()) {
        size_t end = value.find(',', pos);
        if (end == std::string::npos) end = value.size();
        if (end > pos) values.push_back(value.substr(pos, end - pos));
        pos = end + 1;
      }
      // Chinese labels are accepted for the enumerations.
      // Enumerations accept their Chinese labels; an unknown value is a
      // mistake to report, not a filter that silently matches nothing.
      for (auto& v : values) {
        bool known = true;
        if (key == "sharing_type") {
          auto t = model::ParseSharingType(v);
          known = t.has_value();
          if (t) v = std::string(model::SharingTypeName(*t));
        } else if (key == "opening_type") {
          auto t = model::ParseOpeningType(v);
          known = t.has_value();
          if (t) v = std::string(model::OpeningTypeName(*t));
        } else if (key == "update_cycle") {
          auto c = model::ParseUpdateCycle(v);
          known = c.has_value();
          if (c) v = std::string(model::UpdateCycleName(*c));
        } else if (key == "theme") {
          const auto* t = model::FindTheme(v);
          known = t != nullptr;
          if (t) v = std::string(t->key);
        }
        if (!known) {
          return InvalidArgument("catalog.bad_filter", "unknown " + key + " '" + v.substr(0, 64) + "'");
        }
      }
      q.filters[key] = std::move(values);
    } else {
      return InvalidArgument("catalog.unknown_parameter", "unknown search parameter '" + key.substr(0, 64) + "'");
    }
  }
  return store_.SearchCatalog(q);
}

}  // namespace yungu::catalog
