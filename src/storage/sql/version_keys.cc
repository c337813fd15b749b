#include "storage/sql/version_keys.h"

#include <nlohmann/json.hpp>

#include "yungu/model/catalog_json.h"

namespace yungu::storage::sql {

std::vector<size_t> KeyColumns(const VersionSpec& spec) {
  std::vector<size_t> keys;
  if (!spec.key_fields.empty()) {
    for (const auto& name : spec.key_fields) {
      for (size_t i = 0; i < spec.fields.size(); ++i) {
        if (spec.fields[i].name == name) keys.push_back(i);
      }
    }
    return keys;
  }
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    if (spec.fields[i].primary_key) keys.push_back(i);
  }
  return keys;
}

std::string FieldsJson(const std::vector<model::FieldDef>& fields) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : fields) arr.push_back(model::ToJson(f));
  return arr.dump();
}

Result<std::vector<model::FieldDef>> ParseFields(const std::string& text) {
  nlohmann::json arr = nlohmann::json::parse(text, nullptr, false);
  if (arr.is_discarded() || !arr.is_array()) return Corruption("storage.bad_fields", "stored schema is not JSON");
  std::vector<model::FieldDef> fields;
  for (const auto& item : arr) {
    auto f = model::FieldFromJson(item);
    if (!f.ok()) return Corruption("storage.bad_fields", f.status().message());
    fields.push_back(std::move(f).value());
  }
  return fields;
}

}  // namespace yungu::storage::sql
