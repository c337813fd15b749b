// CKAN package and resource dicts applied to Yungu's catalog records.
#include <set>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {
namespace {

using nlohmann::json;

// What CKAN's name validator allows, within Yungu's dataset id rules.
bool IsPackageName(const std::string& s) {
  if (s.size() < 2 || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return s[0] != '-' && s[0] != '_';
}

Status SetText(const json& p, const char* key, std::string& out) {
  YG_ASSIGN_OR_RETURN(auto value, StringParam(p, key));
  if (p.contains(key)) out = value.value_or("");
  return Status::Ok();
}

// A list of names given as dicts ({"name": ...} or {"id": ...}) or strings.
Result<std::vector<std::string>> NameList(const json& p, const char* key) {
  std::vector<std::string> out;
  const json& list = p.at(key);
  if (list.is_null()) return out;
  if (!list.is_array()) return FieldError(key, "Must be a list");
  for (const auto& item : list) {
    std::string name;
    if (item.is_string()) {
      name = item.get<std::string>();
    } else if (item.is_object()) {
      for (const char* k : {"name", "id", "title"}) {
        if (name.empty() && item.contains(k) && item[k].is_string()) name = item[k].get<std::string>();
      }
    }
    if (name.empty()) return FieldError(key, "Each entry needs a name");
    out.push_back(std::move(name));
  }
  return out;
}

Result<std::vector<std::string>> Tags(const json& p) {
  if (p.contains("tags")) return NameList(p, "tags");
  std::vector<std::string> out;
  YG_ASSIGN_OR_RETURN(auto text, StringParam(p, "tag_string"));
  size_t pos = 0;
  const std::string& s = text.value_or("");
  while (pos <= s.size() && !s.empty()) {
    size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    std::string tag = s.substr(pos, end - pos);
    tag.erase(0, tag.find_first_not_of(' '));
    while (!tag.empty() && tag.back() == ' ') tag.pop_back();
    if (!tag.empty()) out.push_back(std::move(tag));
    pos = end + 1;
  }
  return out;
}

// Extras as CKAN lists them ([{"key", "value"}]) or as an object.
Result<std::map<std::string, std::string>> Extras(const json& p) {
  std::map<std::string, std::string> out;
  const json& extras = p.at("extras");
  auto text = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); };
  if (extras.is_null()) return out;
  if (extras.is_object()) {
    for (const auto& [k, v] : extras.items()) out[k] = text(v);
    return out;
  }
  if (!extras.is_array()) return FieldError("extras", "Must be a list of {key, value}");
  for (const auto& e : extras) {
    if (!e.is_object() || !e.contains("key") || !e["key"].is_string()) {
      return FieldError("extras", "Each extra needs a key");
    }
    if (e.value("deleted", false) == true) continue;
    out[e["key"].get<std::string>()] = e.contains("value") ? text(e["value"]) : "";
  }
  return out;
}

// The national catalog's keys among the extras set the dataset's fields;
// the rest are kept as they are.
Status ApplyExtras(std::map<std::string, std::string> extras, model::DatasetMeta& m, bool& opening_given) {
  auto take = [&](const char* key, std::string& out) {
    if (auto it = extras.find(key); it != extras.end()) {
      out = it->second;
      extras.erase(it);
    }
  };
  take("resource_code", m.resource_code);
  take("title_en", m.name_en);
  take("sharing_conditions", m.sharing_conditions);
  take("publish_date", m.publish_date);
  take("contact_phone", m.contact_phone);
  if (auto it = extras.find("data_format"); it != extras.end()) {
    if (!it->second.empty()) m.format = it->second;
    extras.erase(it);
  }
  if (auto it = extras.find("sharing_type"); it != extras.end()) {
    auto t = model::ParseSharingType(it->second);
    if (!t) return FieldError("extras", "sharing_type must be unconditional, conditional or none");
    m.sharing_type = *t;
    extras.erase(it);
  }
  if (auto it = extras.find("opening_type"); it != extras.end()) {
    auto t = model::ParseOpeningType(it->second);
    if (!t) return FieldError("extras", "opening_type must be unconditional, conditional or none");
    m.opening_type = *t;
    opening_given = true;
    extras.erase(it);
  }
  if (auto it = extras.find("update_cycle"); it != extras.end()) {
    auto c = model::ParseUpdateCycle(it->second);
    if (!c) {
      return FieldError("extras", "update_cycle must be realtime, daily, weekly, monthly, quarterly, yearly or irregular");
    }
    m.update_cycle = *c;
    extras.erase(it);
  }
  extras.erase("sharing_type_label");
  extras.erase("opening_type_label");
  // Top-level keys Yungu keeps among extras survive an extras list without them.
  for (const auto& [key, value] : m.extras) {
    if (IsTopLevelKey(key) && !extras.count(key)) extras[key] = value;
  }
  m.extras = std::move(extras);
  return Status::Ok();
}

}  // namespace

