// CKAN's parameters come as JSON values (a JSON body) or as text (URL query,
// form fields); CKAN's validators accept both, so these do too.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "yungu/ckan/ckan.h"

namespace yungu::ckan {

Status FieldError(const std::string& field, const std::string& message) {
  return InvalidArgument(std::string(kFieldErrorPrefix) + field, message);
}

Result<int64_t> IntParam(const nlohmann::json& data, const std::string& name, int64_t fallback, int64_t min,
                         int64_t max) {
  auto it = data.find(name);
  if (it == data.end() || it->is_null()) return fallback;
  int64_t v = 0;
  if (it->is_number_integer()) {
    v = it->get<int64_t>();
  } else if (it->is_string()) {
    std::string text = it->get<std::string>();
    const char* space = " \t\r\n";
    text.erase(0, text.find_first_not_of(space));
    while (!text.empty() && std::strchr(space, text.back())) text.pop_back();
    if (text.empty()) return fallback;
    bool digits = text.size() < 19 && std::all_of(text.begin() + (text[0] == '-' ? 1 : 0), text.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c));
                  });
    if (!digits || text == "-") return FieldError(name, "Invalid integer");
    v = std::stoll(text);
  } else {
    return FieldError(name, "Invalid integer");
  }
  if (v < 0 && min >= 0) return FieldError(name, "Must be a natural number");
  if (v < min || v > max) {
    return FieldError(name, "Must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

Result<bool> BoolParam(const nlohmann::json& data, const std::string& name, bool fallback) {
  auto it = data.find(name);
  if (it == data.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<int64_t>() != 0;
  if (it->is_string()) {
    std::string text = it->get<std::string>();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == "true" || text == "1" || text == "yes" || text == "on" || text == "t" || text == "y") return true;
    if (text == "false" || text == "0" || text == "no" || text == "off" || text == "f" || text == "n" ||
        text.empty()) {
      return false;
    }
  }
  return FieldError(name, "Must be true or false");
}

Result<nlohmann::json> JsonParam(const nlohmann::json& data, const std::string& name) {
  auto it = data.find(name);
  if (it == data.end() || it->is_null()) return nlohmann::json();
  if (!it->is_string()) return *it;
  const std::string& text = it->get_ref<const std::string&>();
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return FieldError(name, "Cannot parse JSON");
  return parsed;
}

Result<std::optional<std::string>> StringParam(const nlohmann::json& data, const std::string& name) {
  auto it = data.find(name);
  if (it == data.end() || it->is_null()) return std::optional<std::string>();
  if (it->is_string()) return std::optional<std::string>(it->get<std::string>());
  if (it->is_number() || it->is_boolean()) return std::optional<std::string>(it->dump());
  return FieldError(name, "Must be a string");
}

Result<std::vector<std::string>> NameListParam(const nlohmann::json& data, const std::string& name) {
  std::vector<std::string> out;
  auto it = data.find(name);
  if (it == data.end() || it->is_null()) return out;
  if (it->is_array()) {
    for (const auto& item : *it) {
      if (!item.is_string()) return FieldError(name, "Must be a list of field names");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  if (!it->is_string()) return FieldError(name, "Must be a list of field names");
  const std::string& s = it->get_ref<const std::string&>();
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    std::string item = s.substr(pos, end - pos);
    item.erase(0, item.find_first_not_of(' '));
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(std::move(item));
    pos = end + 1;
  }
  return out;
}

Result<std::vector<std::string>> SortParam(const nlohmann::json& data, const std::string& name) {
  auto items = NameListParam(data, name);
  if (!items.ok()) return FieldError(name, "Must be a string or a list of strings");
  std::vector<std::string> out;
  for (const std::string& item : *items) {
    size_t space = item.find(' ');
    std::string field = item.substr(0, space);
    std::string dir = space == std::string::npos ? "asc" : item.substr(space + 1);
    dir.erase(0, dir.find_first_not_of(' '));
    for (auto& c : dir) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
    if (dir != "asc" && dir != "desc") return FieldError(name, "Cannot sort by \"" + item + "\"");
    if (field == "_id") continue;
    out.push_back(dir == "desc" ? "-" + field : field);
  }
  return out;
}

}  // namespace yungu::ckan
