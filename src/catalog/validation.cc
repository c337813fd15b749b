// Shape checks of catalog records.
#include <set>

#include "catalog/link_ids.h"
#include "yungu/catalog/catalog_service.h"
#include "yungu/privacy/discovery.h"
#include "yungu/privacy/masking.h"
#include "yungu/quality/rules.h"

namespace yungu::catalog {
namespace {

bool IsSlug(const std::string& s) {
  if (s.size() < 2 || s.size() > 64) return false;
  auto ok_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok_first(s[0])) return false;
  for (char c : s) {
    if (!ok_first(c) && c != '-' && c != '_') return false;
  }
  return true;
}

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool HasControlChars(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

Status Invalid(const std::string& message) { return InvalidArgument("catalog.invalid_field", message); }

}  // namespace

Status ValidateDepartment(const model::Department& d) {
  if (d.code.empty() || d.code.size() > 32) return Invalid("department code must be 1-32 characters");
  for (char c : d.code) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return Invalid("department code may use letters, digits, '_' and '-' only");
  }
  if (d.name.empty()) return Invalid("department name is required");
  if (d.parent_code == d.code) return Invalid("a department cannot be its own parent");
  if (!d.division_code.empty() && (d.division_code.size() != 6 ||
                                   d.division_code.find_first_not_of("0123456789") != std::string::npos)) {
    return Invalid("division_code is a 6-digit GB/T 2260 code");
  }
  return Status::Ok();
}

namespace {

// Links: http(s) URLs, ids of the form "<dataset id>.<n>", each once.
Status ValidateLinks(const model::DatasetMeta& m) {
  if (m.links.size() > 100) return Invalid("at most 100 links");
  std::set<std::string> ids;
  for (const auto& l : m.links) {
    bool web = l.url.rfind("http://", 0) == 0 || l.url.rfind("https://", 0) == 0;
    if (!web || l.url.size() > 2048 || HasControlChars(l.url) || l.url.find(' ') != std::string::npos) {
      return InvalidArgument("catalog.invalid_link", "a link's url must be an http or https URL of at most 2048 bytes");
    }
    if (l.name.size() > 256 || HasControlChars(l.name)) {
      return InvalidArgument("catalog.invalid_link", "a link's name is one line of at most 256 bytes");
    }
    if (l.description.size() > 8192 || l.format.size() > 64 || HasControlChars(l.format)) {
      return InvalidArgument("catalog.invalid_link", "a link's description is at most 8192 bytes, its format 64");
    }
    if (!LinkNumber(m.id, l.id)) return InvalidArgument("catalog.invalid_link", "link ids are '<dataset id>.<number>'");
    if (!ids.insert(l.id).second) return InvalidArgument("catalog.invalid_link", "link '" + l.id + "' appears twice");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateDatasetShape(const model::DatasetMeta& m) {
  if (!IsSlug(m.id)) {
    return Invalid("id must be 2-64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
  }
  if (m.name.empty()) return Invalid("name (资源名称) is required");
  if (m.name.size() > 256 || HasControlChars(m.name)) return Invalid("name must be one line of at most 256 bytes");
  if (m.department.empty()) return Invalid("department (资源提供方) is required");
  if (m.summary.size() > 8192) return Invalid("summary is longer than 8192 bytes");
  if (!m.publish_date.empty() && !IsDate(m.publish_date)) return Invalid("publish_date must be YYYY-MM-DD");
  for (const auto& t : m.themes) {
    if (!model::FindTheme(t)) return InvalidArgument("catalog.unknown_theme", "unknown theme '" + t + "'");
  }
  if (m.tags.size() > 64) return Invalid("at most 64 tags");
  for (const auto& t : m.tags) {
    if (t.empty() || t.size() > 64 || HasControlChars(t)) return Invalid("tags are 1-64 bytes of text");
  }
  static const std::set<std::string> kFormats = {"csv", "tsv", "json", "ndjson", "xlsx", "xls", "xml", "api", "other"};
  if (!kFormats.count(m.format)) {
    return Invalid("format must be one of csv, tsv, json, ndjson, xlsx, xls, xml, api, other");
  }
  if (m.sharing_type == model::SharingType::kConditional && m.sharing_conditions.empty()) {
    return Invalid("conditional sharing (有条件共享) needs sharing_conditions");
  }
  std::set<std::string> names;
  for (const auto& f : m.fields) {
    if (f.name.empty() || f.name.size() > 64 || HasControlChars(f.name)) {
      return InvalidArgument("catalog.invalid_field_name", "field names are 1-64 bytes without control characters");
    }
    if (f.name[0] == '_') return InvalidArgument("catalog.invalid_field_name", "field names may not start with '_'");
    if (!names.insert(f.name).second) {
      return InvalidArgument("catalog.duplicate_field", "field '" + f.name + "' is declared twice");
    }
  }
  if (m.fields.size() > 1000) return Invalid("at most 1000 fields");
  YG_RETURN_IF_ERROR(ValidateLinks(m));
  if (m.extras.size() > 100) return Invalid("at most 100 extras");
  for (const auto& [key, value] : m.extras) {
    if (key.empty() || key.size() > 100 || HasControlChars(key)) return Invalid("extras keys are 1-100 bytes of text");
    if (value.size() > 8192) return Invalid("extras values are at most 8192 bytes");
  }
  for (const auto& f : m.fields) {
    if (!f.personal.empty() && f.personal != "none" && !privacy::ParsePiiKind(f.personal)) {
      return InvalidArgument("catalog.invalid_field",
                             "field '" + f.name + "': 'personal' must be a discovery kind (citizen_id, mobile, "
                             "bank_card, email, person_name, address, licence_plate, ip_address, "
                             "uscc_individual, birth_date) or none");
    }
  }
  YG_RETURN_IF_ERROR(quality::ValidateRules(m));
  return privacy::ValidateMasks(m);
}

}  // namespace yungu::catalog
