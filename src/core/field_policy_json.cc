// JSON form of a field's quality rules, masks and de-identification keys.
#include <cmath>

#include "core/json_fields.h"
#include "yungu/model/catalog_json.h"

namespace yungu::model {
namespace {

constexpr std::string_view kFormats[] = {"citizen_id", "uscc", "mobile", "bank_card", "email"};

constexpr std::pair<MaskMethod, std::string_view> kMethods[] = {
    {MaskMethod::kNone, "none"},           {MaskMethod::kKeep, "keep"},
    {MaskMethod::kCitizenId, "citizen_id"}, {MaskMethod::kMobile, "mobile"},
    {MaskMethod::kPseudonym, "pseudonym"}, {MaskMethod::kNullify, "nullify"},
    {MaskMethod::kTruncateDate, "date"},   {MaskMethod::kBucket, "bucket"},
    {MaskMethod::kHierarchy, "hierarchy"},
};

Status ReadNumber(const json& j, const char* key, std::optional<double>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_number() || !std::isfinite(it->get<double>())) return BadField(key, "must be a number");
  out = it->get<double>();
  return Status::Ok();
}

Status ReadSmallInt(const json& j, const char* key, int lo, int hi, int& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi) {
    return BadField(key, "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  out = static_cast<int>(it->get<int64_t>());
  return Status::Ok();
}

}  // namespace

bool IsKnownValueFormat(std::string_view format) {
  for (auto f : kFormats) {
    if (f == format) return true;
  }
  return false;
}

std::string_view MaskMethodName(MaskMethod method) {
  for (const auto& [m, name] : kMethods) {
    if (m == method) return name;
  }
  return "none";
}

std::optional<MaskMethod> ParseMaskMethod(std::string_view name) {
  for (const auto& [m, n] : kMethods) {
    if (n == name) return m;
  }
  return std::nullopt;
}

json ToJson(const QualityRules& r) {
  json j = json::object();
  if (r.unique) j["unique"] = true;
  if (r.min) j["min"] = *r.min;
  if (r.max) j["max"] = *r.max;
  if (!r.allowed.empty()) j["enum"] = r.allowed;
  if (!r.pattern.empty()) j["pattern"] = r.pattern;
  if (!r.format.empty()) j["format"] = r.format;
  if (r.not_future) j["not_future"] = true;
  if (!r.not_before.empty()) j["not_before"] = r.not_before;
  if (!r.references.empty()) j["references"] = r.references;
  return j;
}

Result<QualityRules> QualityRulesFromJson(const json& j) {
  if (!j.is_object()) return BadField("rules", "must be an object");
  YG_RETURN_IF_ERROR(RejectUnknownKeys(
      j, {"unique", "min", "max", "enum", "pattern", "format", "not_future", "not_before", "references"},
      "rules"));
  QualityRules r;
  YG_RETURN_IF_ERROR(ReadBool(j, "unique", r.unique));
  YG_RETURN_IF_ERROR(ReadNumber(j, "min", r.min));
  YG_RETURN_IF_ERROR(ReadNumber(j, "max", r.max));
  if (r.min && r.max && *r.min > *r.max) return BadField("min", "must not be greater than 'max'");
  YG_RETURN_IF_ERROR(ReadStringList(j, "enum", r.allowed));
  YG_RETURN_IF_ERROR(ReadString(j, "pattern", r.pattern));
  YG_RETURN_IF_ERROR(ReadString(j, "format", r.format));
  if (!r.format.empty() && !IsKnownValueFormat(r.format)) {
    return BadField("format", "must be one of citizen_id, uscc, mobile, bank_card, email");
  }
  YG_RETURN_IF_ERROR(ReadBool(j, "not_future", r.not_future));
  YG_RETURN_IF_ERROR(ReadString(j, "not_before", r.not_before));
  YG_RETURN_IF_ERROR(ReadString(j, "references", r.references));
  if (!r.references.empty()) {
    auto dot = r.references.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == r.references.size()) {
      return BadField("references", "must be 'dataset_id.field'");
    }
  }
  return r;
}

