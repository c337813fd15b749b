#include "yungu/model/catalog_json.h"

#include <set>

#include "core/json_fields.h"

namespace yungu::model {
namespace {

using nlohmann::json;

const std::set<std::string_view> kDatasetKeys = {
    "id", "resource_code", "name", "name_en", "summary", "department", "themes", "tags",
    "format", "sharing_type", "sharing_conditions", "opening_type", "update_cycle",
    "publish_date", "licence", "contact_name", "contact_phone", "contact_email", "fields", "k_anonymity",
    "links", "extras",
    // hub-maintained, accepted and ignored:
    "created_at", "updated_at", "data_updated_at", "current_version", "row_count",
    "metadata_revision", "sharing_type_label", "opening_type_label", "department_name", "usage", "access"};

Status ApplyDatasetKeys(const json& j, DatasetMeta& m) {
  if (!j.is_object()) return InvalidArgument("catalog.invalid_body", "dataset must be a JSON object");
  YG_RETURN_IF_ERROR(RejectUnknownKeys(j, kDatasetKeys, "dataset"));
  YG_RETURN_IF_ERROR(ReadString(j, "id", m.id));
  YG_RETURN_IF_ERROR(ReadString(j, "resource_code", m.resource_code));
  YG_RETURN_IF_ERROR(ReadString(j, "name", m.name));
  YG_RETURN_IF_ERROR(ReadString(j, "name_en", m.name_en));
  YG_RETURN_IF_ERROR(ReadString(j, "summary", m.summary));
  YG_RETURN_IF_ERROR(ReadString(j, "department", m.department));
  YG_RETURN_IF_ERROR(ReadStringList(j, "themes", m.themes));
  YG_RETURN_IF_ERROR(ReadStringList(j, "tags", m.tags));
  YG_RETURN_IF_ERROR(ReadString(j, "format", m.format));
  YG_RETURN_IF_ERROR(ReadString(j, "sharing_conditions", m.sharing_conditions));
  YG_RETURN_IF_ERROR(ReadString(j, "publish_date", m.publish_date));
  YG_RETURN_IF_ERROR(ReadString(j, "licence", m.licence));
  YG_RETURN_IF_ERROR(ReadString(j, "contact_name", m.contact_name));
  YG_RETURN_IF_ERROR(ReadString(j, "contact_phone", m.contact_phone));
  YG_RETURN_IF_ERROR(ReadString(j, "contact_email", m.contact_email));
  std::string text;
  if (j.contains("sharing_type")) {
    text.clear();
    YG_RETURN_IF_ERROR(ReadString(j, "sharing_type", text));
    auto t = ParseSharingType(text);
    if (!t) return BadField("sharing_type", "must be unconditional, conditional or none (无条件共享/有条件共享/不予共享)");
    m.sharing_type = *t;
  }
  if (j.contains("opening_type")) {
    text.clear();
    YG_RETURN_IF_ERROR(ReadString(j, "opening_type", text));
    auto t = ParseOpeningType(text);
    if (!t) return BadField("opening_type", "must be unconditional, conditional or none (无条件开放/有条件开放/不予开放)");
    m.opening_type = *t;
  }
  if (j.contains("update_cycle")) {
    text.clear();
    YG_RETURN_IF_ERROR(ReadString(j, "update_cycle", text));
    auto c = ParseUpdateCycle(text);
    if (!c) return BadField("update_cycle", "must be one of realtime, daily, weekly, monthly, quarterly, yearly, irregular");
    m.update_cycle = *c;
  }
  if (auto it = j.find("k_anonymity"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 1000000) {
      return BadField("k_anonymity", "must be an integer from 0 (the platform default) to 1000000");
    }
    m.k_anonymity = static_cast<int>(it->get<int64_t>());
  }
  if (auto it = j.find("links"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return BadField("links", "must be an array of objects");
    m.links.clear();
    for (const auto& l : *it) {
      if (!l.is_object()) return BadField("links", "must be an array of objects");
      YG_RETURN_IF_ERROR(RejectUnknownKeys(l, {"id", "name", "description", "format", "url", "created_at"}, "link"));
      Link link;
      YG_RETURN_IF_ERROR(ReadString(l, "id", link.id));
      YG_RETURN_IF_ERROR(ReadString(l, "name", link.name));
      YG_RETURN_IF_ERROR(ReadString(l, "description", link.description));
      YG_RETURN_IF_ERROR(ReadString(l, "format", link.format));
      YG_RETURN_IF_ERROR(ReadString(l, "url", link.url));
      YG_RETURN_IF_ERROR(ReadString(l, "created_at", link.created_at));
      m.links.push_back(std::move(link));
    }
  }
  if (auto it = j.find("extras"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return BadField("extras", "must be an object of text values");
    m.extras.clear();
    for (const auto& [key, value] : it->items()) {
      if (!value.is_string()) return BadField("extras", "must be an object of text values");
      m.extras[key] = value.get<std::string>();
    }
  }
  if (auto it = j.find("fields"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return BadField("fields", "must be an array");
    m.fields.clear();
    for (const auto& f : *it) {
      auto field = FieldFromJson(f);
      if (!field.ok()) return field.status();
      m.fields.push_back(std::move(field).value());
    }
  }
  return Status::Ok();
}

}  // namespace

json ToJson(const Department& d) {
  return json{{"code", d.code},
              {"name", d.name},
              {"name_en", d.name_en},
              {"parent_code", d.parent_code},
              {"division_code", d.division_code}};
}

json ToJson(const FieldDef& f) {
  return json{{"name", f.name},
              {"title", f.title},
              {"type", ColumnTypeName(f.type)},
              {"unit", f.unit},
              {"description", f.description},
              {"sensitivity", f.sensitivity},
              {"primary_key", f.primary_key},
              {"required", f.required},
              {"indexed", f.indexed},
              {"rules", ToJson(f.rules)},
              {"masks", ToJson(f.masks)},
              {"personal", f.personal},
              {"quasi_identifier", f.quasi_identifier},
              {"hierarchy", f.hierarchy},
              {"element", f.element},
              {"entity_key", f.entity_key}};
}

json ToJson(const DatasetMeta& m) {
  json fields = json::array();
  for (const auto& f : m.fields) fields.push_back(ToJson(f));
  json links = json::array();
  for (const auto& l : m.links) {
    links.push_back({{"id", l.id},
                     {"name", l.name},
                     {"description", l.description},
                     {"format", l.format},
                     {"url", l.url},
                     {"created_at", l.created_at}});
  }
  return json{{"id", m.id},
              {"resource_code", m.resource_code},
              {"name", m.name},
              {"name_en", m.name_en},
              {"summary", m.summary},
              {"department", m.department},
              {"themes", m.themes},
              {"tags", m.tags},
              {"format", m.format},
              {"sharing_type", SharingTypeName(m.sharing_type)},
              {"sharing_type_label", SharingTypeLabel(m.sharing_type)},
              {"sharing_conditions", m.sharing_conditions},
              {"opening_type", OpeningTypeName(m.opening_type)},
              {"opening_type_label", OpeningTypeLabel(m.opening_type)},
              {"update_cycle", UpdateCycleName(m.update_cycle)},
              {"publish_date", m.publish_date},
              {"licence", m.licence},
              {"contact_name", m.contact_name},
              {"contact_phone", m.contact_phone},
              {"contact_email", m.contact_email},
              {"fields", fields},
              {"links", links},
              {"extras", m.extras},
              {"k_anonymity", m.k_anonymity},
              {"created_at", m.created_at},
              {"updated_at", m.updated_at},
              {"data_updated_at", m.data_updated_at},
              {"current_version", m.current_version},
              {"row_count", m.row_count},
              {"metadata_revision", m.metadata_revision},
              {"usage", {{"reads", m.reads}, {"downloads", m.downloads}}}};
}

json ToJson(const VersionInfo& v) {
  json fields = json::array();
  for (const auto& f : v.fields) fields.push_back(ToJson(f));
  return json{{"dataset_id", v.dataset_id}, {"version", v.version},   {"created_at", v.created_at},
              {"row_count", v.row_count},   {"mode", v.mode},         {"source", v.source},
              {"fields", fields}};
}

Result<Department> DepartmentFromJson(const json& j) {
  if (!j.is_object()) return InvalidArgument("catalog.invalid_body", "department must be a JSON object");
  YG_RETURN_IF_ERROR(RejectUnknownKeys(
      j, {"code", "name", "name_en", "parent_code", "division_code", "dataset_count"}, "department"));
  Department d;
  YG_RETURN_IF_ERROR(ReadString(j, "code", d.code));
  YG_RETURN_IF_ERROR(ReadString(j, "name", d.name));
  YG_RETURN_IF_ERROR(ReadString(j, "name_en", d.name_en));
  YG_RETURN_IF_ERROR(ReadString(j, "parent_code", d.parent_code));
  YG_RETURN_IF_ERROR(ReadString(j, "division_code", d.division_code));
  return d;
}

Result<FieldDef> FieldFromJson(const json& j) {
  if (!j.is_object()) return InvalidArgument("catalog.invalid_field", "each field must be a JSON object");
  YG_RETURN_IF_ERROR(RejectUnknownKeys(j,
                                       {"name", "title", "type", "unit", "description",
                                        "sensitivity", "primary_key", "required", "indexed", "rules",
                                        "masks", "personal", "quasi_identifier", "hierarchy", "element",
                                        "entity_key"},
                                       "field"));
  FieldDef f;
  YG_RETURN_IF_ERROR(ReadString(j, "name", f.name));
  YG_RETURN_IF_ERROR(ReadString(j, "title", f.title));
  YG_RETURN_IF_ERROR(ReadString(j, "unit", f.unit));
  YG_RETURN_IF_ERROR(ReadString(j, "description", f.description));
  YG_RETURN_IF_ERROR(ReadBool(j, "primary_key", f.primary_key));
  YG_RETURN_IF_ERROR(ReadBool(j, "required", f.required));
  YG_RETURN_IF_ERROR(ReadBool(j, "indexed", f.indexed));
  YG_RETURN_IF_ERROR(ReadBool(j, "quasi_identifier", f.quasi_identifier));
  YG_RETURN_IF_ERROR(ReadString(j, "personal", f.personal));
  YG_RETURN_IF_ERROR(ReadString(j, "element", f.element));
  YG_RETURN_IF_ERROR(ReadString(j, "entity_key", f.entity_key));
  if (!f.entity_key.empty() && f.entity_key != "uscc" && f.entity_key != "citizen_id") {
    return BadField("entity_key", "must be uscc or citizen_id");
  }
  if (auto it = j.find("rules"); it != j.end() && !it->is_null()) {
    auto rules = QualityRulesFromJson(*it);
    if (!rules.ok()) return rules.status();
    f.rules = std::move(rules).value();
  }
  if (auto it = j.find("masks"); it != j.end() && !it->is_null()) {
    auto masks = FieldMasksFromJson(*it);
    if (!masks.ok()) return masks.status();
    f.masks = std::move(masks).value();
  }
  if (auto it = j.find("hierarchy"); it != j.end() && !it->is_null()) {
    auto rows = HierarchyFromJson(*it);
    if (!rows.ok()) return rows.status();
    f.hierarchy = std::move(rows).value();
  }
  std::string type = "text";
  YG_RETURN_IF_ERROR(ReadString(j, "type", type));
  auto parsed = ParseColumnType(type);
  if (!parsed) {
    return InvalidArgument("catalog.invalid_field_type",
                           "field '" + f.name + "': unknown type '" + type +
                               "' (integer, decimal, boolean, date, datetime, text)");
  }
  f.type = *parsed;
  if (auto it = j.find("sensitivity"); it != j.end() && !it->is_null()) {
    // Compare as int64: narrowing first would wrap 4294967297 to 1.
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 4) {
      return BadField("sensitivity", "must be an integer from 1 (public) to 4 (highly sensitive)");
    }
    f.sensitivity = static_cast<int>(it->get<int64_t>());
  }
  return f;
}

Result<DatasetMeta> DatasetFromJson(const json& j) {
  DatasetMeta m;
  YG_RETURN_IF_ERROR(ApplyDatasetKeys(j, m));
  return m;
}

Result<DatasetMeta> ApplyDatasetPatch(const DatasetMeta& base, const json& patch) {
  DatasetMeta m = base;
  YG_RETURN_IF_ERROR(ApplyDatasetKeys(patch, m));
  return m;
}

}  // namespace yungu::model
