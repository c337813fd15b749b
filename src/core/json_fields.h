// Reading typed keys of catalog JSON objects, with the catalog's error codes.
// Internal to core: catalog_json.cc and field_policy_json.cc share it.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "yungu/core/status.h"

namespace yungu::model {

using nlohmann::json;

inline Status BadField(const std::string& key, const std::string& what) {
  return InvalidArgument("catalog.invalid_field", "'" + key + "' " + what);
}

inline Status ReadString(const json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return BadField(key, "must be a string");
  out = it->get<std::string>();
  return Status::Ok();
}

inline Status ReadStringList(const json& j, const char* key, std::vector<std::string>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return BadField(key, "must be an array of strings");
  out.clear();
  for (const auto& item : *it) {
    if (!item.is_string()) return BadField(key, "must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return Status::Ok();
}

inline Status ReadBool(const json& j, const char* key, bool& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean()) return BadField(key, "must be true or false");
  out = it->get<bool>();
  return Status::Ok();
}

inline Status RejectUnknownKeys(const json& j, const std::set<std::string_view>& known,
                         std::string_view what) {
  for (const auto& [key, value] : j.items()) {
    if (!known.count(key)) {
      return InvalidArgument("catalog.unknown_key",
                             "unknown key '" + key + "' in " + std::string(what));
    }
  }
  return Status::Ok();
}

}  // namespace yungu::model
