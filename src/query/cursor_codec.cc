// Opaque deep-paging cursors: base64url(JSON{v: version, s: sort, k: keys, r: row id}).
#include <sodium.h>

#include <cstring>

#include "yungu/query/plan_builder.h"

namespace yungu::query {
namespace {

using nlohmann::json;

std::string SortSpec(const model::QueryPlan& plan) {
  std::string spec;
  for (const auto& s : plan.sort) spec += (spec.empty() ? "" : ",") + std::string(s.descending ? "-" : "") + s.field;
  return spec;
}

json ToJson(const Value& v) {
  struct Visitor {
    json operator()(std::monostate) const { return nullptr; }
    json operator()(int64_t i) const { return i; }
    json operator()(double d) const { return d; }
    json operator()(bool b) const { return b; }
    json operator()(const Date& d) const { return d.iso; }
    json operator()(const DateTime& d) const { return d.iso; }
    json operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, v);
}

Status Bad() { return InvalidArgument("query.bad_cursor", "the cursor is malformed or belongs to another query"); }

}  // namespace

std::string EncodeCursor(const model::VersionInfo& version, const model::QueryPlan& plan, const Row& row) {
  json keys = json::array();
  for (const auto& s : plan.sort) {
    for (size_t i = 0; i < plan.fields.size(); ++i) {
      if (plan.fields[i] == s.field) {
        keys.push_back(ToJson(row[i + 1]));  // row[0] is the row id
        break;
      }
    }
  }
  json j{{"v", version.version}, {"s", SortSpec(plan)}, {"k", keys}, {"r", std::get<int64_t>(row[0])}};
  std::string text = j.dump();
  std::string out(sodium_base64_encoded_len(text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<model::Cursor> DecodeCursor(std::string_view text, const model::VersionInfo& version,
                                   const model::QueryPlan& plan) {
  if (text.size() > 8192) return Bad();
  std::string bin(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return Bad();
  }
  bin.resize(len);
  json j = json::parse(bin, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("v") || !j.contains("s") || !j.contains("k") ||
      !j.contains("r") || !j["r"].is_number_integer() || !j["k"].is_array()) {
    return Bad();
  }
  if (j["v"] != version.version || j["s"] != SortSpec(plan) || j["k"].size() != plan.sort.size()) {
    return InvalidArgument("query.bad_cursor", "the cursor belongs to another version or sort order; start again");
  }
  model::Cursor cursor;
  cursor.row_id = j["r"].get<int64_t>();
  for (size_t i = 0; i < plan.sort.size(); ++i) {
    const model::FieldDef* field = nullptr;
    for (const auto& f : version.fields) {
      if (f.name == plan.sort[i].field) field = &f;
    }
    if (!field) return Bad();
    const json& k = j["k"][i];
    if (k.is_array() || k.is_object()) return Bad();
    auto v = ValueForColumn(k, *field);
    if (!v.ok()) return Bad();
    cursor.sort_values.push_back(std::move(v).value());
  }
  return cursor;
}

}  // namespace yungu::query
