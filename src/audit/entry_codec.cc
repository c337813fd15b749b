#include "yungu/audit/entry_codec.h"

#include "yungu/core/json_text.h"

namespace yungu::audit {
namespace {

using nlohmann::json;

constexpr std::string_view kPrefix = R"({"v":1,"index":)";

void Key(std::string& out, const char* key) {
  out += ",\"";
  out += key;
  out += "\":";
}

void Text(std::string& out, const char* key, std::string_view value) {
  Key(out, key);
  AppendJsonString(out, value);
}

void Int(std::string& out, const char* key, int64_t value) {
  Key(out, key);
  out += std::to_string(value);
}

void List(std::string& out, const char* key, const std::vector<std::string>& values) {
  Key(out, key);
  out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, values[i]);
  }
  out += ']';
}

void Json(std::string& out, const char* key, const json& value) {
  Key(out, key);
  try {
    out += value.dump(-1, ' ', false, json::error_handler_t::replace);
  } catch (const std::exception&) {
    out += "null";
  }
}

Result<std::string> GetText(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    return Corruption("audit.bad_entry", std::string("the entry's \"") + key + "\" is missing or not text");
  }
  return it->get<std::string>();
}

Result<int64_t> GetInt(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) {
    return Corruption("audit.bad_entry", std::string("the entry's \"") + key + "\" is missing or not an integer");
  }
  return it->get<int64_t>();
}

Result<std::vector<std::string>> GetList(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) {
    return Corruption("audit.bad_entry", std::string("the entry's \"") + key + "\" is missing or not a list");
  }
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) return Corruption("audit.bad_entry", std::string("the entry's \"") + key + "\" holds non-text");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

std::string EncodeEntryBody(const AuditEvent& e) {
  std::string out;
  out.reserve(320);
  Text(out, "category", e.category);
  Text(out, "action", e.action);
  Text(out, "outcome", e.outcome);
  Text(out, "error_code", e.error_code);
  Text(out, "user_id", e.user_id);
  Text(out, "username", e.username);
  Text(out, "department", e.department);
  List(out, "roles", e.roles);
  Text(out, "via", e.via);
  Text(out, "credential_id", e.credential_id);
  Text(out, "client_address", e.client_address);
  Text(out, "dataset_id", e.dataset_id);
  Int(out, "version", e.version);
  List(out, "fields", e.fields);
  Json(out, "filter", e.filter);
  Int(out, "rows", e.rows);
  Int(out, "grant_id", e.grant_id);
  Text(out, "purpose", e.purpose);
  Text(out, "target", e.target);
  Json(out, "detail", e.detail);
  out += '}';
  return out;
}

std::string EncodeEntry(int64_t index, std::string_view time, std::string_view body) {
  std::string out;
  out.reserve(kPrefix.size() + 48 + body.size());
  out += kPrefix;
  out += std::to_string(index);
  out += ",\"time\":";
  AppendJsonString(out, time);
  out += body;
  return out;
}

std::optional<int64_t> EmbeddedIndex(std::string_view bytes) {
  if (bytes.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  size_t pos = kPrefix.size();
  int64_t value = 0;
  size_t start = pos;
  while (pos < bytes.size() && bytes[pos] >= '0' && bytes[pos] <= '9' && pos - start < 18) {
    value = value * 10 + (bytes[pos] - '0');
    ++pos;
  }
  if (pos == start || pos >= bytes.size() || bytes[pos] != ',') return std::nullopt;
  if (pos - start > 1 && bytes[start] == '0') return std::nullopt;  // canonical numbers have no leading zeros
  return value;
}

Result<DecodedEntry> DecodeEntry(std::string_view bytes) {
  json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Corruption("audit.bad_entry", "the entry is not a JSON object");
  DecodedEntry d;
  YG_ASSIGN_OR_RETURN(int64_t v, GetInt(j, "v"));
  if (v != 1) return Corruption("audit.bad_entry", "unknown entry format version " + std::to_string(v));
  YG_ASSIGN_OR_RETURN(d.index, GetInt(j, "index"));
  AuditEvent& e = d.event;
  YG_ASSIGN_OR_RETURN(e.time, GetText(j, "time"));
  YG_ASSIGN_OR_RETURN(e.category, GetText(j, "category"));
  YG_ASSIGN_OR_RETURN(e.action, GetText(j, "action"));
  YG_ASSIGN_OR_RETURN(e.outcome, GetText(j, "outcome"));
  YG_ASSIGN_OR_RETURN(e.error_code, GetText(j, "error_code"));
  YG_ASSIGN_OR_RETURN(e.user_id, GetText(j, "user_id"));
  YG_ASSIGN_OR_RETURN(e.username, GetText(j, "username"));
  YG_ASSIGN_OR_RETURN(e.department, GetText(j, "department"));
  YG_ASSIGN_OR_RETURN(e.roles, GetList(j, "roles"));
  YG_ASSIGN_OR_RETURN(e.via, GetText(j, "via"));
  YG_ASSIGN_OR_RETURN(e.credential_id, GetText(j, "credential_id"));
  YG_ASSIGN_OR_RETURN(e.client_address, GetText(j, "client_address"));
  YG_ASSIGN_OR_RETURN(e.dataset_id, GetText(j, "dataset_id"));
  YG_ASSIGN_OR_RETURN(e.version, GetInt(j, "version"));
  YG_ASSIGN_OR_RETURN(e.fields, GetList(j, "fields"));
  e.filter = j.value("filter", json());
  YG_ASSIGN_OR_RETURN(e.rows, GetInt(j, "rows"));
  YG_ASSIGN_OR_RETURN(e.grant_id, GetInt(j, "grant_id"));
  YG_ASSIGN_OR_RETURN(e.purpose, GetText(j, "purpose"));
  YG_ASSIGN_OR_RETURN(e.target, GetText(j, "target"));
  e.detail = j.value("detail", json());
  return d;
}

}  // namespace yungu::audit