json ToJson(const MaskSpec& m) {
  json j{{"method", MaskMethodName(m.method)}};
  switch (m.method) {
    case MaskMethod::kKeep:
      j["first"] = m.keep_first;
      j["last"] = m.keep_last;
      break;
    case MaskMethod::kTruncateDate:
      j["unit"] = m.date_unit;
      break;
    case MaskMethod::kBucket:
      j["width"] = m.bucket_width;
      break;
    case MaskMethod::kHierarchy:
      j["level"] = m.level;
      break;
    case MaskMethod::kPseudonym:
      j["domain"] = m.domain.empty() ? "default" : m.domain;
      break;
    default:
      break;
  }
  return j;
}

Result<MaskSpec> MaskSpecFromJson(const json& j) {
  MaskSpec m;
  if (j.is_string()) {  // shorthand: "mobile", "nullify", ...
    auto method = ParseMaskMethod(j.get<std::string>());
    if (!method) return BadField("method", "is not a masking method: " + j.get<std::string>());
    m.method = *method;
    return m;
  }
  if (!j.is_object()) return BadField("mask", "must be an object or a method name");
  YG_RETURN_IF_ERROR(RejectUnknownKeys(j, {"method", "first", "last", "unit", "width", "level", "domain"},
                                       "mask"));
  std::string method;
  YG_RETURN_IF_ERROR(ReadString(j, "method", method));
  auto parsed = ParseMaskMethod(method);
  if (!parsed) {
    return BadField("method",
                    "must be one of none, keep, citizen_id, mobile, pseudonym, nullify, date, bucket, hierarchy");
  }
  m.method = *parsed;
  YG_RETURN_IF_ERROR(ReadSmallInt(j, "first", 0, 64, m.keep_first));
  YG_RETURN_IF_ERROR(ReadSmallInt(j, "last", 0, 64, m.keep_last));
  YG_RETURN_IF_ERROR(ReadString(j, "unit", m.date_unit));
  if (m.date_unit != "year" && m.date_unit != "month") return BadField("unit", "must be year or month");
  std::optional<double> width;
  YG_RETURN_IF_ERROR(ReadNumber(j, "width", width));
  if (width) {
    if (*width <= 0) return BadField("width", "must be greater than 0");
    m.bucket_width = *width;
  }
  YG_RETURN_IF_ERROR(ReadSmallInt(j, "level", 1, 32, m.level));
  YG_RETURN_IF_ERROR(ReadString(j, "domain", m.domain));
  return m;
}

json ToJson(const FieldMasks& m) {
  json j = json::object();
  if (m.public_audience) j["public"] = ToJson(*m.public_audience);
  if (m.government) j["government"] = ToJson(*m.government);
  return j;
}

Result<FieldMasks> FieldMasksFromJson(const json& j) {
  if (!j.is_object()) return BadField("masks", "must be an object with 'public' and/or 'government'");
  YG_RETURN_IF_ERROR(RejectUnknownKeys(j, {"public", "government"}, "masks"));
  FieldMasks masks;
  for (auto [key, slot] : {std::pair{"public", &masks.public_audience}, std::pair{"government", &masks.government}}) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    auto spec = MaskSpecFromJson(*it);
    if (!spec.ok()) return spec.status();
    *slot = std::move(spec).value();
  }
  return masks;
}

Result<std::vector<std::vector<std::string>>> HierarchyFromJson(const json& j) {
  if (!j.is_array()) return BadField("hierarchy", "must be an array of rows (value, then each level up)");
  std::vector<std::vector<std::string>> rows;
  size_t width = 0;
  for (const auto& row : j) {
    if (!row.is_array() || row.empty()) return BadField("hierarchy", "rows must be non-empty arrays of strings");
    std::vector<std::string> cells;
    for (const auto& cell : row) {
      if (!cell.is_string()) return BadField("hierarchy", "rows must be non-empty arrays of strings");
      cells.push_back(cell.get<std::string>());
    }
    if (width == 0) width = cells.size();
    if (cells.size() != width) return BadField("hierarchy", "rows must all have the same number of levels");
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace yungu::model