Result<model::Link> LinkFromResource(const json& r) {
  if (!r.is_object()) return FieldError("resources", "Each resource must be an object");
  model::Link link;
  YG_RETURN_IF_ERROR(SetText(r, "id", link.id));
  YG_RETURN_IF_ERROR(SetText(r, "name", link.name));
  YG_RETURN_IF_ERROR(SetText(r, "description", link.description));
  YG_RETURN_IF_ERROR(SetText(r, "format", link.format));
  YG_RETURN_IF_ERROR(SetText(r, "url", link.url));
  if (link.url.empty()) return FieldError("url", "Missing value");
  if (auto created = TimestampToIso(r.value("created", std::string()))) link.created_at = *created;
  return link;
}

Result<model::DatasetMeta> DatasetFromPackage(const json& p, const model::DatasetMeta* base) {
  if (!p.is_object()) return FieldError("message", "A package must be an object");
  model::DatasetMeta m = base ? *base : model::DatasetMeta{};
  YG_ASSIGN_OR_RETURN(auto name, StringParam(p, "name"));
  if (!base) {
    if (!name || name->empty()) return FieldError("name", "Missing value");
    m.id = *name;
  } else if (name && !name->empty() && *name != base->id) {
    return FieldError("name", "A dataset's name (its id) cannot be changed");
  }
  if (!IsPackageName(m.id)) {
    return FieldError("name",
                      "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_ (2-64 of them)");
  }
  YG_RETURN_IF_ERROR(SetText(p, "title", m.name));
  if (m.name.empty()) m.name = m.id;
  YG_RETURN_IF_ERROR(SetText(p, "notes", m.summary));
  YG_RETURN_IF_ERROR(SetText(p, "owner_org", m.department));
  if (m.department.empty()) return FieldError("owner_org", "An organization must be provided");
  YG_RETURN_IF_ERROR(SetText(p, "license_id", m.licence));
  YG_RETURN_IF_ERROR(SetText(p, "maintainer", m.contact_name));
  YG_RETURN_IF_ERROR(SetText(p, "maintainer_email", m.contact_email));
  for (const char* key : {"author", "author_email", "url", "version"}) {
    std::string value = m.extras.count(key) ? m.extras[key] : "";
    YG_RETURN_IF_ERROR(SetText(p, key, value));
    if (value.empty()) {
      m.extras.erase(key);
    } else {
      m.extras[key] = value;
    }
  }
  if (p.contains("groups")) {
    YG_ASSIGN_OR_RETURN(auto groups, NameList(p, "groups"));
    m.themes.clear();
    for (const auto& g : groups) {
      const model::Theme* theme = model::FindTheme(g);
      if (!theme) return FieldError("groups", "Group " + g + " not found");
      m.themes.emplace_back(theme->key);
    }
  }
  if (p.contains("tags") || p.contains("tag_string")) {
    YG_ASSIGN_OR_RETURN(m.tags, Tags(p));
  }
  bool opening_given = false;
  if (p.contains("extras")) {
    YG_ASSIGN_OR_RETURN(auto extras, Extras(p));
    YG_RETURN_IF_ERROR(ApplyExtras(std::move(extras), m, opening_given));
  }
  if (!opening_given && (p.contains("private") || !base)) {
    YG_ASSIGN_OR_RETURN(bool is_private, BoolParam(p, "private", false));
    if (is_private) {
      m.opening_type = model::OpeningType::kNone;
    } else if (!base || base->opening_type == model::OpeningType::kNone) {
      m.opening_type = model::OpeningType::kUnconditional;
    }
  }
  if (!base) {
    // A new dataset open to everyone is shared without conditions; one that
    // is not waits for its department's approval, as the plan's default.
    bool sharing_given = m.sharing_type != model::DatasetMeta{}.sharing_type;
    if (!sharing_given && m.opening_type == model::OpeningType::kUnconditional) {
      m.sharing_type = model::SharingType::kUnconditional;
    }
    if (m.sharing_type == model::SharingType::kConditional && m.sharing_conditions.empty()) {
      m.sharing_conditions = "经数据提供部门审核同意后共享";
    }
  }
  if (p.contains("resources") && !p["resources"].is_null()) {
    if (!p["resources"].is_array()) return FieldError("resources", "Must be a list");
    std::vector<model::Link> links;
    for (const auto& r : p["resources"]) {
      if (r.is_object() && r.value("id", std::string()) == m.id) continue;  // the data table
      YG_ASSIGN_OR_RETURN(model::Link link, LinkFromResource(r));
      // Another portal's resource ids are not this catalog's link ids.
      if (link.id.rfind(m.id + ".", 0) != 0) link.id.clear();
      links.push_back(std::move(link));
    }
    m.links = std::move(links);
  }
  return m;
}

}  // namespace yungu::ckan
