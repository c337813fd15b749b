#include "yungu/governance/source_registry.h"

#include <regex>

#include "yungu/storage/sqlite_store.h"

namespace yungu::governance {
namespace {

const model::FieldDef* FindField(const model::DatasetMeta& meta, std::string_view name) {
  for (const auto& f : meta.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string KeyFieldOf(const model::DatasetMeta& meta, std::string_view entity_kind) {
  for (const auto& f : meta.fields) {
    if (f.entity_key == entity_kind) return f.name;
  }
  return "";
}

std::vector<ElementHolder> CopiesAmong(const storage::DataElement& element,
                                       const std::vector<model::DatasetMeta>& datasets) {
  std::vector<ElementHolder> out;
  for (const auto& d : datasets) {
    for (const auto& f : d.fields) {
      if (f.element != element.code) continue;
      if (d.id == element.dataset_id && f.name == element.field) continue;
      out.push_back({d.id, d.department, f.name, KeyFieldOf(d, element.entity_kind)});
    }
  }
  return out;
}

Status Invalid(std::string message) { return InvalidArgument("governance.invalid_element", std::move(message)); }

}  // namespace

Status SourceRegistry::Declare(storage::DataElement e) {
  static const std::regex kCode("[a-z0-9][a-z0-9_.-]{0,63}");
  if (!std::regex_match(e.code, kCode)) {
    return Invalid("element codes are 1-64 characters of a-z, 0-9, '_', '.', '-' (e.g. enterprise.registered_capital)");
  }
  if (e.entity_kind != "uscc" && e.entity_kind != "citizen_id") {
    return Invalid("entity_kind must be uscc or citizen_id");
  }
  auto meta = store_.GetDataset(e.dataset_id);
  if (!meta.ok()) return meta.status();
  const model::FieldDef* field = FindField(*meta, e.field);
  if (!field) return Invalid("dataset '" + e.dataset_id + "' has no field '" + e.field + "'");
  if (field->element != e.code) {
    return Invalid("field '" + e.field + "' must declare \"element\": \"" + e.code +
                   "\" in the dataset's schema before it can be the element's source");
  }
  if (e.key_field.empty()) e.key_field = KeyFieldOf(*meta, e.entity_kind);
  const model::FieldDef* key = FindField(*meta, e.key_field);
  if (!key || key->entity_key != e.entity_kind) {
    return Invalid("dataset '" + e.dataset_id + "' has no field declaring \"entity_key\": \"" + e.entity_kind + "\"");
  }
  if (e.declared_at.empty()) e.declared_at = storage::UtcNowIso();
  return store_.governance().PutElement(e);
}

Result<std::vector<ElementHolder>> SourceRegistry::Copies(const storage::DataElement& element) {
  YG_ASSIGN_OR_RETURN(auto datasets, AllDatasets(store_));
  return CopiesAmong(element, datasets);
}

Result<ElementView> SourceRegistry::Describe(std::string_view code) {
  ElementView view;
  YG_ASSIGN_OR_RETURN(view.element, store_.governance().GetElement(code));
  YG_ASSIGN_OR_RETURN(view.copies, Copies(view.element));
  return view;
}

Result<std::vector<ElementView>> SourceRegistry::List() {
  YG_ASSIGN_OR_RETURN(auto elements, store_.governance().ListElements());
  YG_ASSIGN_OR_RETURN(auto datasets, AllDatasets(store_));
  std::vector<ElementView> out;
  for (auto& e : elements) {
    ElementView view;
    view.copies = CopiesAmong(e, datasets);
    view.element = std::move(e);
    out.push_back(std::move(view));
  }
  return out;
}

nlohmann::json ToJson(const storage::DataElement& e) {
  return {{"code", e.code},           {"name", e.name},         {"entity_kind", e.entity_kind},
          {"dataset_id", e.dataset_id}, {"field", e.field},     {"key_field", e.key_field},
          {"declared_by", e.declared_by}, {"declared_at", e.declared_at}, {"description", e.description}};
}

nlohmann::json ToJson(const ElementView& view) {
  nlohmann::json j = ToJson(view.element);
  nlohmann::json copies = nlohmann::json::array();
  for (const auto& c : view.copies) {
    copies.push_back({{"dataset_id", c.dataset_id},
                      {"department", c.department},
                      {"field", c.field},
                      {"key_field", c.key_field}});
  }
  j["copies"] = std::move(copies);
  return j;
}

}  // namespace yungu::governance
